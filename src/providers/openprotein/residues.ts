/**
 * What a PoET seed or alignment row may contain, and the per-record checks shared by the seed and
 * the alignment paths. vscode-free, pure.
 */
import type { SourceDiagnostic } from '../../core/errors';
import { defineAlphabet, locateResidue, recordLabel, type FastaRecord } from '../../core/fasta';
import { capitalise } from '../../core/recordChecks';
import { formatPosition, pointAt } from '../../core/textPosition';

/** The 20 amino acids, X (unknown), B, Z (ambiguous), U (Sec), O (Pyl): what the MSA service reads. */
export const PROTEIN_LETTERS = 'ACDEFGHIKLMNPQRSTVWYXBZUO';
/** Rare or ambiguous residues: sent as written, but worth a look. */
export const UNUSUAL_RESIDUES: Readonly<Record<string, string>> = {
  X: 'unknown',
  B: 'Asx, D or N',
  Z: 'Glx, E or Q',
  U: 'selenocysteine',
  O: 'pyrrolysine',
};

const J_REASON = "'J' (leucine or isoleucine) is not accepted by the MSA service; write L, I or X";

/** A seed: ungapped residues; '*' is allowed by the alphabet and judged by position (terminal only). */
export const SEED_RESIDUES = defineAlphabet({
  name: `amino acids (${PROTEIN_LETTERS})`,
  residueNoun: 'amino acid',
  letters: `${PROTEIN_LETTERS}*`,
  reasons: {
    '-': 'gaps belong in alignments; a seed is one ungapped sequence (to send an alignment, submit the aligned file as a whole)',
    '.': 'gaps belong in alignments; a seed is one ungapped sequence (to send an alignment, submit the aligned file as a whole)',
    J: J_REASON,
  },
});

/** An alignment row: residues, '-' and '.' (gaps; in A3M/A2M '.' and lower case are insertions). */
export const ALIGNED_RESIDUES = defineAlphabet({
  name: `amino acids (${PROTEIN_LETTERS}), '-' and '.'`,
  residueNoun: 'character',
  letters: `${PROTEIN_LETTERS}*-.`,
  reasons: { J: J_REASON },
});

/** Everything allowed, with at most one '*' at the very end: most rows pass this one native test. */
export const CLEAN_SEED = /^[ACDEFGHIKLMNPQRSTVWYXBZUOacdefghiklmnpqrstvwyxbzuo]*\*?$/;
export const CLEAN_ROW = /^[ACDEFGHIKLMNPQRSTVWYXBZUOacdefghiklmnpqrstvwyxbzuo.-]*\*?$/;

/** Index of a '*' that is not the last character, or -1. */
export function internalStop(sequence: string): number {
  const i = sequence.indexOf('*');
  return i >= 0 && i < sequence.length - 1 ? i : -1;
}

export function internalStopError(record: FastaRecord, index: number, what: string): SourceDiagnostic {
  const p = locateResidue(record, index);
  return {
    ...pointAt(p),
    severity: 'error',
    message: `Stop '*' inside ${recordLabel(record)} at ${formatPosition(p)}; only a terminal '*' is allowed in ${what}.`,
  };
}

/** Told: a terminal '*' (as translations from transeq or Prodigal write it) is not sent. */
export function terminalStopWarning(record: FastaRecord): SourceDiagnostic | undefined {
  if (!record.sequence.endsWith('*')) return undefined;
  const p = locateResidue(record, record.sequence.length - 1);
  return { ...pointAt(p), severity: 'warning', message: `The terminal stop '*' of ${recordLabel(record)} at ${formatPosition(p)} is not sent` };
}

/** Share of letters that are A, C, G, T, U or N, over letters only. */
export function nucleotideShare(sequence: string): number {
  let letters = 0;
  let nucleotides = 0;
  for (let i = 0; i < sequence.length; i++) {
    const c = sequence.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) continue;
    letters++;
    if (c === 0x61 || c === 0x63 || c === 0x67 || c === 0x74 || c === 0x75 || c === 0x6e) nucleotides++;
  }
  return letters ? nucleotides / letters : 0;
}

const NUCLEOTIDE_LIKE_SHARE = 0.9;
const NUCLEOTIDE_LIKE_MIN_LENGTH = 20;

/** A protein slot holding what looks like DNA/RNA: a warning, asked about before sending. */
export function nucleotideLikeWarning(record: FastaRecord): SourceDiagnostic | undefined {
  const residues = record.sequence.replace(/[^A-Za-z]/g, '');
  if (residues.length < NUCLEOTIDE_LIKE_MIN_LENGTH) return undefined;
  const share = nucleotideShare(residues);
  if (share < NUCLEOTIDE_LIKE_SHARE) return undefined;
  return {
    line: record.headerLine,
    column: 0,
    endLine: record.headerLine,
    endColumn: 1 + record.id.length,
    severity: 'warning',
    message: `${capitalise(recordLabel(record))} looks like a nucleotide sequence (${Math.round(share * 100)}% A, C, G, T/U or N); PoET aligns protein sequences.`,
  };
}

/** Rare residues (X, B, Z, U, O) with counts and the first position: sent as written. */
export function unusualResidueWarning(record: FastaRecord): SourceDiagnostic | undefined {
  const seq = record.sequence;
  if (!/[XBZUOxbzuo]/.test(seq)) return undefined;
  const counts = new Map<string, number>();
  let first = -1;
  for (let i = 0; i < seq.length; i++) {
    const up = seq[i].toUpperCase();
    if (!(up in UNUSUAL_RESIDUES)) continue;
    if (first < 0) first = i;
    counts.set(up, (counts.get(up) ?? 0) + 1);
  }
  const p = locateResidue(record, first);
  const list = [...counts].map(([letter, n]) => `${n} ${letter} (${UNUSUAL_RESIDUES[letter]})`).join(', ');
  return { ...pointAt(p), severity: 'warning', message: `${capitalise(recordLabel(record))} has unusual residues: ${list}, the first at ${formatPosition(p)}; they are sent as written` };
}

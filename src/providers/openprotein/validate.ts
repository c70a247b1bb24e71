/**
 * Local validation of PoET MSA seeds: protein FASTA or A3M (one job per sequence), or a bare
 * sequence. Gaps and A3M lower case are alignment notation, not residues of a different kind: the
 * seed sent is the ungapped, upper-case sequence. Pure and vscode-free.
 */
import { ValidationError, type SourceDiagnostic } from '../../core/errors';
import { checkAlphabet, IUPAC_PROTEIN_ALIGNED, locateResidue, parseFasta, type FastaRecord } from '../../core/fasta';
import type { ParsedSubmission, SourceText } from '../types';
import { jobNameFromId } from '../../core/jobName';

export interface ProteinSeed {
  name: string;
  sequence: string;
}

export interface SeedSubmission extends ParsedSubmission {
  kind: 'seeds';
  payload: { seeds: ProteinSeed[] };
}

/** Only nucleotide letters over this length is almost surely DNA/RNA, not a protein. */
const NUCLEOTIDE_LIKE = /^[ACGTUN]{30,}$/;

export function parseProteinSeeds(source: SourceText): SeedSubmission {
  const lineOffset = source.lineOffset ?? 0;
  const bare = !/^\s*[>;]/.test(source.text);
  // A bare sequence gets a synthetic header one line above, so positions still point into the file.
  const text = bare ? `>${jobNameFromId('', source.fileName)}\n${source.text}` : source.text;
  const parsed = parseFasta(text, { lineOffset: bare ? lineOffset - 1 : lineOffset });
  const diagnostics: SourceDiagnostic[] = [...parsed.diagnostics];
  const seeds: ProteinSeed[] = [];
  for (const record of parsed.records) {
    diagnostics.push(...checkAlphabet(record, IUPAC_PROTEIN_ALIGNED));
    diagnostics.push(...checkSeed(record));
    seeds.push({ name: jobNameFromId(record.id, source.fileName), sequence: seedSequence(record.sequence) });
  }
  if (!parsed.records.length && !diagnostics.some((d) => d.severity === 'error')) {
    throw new ValidationError(`${source.fileName} has no sequences.`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new ValidationError(`${errors[0].message}${more}`, diagnostics);
  }
  const lengths = seeds.map((s) => s.sequence.length);
  const range = Math.min(...lengths) === Math.max(...lengths) ? `${lengths[0]} aa` : `${Math.min(...lengths)}–${Math.max(...lengths)} aa`;
  return {
    kind: 'seeds',
    summary: `${source.fileName}: ${seeds.length} protein sequence${seeds.length === 1 ? '' : 's'} (${range})`,
    payload: { seeds },
    diagnostics: diagnostics.length ? diagnostics : undefined,
  };
}

/** Ungapped, upper case, without a terminal stop. */
export function seedSequence(aligned: string): string {
  return aligned.replace(/[-.]/g, '').toUpperCase().replace(/\*$/, '');
}

function checkSeed(record: FastaRecord): SourceDiagnostic[] {
  const out: SourceDiagnostic[] = [];
  const label = `"${record.id || '(no name)'}"`;
  const seq = seedSequence(record.sequence);
  const at = (index: number) => locateResidue(record, index);
  if (!seq.length) {
    out.push({ line: record.headerLine, column: 0, message: `Record ${label} has no residues once gaps are removed.`, severity: 'error' });
    return out;
  }
  const stop = record.sequence.replace(/\*$/, '').indexOf('*');
  if (stop >= 0) {
    const p = at(stop);
    out.push({ ...p, endColumn: p.column + 1, message: `Stop '*' inside record ${label} at line ${p.line + 1}, column ${p.column + 1}; only a terminal '*' is allowed.`, severity: 'error' });
  }
  if (NUCLEOTIDE_LIKE.test(seq)) {
    out.push({ line: record.headerLine, column: 0, message: `Record ${label} looks like a nucleotide sequence; PoET aligns protein sequences.`, severity: 'warning' });
  }
  return out;
}

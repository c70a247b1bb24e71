/** Codon arithmetic for the comparison view: the standard genetic code, GC content, codon diffs. */

const BASES = 'TCAG';
/** Standard code (NCBI table 1) in TCAG order: index = 16·first + 4·second + third. */
const CODE = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';

const THREE_LETTER: Record<string, string> = {
  A: 'Ala', R: 'Arg', N: 'Asn', D: 'Asp', C: 'Cys', Q: 'Gln', E: 'Glu', G: 'Gly', H: 'His', I: 'Ile',
  L: 'Leu', K: 'Lys', M: 'Met', F: 'Phe', P: 'Pro', S: 'Ser', T: 'Thr', W: 'Trp', Y: 'Tyr', V: 'Val',
  '*': 'Stop', X: 'unknown',
};

/** Upper-case, RNA → DNA, whitespace removed: the form codons are compared in. */
export function normalise(sequence: string): string {
  return sequence.replace(/\s+/g, '').toUpperCase().replace(/U/g, 'T');
}

/** One-letter amino acid for a (normalised) codon; `X` for partial or ambiguous codons. */
export function translate(codon: string): string {
  if (codon.length !== 3) return 'X';
  let index = 0;
  for (const base of codon) {
    const b = BASES.indexOf(base);
    if (b < 0) return 'X';
    index = index * 4 + b;
  }
  return CODE[index];
}

export function aminoAcidName(aa: string): string {
  return THREE_LETTER[aa] ?? aa;
}

/** Splits into triplets; a trailing partial codon is kept as a shorter last element. */
export function codons(sequence: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < sequence.length; i += 3) out.push(sequence.slice(i, i + 3));
  return out;
}

/** GC content in percent of all bases (0 for an empty sequence). */
export function gcPercent(sequence: string): number {
  const s = normalise(sequence);
  if (s.length === 0) return 0;
  let gc = 0;
  for (const c of s) if (c === 'G' || c === 'C' || c === 'S') gc++;
  return (gc / s.length) * 100;
}

export interface CodonChange {
  /** 0-based codon index. */
  index: number;
  /** '' where the original (or the candidate) is shorter. */
  from: string;
  to: string;
  fromAa: string;
  toAa: string;
  synonymous: boolean;
}

/** Codon-by-codon differences of `candidate` against `original` (both normalised). */
export function diffCodons(original: readonly string[], candidate: readonly string[]): CodonChange[] {
  const changes: CodonChange[] = [];
  const n = Math.max(original.length, candidate.length);
  for (let i = 0; i < n; i++) {
    const from = original[i] ?? '';
    const to = candidate[i] ?? '';
    if (from === to) continue;
    const fromAa = from ? translate(from) : '';
    const toAa = to ? translate(to) : '';
    changes.push({ index: i, from, to, fromAa, toAa, synonymous: fromAa !== '' && fromAa === toAa && fromAa !== 'X' });
  }
  return changes;
}

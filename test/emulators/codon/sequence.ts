/**
 * Nucleotide helpers: normalising, translating, composition and the forbidden-motif count the API
 * reports as `motif_in_cds` / `motif_in_utr`.
 */
import { GENETIC_CODE } from './codonTable';

/** Upper-case DNA: the API accepts lower case and RNA (U), and answers in DNA. */
export function normaliseNucleotides(seq: string): string {
  return seq.toUpperCase().replace(/U/g, 'T');
}

/** Index of the first character that is not A/C/G/T/U (any case), or -1. */
export function firstInvalidNucleotide(seq: string): number {
  const m = /[^ACGTUacgtu]/.exec(seq);
  return m ? m.index : -1;
}

/** Full codons of a CDS; a trailing partial codon (length % 3) is not a codon and is left out. */
export function codonsOf(cds: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= cds.length; i += 3) out.push(cds.slice(i, i + 3));
  return out;
}

/** Translation with the standard code; '*' for stops, over full codons only. */
export function translate(cds: string): string {
  return codonsOf(normaliseNucleotides(cds))
    .map((c) => GENETIC_CODE.get(c) ?? 'X')
    .join('');
}

export function countGc(seq: string): number {
  let n = 0;
  for (const ch of seq) if (ch === 'G' || ch === 'C') n++;
  return n;
}

export function countChar(seq: string, ch: string): number {
  let n = 0;
  for (const c of seq) if (c === ch) n++;
  return n;
}

/**
 * Known forbidden motifs: recognition sites of the enzymes used in cloning (a site inside the insert
 * breaks the assembly) and homopolymer runs that synthesis vendors reject or that slip in IVT.
 */
export const FORBIDDEN_SITES: readonly { name: string; site: string }[] = [
  { name: 'EcoRI', site: 'GAATTC' },
  { name: 'BamHI', site: 'GGATCC' },
  { name: 'HindIII', site: 'AAGCTT' },
  { name: 'BsaI', site: 'GGTCTC' },
  { name: 'BsaI (reverse complement)', site: 'GAGACC' },
];
/** Shortest homopolymer run that counts as a motif: poly-A/T from 8, poly-G/C from 6. */
export const HOMOPOLYMER_LIMIT: Readonly<Record<string, number>> = { A: 8, T: 8, G: 6, C: 6 };
/** Longest window a motif check needs to look back over (a site, or a run up to its limit). */
export const MOTIF_LOOKBACK = Math.max(...FORBIDDEN_SITES.map((s) => s.site.length), ...Object.values(HOMOPOLYMER_LIMIT));

/** Site occurrences (overlapping ones counted) plus maximal homopolymer runs at or over their limit. */
export function countMotifs(seq: string): number {
  let n = 0;
  for (const { site } of FORBIDDEN_SITES) {
    for (let i = seq.indexOf(site); i >= 0; i = seq.indexOf(site, i + 1)) n++;
  }
  let i = 0;
  while (i < seq.length) {
    let j = i + 1;
    while (j < seq.length && seq[j] === seq[i]) j++;
    const limit = HOMOPOLYMER_LIMIT[seq[i]];
    if (limit !== undefined && j - i >= limit) n++;
    i = j;
  }
  return n;
}

/**
 * Whether `tail + added` has a forbidden motif that ends inside `added` — the local check the
 * optimiser makes before placing a codon (every motif ends inside exactly one codon, so checking
 * each codon as it is placed covers the whole sequence).
 */
export function motifEndsIn(tail: string, added: string): boolean {
  const s = tail + added;
  const firstNew = tail.length;
  for (const { site } of FORBIDDEN_SITES) {
    for (let end = Math.max(firstNew + 1, site.length); end <= s.length; end++) {
      if (s.startsWith(site, end - site.length)) return true;
    }
  }
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s[i] === s[i - 1] ? run + 1 : 1;
    const limit = HOMOPOLYMER_LIMIT[s[i]];
    if (i >= firstNew && limit !== undefined && run >= limit) return true;
  }
  return false;
}

/**
 * The standard genetic code (NCBI translation table 1) and a real human codon-usage table, the
 * two facts the emulator's optimiser needs. DNA alphabet (T, not U) throughout.
 */

const BASES = 'TCAG';
// NCBI table 1, codons ordered TTT, TTC, TTA, TTG, TCT, … (first base slowest); '*' = stop.
const AMINO_ACIDS = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';

/** codon → one-letter amino acid ('*' for stop). */
export const GENETIC_CODE: ReadonlyMap<string, string> = (() => {
  const code = new Map<string, string>();
  for (let i = 0; i < 64; i++) {
    const codon = BASES[i >> 4] + BASES[(i >> 2) & 3] + BASES[i & 3];
    code.set(codon, AMINO_ACIDS[i]);
  }
  return code;
})();

/**
 * Homo sapiens codon usage, frequency per thousand codons, from the Kazusa Codon Usage Database
 * (GenBank release 160, gbpri, 93,487 CDSs / 40,662,582 codons;
 * https://www.kazusa.or.jp/codon/cgi-bin/showcodon.cgi?species=9606).
 */
export const HUMAN_CODON_USAGE: Readonly<Record<string, number>> = {
  TTT: 17.6, TCT: 15.2, TAT: 12.2, TGT: 10.6,
  TTC: 20.3, TCC: 17.7, TAC: 15.3, TGC: 12.6,
  TTA: 7.7, TCA: 12.2, TAA: 1.0, TGA: 1.6,
  TTG: 12.9, TCG: 4.4, TAG: 0.8, TGG: 13.2,
  CTT: 13.2, CCT: 17.5, CAT: 10.9, CGT: 4.5,
  CTC: 19.6, CCC: 19.8, CAC: 15.1, CGC: 10.4,
  CTA: 7.2, CCA: 16.9, CAA: 12.3, CGA: 6.2,
  CTG: 39.6, CCG: 6.9, CAG: 34.2, CGG: 11.4,
  ATT: 16.0, ACT: 13.1, AAT: 17.0, AGT: 12.1,
  ATC: 20.8, ACC: 18.9, AAC: 19.1, AGC: 19.5,
  ATA: 7.5, ACA: 15.1, AAA: 24.4, AGA: 12.2,
  ATG: 22.0, ACG: 6.1, AAG: 31.9, AGG: 12.0,
  GTT: 11.0, GCT: 18.4, GAT: 21.8, GGT: 10.8,
  GTC: 14.5, GCC: 27.7, GAC: 25.1, GGC: 22.2,
  GTA: 7.1, GCA: 15.8, GAA: 29.0, GGA: 16.5,
  GTG: 28.1, GCG: 7.4, GAG: 39.6, GGG: 16.5,
};

/** amino acid → its synonymous codons, most used first. */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = (() => {
  const byAa = new Map<string, string[]>();
  for (const [codon, aa] of GENETIC_CODE) byAa.set(aa, [...(byAa.get(aa) ?? []), codon]);
  for (const list of byAa.values()) list.sort((a, b) => HUMAN_CODON_USAGE[b] - HUMAN_CODON_USAGE[a]);
  return byAa;
})();

/**
 * Relative adaptiveness w = usage / usage of the amino acid's most used codon (Sharp & Li 1987),
 * the per-codon factor of the Codon Adaptation Index.
 */
export const RELATIVE_ADAPTIVENESS: ReadonlyMap<string, number> = (() => {
  const w = new Map<string, number>();
  for (const [codon, aa] of GENETIC_CODE) {
    const best = HUMAN_CODON_USAGE[SYNONYMS.get(aa)![0]];
    w.set(codon, HUMAN_CODON_USAGE[codon] / best);
  }
  return w;
})();

/** Codons left out of CAI: single-codon amino acids (Met, Trp) carry no choice, stops are not residues. */
export function countsForCai(codon: string): boolean {
  const aa = GENETIC_CODE.get(codon);
  return aa !== undefined && aa !== '*' && aa !== 'M' && aa !== 'W';
}

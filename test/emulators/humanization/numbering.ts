/**
 * Residue numbering of the emulated chains, as an annotation tool (ANARCI, AbNumber) reports it.
 *
 * IMGT: fixed framework positions (VH FR1 lacks 10, FR3 lacks 73; VK FR3 lacks 73, 81, 82) and
 * CDRs filled from both ends towards the middle of the loop (CDR1 27–38, CDR2 56–65, CDR3
 * 105–117), the odd residue on the N-terminal side; CDR3s longer than 13 get 111.1, 112.1, …
 * Kabat (only the lengths these chains have): VH insertions 52A, 82ABC, 100A…; VK none.
 */
import { SEGMENTS, type ChainId } from './antibody';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** IMGT labels of a CDR of `n` residues in the slots [first, last]. */
function imgtCdr(n: number, first: number, last: number): string[] {
  const slots = last - first + 1;
  if (n <= slots) {
    const left = Math.ceil(n / 2);
    return [...range(first, first + left - 1), ...range(last - (n - left) + 1, last)].map(String);
  }
  // Longer than the slots (CDR3 only in practice): insertions on 111 and 112, alternately.
  const extra = n - slots;
  const after111 = Math.ceil(extra / 2);
  const before112 = extra - after111;
  const mid = first + Math.floor(slots / 2) - 1; // 111 for CDR3
  return [
    ...range(first, mid).map(String),
    ...range(1, after111).map((i) => `${mid}.${i}`),
    ...range(1, before112).reverse().map((i) => `${mid + 1}.${i}`),
    ...range(mid + 1, last).map(String),
  ];
}

const without = (list: number[], gaps: number[]) => list.filter((n) => !gaps.includes(n)).map(String);

/** IMGT labels, one per residue, for a chain with this project's segmentation. */
export function imgtLabels(chain: ChainId): string[] {
  const [fr1, cdr1, fr2, cdr2, fr3, cdr3, fr4] = SEGMENTS[chain];
  const fr1Labels = fr1 === 26 ? range(1, 26).map(String) : without(range(1, 26), [10]);
  const fr3Labels = fr3 === 39 ? range(66, 104).map(String) : fr3 === 38 ? without(range(66, 104), [73]) : without(range(66, 104), [73, 81, 82]);
  const out = [...fr1Labels, ...imgtCdr(cdr1, 27, 38), ...range(39, 55).map(String), ...imgtCdr(cdr2, 56, 65), ...fr3Labels, ...imgtCdr(cdr3, 105, 117), ...range(118, 117 + fr4).map(String)];
  const expected = SEGMENTS[chain].reduce((a, b) => a + b, 0);
  if (out.length !== expected || fr2 !== 17) throw new Error(`imgt numbering of ${chain}: ${out.length} labels for ${expected} residues`);
  return out;
}

/** Kabat labels for the 120-residue VH and 107-residue VK of these designs. */
export function kabatLabels(chain: ChainId): string[] {
  if (chain === 'vl') return range(1, 107).map(String);
  return [...range(1, 52), '52A', ...range(53, 82), '82A', '82B', '82C', ...range(83, 100), '100A', '100B', '100C', ...range(101, 113)].map(String);
}

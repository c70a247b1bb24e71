/**
 * The pLDDT colour bands AlphaFold DB, ColabFold and ChimeraX use, so the picture reads the
 * same as everywhere else. Boundaries: a value of exactly 90 is "confident", above 90 "very
 * high" (AlphaFold DB's legend: > 90, 90 > pLDDT > 70, 70 > pLDDT > 50, < 50).
 */

export interface Band {
  id: 'very-high' | 'confident' | 'low' | 'very-low';
  label: string;
  range: string;
  /** 0xRRGGBB */
  color: number;
  css: string;
}

export const BANDS: readonly Band[] = [
  { id: 'very-high', label: 'Very high', range: 'pLDDT > 90', color: 0x0053d6, css: '#0053d6' },
  { id: 'confident', label: 'Confident', range: '90 ≥ pLDDT > 70', color: 0x65cbf3, css: '#65cbf3' },
  { id: 'low', label: 'Low', range: '70 ≥ pLDDT > 50', color: 0xffdb13, css: '#ffdb13' },
  { id: 'very-low', label: 'Very low', range: 'pLDDT ≤ 50', color: 0xff7d45, css: '#ff7d45' },
];

export function bandOf(plddt: number): Band {
  if (plddt > 90) return BANDS[0];
  if (plddt > 70) return BANDS[1];
  if (plddt > 50) return BANDS[2];
  return BANDS[3];
}

/** How many residues fall in each band (legend counts), in BANDS order. */
export function bandCounts(values: readonly number[]): number[] {
  const counts = [0, 0, 0, 0];
  for (const v of values) counts[BANDS.indexOf(bandOf(v))]++;
  return counts;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : Number.NaN;
}

/**
 * Per-residue pLDDT as structure predictors report it: per chain (`{ H: [...], L: [...] }`, or
 * per chain a map residue → value), or one flat list. Values on a 0–1 scale are shown ×100.
 * A flat list whose length is VH + VL is split at the VH length.
 */
import { chainOf, CHAIN_LETTER, type ChainKey } from './chains';
import { isRecord, num } from './values';

export interface PlddtSeries {
  /** "H", "L", "A", or "all". */
  chain: string;
  values: number[];
}

export interface PlddtSummary {
  series: PlddtSeries[];
  mean?: number;
  /** Residues below 70 (AlphaFold's "low confidence"). */
  low: number;
  note?: string;
}

function values(v: unknown): number[] | undefined {
  if (Array.isArray(v)) {
    const out = v.map(num);
    return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
  }
  if (isRecord(v)) {
    const out = Object.values(v).map(num);
    return out.length > 0 && out.every((x) => x !== undefined) ? (out as number[]) : undefined;
  }
  return undefined;
}

export function readPlddt(raw: unknown, lengths: Partial<Record<ChainKey, number>>): PlddtSummary | undefined {
  let series: PlddtSeries[] = [];
  const flat = values(raw);
  if (Array.isArray(raw) && flat) {
    const vh = lengths.vh;
    const vl = lengths.vl;
    series = vh !== undefined && vl !== undefined && flat.length === vh + vl ? [{ chain: 'H', values: flat.slice(0, vh) }, { chain: 'L', values: flat.slice(vh) }] : [{ chain: 'all', values: flat }];
  } else if (isRecord(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      const vs = values(v);
      if (!vs) continue;
      const c = chainOf(k);
      series.push({ chain: c ? CHAIN_LETTER[c] : k, values: vs });
    }
  }
  series = series.filter((s) => s.values.length > 0);
  if (series.length === 0) return undefined;
  const all = series.flatMap((s) => s.values);
  const scaled = Math.max(...all) <= 1;
  if (scaled) series = series.map((s) => ({ ...s, values: s.values.map((v) => v * 100) }));
  const vals = series.flatMap((s) => s.values);
  return {
    series,
    mean: vals.reduce((a, b) => a + b, 0) / vals.length,
    low: vals.filter((v) => v < 70).length,
    note: scaled ? 'Values were on a 0–1 scale and are shown ×100.' : undefined,
  };
}

/** AlphaFold's pLDDT bands and colours (very high ≥ 90, confident ≥ 70, low ≥ 50, very low). */
export function plddtBand(v: number): { label: string; color: string } {
  if (v >= 90) return { label: 'very high', color: '#0053d6' };
  if (v >= 70) return { label: 'confident', color: '#65cbf3' };
  if (v >= 50) return { label: 'low', color: '#ffdb13' };
  return { label: 'very low', color: '#ff7d45' };
}

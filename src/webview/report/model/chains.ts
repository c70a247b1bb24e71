/**
 * Antibody chains under the many names a response may use for them: vh / VH / H / heavy,
 * vl / VL / L / light / kappa / lambda. Antigen chains (A, B, …) keep their own letter.
 */
import { isRecord } from './values';

export type ChainKey = 'vh' | 'vl';
export const CHAIN_KEYS: readonly ChainKey[] = ['vh', 'vl'];
export const CHAIN_LABEL: Record<ChainKey, string> = { vh: 'VH', vl: 'VL' };
export const CHAIN_LETTER: Record<ChainKey, string> = { vh: 'H', vl: 'L' };

const NAMES: Record<string, ChainKey> = {
  vh: 'vh', h: 'vh', heavy: 'vh', heavy_chain: 'vh', hc: 'vh', humanized_vh: 'vh',
  vl: 'vl', l: 'vl', light: 'vl', light_chain: 'vl', lc: 'vl', vk: 'vl', kappa: 'vl', lambda: 'vl', k: 'vl', humanized_vl: 'vl',
};

/** The chain a key or label names, if it names an antibody chain. */
export function chainOf(name: unknown): ChainKey | undefined {
  if (typeof name !== 'string') return undefined;
  return NAMES[name.trim().toLowerCase()];
}

/** The value stored under any name of `chain` in `o`. */
export function byChain(o: unknown, chain: ChainKey): unknown {
  if (!isRecord(o)) return undefined;
  for (const [k, v] of Object.entries(o)) if (chainOf(k) === chain) return v;
  return undefined;
}

/**
 * The fitness catalogue (GET /fitness) and the emulator's scoring of a sequence against it.
 *
 * The provider's own models are not public, so the scores here are simple, real computations with
 * the documented meaning; every score is in [0, 1], higher is better, and the overall `score` is
 * the weighted sum Σ weight × score (the document's first example, 0.5 + 3.7 + 4.0 = 8.2, is a sum).
 *   cai           Codon Adaptation Index of the CDS against the human table (Sharp & Li 1987).
 *   gc_content    1 when the CDS GC% is in [min, max], falling linearly to 0 at 25 points outside.
 *   dna_manufact  1 / (1 + forbidden motifs in the CDS + 50-nt windows with GC outside 25–75 %).
 *   ppy           a stand-in for the provider's pseudo-yield model: ½ CAI + ½ closeness of GC to 50 %.
 *   u_content     1 − the fraction of U (T) in the CDS (lower uridine reads better for mRNA).
 */
import { countsForCai, RELATIVE_ADAPTIVENESS } from './codonTable';
import { codonsOf, countChar, countGc, countMotifs } from './sequence';

export type ParameterType = 'boolean' | 'number' | 'integer' | 'string';

export interface FitnessParameter {
  name: string;
  required: boolean;
  type: ParameterType;
}

export interface FitnessFunction {
  id: string;
  name: string;
  parameters: FitnessParameter[];
}

const WEIGHT: FitnessParameter = { name: 'weight', required: false, type: 'number' };

export const FITNESS_FUNCTIONS: readonly FitnessFunction[] = [
  { id: 'cai', name: 'Codon Adaptation Index', parameters: [WEIGHT] },
  { id: 'dna_manufact', name: 'DNA Manufacturability', parameters: [WEIGHT] },
  { id: 'ppy', name: 'Pseudoyield', parameters: [WEIGHT] },
  { id: 'u_content', name: 'Uridine Content', parameters: [WEIGHT] },
  {
    id: 'gc_content',
    name: 'GC Content',
    parameters: [
      { name: 'min', required: true, type: 'number' },
      { name: 'max', required: true, type: 'number' },
      WEIGHT,
    ],
  },
];

/** A validated fitness request entry: weight defaulted to 1.0 as documented. */
export interface ResolvedFitness {
  name: string;
  weight: number;
  params: Record<string, number | boolean | string>;
}

/**
 * Checks the fitness entries against the catalogue (their shape — an object with a string `name` —
 * is checked before, as a 422). Returns a 400-style message for what only the registry knows.
 */
export function resolveFitnessList(entries: readonly Record<string, unknown>[]): { ok: true; fitness: ResolvedFitness[] } | { ok: false; detail: string } {
  const fitness: ResolvedFitness[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const name = String(entry.name);
    const def = FITNESS_FUNCTIONS.find((f) => f.id === name);
    if (!def) return { ok: false, detail: `fitness_list[${i}]: unknown fitness '${name}'. Known: ${FITNESS_FUNCTIONS.map((f) => f.id).join(', ')}` };
    if (seen.has(name)) return { ok: false, detail: `fitness_list[${i}]: fitness '${name}' is listed more than once` };
    seen.add(name);
    const params: Record<string, number | boolean | string> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'name') continue;
      const p = def.parameters.find((x) => x.name === key);
      if (!p) return { ok: false, detail: `fitness_list[${i}]: '${name}' has no parameter '${key}'. Parameters: ${def.parameters.map((x) => x.name).join(', ')}` };
      if (!hasType(value, p.type)) return { ok: false, detail: `fitness_list[${i}]: parameter '${key}' of '${name}' must be of type ${p.type}` };
      params[key] = value as number | boolean | string;
    }
    for (const p of def.parameters) {
      if (p.required && !(p.name in params)) return { ok: false, detail: `fitness_list[${i}]: '${name}' requires parameter '${p.name}'` };
    }
    const weight = typeof params.weight === 'number' ? params.weight : 1.0;
    if (weight < 0) return { ok: false, detail: `fitness_list[${i}]: weight must be >= 0` };
    if (name === 'gc_content') {
      const min = params.min as number;
      const max = params.max as number;
      if (min < 0 || max > 100 || min > max) return { ok: false, detail: `fitness_list[${i}]: gc_content needs 0 <= min <= max <= 100 (percent), got min=${min}, max=${max}` };
    }
    delete params.weight;
    fitness.push({ name, weight, params });
  }
  return { ok: true, fitness };
}

function hasType(value: unknown, type: ParameterType): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
  }
}

/** What the scores are computed from. */
export interface SequenceMetrics {
  cai: number;
  /** Percent, 0–100. */
  gcPercent: number;
  uFraction: number;
  motifsInCds: number;
  motifsInUtr: number;
  gcWindowFaults: number;
}

export function measure(cds: string, utrs: readonly string[]): SequenceMetrics {
  let logSum = 0;
  let n = 0;
  for (const c of codonsOf(cds)) {
    if (!countsForCai(c)) continue;
    logSum += Math.log(RELATIVE_ADAPTIVENESS.get(c)!);
    n++;
  }
  return {
    // No codon with a synonymous choice means nothing to adapt: report full adaptation.
    cai: n === 0 ? 1 : Math.exp(logSum / n),
    gcPercent: cds.length === 0 ? 0 : (100 * countGc(cds)) / cds.length,
    uFraction: cds.length === 0 ? 0 : countChar(cds, 'T') / cds.length,
    motifsInCds: countMotifs(cds),
    motifsInUtr: utrs.reduce((sum, u) => sum + countMotifs(u), 0),
    gcWindowFaults: gcWindowFaults(cds),
  };
}

/** 50-nt windows, step 25, whose GC is outside 25–75 % — the local extremes synthesis vendors flag. */
function gcWindowFaults(cds: string): number {
  const size = 50;
  if (cds.length < size) return 0;
  let faults = 0;
  for (let start = 0; start + size <= cds.length; start += 25) {
    const gc = countGc(cds.slice(start, start + size)) / size;
    if (gc < 0.25 || gc > 0.75) faults++;
  }
  return faults;
}

export function fitnessScore(f: ResolvedFitness, m: SequenceMetrics): number {
  switch (f.name) {
    case 'cai':
      return m.cai;
    case 'gc_content': {
      const min = f.params.min as number;
      const max = f.params.max as number;
      const distance = m.gcPercent < min ? min - m.gcPercent : m.gcPercent > max ? m.gcPercent - max : 0;
      return Math.max(0, 1 - distance / 25);
    }
    case 'dna_manufact':
      return 1 / (1 + m.motifsInCds + m.gcWindowFaults);
    case 'ppy':
      return 0.5 * m.cai + 0.5 * (1 - Math.min(1, Math.abs(m.gcPercent - 50) / 50));
    case 'u_content':
      return 1 - m.uFraction;
    default:
      throw new Error(`no scorer for fitness '${f.name}'`);
  }
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Reads a codon optimisation result (seeds/002 §5, `/optimise/result`) into the view model.
 * The file was validated by zod when it was fetched, but it is read back from disk and may come
 * from an older version, so every field is checked again and problems name the field.
 */
import { codons, diffCodons, gcPercent, normalise, type CodonChange } from './genetics';

export interface FitnessScore {
  name: string;
  weight?: number;
  score: number;
}

export interface Candidate {
  /** "Original", "Optimised 1", … */
  label: string;
  /** The type string exactly as the API sent it. */
  type: string;
  isOriginal: boolean;
  /** As sent, minus whitespace: what Copy / Save as FASTA hand out. */
  sequence: string;
  codons: string[];
  score: number;
  motifInCds?: number;
  motifInUtr?: number;
  fitness: FitnessScore[];
  gc: number;
  /** Against the original; empty for the original itself. */
  changes: CodonChange[];
}

export interface CodonResult {
  original: Candidate;
  /** Everything except the original, in the API's order. */
  candidates: Candidate[];
  /** Index into `candidates` of the highest score, or -1 when there are none. */
  best: number;
  /** Fitness columns in order of first appearance, with the weight the original was scored with. */
  fitnessColumns: { name: string; weight?: number }[];
}

export class ResultFormatError extends Error {
  override readonly name = 'ResultFormatError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalNumber(v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ResultFormatError(`${path} is not a number`);
  return v;
}

function requiredNumber(v: unknown, path: string): number {
  const n = optionalNumber(v, path);
  if (n === undefined) throw new ResultFormatError(`${path} is missing`);
  return n;
}

function readFitness(v: unknown, path: string): FitnessScore[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ResultFormatError(`${path} is not a list`);
  return v.map((f, i) => {
    const p = `${path}[${i}]`;
    if (!isRecord(f)) throw new ResultFormatError(`${p} is not an object`);
    if (typeof f.name !== 'string') throw new ResultFormatError(`${p}.name is missing`);
    return { name: f.name, weight: optionalNumber(f.weight, `${p}.weight`), score: requiredNumber(f.score, `${p}.score`) };
  });
}

const OPTIMISED = /^optimi[sz]ed$/i;

export function parseCodonResult(data: unknown): CodonResult {
  // The saved file is the API response ({ jobid, status, results }); a bare array is accepted too.
  const list = Array.isArray(data) ? data : isRecord(data) ? data.results : undefined;
  if (!Array.isArray(list)) throw new ResultFormatError('results is missing or not a list');

  const raw = list.map((item, i) => {
    const path = `results[${i}]`;
    if (!isRecord(item)) throw new ResultFormatError(`${path} is not an object`);
    if (typeof item.type !== 'string') throw new ResultFormatError(`${path}.type is missing`);
    if (typeof item.sequence !== 'string') throw new ResultFormatError(`${path}.sequence is missing`);
    const sequence = item.sequence.replace(/\s+/g, '');
    if (sequence.length === 0) throw new ResultFormatError(`${path}.sequence is empty`);
    return {
      type: item.type,
      sequence,
      score: requiredNumber(item.score, `${path}.score`),
      motifInCds: optionalNumber(item.motif_in_cds, `${path}.motif_in_cds`),
      motifInUtr: optionalNumber(item.motif_in_utr, `${path}.motif_in_utr`),
      fitness: readFitness(item.fitness_list, `${path}.fitness_list`),
    };
  });

  // The document promises the original at index 0; find it by type so a reordering cannot
  // silently make an optimised sequence the reference.
  const originalIndex = raw.findIndex((r) => r.type.toLowerCase() === 'original');
  if (originalIndex < 0) throw new ResultFormatError('no entry in results has type "original"');

  const originalCodons = codons(normalise(raw[originalIndex].sequence));
  let optimisedCount = 0;
  const all = raw.map((r, i): Candidate => {
    const isOriginal = i === originalIndex;
    const own = isOriginal ? originalCodons : codons(normalise(r.sequence));
    const label = isOriginal ? 'Original' : OPTIMISED.test(r.type) ? `Optimised ${++optimisedCount}` : `${r.type} ${i}`;
    return {
      ...r,
      label,
      isOriginal,
      codons: own,
      gc: gcPercent(r.sequence),
      changes: isOriginal ? [] : diffCodons(originalCodons, own),
    };
  });

  const original = all[originalIndex];
  const candidates = all.filter((_, i) => i !== originalIndex);
  let best = -1;
  candidates.forEach((c, i) => {
    if (best < 0 || c.score > candidates[best].score) best = i;
  });

  const fitnessColumns: { name: string; weight?: number }[] = [];
  for (const c of [original, ...candidates]) {
    for (const f of c.fitness) {
      const column = fitnessColumns.find((col) => col.name === f.name);
      if (!column) fitnessColumns.push({ name: f.name, weight: f.weight });
      else if (column.weight === undefined) column.weight = f.weight;
    }
  }
  return { original, candidates, best, fitnessColumns };
}

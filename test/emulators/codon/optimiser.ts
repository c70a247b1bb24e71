/**
 * The emulator's "genetic algorithm": three candidates built by synonymous codon substitution, so
 * the protein never changes, steered by the requested fitnesses and scored for real.
 *
 * Each candidate is one greedy pass over the codons: at each position every synonymous codon is
 * scored locally (human codon usage, GC steering toward the target, uridine, and a heavy penalty
 * for creating a forbidden motif) plus seeded noise, and the best is placed. Candidate 1 has no
 * noise (the greedy optimum); 2 and 3 add more, so the three differ like a GA's top three would.
 * The seed is the job id, so a job's result is the same on every request.
 */
import { createHash } from 'node:crypto';
import { GENETIC_CODE, RELATIVE_ADAPTIVENESS, SYNONYMS } from './codonTable';
import { fitnessScore, measure, round4, type ResolvedFitness } from './fitness';
import { codonsOf, countChar, countGc, MOTIF_LOOKBACK, motifEndsIn } from './sequence';

export interface FitnessResult {
  name: string;
  weight: number;
  score: number;
}

/** One entry of `results` in POST /optimise/result. */
export interface ResultSequence {
  type: 'original' | 'optimized';
  sequence: string;
  score: number;
  motif_in_cds: number;
  motif_in_utr: number;
  fitness_list: FitnessResult[];
}

export interface OptimisationInput {
  /** Normalised DNA of the coding sequence (the gene of interest). */
  cds: string;
  /** Normalised DNA of the untranslated parts (5'/3' UTRs, or the other components). */
  utrs: readonly string[];
  fitness: readonly ResolvedFitness[];
  seed: string;
}

const NOISE = [0, 0.6, 1.2];
const MOTIF_PENALTY = 100;

/** Original at index 0, then the three optimised candidates, best score first. */
export function optimise(input: OptimisationInput): ResultSequence[] {
  const original = evaluate('original', input.cds, input);
  const candidates = NOISE.map((noise, k) => evaluate('optimized', buildCandidate(input, noise, seededRandom(`${input.seed}:${k}`)), input));
  candidates.sort((a, b) => b.score - a.score);
  return [original, ...candidates];
}

export function evaluate(type: ResultSequence['type'], cds: string, input: Pick<OptimisationInput, 'utrs' | 'fitness'>): ResultSequence {
  const m = measure(cds, input.utrs);
  let total = 0;
  const fitness_list = input.fitness.map((f) => {
    const score = fitnessScore(f, m);
    total += f.weight * score;
    return { name: f.name, weight: f.weight, score: round4(score) };
  });
  return { type, sequence: cds, score: round4(total), motif_in_cds: m.motifsInCds, motif_in_utr: m.motifsInUtr, fitness_list };
}

interface Preferences {
  cai: number;
  gc: number;
  /** GC fraction to steer toward. */
  gcTarget: number;
  u: number;
}

/** Turns the requested fitnesses into the weights of the local codon choice. */
function preferences(fitness: readonly ResolvedFitness[]): Preferences {
  // A small pull toward human usage even when CAI is not requested: the API's purpose is expression in humans.
  const p: Preferences = { cai: 0.25, gc: 0, gcTarget: 0.5, u: 0 };
  for (const f of fitness) {
    if (f.name === 'cai') p.cai += f.weight;
    if (f.name === 'ppy') {
      p.cai += f.weight / 2;
      p.gc += f.weight / 2;
    }
    if (f.name === 'dna_manufact') p.gc += f.weight / 2;
    if (f.name === 'u_content') p.u += f.weight;
    if (f.name === 'gc_content') {
      p.gc += f.weight;
      p.gcTarget = ((f.params.min as number) + (f.params.max as number)) / 200;
    }
  }
  return p;
}

function buildCandidate(input: OptimisationInput, noise: number, random: () => number): string {
  const prefs = preferences(input.fitness);
  const codons = codonsOf(input.cds);
  // Codons in an array plus a short tail string: slicing one ever-growing string would flatten it
  // at every step (quadratic on a 100 kb CDS).
  const built: string[] = [];
  let tail = '';
  let gc = 0;
  for (const original of codons) {
    const options = SYNONYMS.get(GENETIC_CODE.get(original)!)!;
    // Deviation of the sequence so far from the GC target: positive means too GC-rich.
    const deviation = built.length === 0 ? 0 : gc / (3 * built.length) - prefs.gcTarget;
    let best = original;
    let bestScore = -Infinity;
    for (const c of options) {
      const cGc = countGc(c);
      let s = prefs.cai * Math.log(RELATIVE_ADAPTIVENESS.get(c)!);
      s -= prefs.gc * 20 * deviation * ((cGc - 1.5) / 1.5);
      s -= prefs.u * 0.6 * countChar(c, 'T');
      if (motifEndsIn(tail, c)) s -= MOTIF_PENALTY;
      s += noise * (random() - 0.5);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    built.push(best);
    tail = (tail + best).slice(-(MOTIF_LOOKBACK - 1));
    gc += countGc(best);
  }
  // A trailing partial codon is not translated; it is kept as submitted.
  return built.join('') + input.cds.slice(codons.length * 3);
}

/** mulberry32 seeded from SHA-256 of the seed string: small, fast, deterministic. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The emulator's optimiser: three candidates built by synonymous codon substitution only, so the
 * protein never changes, scored by the same `evaluate` that scores the original. A stand-in for the
 * provider's genetic algorithm with the property a client can rely on: like a GA that keeps its
 * best, it never returns a candidate whose overall score is below the original's.
 *
 * 1. Start: a greedy pass (each codon chosen by a local score — human codon usage, GC steered
 *    toward the target, uridine, and a heavy penalty for creating a forbidden motif), used only if
 *    its overall score beats the original's; otherwise the original itself. (For an already
 *    optimised gene the greedy pass can score lower — EGFP under cai + dna_manufact does — and
 *    returning it, as this emulator once did, showed "optimised" candidates worse than the input.)
 * 2. Seeded (1+1) hill-climbing on the overall score: each step changes one codon, or sometimes two
 *    adjacent ones, to random synonyms, and keeps the change unless the score drops (equal moves are
 *    kept, so a climb drifts across plateaus). One main climb, then two shorter continuations of it
 *    with other seeds; the three end points are the candidates. The number of steps is fixed
 *    (CLIMB_STEPS: per codon, capped), and each step is scored incrementally — codon counts for CAI,
 *    GC and T counts, motifs re-counted only around the change, the 50-nt GC windows holding it —
 *    which keeps a 100 kb CDS at roughly 0.5–0.7 s on a 2-core machine.
 * 3. Every candidate is re-scored in full and kept only if it scores at least the original and is
 *    a new sequence; best first. If fewer than three remain (the start is a local optimum with no
 *    neutral move the climbs found), the best single-codon variants of the best candidate that
 *    still score at least the original fill in; if there is none (no synonymous choice at all, or
 *    every change scores lower), the best sequence found — possibly the original — is repeated.
 *
 * A hill-climb with a bounded budget is not guaranteed to reach the optimum: a long, poor CDS keeps
 * improving with more steps. The seed is the job id, so a job's result is the same on every request.
 */
import { pick, seededRandom, type Random } from '../common';
import { countsForCai, GENETIC_CODE, RELATIVE_ADAPTIVENESS, SYNONYMS } from './codonTable';
import { fitnessScore, measure, round4, type ResolvedFitness, type SequenceMetrics } from './fitness';
import { codonsOf, countChar, countGc, countMotifs, FORBIDDEN_SITES, HOMOPOLYMER_LIMIT, MOTIF_LOOKBACK, motifEndsIn } from './sequence';

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

const CANDIDATES = 3;
/** Climbing steps in all: this many per codon, within [min, max]; ⅔ for the main climb, ⅙ for each continuation. */
const CLIMB_STEPS = { perCodon: 120, min: 6_000, max: 120_000 };
/** Share of steps that change two adjacent codons at once (a motif across a codon boundary may need both). */
const PAIR_MUTATION = 0.25;
/** Most single-codon variants tried when filling missing candidates. */
const FILL_STEPS = 20_000;
const MOTIF_PENALTY = 100;

/** Original at index 0, then the three optimised candidates, best score first. */
export function optimise(input: OptimisationInput): ResultSequence[] {
  // Each distinct sequence is measured once; what the climbs compare is re-checked here in full.
  const scored = new Map<string, Scored>();
  const full = (sequence: string): Scored => {
    let s = scored.get(sequence);
    if (!s) scored.set(sequence, (s = scoreInFull(sequence, input)));
    return s;
  };
  const original = full(input.cds);
  const greedy = full(buildGreedy(input));
  const start = greedy.score > original.score ? greedy : original;

  const found: Scored[] = [];
  const add = (sequence: string): void => {
    if (sequence === original.sequence || found.some((c) => c.sequence === sequence)) return;
    const s = full(sequence);
    if (s.score >= original.score) found.push(s);
  };
  const steps = Math.min(CLIMB_STEPS.max, Math.max(CLIMB_STEPS.min, CLIMB_STEPS.perCodon * Math.floor(input.cds.length / 3)));
  const main = new IncrementalScore(start.sequence, input);
  add(climb(main, Math.round((steps * 2) / 3), seededRandom(`${input.seed}:0`)));
  for (let k = 1; k < CANDIDATES; k++) add(climb(main.clone(), Math.round(steps / 6), seededRandom(`${input.seed}:${k}`)));
  add(start.sequence);
  found.sort((a, b) => b.score - a.score);
  if (found.length < CANDIDATES) {
    const base = found[0] ?? original;
    for (const sequence of bestVariants(new IncrementalScore(base.sequence, input), original.score, seededRandom(`${input.seed}:fill`))) add(sequence);
    found.sort((a, b) => b.score - a.score);
  }
  // Nothing (else) scores at least the original: repeat the best there is, as a GA's top three would.
  const best = found[0] ?? original;
  while (found.length < CANDIDATES) found.splice(1, 0, best);

  return [toResult('original', original, input), ...found.slice(0, CANDIDATES).map((c) => toResult('optimized', c, input))];
}

export function evaluate(type: ResultSequence['type'], cds: string, input: Pick<OptimisationInput, 'utrs' | 'fitness'>): ResultSequence {
  return toResult(type, scoreInFull(cds, input), input);
}

/** A sequence with its full `measure` and unrounded overall score. */
interface Scored {
  sequence: string;
  metrics: SequenceMetrics;
  score: number;
}

function scoreInFull(sequence: string, input: Pick<OptimisationInput, 'utrs' | 'fitness'>): Scored {
  const metrics = measure(sequence, input.utrs);
  return { sequence, metrics, score: weightedSum(metrics, input.fitness) };
}

function toResult(type: ResultSequence['type'], s: Scored, input: Pick<OptimisationInput, 'fitness'>): ResultSequence {
  const fitness_list = input.fitness.map((f) => ({ name: f.name, weight: f.weight, score: round4(fitnessScore(f, s.metrics)) }));
  return { type, sequence: s.sequence, score: round4(s.score), motif_in_cds: s.metrics.motifsInCds, motif_in_utr: s.metrics.motifsInUtr, fitness_list };
}

/** The overall score Σ weight × score, unrounded. */
function weightedSum(m: SequenceMetrics, fitness: readonly ResolvedFitness[]): number {
  let total = 0;
  for (const f of fitness) total += f.weight * fitnessScore(f, m);
  return total;
}

/* ------------------------------------------------------------------ incremental scoring */

// Mirrors gcWindowFaults in fitness.ts (50-nt windows, step 25, GC outside 25–75 %).
const GC_WINDOW = 50;
const GC_STEP = 25;
const gcWindowFault = (gc: number): boolean => gc / GC_WINDOW < 0.25 || gc / GC_WINDOW > 0.75;

/**
 * Per-codon ln(w) in fixed point (units of 2^-32), so the CAI log-sum is an exact integer sum:
 * a change and its reverse cancel exactly, and a synonym with the same w is exactly neutral.
 * 33,333 codons × |ln w| < 5 × 2^32 stays far inside the 2^53 of exact doubles.
 */
const LOG_W_SCALE = 2 ** 32;
const LOG_W_FIXED: ReadonlyMap<string, number> = new Map(
  [...GENETIC_CODE.keys()].map((c) => [c, countsForCai(c) ? Math.round(Math.log(RELATIVE_ADAPTIVENESS.get(c)!) * LOG_W_SCALE) : 0]),
);
/** codon → its synonyms other than itself (none for Met, Trp). */
const ALTERNATIVES: ReadonlyMap<string, readonly string[]> = new Map([...GENETIC_CODE].map(([c, aa]) => [c, SYNONYMS.get(aa)!.filter((s) => s !== c)]));
const alternatives = (codon: string): readonly string[] => ALTERNATIVES.get(codon)!;

/** 2-bit code of each base, for reading k-mers as integers. */
const BASE_CODE = (() => {
  const code = new Uint8Array(256);
  [...'ACGT'].forEach((base, i) => (code[base.charCodeAt(0)] = i));
  return code;
})();
/**
 * Forbidden sites grouped by length: for each, k-mer code → how many listed sites have that code
 * (sites up to 12 nt: the code must fit the 32-bit `&`, the table 4^length bytes).
 */
const SITE_TABLES = [...new Set(FORBIDDEN_SITES.map(({ site }) => site.length))].map((length) => {
  const table = new Uint8Array(4 ** length);
  for (const { site } of FORBIDDEN_SITES) {
    if (site.length !== length) continue;
    let code = 0;
    for (const base of site) code = code * 4 + BASE_CODE[base.charCodeAt(0)];
    table[code]++;
  }
  return { length, mask: 4 ** length - 1, table };
});
/** char code → shortest homopolymer run of it that counts as a motif (0: none). */
const RUN_LIMIT = (() => {
  const limit = new Uint8Array(256);
  for (const [base, n] of Object.entries(HOMOPOLYMER_LIMIT)) limit[base.charCodeAt(0)] = n;
  return limit;
})();
const T_CODE = 'T'.charCodeAt(0);
const isGcCode = (code: number): boolean => code === 67 || code === 71; // C, G

/**
 * A CDS held as bytes and codons with the totals its score is made of, so that changing a codon
 * costs a few hundred operations instead of a full `measure`. `score()` is `evaluate`'s weighted
 * sum up to rounding (the CAI log-sum is in fixed point); candidates are re-scored in full anyway.
 */
export class IncrementalScore {
  readonly codons: string[];
  private readonly bytes: Buffer;
  private readonly caiCodons: number;
  private logSum = 0;
  private gc: number;
  private t: number;
  private motifs: number;
  private readonly windowGc: Int32Array;
  private faults = 0;
  private readonly motifsInUtr: number;
  /** Changes since the last commit(), oldest first: where, what was there, the motif count before. */
  private readonly journal: { at: number; codon: string; motifs: number }[] = [];

  constructor(
    cds: string,
    private readonly input: Pick<OptimisationInput, 'utrs' | 'fitness'>,
    from?: IncrementalScore,
  ) {
    this.codons = from ? [...from.codons] : codonsOf(cds);
    this.bytes = Buffer.from(cds, 'latin1');
    this.caiCodons = from ? from.caiCodons : this.codons.filter(countsForCai).length;
    this.motifsInUtr = from ? from.motifsInUtr : input.utrs.reduce((sum, u) => sum + countMotifs(u), 0);
    if (from) {
      ({ logSum: this.logSum, gc: this.gc, t: this.t, motifs: this.motifs, faults: this.faults } = from);
      this.windowGc = Int32Array.from(from.windowGc);
      return;
    }
    for (const c of this.codons) this.logSum += LOG_W_FIXED.get(c)!;
    this.gc = countGc(cds);
    this.t = countChar(cds, 'T');
    this.motifs = countMotifs(cds);
    const windows = cds.length < GC_WINDOW ? 0 : Math.floor((cds.length - GC_WINDOW) / GC_STEP) + 1;
    this.windowGc = new Int32Array(windows);
    for (let w = 0; w < windows; w++) {
      this.windowGc[w] = countGc(cds.slice(w * GC_STEP, w * GC_STEP + GC_WINDOW));
      if (gcWindowFault(this.windowGc[w])) this.faults++;
    }
  }

  /** An independent copy, without measuring the sequence again. */
  clone(): IncrementalScore {
    return new IncrementalScore(this.sequence(), this.input, this);
  }

  sequence(): string {
    return this.bytes.toString('latin1');
  }

  score(): number {
    const length = this.bytes.length;
    const m: SequenceMetrics = {
      cai: this.caiCodons === 0 ? 1 : Math.exp(this.logSum / LOG_W_SCALE / this.caiCodons),
      gcPercent: length === 0 ? 0 : (100 * this.gc) / length,
      uFraction: length === 0 ? 0 : this.t / length,
      motifsInCds: this.motifs,
      motifsInUtr: this.motifsInUtr,
      gcWindowFaults: this.faults,
    };
    return weightedSum(m, this.input.fitness);
  }

  /** Puts `codon` (a synonym) at codon index `at`, to be kept by commit() or undone by rollback(). */
  replace(at: number, codon: string): void {
    this.journal.push({ at, codon: this.codons[at], motifs: this.motifs });
    const p = 3 * at;
    // Every motif touching the codon lies within MOTIF_LOOKBACK either side; a homopolymer run cut
    // at the window's edge is still at least MOTIF_LOOKBACK long there, so it counts the same.
    const lo = Math.max(0, p - MOTIF_LOOKBACK);
    const hi = Math.min(this.bytes.length, p + 3 + MOTIF_LOOKBACK);
    const before = this.motifsIn(lo, hi);
    this.write(at, codon);
    this.motifs += this.motifsIn(lo, hi) - before;
  }

  commit(): void {
    this.journal.length = 0;
  }

  rollback(): void {
    for (let entry = this.journal.pop(); entry; entry = this.journal.pop()) {
      this.write(entry.at, entry.codon);
      this.motifs = entry.motifs;
    }
  }

  /** Everything but the motif count, which needs the sequence on both sides of the change. */
  private write(at: number, codon: string): void {
    const old = this.codons[at];
    if (old === codon) return;
    const p = 3 * at;
    for (let j = 0; j < 3; j++) {
      const before = this.bytes[p + j];
      const after = codon.charCodeAt(j);
      if (before === after) continue;
      this.bytes[p + j] = after;
      this.t += (after === T_CODE ? 1 : 0) - (before === T_CODE ? 1 : 0);
      const delta = (isGcCode(after) ? 1 : 0) - (isGcCode(before) ? 1 : 0);
      if (delta !== 0) this.shiftGc(p + j, delta);
    }
    this.logSum += LOG_W_FIXED.get(codon)! - LOG_W_FIXED.get(old)!;
    this.codons[at] = codon;
  }

  /** `countMotifs` of bytes [lo, hi), without making a string: sites as rolling k-mer codes. */
  private motifsIn(lo: number, hi: number): number {
    const b = this.bytes;
    let n = 0;
    for (const { length, mask, table } of SITE_TABLES) {
      let code = 0;
      for (let i = lo; i < hi; i++) {
        code = (code * 4 + BASE_CODE[b[i]]) & mask;
        if (i - lo + 1 >= length) n += table[code];
      }
    }
    for (let i = lo; i < hi; ) {
      let j = i + 1;
      while (j < hi && b[j] === b[i]) j++;
      const limit = RUN_LIMIT[b[i]];
      if (limit > 0 && j - i >= limit) n++;
      i = j;
    }
    return n;
  }

  private shiftGc(position: number, delta: number): void {
    this.gc += delta;
    const last = Math.floor(position / GC_STEP);
    for (let w = Math.max(0, last - 1); w <= last && w < this.windowGc.length; w++) {
      if (position >= w * GC_STEP + GC_WINDOW) continue;
      const wasFault = gcWindowFault(this.windowGc[w]);
      this.windowGc[w] += delta;
      this.faults += (gcWindowFault(this.windowGc[w]) ? 1 : 0) - (wasFault ? 1 : 0);
    }
  }
}

/** (1+1) hill-climb of `state`, in place, on the overall score: keeps a change unless the score drops. */
function climb(state: IncrementalScore, steps: number, random: Random): string {
  const codons = state.codons;
  const mutable = codons.flatMap((c, i) => (alternatives(c).length > 0 ? [i] : []));
  if (mutable.length === 0) return state.sequence();
  let score = state.score();
  for (let step = 0; step < steps; step++) {
    const i = pick(random, mutable);
    state.replace(i, pick(random, alternatives(codons[i])));
    // Sometimes the next codon too: a motif across a codon boundary may need both changed.
    if (random() < PAIR_MUTATION && i + 1 < codons.length && alternatives(codons[i + 1]).length > 0) state.replace(i + 1, pick(random, alternatives(codons[i + 1])));
    const next = state.score();
    if (next >= score) {
      score = next;
      state.commit();
    } else {
      state.rollback();
    }
  }
  return state.sequence();
}

/**
 * Single-codon variants of the state's sequence that score at least `floor`, best first (ties in
 * a seeded order); at most FILL_STEPS variants are tried, over positions in a seeded order.
 */
function bestVariants(state: IncrementalScore, floor: number, random: Random): string[] {
  const positions = state.codons.map((_, i) => i);
  for (let i = positions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [positions[i], positions[j]] = [positions[j], positions[i]];
  }
  const kept: { at: number; codon: string; score: number }[] = [];
  let tried = 0;
  for (const at of positions) {
    for (const codon of alternatives(state.codons[at])) {
      state.replace(at, codon);
      const score = state.score();
      state.rollback();
      // The incremental score is exact only up to rounding: the caller re-checks in full.
      if (score >= floor - 1e-9) kept.push({ at, codon, score });
      tried++;
    }
    if (tried >= FILL_STEPS) break;
  }
  kept.sort((a, b) => b.score - a.score);
  return kept.slice(0, 2 * CANDIDATES).map(({ at, codon }) => {
    state.replace(at, codon);
    const sequence = state.sequence();
    state.rollback();
    return sequence;
  });
}

/* ------------------------------------------------------------------ greedy start */

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

/** One greedy pass over the codons, each chosen by its local score given the codons before it. */
function buildGreedy(input: OptimisationInput): string {
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

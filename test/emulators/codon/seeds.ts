/**
 * Jobs that exist before the first request, so "import remote jobs" has something to list (more
 * than one page at the default limit of 10). Everything is deterministic — ids, names, sequences —
 * so screenshots and end-to-end tests see the same list on every run; only the times are relative
 * to the emulator's start.
 */
import { deterministicUuid, pick, randomInt, seededRandom, type Random } from '../common';
import { GENETIC_CODE } from './codonTable';
import { resolveFitnessList, type ResolvedFitness } from './fitness';
import type { Job, JobTiming } from './jobs';
import type { Component } from './validate';

export const DEFAULT_SEED_JOBS = 12;
/** Seeded jobs are this far apart, oldest first. */
const SPACING_MS = 45 * 60 * 1000;

const SENSE_CODONS = [...GENETIC_CODE].filter(([, aa]) => aa !== '*').map(([c]) => c);

const FITNESS_SETS: readonly Record<string, unknown>[][] = [
  [{ name: 'cai', weight: 1.0 }],
  [{ name: 'dna_manufact', weight: 1.0 }, { name: 'gc_content', min: 35.0, max: 60.0, weight: 1.0 }],
  [{ name: 'cai', weight: 2.0 }, { name: 'u_content', weight: 0.5 }],
  [{ name: 'ppy' }, { name: 'dna_manufact', weight: 1.5 }],
];

export interface SeedOptions {
  count: number;
  owner: string;
  now: number;
  failWhen: (job: { name: string; owner: string }) => boolean;
}

export function seedJobs(opts: SeedOptions): Job[] {
  const jobs: Job[] = [];
  for (let i = 0; i < opts.count; i++) {
    const n = String(i + 1).padStart(2, '0');
    // The fifth job failed, so an error shows up among imported jobs.
    const name = i === 4 ? `demo-cds-${n}-fail` : `demo-cds-${n}`;
    const random = seededRandom(`codon-seed:${opts.owner}:${i}`);
    const cds = randomOrf(random, randomInt(random, 60, 299));
    const fitnessRequest = FITNESS_SETS[i % FITNESS_SETS.length];
    const resolved = resolveFitnessList(fitnessRequest);
    const fitness: ResolvedFitness[] = resolved.ok ? resolved.fitness : [];
    // Every third job uses the component form, the rest the string form with UTRs.
    const components = i % 3 === 2;
    const utr5 = 'GGGAAATAAGAGAGAAAAGAAGAGTAAGAAGAAATATAAGAGCCACC';
    const utr3 = 'TGATAATAGGCTGGAGCCTCGGTGGCCATGCTTCTTGCCCCTTGGGCC';
    const sequence: string | Component[] = components
      ? [
          { sequence: utr5, featureType: 'five_prime_utr' },
          { sequence: cds, featureType: 'gene_of_interest' },
          { sequence: 'A'.repeat(30), featureType: 'poly_a_tail' },
        ]
      : cds;
    const payload: Record<string, unknown> = components ? { name, sequence, fitness_list: fitnessRequest } : { name, sequence, '5_utr': utr5, '3_utr': utr3, fitness_list: fitnessRequest };
    const newest = i === opts.count - 1;
    // The newest seeded job is still running when the emulator starts, so an import has one to follow.
    const timing: JobTiming = newest ? { pendingMs: 30_000, processingMs: 5 * 60_000 } : { pendingMs: 60_000, processingMs: 5 * 60_000 };
    jobs.push({
      id: deterministicUuid(`codon-seed:${opts.owner}:${i}`),
      owner: opts.owner,
      name,
      submittedAt: newest ? opts.now - 60_000 : opts.now - (opts.count - i) * SPACING_MS,
      timing,
      fails: opts.failWhen({ name, owner: opts.owner }),
      payload,
      sequence,
      cds,
      utrs: components ? [utr5, 'A'.repeat(30)] : [utr5, utr3],
      fitness,
    });
  }
  return jobs;
}

/** ATG + random sense codons + TAA: a valid open reading frame with a varied codon usage. */
function randomOrf(random: Random, codons: number): string {
  let s = 'ATG';
  for (let i = 0; i < codons; i++) s += pick(random, SENSE_CODONS);
  return `${s}TAA`;
}

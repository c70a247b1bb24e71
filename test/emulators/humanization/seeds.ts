/**
 * Jobs that exist before the first request (the API has no submission endpoint in the document,
 * so these and POST /__control/jobs are how jobs appear). One of each case a client meets:
 * complete, partial, failed, canceled, drifted, hostile, structure not downloadable, still
 * running, still pending, and one of another user. Ids are deterministic (stable tests and
 * screenshots); times are relative to the start.
 */
import { deterministicUuid } from '../common';
import { DEFAULT_ERROR_MESSAGE, FULL_RESULTS, type Job, type ResultOptions } from './jobs';
import type { JobTiming, Outcome } from './lifecycle';

export const SEED_NAMES = ['full', 'partial', 'failed', 'canceled', 'drift', 'hostile', 'pdb-unavailable', 'running', 'pending', 'other-user'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Long enough that a seeded job has finished when the emulator starts, unless it is meant to run. */
const SEEDED_TIMING: JobTiming = { pendingMs: 30_000, runningMs: 8 * MINUTE };

interface SeedSpec {
  name: SeedName;
  ago: number;
  outcome: Outcome;
  options?: Partial<ResultOptions>;
  timing?: JobTiming;
  cancelAfter?: number;
  owner?: 'other';
}

const SPECS: readonly SeedSpec[] = [
  { name: 'full', ago: 3 * HOUR, outcome: 'completed' },
  { name: 'partial', ago: 2 * HOUR, outcome: 'completed', options: { sections: { structure: 'null', stability: 'present', immunogenicity: 'present', complex: 'missing' } } },
  { name: 'failed', ago: 90 * MINUTE, outcome: 'failed' },
  // Canceled at 70 % of the run: humanization rows and the structure exist, the rest not.
  { name: 'canceled', ago: 80 * MINUTE, outcome: 'completed', cancelAfter: SEEDED_TIMING.pendingMs + 0.7 * SEEDED_TIMING.runningMs },
  { name: 'drift', ago: 60 * MINUTE, outcome: 'completed', options: { drift: true } },
  { name: 'hostile', ago: 50 * MINUTE, outcome: 'completed', options: { hostile: true } },
  { name: 'pdb-unavailable', ago: 40 * MINUTE, outcome: 'completed', options: { pdb: 'unavailable' } },
  // About 10 % through the run at start; completes 9 minutes later.
  { name: 'running', ago: MINUTE + 30_000, outcome: 'completed', timing: { pendingMs: 30_000, runningMs: 10 * MINUTE } },
  { name: 'pending', ago: 5_000, outcome: 'completed', timing: { pendingMs: 10 * MINUTE, runningMs: 10 * MINUTE } },
  { name: 'other-user', ago: 4 * HOUR, outcome: 'completed', owner: 'other' },
];

export function seedJobId(name: SeedName): string {
  return deterministicUuid(`humanization-seed:${name}`);
}

export interface SeedOptions {
  owner: string;
  otherOwner: string;
  now: number;
}

export function seedJobs(opts: SeedOptions): (Job & { label: string })[] {
  return SPECS.map((spec) => {
    const createdAt = opts.now - spec.ago;
    return {
      id: seedJobId(spec.name),
      label: spec.name,
      variantId: deterministicUuid(`humanization-seed:${spec.name}:variant`),
      owner: spec.owner === 'other' ? opts.otherOwner : opts.owner,
      createdAt,
      timing: spec.timing ?? SEEDED_TIMING,
      outcome: spec.outcome,
      ...(spec.cancelAfter === undefined ? {} : { canceledAt: createdAt + spec.cancelAfter }),
      errorMessage: DEFAULT_ERROR_MESSAGE,
      options: { ...FULL_RESULTS, ...spec.options, sections: { ...FULL_RESULTS.sections, ...spec.options?.sections } },
    };
  });
}

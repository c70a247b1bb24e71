/**
 * Jobs that exist before the first request, so "Import Remote Jobs" has something to list: one of
 * each terminal status (SUCCESS, FAILURE, CANCELED), a prompt job that depends on an MSA job
 * (prerequisite_job_id, and a job_type to filter out), and the newest one still RUNNING when the
 * emulator starts, so an import has a job to follow. Ids, names and sequences are deterministic, so
 * screenshots and end-to-end tests see the same list every run; times are relative to the start.
 * Their statuses come from the same state machine as submitted jobs (outcome + timing + cancellation).
 */
import { DEFAULT_FAILURE_MESSAGE, MSA_JOB_TYPE, PROMPT_JOB_TYPE, type Job, type MsaInput } from './jobs';
import type { JobTiming, Outcome } from './lifecycle';
import { deterministicUuid } from '../common';

/** Human insulin, the documents' own example seed. */
export const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';
const GFP =
  'MSKGEELFTGVVPILVELDGDVNGHKFSVSGEGEGDATYGKLTLKFICTTGKLPVPWPTLVTTFSYGVQCFSRYPDHMKQHDFFKSAMPEGYVQERTIFFKDDGNYKTRAEVKFEGDTLVNRIELKGIDFKEDGNILGHKLEYNYNSHNVYIMADKQKNGIKVNFKIRHNIEDGSVQLADHYQQNTPIGDGPVLLPDNHYLSTQSALSKDPNEKRDHMVLLEFVTAAGITHGMDELYK';
const LYSOZYME = 'KVFERCELARTLKRLGMDGYRGISLANWMCLAKWESGYNTRATNYNAGDRSTDYGIFQINSRYWCNDGKTPGAVNACHLSCSALLQDNIADAVACAKRVVRDPQGIRAWVAWRNRCQNRDVRQYVQGCGV';
const UBIQUITIN = 'MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Long enough that a seeded job is finished when the emulator starts, unless it is meant to run. */
const SEEDED_TIMING: JobTiming = { pendingMs: 20_000, runningMs: 3 * MINUTE, retryingMs: 30_000 };

interface SeedSpec {
  ago: number;
  name: string;
  query?: string;
  outcome: Outcome;
  timing?: JobTiming;
  /** Cancel this long after submission. */
  cancelAfter?: number;
  failureMessage?: string;
  /** Index of the MSA job a prompt job was sampled from. */
  promptOf?: number;
}

const SPECS: readonly SeedSpec[] = [
  { ago: 48 * HOUR, name: 'sp|P01308|INS_HUMAN Insulin', query: INSULIN, outcome: 'success' },
  { ago: 48 * HOUR - 10 * MINUTE, name: 'prompt', outcome: 'success', promptOf: 0 },
  {
    ago: 26 * HOUR,
    name: 'sp|P42212|GFP_AEQVI Green fluorescent protein',
    query: GFP,
    outcome: 'failure',
    failureMessage: 'MSA search failed: the search worker ran out of memory (emulated failure)',
  },
  { ago: 5 * HOUR, name: 'sp|P61626|LYSC_HUMAN Lysozyme C', query: LYSOZYME, outcome: 'success', cancelAfter: 80_000 },
  { ago: 3 * HOUR, name: 'sp|P0CG48|UBC_HUMAN Ubiquitin', query: UBIQUITIN, outcome: 'retry' },
  // Still running at start: about 10 % done, finishing 4.5 minutes later.
  { ago: MINUTE, name: 'insulin-rerun', query: INSULIN, outcome: 'success', timing: { pendingMs: 30_000, runningMs: 5 * MINUTE, retryingMs: 30_000 } },
];

export const SEEDED_JOB_COUNT = SPECS.length;

export interface SeedOptions {
  owner: string;
  now: number;
  /** Rows of the seeded MSAs. */
  sequences: number;
}

export function seedJobs(opts: SeedOptions): Job[] {
  const ids = SPECS.map((_, i) => deterministicUuid(`openprotein-seed:${opts.owner}:${i}`));
  return SPECS.map((spec, i): Job => {
    const submittedAt = opts.now - spec.ago;
    const msa: MsaInput | null =
      spec.query === undefined ? null : { name: spec.name, query: spec.query, filename: `${spec.name.split(' ')[0].replace(/\W+/g, '_')}.fasta`, isSeed: true, alignment: null, sequences: opts.sequences };
    return {
      id: ids[i],
      owner: opts.owner,
      jobType: spec.promptOf === undefined ? MSA_JOB_TYPE : PROMPT_JOB_TYPE,
      prerequisiteJobId: spec.promptOf === undefined ? null : ids[spec.promptOf],
      msa,
      submittedAt,
      timing: spec.timing ?? SEEDED_TIMING,
      outcome: spec.outcome,
      ...(spec.cancelAfter === undefined ? {} : { canceledAt: submittedAt + spec.cancelAfter }),
      failureMessage: spec.failureMessage ?? DEFAULT_FAILURE_MESSAGE,
    };
  });
}

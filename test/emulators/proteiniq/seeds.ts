/**
 * Jobs that exist before the first request, so Import Remote Jobs has something to list and to
 * page through: 24 jobs (two pages at the default limit of 20) over the last week, mostly
 * ESMFold, with one of each other terminal status (FAILED, TIMEOUT, CANCELLED, BUDGET_EXCEEDED on
 * a runtime-billed boltz-2 job), a protparam job (values only), and the newest one still
 * PROCESSING when the emulator starts (it finishes 10 minutes later). Ids, names and sequences are
 * deterministic; times are relative to the start. Statuses come from the same state machine as
 * submitted jobs.
 */
import { createHash } from 'node:crypto';
import { budgetMs } from './billing';
import { DEFAULT_FAILURE, type Job } from './jobs';
import type { JobTiming, Outcome } from './lifecycle';
import { findTool, type Tool } from './tools';

export const UBIQUITIN = 'MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG';
/** The jobs page's own example (lysozyme, as ProteinIQ's document writes it). */
export const LYSOZYME_DOC = 'KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSR';
const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';
const GFP =
  'MSKGEELFTGVVPILVELDGDVNGHKFSVSGEGEGDATYGKLTLKFICTTGKLPVPWPTLVTTFSYGVQCFSRYPDHMKQHDFFKSAMPEGYVQERTIFFKDDGNYKTRAEVKFEGDTLVNRIELKGIDFKEDGNILGHKLEYNYNSHNVYIMADKQKNGIKVNFKIRHNIEDGSVQLADHYQQNTPIGDGPVLLPDNHYLSTQSALSKDPNEKRDHMVLLEFVTAAGITHGMDELYK';
const BARNASE = 'AQVINTFDGVADYLQTYHKLPDNYITKSEAQALGWVASKGNLADVAPGKSIGGDIFSNREGKLPGKSGRTWREADINYTSGFRNSDRILYSSDWLIYKTTDHYQTFTKIR';

const PROTEINS: readonly [string, string][] = [
  ['ubiquitin', UBIQUITIN],
  ['lysozyme', LYSOZYME_DOC],
  ['insulin', INSULIN],
  ['GFP', GFP],
  ['barnase', BARNASE],
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SEEDED_TIMING: JobTiming = { pendingMs: 20_000, queuedMs: 10_000, processingMs: 3 * MINUTE };
export const SEEDED_JOB_COUNT = 24;

export interface SeedOptions {
  workspace: string;
  now: number;
}

export function seedJobs(opts: SeedOptions): Omit<Job, 'seq'>[] {
  const tool = (id: string) => findTool(id) as Tool;
  const jobs: Omit<Job, 'seq'>[] = [];
  for (let i = 0; i < SEEDED_JOB_COUNT; i++) {
    const [protein, residues] = PROTEINS[i % PROTEINS.length];
    const newest = i === SEEDED_JOB_COUNT - 1;
    let t = tool('esmfold');
    let outcome: Outcome = 'completed';
    let reservation: number | undefined;
    let cancelAfter: number | undefined;
    if (i % 7 === 3) outcome = 'failed';
    if (i === 10) outcome = 'timeout';
    if (i === 14) cancelAfter = 5_000;
    if (i === 17) {
      t = tool('boltz-2');
      reservation = 5;
    }
    if (i === 20) t = tool('protparam');
    const timing = newest ? { pendingMs: 5_000, queuedMs: 5_000, processingMs: 10 * MINUTE } : SEEDED_TIMING;
    const submittedAt = opts.now - (newest ? MINUTE : (SEEDED_JOB_COUNT - i) * 7 * HOUR);
    const budget = reservation === undefined ? undefined : budgetMs(t, reservation);
    jobs.push({
      id: `job_${createHash('sha256').update(`proteiniq-seed:${opts.workspace}:${i}`).digest('hex').slice(0, 20)}`,
      workspace: opts.workspace,
      name: `${protein} ${t.name} run ${i + 1}`,
      tool: t,
      ...(reservation === undefined ? {} : { reservation }),
      ...(budget === undefined ? {} : { budgetMs: budget }),
      input: { name: protein, residues },
      settings: {},
      submittedAt,
      timing,
      outcome,
      ...(cancelAfter === undefined ? {} : { cancelledAt: submittedAt + cancelAfter }),
      errorMessage: DEFAULT_FAILURE,
      seeded: true,
    });
  }
  return jobs;
}

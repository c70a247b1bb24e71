/**
 * Loopback emulator of the OpenProtein.AI API, PoET MSA part (seeds/000, 001), on the shared
 * framework in ../common.
 *
 * Endpoints (base path /api/v1):
 *   POST   /login/user-access-token  form: username, password → { access_token, token_type: "bearer", expires_in }
 *   POST   /poet/align/msa[?is_seed=true|false]  multipart file field `msa_file` → Job (PENDING)
 *   GET    /poet/align/msa?job_id=…  → A3M text when SUCCESS, else an empty body; header `job_status` always
 *   GET    /jobs[?status=&job_type=&more_recent_than=&page_size=&page_offset=]  → Job[] (newest first)
 *   GET    /jobs/{job_id}            → Job
 *   DELETE /jobs/{job_id}            → Job, now CANCELED (the API's own cancel endpoint)
 * Default user `demo` / `demo-password`; tokens last 60 minutes on the emulator clock.
 *
 * Control endpoints of this emulator, beside the shared ones (../common/emulator.ts):
 *   POST /__control/expire-tokens  body (optional): { "user"?: string } → { "expired": n }
 *   GET  /__control/timing         → { "pendingMs", "runningMs", "retryingMs" } (what NEW jobs get)
 *   POST /__control/timing         body: { "pendingMs"?, "runningMs"?, "retryingMs"? } | { "preset": "fast" | "default" | "demo" }
 *                                  → the timing new jobs get; jobs already submitted keep theirs
 *   GET  /__control/msa-size       → { "sequences": n } (rows of the MSAs of NEW jobs, query included)
 *   POST /__control/msa-size       body: { "sequences": 1–100000 } → { "sequences": n }
 *   POST /__control/cancel         body: { "job_id": string } → the Job, CANCELED (any user's job: as if
 *                                  canceled in the web app); 400 when unknown or already finished
 *   POST /__control/reset with state: drops tokens and submitted jobs, reseeds, restores timing and MSA size.
 *
 * Where the documents are silent, this emulator chooses (and tests pin):
 * - job_type of an MSA job is "/align/align", the API's JobType for it (openprotein-python, OpenAPI).
 * - Outcome by the seed's name (first FASTA header / CSV name) or the upload's filename: "fail" →
 *   FAILURE halfway through the run, "retry" → RUNNING → RETRYING → RUNNING → SUCCESS (any case;
 *   "fail" wins). Configurable with `outcomeOf`. See lifecycle.ts for the phases and progress.
 * - The MSA endpoint answers 200 for every known MSA job; the body is the A3M only when job_status
 *   is SUCCESS and empty otherwise (PENDING, RUNNING, RETRYING, FAILURE, CANCELED); content-type
 *   text/plain. A job of another type (the seeded prompt job) is 400; unknown / another user's 404.
 * - The A3M: the first record is the query as submitted (upper case, ungapped) under its own
 *   header ("query" for a bare sequence), then computed homologs named UniRef100_<accession>.
 * - GET /jobs: page_size (alias limit) 0–1000, default 100; page_offset (alias offset) >= 0;
 *   job_type may repeat (any of them); more_recent_than is exclusive; status is one of the six.
 * - Dates are ISO 8601 UTC with milliseconds and "Z" (the API's own example format).
 * - DELETE of a finished job: 400, nothing changes.
 * - Auth is checked before the body, as FastAPI's security dependency is.
 */
import { Accounts, badRequest, ControlError, EmulatorClock, isRecord, JobTimingSetting, notFound, QueryReader, startEmulator, type AccountHandles, type AccountOptions, type Emulator, type NowFn, type Route, type TimingHandles, type TimingPresets } from '../common';
import { accessToken, TOKEN_REJECTIONS } from './auth';
import { a3mOf, DEFAULT_FAILURE_MESSAGE, jobView, JobStore, MSA_JOB_TYPE, statusOf, type Job, type JobView } from './jobs';
import { isTerminal, JOB_STATUSES, jobState, type JobTiming, type Outcome } from './lifecycle';
import { seedJobs } from './seeds';
import { seedFromUpload } from './upload';
import { formFields, formFile } from './validate';

export const TIMING_PRESETS: TimingPresets<keyof JobTiming> = {
  /** Tests that wait in real time. */
  fast: { pendingMs: 100, runningMs: 300, retryingMs: 100 },
  default: { pendingMs: 1500, runningMs: 3000, retryingMs: 1500 },
  /** A person watching sees the progress rise: about 20 s. */
  demo: { pendingMs: 5000, runningMs: 15000, retryingMs: 5000 },
};

export const DEFAULT_MSA_SEQUENCES = 64;
export const MAX_MSA_SEQUENCES = 100_000;
/** Rows × query length of one MSA; beyond it a submission is refused (the emulator's own limit). */
export const MAX_MSA_RESIDUES = 50_000_000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const API = '/api/v1';

/** What the outcome predicate sees of a submission. */
export interface SubmittedSeed {
  /** The first record's name ("query" for a bare sequence). */
  name: string;
  /** The multipart part's filename. */
  filename: string;
  /** Upper case, ungapped. */
  query: string;
  owner: string;
}

export interface OpenProteinEmulatorOptions extends AccountOptions {
  /** 0 / absent: any free port. */
  port?: number;
  /** Phase durations for new jobs; default 1500 ms pending, 3000 ms running, 1500 ms retrying. */
  timing?: Partial<JobTiming>;
  /** Base clock (default Date.now); virtual offset on top via clock.advance or /__control/advance. */
  now?: NowFn;
  /** How a submitted job ends; default: "fail" in name or filename → failure, "retry" → retry. */
  outcomeOf?: (seed: SubmittedSeed) => Outcome;
  /** Rows of generated MSAs (query included); default 64. */
  msaSequences?: number;
  /** Pre-existing jobs for `seedUser` (seeds.ts); default true. */
  seedJobs?: boolean;
}

export interface OpenProteinEmulator extends Emulator, AccountHandles, TimingHandles<JobTiming> {
  /** Rows of the MSAs of new jobs. */
  msaSequences(): number;
  setMsaSequences(sequences: number): number;
  /** The user's job ids, newest first. */
  jobIds(user?: string): string[];
  /** Cancels any user's unfinished job now (as POST /__control/cancel); returns its Job. */
  cancel(jobId: string): JobView;
  /** When a job reached its terminal status (emulator clock); undefined while it runs or when unknown. */
  finishedAt(jobId: string): number | undefined;
}

export function defaultOutcome(seed: SubmittedSeed): Outcome {
  const text = `${seed.name}\n${seed.filename}`;
  if (/fail/i.test(text)) return 'failure';
  if (/retry/i.test(text)) return 'retry';
  return 'success';
}

export async function startOpenProteinEmulator(options: OpenProteinEmulatorOptions = {}): Promise<OpenProteinEmulator> {
  const clock = new EmulatorClock(options.now);
  const accounts = new Accounts('openprotein', clock, options, TOKEN_REJECTIONS);
  const { seedUser } = accounts;
  const jobs = new JobStore();
  const outcomeOf = options.outcomeOf ?? defaultOutcome;
  const timing = new JobTimingSetting<keyof JobTiming>(['pendingMs', 'runningMs', 'retryingMs'], TIMING_PRESETS, options.timing);
  const initialSequences = checkedSequences(options.msaSequences ?? DEFAULT_MSA_SEQUENCES);
  let sequences = initialSequences;

  const seed = () => {
    if (options.seedJobs === false) return;
    for (const job of seedJobs({ owner: seedUser, now: clock.now(), sequences: initialSequences })) jobs.add(job);
  };
  seed();

  /** Cancels an unfinished job as of `now`; a finished one is left alone and explained. */
  const cancelJob = (job: Job, now: number): { ok: true; view: JobView } | { ok: false; detail: string } => {
    const status = statusOf(job, now);
    if (isTerminal(status)) return { ok: false, detail: `Job ${job.id} has already finished (${status}); only PENDING, RUNNING or RETRYING jobs can be canceled` };
    job.canceledAt = now;
    return { ok: true, view: jobView(job, now) };
  };

  const routes: Route[] = [
    {
      method: 'POST',
      path: `${API}/login/user-access-token`,
      drift: 'access_token',
      handle: async (req) => {
        const form = await formFields(req, ['username', 'password']);
        if (!form.ok) return form.reply;
        const { username, password, grant_type } = form.value;
        // OAuth2PasswordRequestForm: grant_type is optional, but only "password" if given.
        if (grant_type !== undefined && grant_type !== 'password') {
          return { status: 422, body: { detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'grant_type'], msg: "String should match pattern '^password$'", input: grant_type }] } };
        }
        const signedIn = accounts.signIn(username, password, req.now);
        return signedIn.ok ? { status: 200, body: accessToken(signedIn.value, accounts.tokens.ttlMs) } : signedIn.reply;
      },
    },
    {
      method: 'POST',
      path: `${API}/poet/align/msa`,
      drift: 'job_id',
      handle: accounts.authenticated(async (req, user) => {
        const q = new QueryReader(req.query);
        const isSeed = q.bool('is_seed', true);
        q.bool('force', false); // accepted (the API has it), no effect here
        const bad = q.reply();
        if (bad) return bad;
        const file = await formFile(req, 'msa_file');
        if (!file.ok) return file.reply;
        const upload = seedFromUpload(file.value.text, isSeed);
        if (!upload.ok) return badRequest(upload.detail);
        const { name, query, alignment } = upload.value;
        const rows = alignment?.length ?? sequences;
        if (alignment === null && rows * query.length > MAX_MSA_RESIDUES) {
          return badRequest(`the MSA would have ${rows} × ${query.length} residues; the emulator makes at most ${MAX_MSA_RESIDUES} (lower POST /__control/msa-size)`);
        }
        const job: Job = {
          id: crypto.randomUUID(),
          owner: user,
          jobType: MSA_JOB_TYPE,
          prerequisiteJobId: null,
          msa: { name, query, filename: file.value.filename, isSeed, alignment, sequences: rows },
          submittedAt: req.now,
          timing: timing.get(),
          outcome: outcomeOf({ name, filename: file.value.filename, query, owner: user }),
          failureMessage: DEFAULT_FAILURE_MESSAGE,
        };
        jobs.add(job);
        return { status: 200, body: jobView(job, req.now) };
      }),
    },
    {
      method: 'GET',
      path: `${API}/poet/align/msa`,
      handle: accounts.authenticated((req, user) => {
        const q = new QueryReader(req.query);
        const id = q.required('job_id');
        const bad = q.reply();
        if (bad) return bad;
        const job = jobs.get(id, user);
        if (!job) return notFound();
        if (!job.msa) return badRequest(`Job ${job.id} is a ${job.jobType} job, not an MSA job`);
        const status = statusOf(job, req.now);
        // The header the document reads (`response.headers['job_status']`), on every answer for a known job.
        const headers = { job_status: status, 'content-type': 'text/plain; charset=utf-8' };
        return { status: 200, headers, text: status === 'SUCCESS' ? a3mOf(job, job.msa) : '' };
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/jobs/?$`),
      drift: '*.status',
      handle: accounts.authenticated((req, user) => {
        const q = new QueryReader(req.query);
        const status = q.oneOf('status', JOB_STATUSES);
        const types = q.all('job_type');
        const since = q.datetime('more_recent_than');
        const size = q.int('page_size', { min: 0, max: MAX_PAGE_SIZE }) ?? q.int('limit', { min: 0, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
        const offset = q.int('page_offset', { min: 0 }) ?? q.int('offset', { min: 0 }) ?? 0;
        const bad = q.reply();
        if (bad) return bad;
        const list = jobs
          .listFor(user)
          .filter((j) => types.length === 0 || types.includes(j.jobType))
          .filter((j) => since === undefined || j.submittedAt > since)
          .map((j) => jobView(j, req.now))
          .filter((v) => status === undefined || v.status === status);
        return { status: 200, body: list.slice(offset, offset + size) };
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/jobs/(?<id>[^/]+)$`),
      drift: 'status',
      handle: accounts.authenticated((req, user) => {
        const job = jobs.get(req.params.id, user);
        return job ? { status: 200, body: jobView(job, req.now) } : notFound();
      }),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${API}/jobs/(?<id>[^/]+)$`),
      drift: 'status',
      handle: accounts.authenticated((req, user) => {
        const job = jobs.get(req.params.id, user);
        if (!job) return notFound();
        const done = cancelJob(job, req.now);
        return done.ok ? { status: 200, body: done.view } : badRequest(done.detail);
      }),
    },
  ];

  const setMsaSequences = (n: number): number => {
    sequences = checkedSequences(n);
    return sequences;
  };
  const cancel = (jobId: string): JobView => {
    const job = jobs.find(jobId);
    if (!job) throw new ControlError(`job_id: no job '${jobId}'`);
    const done = cancelJob(job, clock.now());
    if (!done.ok) throw new ControlError(done.detail);
    return done.view;
  };

  const emulator = await startEmulator({
    name: 'openprotein',
    routes,
    clock,
    port: options.port,
    resetState: () => {
      accounts.reset();
      jobs.clear();
      timing.reset();
      sequences = initialSequences;
      seed();
    },
    control: {
      ...accounts.control,
      ...timing.control,
      'GET msa-size': () => ({ sequences }),
      /** body: { "sequences": 1–100000 } → { "sequences": n } */
      'POST msa-size': (body) => {
        const n = isRecord(body) ? body.sequences : undefined;
        if (typeof n !== 'number') throw new ControlError(`sequences: expected an integer 1–${MAX_MSA_SEQUENCES}`);
        return { sequences: setMsaSequences(n) };
      },
      /** body: { "job_id": string } → the Job, CANCELED */
      'POST cancel': (body) => {
        const id = isRecord(body) ? body.job_id : undefined;
        if (typeof id !== 'string') throw new ControlError('job_id: expected a string');
        return cancel(id);
      },
    },
  });

  return Object.assign(emulator, accounts.handles(), timing.handles(), {
    msaSequences: () => sequences,
    setMsaSequences,
    jobIds: (user = seedUser) => jobs.listFor(user).map((j) => j.id),
    cancel,
    finishedAt: (jobId: string) => {
      const job = jobs.find(jobId);
      return job ? (jobState(job, Number.MAX_SAFE_INTEGER).endedAt ?? undefined) : undefined;
    },
  });
}

function checkedSequences(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_MSA_SEQUENCES) throw new ControlError(`sequences: expected an integer 1–${MAX_MSA_SEQUENCES}, got ${String(n)}`);
  return n;
}

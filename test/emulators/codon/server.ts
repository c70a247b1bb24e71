/**
 * Loopback emulator of the codon optimisation API (seeds/002), on the shared framework in ../common.
 *
 * Endpoints (as documented): GET /, POST /login, POST /optimise, POST /optimise/status,
 * POST /optimise/result, GET /fitness, GET /fitness/<id>, GET /jobs, GET /jobs/<id>.
 * Default user `demo` / `demo-password`; tokens last 60 minutes on the emulator clock.
 *
 * Control endpoints of this emulator, beside the shared ones (../common/emulator.ts):
 *   POST /__control/expire-tokens  body (optional): { "user"?: string } → { "expired": n }
 *   GET  /__control/timing         → { "pendingMs": n, "processingMs": n } (what NEW jobs get)
 *   POST /__control/timing         body: { "pendingMs"?: n, "processingMs"?: n } | { "preset": "fast" | "default" | "demo" }
 *                                  → the timing new jobs get; jobs already submitted keep theirs
 *   POST /__control/reset with state: drops tokens and submitted jobs, reseeds, restores the timing.
 *   POST /__control/unknown-ids    body: { "mode": "inline" | "reject" } → { "mode" } (see /optimise/status below)
 *   POST /__control/forget         body: { "jobid": string } → { "forgotten": bool } (the service loses a job)
 *
 * Where the document is silent or contradicts itself, this emulator chooses (and tests pin):
 * - In-progress status is "processing" (the list in /optimise/status); the examples also say
 *   "running", so `runningStatus: 'running'` switches to that spelling.
 * - /optimise/status: an unknown (or another user's) valid UUID is answered in place, in request
 *   order, as `{ jobid, status: "error", detail: "Job not found" }` — a batch endpoint cannot 404
 *   for one id, and dropping it would break the order. At most 100 ids (422 beyond).
 *   `unknownIds: 'reject'` (or POST /__control/unknown-ids { "mode": "reject" }) answers instead as
 *   the hosted API was seen to (issue 10): the whole batch is 404 `{ detail: "Job <id> not found" }`
 *   when any id in it is unknown.
 * - /optimise/result for an unfinished job: 200 `{ jobid, status, results: [] }`; for a failed job
 *   the same plus `detail`; for an unknown or another user's job: 404 `{ detail: "Job not found" }`.
 * - `results[].sequence` is the coding sequence (gene of interest) only; UTRs and other
 *   components are never changed and are echoed in GET /jobs/<id> `payload`.
 * - A CDS whose length is not a multiple of 3 is accepted (the document's own example is 11 nt);
 *   the trailing partial codon is kept unchanged. Lower case and U are accepted; answers are DNA.
 * - /jobs pagination: `start` is inclusive (the page begins with that job); `next` is the first
 *   job of the next page, `previous` the first job of the previous page (null on the first page).
 *   The prose fits only this reading; the example's `next` equal to the last listed job does not.
 *   An unknown `start` is 400. `limit` is 1–100 (422 otherwise), default 10.
 * - GET /jobs/<id> (also GET /jobs/?jobid=<id>): `sequence` and `payload` are what was submitted
 *   (`payload` is the whole request body, an object); `results` as in /optimise/result ([] until
 *   success). 404 for unknown or another user's job.
 * - Names need not be unique (the document makes uniqueness the caller's business).
 * - Auth is checked before the body, as FastAPI's security dependency is.
 */
import { Accounts, badRequest, ControlError, EmulatorClock, isRecord, JobTimingSetting, notFound, startEmulator, type AccountHandles, type AccountOptions, type Emulator, type NowFn, type Route, type TimingHandles, type TimingPresets, type TokenRejections } from '../common';
import { FITNESS_FUNCTIONS, resolveFitnessList } from './fitness';
import { createdAt, FAILURE_DETAIL, jobResults, jobStatus, JobStore, type Job, type JobStatus, type JobTiming } from './jobs';
import { DEFAULT_SEED_JOBS, seedJobs } from './seeds';
import { loginCredentials, optimiseBody, pageQuery, resultBody, statusBody } from './validate';

export const TIMING_PRESETS: TimingPresets<keyof JobTiming> = {
  /** Tests that wait in real time. */
  fast: { pendingMs: 100, processingMs: 300 },
  default: { pendingMs: 1500, processingMs: 3000 },
  /** A person watching sees queued → running → succeeded: about 15 s. */
  demo: { pendingMs: 5000, processingMs: 10000 },
};

export interface CodonEmulatorOptions extends AccountOptions {
  /** 0 / absent: any free port. */
  port?: number;
  /** Job durations for new jobs; default 1500 ms pending, 3000 ms processing. */
  timing?: Partial<JobTiming>;
  /** Base clock (default Date.now); virtual offset on top via clock.advance or /__control/advance. */
  now?: NowFn;
  /** Which submitted jobs end in "error"; default: the name contains "fail" (any case). */
  failWhen?: (job: { name: string; owner: string }) => boolean;
  /** Pre-existing jobs for `seedUser`; default 12. */
  seedJobs?: number;
  /** Spelling of the in-progress status; default "processing". */
  runningStatus?: 'processing' | 'running';
  /** How /optimise/status answers an unknown id: in place (default) or a 404 for the whole batch. */
  unknownIds?: UnknownIdMode;
  /** GET / fields. */
  build?: string;
  environment?: string;
}

export type UnknownIdMode = 'inline' | 'reject';

export interface CodonEmulator extends Emulator, AccountHandles, TimingHandles<JobTiming> {
  /** The user's job ids, newest first. */
  jobIds(user?: string): string[];
  /** When a job finished (succeeded or failed) on the emulator clock; undefined for an unknown id. */
  finishedAt(jobId: string): number | undefined;
  /** The service loses a job: every later request treats its id as unknown. */
  forget(jobId: string): boolean;
  setUnknownIds(mode: UnknownIdMode): void;
}

const DEFAULT_BUILD = '5bae0bac9ae07cf515b1cd0687a6861c778b6601';

/** The codon service's wording of its token 401s. */
const TOKEN_REJECTIONS: TokenRejections = { invalid: 'Invalid token', expired: 'Token expired' };

export async function startCodonEmulator(options: CodonEmulatorOptions = {}): Promise<CodonEmulator> {
  const clock = new EmulatorClock(options.now);
  const accounts = new Accounts('codon', clock, options, TOKEN_REJECTIONS);
  const { seedUser } = accounts;
  const jobs = new JobStore();
  const failWhen = options.failWhen ?? ((job) => /fail/i.test(job.name));
  const timing = new JobTimingSetting<keyof JobTiming>(['pendingMs', 'processingMs'], TIMING_PRESETS, options.timing);
  const running = options.runningStatus ?? 'processing';
  let unknownIds: UnknownIdMode = options.unknownIds ?? 'inline';

  const seed = () => {
    for (const job of seedJobs({ count: options.seedJobs ?? DEFAULT_SEED_JOBS, owner: seedUser, now: clock.now(), failWhen })) jobs.add(job);
  };
  seed();

  const label = (s: JobStatus): string => (s === 'processing' ? running : s);
  const statusOf = (job: Job, now: number) => label(jobStatus(job, now));

  const resultOf = (job: Job, now: number) => {
    const status = jobStatus(job, now);
    return {
      jobid: job.id,
      status: label(status),
      results: status === 'success' ? jobResults(job) : [],
      ...(status === 'error' ? { detail: FAILURE_DETAIL } : {}),
    };
  };

  const jobDetails = (job: Job, now: number) => {
    const { status, results, jobid: _jobid, ...rest } = resultOf(job, now);
    return { jobid: job.id, name: job.name, status, created_at: createdAt(job, now), sequence: job.sequence, payload: job.payload, results, ...rest };
  };

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      drift: 'build',
      handle: () => ({ status: 200, body: { build: options.build ?? DEFAULT_BUILD, environment: options.environment ?? 'emulator', firebase: true } }),
    },
    {
      method: 'POST',
      path: '/login',
      drift: 'token',
      handle: (req) => {
        const creds = loginCredentials(req);
        if (!creds.ok) return creds.reply;
        const signedIn = accounts.signIn(creds.value.username, creds.value.password, req.now);
        return signedIn.ok ? { status: 200, body: { token: signedIn.value } } : signedIn.reply;
      },
    },
    {
      method: 'POST',
      path: '/optimise',
      drift: 'jobid',
      handle: accounts.authenticated((req, user) => {
        const body = optimiseBody(req);
        if (!body.ok) return body.reply;
        const fitness = resolveFitnessList(body.value.fitnessEntries);
        if (!fitness.ok) return badRequest(fitness.detail);
        const id = crypto.randomUUID();
        const { name } = body.value;
        jobs.add({
          id,
          owner: user,
          name,
          submittedAt: req.now,
          timing: timing.get(),
          fails: failWhen({ name, owner: user }),
          payload: body.value.payload,
          sequence: body.value.sequence,
          cds: body.value.cds,
          utrs: body.value.utrs,
          fitness: fitness.fitness,
        });
        return { status: 200, body: { name, jobid: id } };
      }),
    },
    {
      method: 'POST',
      path: '/optimise/status',
      drift: 'results.*.status',
      handle: accounts.authenticated((req, user) => {
        const ids = statusBody(req);
        if (!ids.ok) return ids.reply;
        if (unknownIds === 'reject') {
          const missing = ids.value.find((id) => !jobs.get(id, user));
          if (missing !== undefined) return notFound(`Job ${missing} not found`);
        }
        const results = ids.value.map((id) => {
          const job = jobs.get(id, user);
          return job ? { jobid: id, status: statusOf(job, req.now) } : { jobid: id, status: 'error', detail: 'Job not found' };
        });
        return { status: 200, body: { results } };
      }),
    },
    {
      method: 'POST',
      path: '/optimise/result',
      drift: 'results.*.score',
      handle: accounts.authenticated((req, user) => {
        const id = resultBody(req);
        if (!id.ok) return id.reply;
        const job = jobs.get(id.value, user);
        if (!job) return notFound();
        return { status: 200, body: resultOf(job, req.now) };
      }),
    },
    {
      method: 'GET',
      path: '/fitness',
      drift: 'fitness_functions.*.id',
      handle: () => ({ status: 200, body: { fitness_functions: FITNESS_FUNCTIONS } }),
    },
    {
      method: 'GET',
      path: /^\/fitness\/(?<id>[^/]+)$/,
      drift: 'id',
      handle: (req) => {
        const f = FITNESS_FUNCTIONS.find((x) => x.id === req.params.id);
        return f ? { status: 200, body: f } : notFound(`Fitness '${req.params.id}' not found`);
      },
    },
    {
      method: 'GET',
      path: /^\/jobs\/?$/,
      drift: 'jobs.*.jobid',
      handle: accounts.authenticated((req, user) => {
        // The document titles the details endpoint "/jobs/" with a `jobid` query parameter; serve that too.
        const byQuery = req.path === '/jobs/' ? req.query.get('jobid') : null;
        if (byQuery !== null) {
          const job = jobs.get(byQuery, user);
          return job ? { status: 200, body: jobDetails(job, req.now) } : notFound();
        }
        const page = pageQuery(req.query);
        if (!page.ok) return page.reply;
        const { limit, start } = page.value;
        const all = jobs.listFor(user);
        const from = start === undefined ? 0 : all.findIndex((j) => j.id === start.toLowerCase());
        if (from < 0) return badRequest(`start: no job '${start}' in your job list`);
        const slice = all.slice(from, from + limit);
        return {
          status: 200,
          body: {
            jobs: slice.map((j) => ({ jobid: j.id, name: j.name, status: statusOf(j, req.now), created_at: createdAt(j, req.now) })),
            next: all[from + limit]?.id ?? null,
            previous: from === 0 ? null : all[Math.max(0, from - limit)].id,
          },
        };
      }),
    },
    {
      method: 'GET',
      path: /^\/jobs\/(?<id>[^/]+)$/,
      drift: 'status',
      handle: accounts.authenticated((req, user) => {
        const job = jobs.get(req.params.id, user);
        return job ? { status: 200, body: jobDetails(job, req.now) } : notFound();
      }),
    },
  ];

  const emulator = await startEmulator({
    name: 'codon',
    routes,
    clock,
    port: options.port,
    resetState: () => {
      accounts.reset();
      jobs.clear();
      timing.reset();
      seed();
    },
    control: {
      ...accounts.control,
      ...timing.control,
      'POST unknown-ids': (body) => {
        const mode = isRecord(body) ? body.mode : undefined;
        if (mode !== 'inline' && mode !== 'reject') throw new ControlError('mode: expected "inline" or "reject"');
        unknownIds = mode;
        return { mode };
      },
      'POST forget': (body) => {
        const id = isRecord(body) ? body.jobid : undefined;
        if (typeof id !== 'string') throw new ControlError('jobid: expected a string');
        return { forgotten: jobs.forget(id) };
      },
    },
  });

  return Object.assign(emulator, accounts.handles(), timing.handles(), {
    jobIds: (user = seedUser) => jobs.listFor(user).map((j) => j.id),
    finishedAt: (id: string) => {
      const job = jobs.find(id);
      return job ? job.submittedAt + job.timing.pendingMs + job.timing.processingMs : undefined;
    },
    forget: (id: string) => jobs.forget(id),
    setUnknownIds: (mode: UnknownIdMode) => {
      unknownIds = mode;
    },
  });
}

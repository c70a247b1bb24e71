/**
 * Loopback emulator of the ProteinIQ public API (seeds/003: Jobs), on the shared framework in
 * ../common. What ProteinIQ publishes beyond that document, and where this emulator follows it
 * (read in the stored public docs; the module that implements each part says more):
 * - https://proteiniq.io/docs/api/results — GET /api/v1/results/{jobId}: `{ object: "job_result",
 *   job_id, tool, status, completed_at, data_source: "r2", files: [{ name, key, content_type, url }],
 *   results: {} }`; results for COMPLETED, BUDGET_EXCEEDED (and FAILED "with stored output");
 *   signed URLs are temporary, "fetch the result again when a saved URL expires"; before
 *   readiness 409 `job_not_completed` + Retry-After: 5 + details.current_status. → results.ts
 * - https://proteiniq.io/docs/api/errors — the envelope `{ error: { code, message, details? } }`
 *   and its code table (invalid_json 400, validation_error 400, unauthorized 401,
 *   insufficient_credits / daily_limit_exceeded / concurrent_job_limit_exceeded 402, forbidden 403,
 *   not_found 404, method_not_allowed 405, conflict / job_not_completed 409,
 *   unsupported_media_type 415, rate_limited 429, internal_error 500). → errors.ts
 * - https://proteiniq.io/docs/api/rate-limits — 120 requests / 60 s per key, X-RateLimit-Limit,
 *   X-RateLimit-Remaining, X-RateLimit-Reset (an ISO 8601 timestamp), Retry-After; per key and job
 *   at most one status request and one result request per 5 s; GET /api/v1/account. → rateLimit.ts
 * - https://proteiniq.io/docs/api/events — SSE headers, data = job status, stop after a terminal
 *   status; no event names given. → events.ts
 * - https://proteiniq.io/docs/api/authentication — `Bearer pq_live_<keyId>_<secret>`, scopes,
 *   another workspace's job is `not_found`. → keys.ts
 * - https://proteiniq.io/docs/api/tools — the catalog's list shape. → tools.ts
 * Assumptions where the documents are silent are stated in each module: result shapes other than
 * the URL one (results.ts), event names (events.ts), idempotency details — a reused key with
 * another body is 409 `conflict` (idempotency.ts), blocking errors and validation details
 * (submit.ts), billing values (billing.ts), outputs (outputs.ts), the fixed rate-limit window
 * (rateLimit.ts), defaults of credits and limits (workspace.ts; a job over the concurrency limit
 * is refused with 402, not queued). GET /api/v1/account adds `workspace.name` (so "check
 * connection" can name it).
 *
 * Endpoints (all under /api/v1, Bearer API key; every answer carries the X-RateLimit-* headers):
 *   GET  /account                 → { object: "account", workspace, limits, api_key }
 *   GET  /tools, /tools/{toolId}  → the catalog (esmfold, boltz-2, protparam)
 *   POST /jobs/quote              JSON { tool, input, settings?, billing? } → job_quote (200 even with blocking_errors)
 *   POST /jobs                    JSON { tool, name, input, settings?, billing? } [+ Idempotency-Key] → 202 job
 *   GET  /jobs[?limit=1..100&starting_after=<id>]  → { object: "list", data, has_more, next_cursor }, newest first
 *   GET  /jobs/{id}/status        → job
 *   GET  /jobs/{id}/events        → text/event-stream
 *   POST /jobs/{id}/cancel        → { object: "job_cancellation", refunded, job } | 409 conflict { current_status }
 *   GET  /results/{id}            → job_result | 409 job_not_completed | 404
 *   GET  /storage/<key>?expires&nonce&signature  (no key; not rate limited) → the file | XML 403/410/404
 * Default key `pq_live_demo_demo-password` for workspace `team_demo` ("Demo lab"), with 24 seeded jobs.
 * Outcome of a new job by its name (any case): "fail" → FAILED, "timeout" → TIMEOUT, "budget" →
 * BUDGET_EXCEEDED, else COMPLETED (option `outcomeOf`, or POST /__control/job later).
 *
 * Control endpoints of this emulator, beside the shared ones (../common/emulator.ts):
 *   GET|POST /__control/timing       { pendingMs, queuedMs, processingMs } | { preset } (new jobs)
 *   GET|POST /__control/results      { mode: "url"|"inline"|"values", urlTtlMs, expiredStatus: 403|410, pae, paeMaxResidues }
 *   GET|POST /__control/events       { mode: "normal"|"drop"|"unavailable", afterEvents, how: "end"|"reset", status, times, tickMs, heartbeatMs }
 *   GET|POST /__control/rate-limit   { limit, windowMs, perJobMs }
 *   GET|POST /__control/workspace    { workspace?, name, credits, maxConcurrentJobs, dailyLimitMax } (GET: ?workspace=)
 *   POST     /__control/revoke-key   { key } → { revoked: true }
 *   POST     /__control/job          { job_id, outcome?: "completed"|"failed"|"timeout"|"budget_exceeded", error? } → job
 *                                    (any workspace's unfinished job; 400 once it is terminal)
 *   GET      /__control/jobs         → { created: n, jobs: [{ id, workspace, tool, name, status, idempotency_key, seeded }] }
 *   GET      /__control/submissions  → { submissions: [{ at, workspace, idempotencyKey, outcome, status, jobId }] }
 *   GET      /__control/stats        [?minPollMs=5000] → Stats (stats.ts)
 *   POST     /__control/reset with state: jobs reseeded, keys un-revoked, idempotency keys, limits,
 *            settings and counters back to the start.
 */
import { ControlError, EmulatorClock, isRecord, JobTimingSetting, startEmulator, type Emulator, type EmulatorRequest, type NowFn, type Reply, type Route, type TimingHandles, type TimingPresets } from '../common';
import { creditsUsed, heldCredits } from './billing';
import { apiError, jobNotFound } from './errors';
import { DEFAULT_EVENTS_SETTINGS, EventStreams, type EventsSettings } from './events';
import { jobResource, JobStore, stateOf, type Job, type JobResource } from './jobs';
import { ApiKeys, DEFAULT_API_KEY, DEFAULT_WORKSPACE, type ApiKey, type KeySpec, type Scope } from './keys';
import { CANCELLABLE, isTerminal, OUTCOMES, type JobTiming, type Outcome } from './lifecycle';
import { DEFAULT_RATE_LIMIT, RateLimiter, type Paced, type RateLimitPolicy } from './rateLimit';
import { DEFAULT_RESULT_SETTINGS, Results, type ResultSettings } from './results';
import { seedJobs } from './seeds';
import { computeStats, type Stats, type Submission } from './stats';
import { Submitter, type SubmittedJob } from './submit';
import { findTool, toolDetail, toolSummary, TOOLS } from './tools';
import type { Problem } from './validate';
import { Workspaces, type WorkspaceSettings } from './workspace';

export const TIMING_PRESETS: TimingPresets<keyof JobTiming> = {
  /** Tests that wait in real time. */
  fast: { pendingMs: 100, queuedMs: 100, processingMs: 300 },
  default: { pendingMs: 1500, queuedMs: 1000, processingMs: 3000 },
  /** A person watching sees PENDING → QUEUED → PROCESSING (progress rising) → COMPLETED: about 25 s. */
  demo: { pendingMs: 4000, queuedMs: 4000, processingMs: 15000 },
};

const API = '/api/v1';
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

export type { SubmittedJob } from './submit';

export interface ProteinIqEmulatorOptions {
  /** 0 / absent: any free port. */
  port?: number;
  /** Base clock (default Date.now); virtual offset on top via clock.advance or /__control/advance. */
  now?: NowFn;
  /** API key → workspace id (or { workspace, scopes }). Default { "pq_live_demo_demo-password": "team_demo" }. */
  apiKeys?: Record<string, KeySpec>;
  /** Per workspace id: name, credits, maxConcurrentJobs, dailyLimitMax (defaults in workspace.ts; team_demo is "Demo lab"). */
  workspaces?: Record<string, Partial<WorkspaceSettings>>;
  /** Phase durations for new jobs; default 1500 / 1000 / 3000 ms. */
  timing?: Partial<JobTiming>;
  outcomeOf?: (job: SubmittedJob) => Outcome;
  rateLimit?: Partial<RateLimitPolicy>;
  results?: Partial<ResultSettings>;
  events?: Partial<EventsSettings>;
  /** Pre-existing jobs in the first key's workspace (seeds.ts); default true. */
  seedJobs?: boolean;
}

export interface ProteinIqEmulator extends Emulator, TimingHandles<JobTiming> {
  /** The first configured API key (the default one unless `apiKeys` says otherwise). */
  readonly apiKey: string;
  /** The workspace's job ids, newest first (default: the first key's workspace). */
  jobIds(workspace?: string): string[];
  /** Jobs created by POST /api/v1/jobs since the start (or the last reset); seeds not counted. */
  jobsCreated(): number;
  /** Any workspace's job as its status endpoint would answer now. */
  job(id: string): JobResource | undefined;
  /** Changes an unfinished job's outcome (and error message); throws once it is terminal. */
  setJobOutcome(id: string, outcome: Outcome, error?: string): JobResource;
  revokeKey(key: string): void;
  resultSettings(): ResultSettings;
  setResultSettings(patch: Partial<ResultSettings>): ResultSettings;
  eventsSettings(): EventsSettings;
  setEventsSettings(patch: Partial<EventsSettings>): EventsSettings;
  rateLimit(): RateLimitPolicy;
  setRateLimit(patch: Partial<RateLimitPolicy>): RateLimitPolicy;
  workspace(id?: string): WorkspaceSettings;
  setWorkspace(patch: Partial<WorkspaceSettings>, id?: string): WorkspaceSettings;
  submissions(): Submission[];
  /** Counts from the request log (minPollMs: default the per-job pace, 5000). */
  stats(minPollMs?: number): Stats;
}

export function defaultOutcome(job: SubmittedJob): Outcome {
  if (/fail/i.test(job.name)) return 'failed';
  if (/timeout/i.test(job.name)) return 'timeout';
  if (/budget/i.test(job.name)) return 'budget_exceeded';
  return 'completed';
}

export async function startProteinIqEmulator(options: ProteinIqEmulatorOptions = {}): Promise<ProteinIqEmulator> {
  const clock = new EmulatorClock(options.now);
  const keys = new ApiKeys(options.apiKeys ?? { [DEFAULT_API_KEY]: DEFAULT_WORKSPACE });
  const seedWorkspace = keys.first().workspace;
  const jobs = new JobStore();
  const workspaces = new Workspaces(keys.workspaces(), { [DEFAULT_WORKSPACE]: { name: 'Demo lab' }, ...options.workspaces }, jobs);
  const timing = new JobTimingSetting<keyof JobTiming>(['pendingMs', 'queuedMs', 'processingMs'], TIMING_PRESETS, options.timing);
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit });
  const results = new Results({ ...DEFAULT_RESULT_SETTINGS, ...options.results });
  const events = new EventStreams({ ...DEFAULT_EVENTS_SETTINGS, ...options.events }, clock);
  const submitter = new Submitter(jobs, workspaces, () => timing.get(), options.outcomeOf ?? defaultOutcome);

  const seed = () => {
    if (options.seedJobs === false) return;
    for (const job of seedJobs({ workspace: seedWorkspace, now: clock.now() })) jobs.add(job);
  };
  seed();

  /** Auth, scope and the per-key limit around a handler; the rate-limit headers on its answer. */
  const api =
    (scope: Scope, handler: (req: EmulatorRequest, key: ApiKey) => Reply | Promise<Reply>): Route['handle'] =>
    async (req) => {
      const auth = keys.authenticate(req.headers.authorization, scope);
      if (!auth.ok) return auth.reply;
      const admitted = limiter.admit(auth.key.id, req.now);
      if (!admitted.ok) return apiError('rate_limited', 'Too many requests', { headers: { ...admitted.headers, 'retry-after': String(admitted.retryAfterS) } });
      const reply = await handler(req, auth.key);
      return { ...reply, headers: { ...admitted.headers, ...reply.headers } };
    };

  /** The caller's job, paced per key and job for status and results; else the 404 / 429. */
  const ownJob = (req: EmulatorRequest, key: ApiKey, paced?: Paced): { job: Job } | { reply: Reply } => {
    const job = jobs.get(req.params.id, key.workspace);
    if (!job) return { reply: jobNotFound(req.params.id) };
    const wait = paced ? limiter.pace(key.id, paced, job.id, req.now) : undefined;
    if (wait !== undefined) {
      const { perJobMs } = limiter.get();
      return { reply: apiError('rate_limited', `Too many requests for this job: at most one ${paced} request every ${perJobMs / 1000} seconds`, { headers: { 'retry-after': String(wait) }, details: { job_id: job.id, min_interval_seconds: perJobMs / 1000 } }) };
    }
    return { job };
  };

  const routes: Route[] = [
    {
      method: 'GET',
      path: `${API}/account`,
      drift: 'workspace',
      handle: api('jobs:read', (req, key) => {
        const s = workspaces.get(key.workspace);
        const u = workspaces.usage(key.workspace, req.now);
        const policy = limiter.get();
        return {
          status: 200,
          body: {
            object: 'account',
            workspace: { id: key.workspace, name: s.name, plan: { tier: 'pro', paid: true }, credits: { available: u.availableCredits } },
            limits: {
              active_jobs: u.activeJobs,
              concurrent_jobs: { max: s.maxConcurrentJobs, remaining: Math.max(0, s.maxConcurrentJobs - u.activeJobs) },
              public_api_rate_limit: { limit: policy.limit, window_seconds: policy.windowMs / 1000 },
            },
            api_key: { id: key.id, env: key.env, prefix: key.prefix, scopes: key.scopes },
          },
        };
      }),
    },
    {
      method: 'GET',
      path: `${API}/tools`,
      drift: 'data.*.id',
      handle: api('jobs:read', () => ({ status: 200, body: { object: 'list', data: TOOLS.map(toolSummary), has_more: false, next_cursor: null } })),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/tools/(?<id>[^/]+)$`),
      drift: 'id',
      handle: api('jobs:read', (req) => {
        const tool = findTool(req.params.id);
        return tool ? { status: 200, body: toolDetail(tool) } : apiError('not_found', `Tool '${req.params.id}' does not exist`);
      }),
    },
    {
      method: 'POST',
      path: `${API}/jobs/quote`,
      drift: 'blocking_errors',
      handle: api('jobs:write', (req, key) => submitter.quote(req, key)),
    },
    {
      method: 'POST',
      path: `${API}/jobs`,
      drift: 'id',
      handle: api('jobs:write', (req, key) => submitter.create(req, key)),
    },
    {
      method: 'GET',
      path: `${API}/jobs`,
      drift: 'data.*.status',
      handle: api('jobs:read', (req, key) => {
        const problems: Problem[] = [];
        const rawLimit = req.query.get('limit');
        let limit = DEFAULT_LIST_LIMIT;
        if (rawLimit !== null) {
          const n = /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
          if (!(n >= 1 && n <= MAX_LIST_LIMIT)) problems.push({ field: 'limit', message: `expected an integer from 1 to ${MAX_LIST_LIMIT}` });
          else limit = n;
        }
        const after = req.query.get('starting_after') ?? undefined;
        if (problems.length > 0) return apiError('validation_error', 'Invalid query', { details: { errors: problems } });
        const page = jobs.page(key.workspace, limit, after);
        if (!page.ok) return apiError('validation_error', 'Invalid cursor', { details: { errors: [{ field: 'starting_after', message: 'not a next_cursor of this job list' }] } });
        const data = page.jobs.map((j) => jobResource(j, req.now));
        return { status: 200, body: { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? data[data.length - 1].id : null } };
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/jobs/(?<id>[^/]+)/status$`),
      drift: 'status',
      handle: api('jobs:read', (req, key) => {
        const own = ownJob(req, key, 'status');
        return 'reply' in own ? own.reply : { status: 200, body: jobResource(own.job, req.now) };
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/jobs/(?<id>[^/]+)/events$`),
      handle: api('jobs:read', (req, key) => {
        const own = ownJob(req, key);
        return 'reply' in own ? own.reply : events.open(own.job);
      }),
    },
    {
      method: 'POST',
      path: new RegExp(`^${API}/jobs/(?<id>[^/]+)/cancel$`),
      drift: 'refunded',
      handle: api('jobs:write', (req, key) => {
        const own = ownJob(req, key);
        if ('reply' in own) return own.reply;
        const { job } = own;
        const before = stateOf(job, req.now);
        if (!CANCELLABLE.includes(before.status)) {
          return apiError('conflict', `Job cannot be cancelled in status ${before.status}; only PENDING or QUEUED jobs can be`, { details: { current_status: before.status } });
        }
        const held = heldCredits(job, before);
        job.cancelledAt = req.now;
        return { status: 200, body: { object: 'job_cancellation', refunded: held > creditsUsed(job, stateOf(job, req.now)), job: jobResource(job, req.now) } };
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`^${API}/results/(?<id>[^/]+)$`),
      drift: 'files',
      handle: api('jobs:read', (req, key) => {
        const own = ownJob(req, key, 'results');
        return 'reply' in own ? own.reply : results.reply(own.job, req.now, `http://${req.headers.host ?? '127.0.0.1'}`);
      }),
    },
    {
      method: 'GET',
      path: /^\/storage\/(?<key>.+)$/,
      handle: (req) => results.download(req.params.key, req.query, req.now, (id) => jobs.find(id)),
    },
  ];

  const findJob = (id: string): Job => {
    const job = jobs.find(id);
    if (!job) throw new ControlError(`job_id: no job '${id}'`);
    return job;
  };
  const setJobOutcome = (id: string, outcome: Outcome, error?: string): JobResource => {
    const job = findJob(id);
    const now = clock.now();
    const s = stateOf(job, now);
    if (isTerminal(s.status)) throw new ControlError(`job ${id} is already ${s.status}; its outcome cannot change`);
    if (!OUTCOMES.includes(outcome)) throw new ControlError(`outcome: expected one of ${OUTCOMES.join(', ')}`);
    job.outcome = outcome;
    if (error !== undefined) job.errorMessage = error;
    // The new ending must not lie in the past of a job that is still running.
    if (isTerminal(stateOf(job, now).status)) job.timing = { ...job.timing, processingMs: Math.max(job.timing.processingMs, 2 * (now - (job.submittedAt + job.timing.pendingMs + job.timing.queuedMs)) + 1) };
    return jobResource(job, now);
  };

  const emulator = await startEmulator({
    name: 'proteiniq',
    routes,
    clock,
    port: options.port,
    notFound: (req) => apiError('not_found', `No route ${req.method} ${req.path}`),
    methodNotAllowed: (req) => apiError('method_not_allowed', `${req.method} is not supported on ${req.path}`),
    resetState: () => {
      keys.reset();
      jobs.clear();
      workspaces.reset();
      timing.reset();
      limiter.reset();
      results.reset();
      events.reset();
      submitter.reset();
      seed();
    },
    control: {
      ...keys.control,
      ...timing.control,
      ...results.control,
      ...events.control,
      ...limiter.control,
      ...workspaces.control,
      /** body: { "job_id", "outcome"?, "error"? } → the job */
      'POST job': (body) => {
        if (!isRecord(body) || typeof body.job_id !== 'string') throw new ControlError('job_id: expected a string');
        if (body.error !== undefined && typeof body.error !== 'string') throw new ControlError('error: expected a string');
        const job = findJob(body.job_id);
        return setJobOutcome(body.job_id, (body.outcome ?? job.outcome) as Outcome, body.error as string | undefined);
      },
      'GET jobs': () => {
        const now = clock.now();
        return {
          created: submitter.created(),
          jobs: jobs.all().map((j) => ({ id: j.id, workspace: j.workspace, tool: j.tool.id, name: j.name, status: stateOf(j, now).status, idempotency_key: j.idempotencyKey ?? null, seeded: j.seeded })),
        };
      },
      'GET submissions': () => ({ submissions: submitter.submissions() }),
      /** query: minPollMs? (default the per-job pace) */
      'GET stats': (_body, query) => {
        const raw = query.get('minPollMs');
        const min = raw === null ? limiter.get().perJobMs || DEFAULT_RATE_LIMIT.perJobMs : Number(raw);
        if (!Number.isFinite(min) || min < 0) throw new ControlError('minPollMs: expected a number >= 0');
        return computeStats(emulator.log.list(), submitter.submissions(), min);
      },
    },
  });

  return Object.assign(emulator, timing.handles(), {
    apiKey: keys.first().value,
    jobIds: (workspace = seedWorkspace) => jobs.listFor(workspace).map((j) => j.id),
    jobsCreated: () => submitter.created(),
    job: (id: string) => {
      const job = jobs.find(id);
      return job ? jobResource(job, clock.now()) : undefined;
    },
    setJobOutcome,
    revokeKey: (key: string) => keys.revoke(key),
    resultSettings: () => results.get(),
    setResultSettings: (p: Partial<ResultSettings>) => results.set(p),
    eventsSettings: () => events.get(),
    setEventsSettings: (p: Partial<EventsSettings>) => events.set(p),
    rateLimit: () => limiter.get(),
    setRateLimit: (p: Partial<RateLimitPolicy>) => limiter.set(p),
    workspace: (id = seedWorkspace) => workspaces.get(id),
    setWorkspace: (p: Partial<WorkspaceSettings>, id = seedWorkspace) => workspaces.set(id, p),
    submissions: () => submitter.submissions(),
    stats: (minPollMs?: number) => computeStats(emulator.log.list(), submitter.submissions(), minPollMs ?? (limiter.get().perJobMs || DEFAULT_RATE_LIMIT.perJobMs)),
  });
}

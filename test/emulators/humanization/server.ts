/**
 * Loopback emulator of the antibody humanization API (seeds/004), on the shared framework in ../common.
 *
 * Endpoints:
 *   GET /jobs/{job_id}                 Bearer token → { job, results, structure_result?, stability_result?,
 *                                      immunogenicity_result?, complex_result? } (report.ts, jobs.ts)
 *   GET /storage/v1/object/{path}      Bearer token → the PDB a `pdb_storage_path` names (chemical/x-pdb)
 * Tokens: `demo-token` (user demo, owns the seeded jobs) and `other-token` (user other); auth.ts has
 * our reading of the 401s and the 403. A job id that is not a UUID is 422 (FastAPI's uuid_parsing).
 *
 * Control endpoints of this emulator, beside the shared ones (../common/emulator.ts: faults, reset,
 * requests, advance, clock):
 *   GET  /__control/jobs           → { "jobs": [{ id, label, owner, status, options }] } (seeded ones included)
 *   POST /__control/jobs           body (all optional): { "outcome": "completed" | "failed", "label", "owner",
 *                                  "error_message", "timing": { pendingMs?, runningMs? },
 *                                  "sections": { "structure"|"stability"|"immunogenicity"|"complex": "present"|"null"|"missing" },
 *                                  "pdb": "served"|"unavailable"|"storage_path"|"none", "drift": bool, "hostile": bool }
 *                                  → { "id", "job": <the Job as GET answers it now> }; the job starts now
 *   POST /__control/options        body: { "job_id", sections?, pdb?, drift?, hostile? } → { id, options }
 *                                  (changes how an existing job answers from now on)
 *   POST /__control/status         body: { "job_id", "status": string | null } → the Job; any raw string
 *                                  replaces `status` (null goes back to the computed one)
 *   POST /__control/cancel         body: { "job_id" } → the Job, canceled now; 400 when already finished
 *   POST /__control/tokens         body (optional): { "user"?, "ttl_ms"? } → { token, user, expires_at }
 *   POST /__control/expire-tokens  body (optional): { "user"? } → { "expired": n } (static tokens too)
 *   GET  /__control/timing         → { pendingMs, runningMs } new jobs get
 *   POST /__control/timing         body: { pendingMs?, runningMs? } | { "preset": "fast" | "default" | "demo" }
 *   POST /__control/reset with state: static tokens valid again, issued ones gone, created jobs gone,
 *   seeds back, timing restored.
 */
import {
  ControlError,
  deterministicUuid,
  EmulatorClock,
  isRecord,
  JobTimingSetting,
  notFound,
  startEmulator,
  unprocessable,
  type ControlHandler,
  type Emulator,
  type EmulatorRequest,
  type NowFn,
  type Reply,
  type Route,
  type TimingHandles,
  type TimingPresets,
} from '../common';
import { STRATEGIES } from './antibody';
import { BearerTokens, DEFAULT_TOKENS, REJECTIONS } from './auth';
import { DEFAULT_ERROR_MESSAGE, FULL_RESULTS, jobResponse, JobStore, jobView, pdbAvailable, type Job, type ResultOptions } from './jobs';
import { isFinished, jobState, type JobTiming, type Outcome } from './lifecycle';
import { complexPdb, fvPdb } from './pdb';
import { ANALYSED_STRATEGY, complexPlddt, COMPLEX_MODEL, PDB_MODES, SECTION_MODES, SECTION_NAMES, STORAGE_PREFIX, structurePlddt, STRUCTURE_MODEL, type PdbMode, type SectionMode, type SectionName } from './report';
import { SEED_NAMES, seedJobId, seedJobs, type SeedName } from './seeds';

export const TIMING_PRESETS: TimingPresets<keyof JobTiming> = {
  fast: { pendingMs: 100, runningMs: 400 },
  default: { pendingMs: 1500, runningMs: 4000 },
  /** A person watching sees pending → running (rows appear, then structure, …) → completed. */
  demo: { pendingMs: 5000, runningMs: 20000 },
};

export interface HumanizationEmulatorOptions {
  port?: number;
  now?: NowFn;
  /** token → user; default `{ "demo-token": "demo", "other-token": "other" }`. The first user owns the seeds. */
  tokens?: Record<string, string>;
  timing?: Partial<JobTiming>;
  /** Pre-existing jobs (seeds.ts); default true. */
  seedJobs?: boolean;
}

export interface CreateJobOptions {
  outcome?: Outcome;
  owner?: string;
  label?: string;
  errorMessage?: string;
  timing?: Partial<JobTiming>;
  sections?: Partial<Record<SectionName, SectionMode>>;
  pdb?: PdbMode;
  drift?: boolean;
  hostile?: boolean;
}

export interface HumanizationEmulator extends Emulator, TimingHandles<JobTiming> {
  /** The token of the seed user (default "demo-token"). */
  readonly demoToken: string;
  readonly seedUser: string;
  /** Ids of the seeded jobs by name. */
  readonly seeded: Readonly<Record<SeedName, string>>;
  issueToken(user?: string, ttlMs?: number): string;
  expireTokens(user?: string): number;
  /** A new job, starting now; returns its id. */
  createJob(opts?: CreateJobOptions): string;
  setOptions(jobId: string, opts: Partial<Omit<ResultOptions, 'sections'>> & { sections?: Partial<Record<SectionName, SectionMode>> }): ResultOptions;
  /** Any raw `status` string (null: back to the computed one). */
  setRawStatus(jobId: string, status: string | null): void;
  cancel(jobId: string): void;
  /** The answer GET /jobs/{id} would give now, without a request (nothing logged). */
  response(jobId: string): Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** pydantic v2's uuid_parsing error for a path parameter. */
function uuidProblem(raw: string): Reply {
  const plain = raw.replace(/^urn:uuid:/i, '');
  const bad = [...plain].findIndex((ch) => !/[0-9a-f-]/i.test(ch));
  const why =
    bad >= 0
      ? `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${plain[bad]}\` at ${bad + 1}`
      : `invalid group count: expected 5, found ${plain.split('-').length}`;
  const length = plain.replace(/-/g, '').length;
  const msg = bad < 0 && length !== 32 && !plain.includes('-') ? `invalid length: expected length 32 for simple format, found ${length}` : why;
  return unprocessable([{ type: 'uuid_parsing', loc: ['path', 'job_id'], msg: `Input should be a valid UUID, ${msg}`, input: raw }]);
}

export async function startHumanizationEmulator(options: HumanizationEmulatorOptions = {}): Promise<HumanizationEmulator> {
  const clock = new EmulatorClock(options.now);
  const statics = options.tokens ?? DEFAULT_TOKENS;
  const tokens = new BearerTokens(clock, statics);
  const [seedUser, otherUser] = [tokens.users[0], tokens.users[1] ?? `${tokens.users[0]}-colleague`];
  if (seedUser === undefined) throw new Error('humanization emulator: at least one token is needed');
  const demoToken = Object.keys(statics).find((t) => statics[t] === seedUser) as string;
  const jobs = new JobStore();
  const timing = new JobTimingSetting<keyof JobTiming>(['pendingMs', 'runningMs'], TIMING_PRESETS, options.timing);
  let created = 0;

  const seed = () => {
    if (options.seedJobs === false) return;
    for (const job of seedJobs({ owner: seedUser, otherOwner: otherUser, now: clock.now() })) jobs.add(job);
  };
  seed();

  const find = (id: unknown): Job => {
    if (typeof id !== 'string') throw new ControlError('job_id: expected a string');
    const job = jobs.find(id);
    if (!job) throw new ControlError(`job_id: no job '${id}'`);
    return job;
  };

  const checkedOptions = (base: ResultOptions, o: Record<string, unknown>): ResultOptions => {
    const out: ResultOptions = { ...base, sections: { ...base.sections } };
    if (o.sections !== undefined) {
      if (!isRecord(o.sections)) throw new ControlError('sections: expected an object');
      for (const [k, v] of Object.entries(o.sections)) {
        if (!(SECTION_NAMES as readonly string[]).includes(k)) throw new ControlError(`sections.${k}: expected one of ${SECTION_NAMES.join(', ')}`);
        if (!(SECTION_MODES as readonly unknown[]).includes(v)) throw new ControlError(`sections.${k}: expected one of ${SECTION_MODES.join(', ')}`);
        out.sections[k as SectionName] = v as SectionMode;
      }
    }
    if (o.pdb !== undefined) {
      if (!(PDB_MODES as readonly unknown[]).includes(o.pdb)) throw new ControlError(`pdb: expected one of ${PDB_MODES.join(', ')}`);
      out.pdb = o.pdb as PdbMode;
    }
    for (const flag of ['drift', 'hostile'] as const) {
      if (o[flag] === undefined) continue;
      if (typeof o[flag] !== 'boolean') throw new ControlError(`${flag}: expected a boolean`);
      out[flag] = o[flag];
    }
    return out;
  };

  const createJob = (opts: CreateJobOptions = {}): string => {
    const n = ++created;
    const owner = opts.owner ?? seedUser;
    const id = deterministicUuid(`humanization-created:${n}:${clock.now()}:${Math.random()}`);
    const options = checkedOptions(FULL_RESULTS, { sections: opts.sections, pdb: opts.pdb, drift: opts.drift, hostile: opts.hostile });
    jobs.add({
      id,
      label: opts.label ?? `job-${n}`,
      variantId: deterministicUuid(`humanization-created:${id}:variant`),
      owner,
      createdAt: clock.now(),
      timing: { ...timing.get(), ...opts.timing },
      outcome: opts.outcome ?? 'completed',
      errorMessage: opts.errorMessage ?? DEFAULT_ERROR_MESSAGE,
      options,
    });
    return id;
  };

  const cancel = (id: string): void => {
    const job = find(id);
    const state = jobState(job, clock.now());
    if (isFinished(state)) throw new ControlError(`job ${job.id} has already finished (${state.status})`);
    job.canceledAt = clock.now();
  };

  const baseOf = (req: EmulatorRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;

  /** Auth, then the job: 401 / 422 / 404 / 403 in that order. */
  const withJob = (req: EmulatorRequest, id: string, then: (job: Job) => Reply, badId: (id: string) => Reply = uuidProblem): Reply => {
    const auth = tokens.authenticate(req.headers.authorization, req.now);
    if (!auth.ok) return auth.reply;
    if (!UUID.test(id)) return badId(id);
    const job = jobs.find(id);
    if (!job) return notFound('Job not found');
    if (job.owner !== auth.user) return { status: 403, body: { detail: REJECTIONS.forbidden } };
    return then(job);
  };

  const routes: Route[] = [
    {
      method: 'GET',
      path: /^\/jobs\/(?<id>[^/]+)$/,
      drift: 'job.status',
      handle: (req) => withJob(req, req.params.id, (job) => ({ status: 200, body: jobResponse(job, req.now, baseOf(req)) })),
    },
    {
      method: 'GET',
      path: /^\/storage\/v1\/object\/(?<path>(?:structures|complexes)\/(?<id>[^/]+)\/[^/]+\.pdb)$/,
      handle: (req) =>
        withJob(req, req.params.id, (job) => {
          const section = req.params.path.startsWith('structures/') ? 'structure' : 'complex';
          const expected = `${section === 'structure' ? 'structures' : 'complexes'}/${job.id}/${deterministicUuid(`humanization:${job.id}:${section}`)}.pdb`;
          if (req.params.path.toLowerCase() !== expected || !pdbAvailable(job, section, req.now)) return notFound('Object not found');
          const design = STRATEGIES[ANALYSED_STRATEGY];
          const text = section === 'structure' ? fvPdb(design, structurePlddt(job.id, design), STRUCTURE_MODEL) : complexPdb(design, complexPlddt(job.id, design), COMPLEX_MODEL);
          return { status: 200, text, headers: { 'content-type': 'chemical/x-pdb' } };
        }, () => notFound('Object not found')),
    },
    {
      method: 'GET',
      path: new RegExp(`^${STORAGE_PREFIX.replace(/\//g, '\\/')}.+$`),
      handle: (req) => {
        const auth = tokens.authenticate(req.headers.authorization, req.now);
        return auth.ok ? notFound('Object not found') : auth.reply;
      },
    },
  ];

  const jobRecord = (job: Job) => ({ id: job.id, label: job.label ?? null, owner: job.owner, status: jobState(job, clock.now()).status, raw_status: job.rawStatus ?? null, options: job.options });

  const control: Record<string, ControlHandler> = {
    ...tokens.control,
    ...timing.control,
    'GET jobs': () => ({ jobs: jobs.all().map(jobRecord) }),
    'POST jobs': (body) => {
      const b = body === undefined ? {} : body;
      if (!isRecord(b)) throw new ControlError('body: expected an object');
      if (b.outcome !== undefined && b.outcome !== 'completed' && b.outcome !== 'failed') throw new ControlError('outcome: expected "completed" or "failed"');
      for (const k of ['owner', 'label', 'error_message'] as const) if (b[k] !== undefined && typeof b[k] !== 'string') throw new ControlError(`${k}: expected a string`);
      let t: Partial<JobTiming> | undefined;
      if (b.timing !== undefined) {
        if (!isRecord(b.timing)) throw new ControlError('timing: expected { pendingMs?, runningMs? }');
        t = {};
        for (const k of ['pendingMs', 'runningMs'] as const) {
          const v = b.timing[k];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ControlError(`timing.${k}: expected a number >= 0`);
          t[k] = v;
        }
      }
      checkedOptions(FULL_RESULTS, b); // the errors, before anything is created
      const id = createJob({
        outcome: b.outcome as Outcome | undefined,
        owner: b.owner as string | undefined,
        label: b.label as string | undefined,
        errorMessage: b.error_message as string | undefined,
        timing: t,
        sections: b.sections as CreateJobOptions['sections'],
        pdb: b.pdb as PdbMode | undefined,
        drift: b.drift as boolean | undefined,
        hostile: b.hostile as boolean | undefined,
      });
      const job = find(id);
      return { id, job: jobView(job, jobState(job, clock.now())) };
    },
    'POST options': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { job_id, sections?, pdb?, drift?, hostile? }');
      const job = find(body.job_id);
      job.options = checkedOptions(job.options, body);
      return { id: job.id, options: job.options };
    },
    'POST status': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { job_id, status }');
      const job = find(body.job_id);
      if (body.status !== null && typeof body.status !== 'string') throw new ControlError('status: expected a string or null');
      if (body.status === null) delete job.rawStatus;
      else job.rawStatus = body.status;
      return jobView(job, jobState(job, clock.now()));
    },
    'POST cancel': (body) => {
      const id = isRecord(body) ? body.job_id : undefined;
      if (typeof id !== 'string') throw new ControlError('job_id: expected a string');
      cancel(id);
      const job = find(id);
      return jobView(job, jobState(job, clock.now()));
    },
  };

  const emulator = await startEmulator({
    name: 'humanization',
    routes,
    clock,
    port: options.port,
    control,
    resetState: () => {
      tokens.reset();
      jobs.clear();
      timing.reset();
      created = 0;
      seed();
    },
  });

  const seeded = Object.fromEntries(SEED_NAMES.map((n) => [n, seedJobId(n)])) as Record<SeedName, string>;
  return Object.assign(emulator, timing.handles(), {
    demoToken,
    seedUser,
    seeded,
    issueToken: (user = seedUser, ttlMs?: number) => tokens.issue(user, ttlMs).token,
    expireTokens: (user?: string) => tokens.expire(user),
    createJob,
    setOptions: (jobId: string, opts: Record<string, unknown>) => {
      const job = find(jobId);
      job.options = checkedOptions(job.options, opts);
      return job.options;
    },
    setRawStatus: (jobId: string, status: string | null) => {
      const job = find(jobId);
      if (status === null) delete job.rawStatus;
      else job.rawStatus = status;
    },
    cancel,
    response: (jobId: string) => jobResponse(find(jobId), clock.now(), emulator.url),
  });
}

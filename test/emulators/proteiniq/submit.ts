/**
 * POST /api/v1/jobs/quote and POST /api/v1/jobs (https://proteiniq.io/docs/api/jobs): the same
 * checks for both — the body (validate.ts), the tool, its input and settings, then credits and
 * limits (workspace.ts) — which a quote lists as `blocking_errors` (200, each `{ code, message,
 * details }`, invalid input as `validation_error` with `details.field`) and a submission answers
 * as an error (400 `validation_error` with `details.errors: [{ field, message }]`, or 402
 * `insufficient_credits` / `concurrent_job_limit_exceeded` / `daily_limit_exceeded`). A created job
 * is 202 with the job resource; idempotent replays as idempotency.ts says. Every submission is
 * recorded (created, replayed, conflict, refused) for the crash test and the benchmarks.
 */
import type { EmulatorRequest, Reply } from '../common';
import { budgetMs, estimate } from './billing';
import { apiError } from './errors';
import { fingerprint, IdempotencyStore, idempotencyKey } from './idempotency';
import { DEFAULT_FAILURE, jobResource, newJobId, type JobStore } from './jobs';
import type { ApiKey } from './keys';
import type { JobTiming, Outcome } from './lifecycle';
import type { Submission, SubmissionOutcome } from './stats';
import { findTool, type Tool } from './tools';
import { inputOf, jobSpec, jsonBody, settingsProblems, type JobSpec, type Problem, type ProteinInput } from './validate';
import type { Workspaces } from './workspace';

/** What the outcome predicate sees of a submission. */
export interface SubmittedJob {
  name: string;
  tool: string;
  workspace: string;
  residues: string;
}

type LimitCode = 'insufficient_credits' | 'concurrent_job_limit_exceeded' | 'daily_limit_exceeded';

export class Submitter {
  private records: Submission[] = [];
  private readonly idempotency = new IdempotencyStore();

  constructor(
    private readonly jobs: JobStore,
    private readonly workspaces: Workspaces,
    private readonly timing: () => JobTiming,
    private readonly outcomeOf: (job: SubmittedJob) => Outcome,
  ) {}

  quote(req: EmulatorRequest, key: ApiKey): Reply {
    const body = jsonBody(req);
    if (!body.ok) return body.reply;
    const { spec, tool, problems } = this.check(body.value, false);
    const est = tool ? estimate(tool, spec.maxReservedCredits) : { mode: 'fixed' as const, estimated: 0, billable: 0 };
    const blocking: { code: string; message: string; details?: Record<string, unknown> }[] = problems.map((p) => ({ code: 'validation_error', message: `${p.field}: ${p.message}`, details: { field: p.field } }));
    blocking.push(...this.limitProblems(key.workspace, est.billable, req.now));
    return {
      status: 200,
      body: {
        object: 'job_quote',
        tool: spec.tool === '' ? null : spec.tool,
        estimated_credits: est.estimated,
        available_credits: this.workspaces.usage(key.workspace, req.now).availableCredits,
        billable_credits: est.billable,
        blocking_errors: blocking,
        limits: this.workspaces.limits(key.workspace, req.now),
        billing: { mode: est.mode },
      },
    };
  }

  create(req: EmulatorRequest, key: ApiKey): Reply {
    const idem = idempotencyKey(req);
    if (!idem.ok) return this.record(req, key, null, 'refused', idem.reply, null);
    const idemKey = idem.key ?? null;
    const body = jsonBody(req);
    if (!body.ok) return this.record(req, key, idemKey, 'refused', body.reply, null);
    const print = fingerprint(body.value);
    if (idem.key !== undefined) {
      const seen = this.idempotency.lookup(key.workspace, idem.key, print, req.now);
      if (seen.kind === 'replay') return this.record(req, key, idemKey, 'replayed', seen.reply, seen.jobId);
      if (seen.kind === 'mismatch') return this.record(req, key, idemKey, 'conflict', seen.reply, null);
    }
    const { spec, tool, input, problems } = this.check(body.value, true);
    if (problems.length > 0 || !tool || !input) return this.record(req, key, idemKey, 'refused', apiError('validation_error', 'Invalid request data', { details: { errors: problems } }), null);
    const est = estimate(tool, spec.maxReservedCredits);
    const [limit] = this.limitProblems(key.workspace, est.billable, req.now);
    if (limit) return this.record(req, key, idemKey, 'refused', apiError(limit.code, limit.message, { details: limit.details }), null);
    const reservation = tool.billing.mode === 'runtime' ? est.billable : undefined;
    const budget = reservation === undefined ? undefined : budgetMs(tool, reservation);
    const job = this.jobs.add({
      id: newJobId(),
      workspace: key.workspace,
      name: spec.name,
      tool,
      ...(reservation === undefined ? {} : { reservation }),
      ...(budget === undefined ? {} : { budgetMs: budget }),
      input,
      settings: spec.settings,
      submittedAt: req.now,
      timing: this.timing(),
      outcome: this.outcomeOf({ name: spec.name, tool: tool.id, workspace: key.workspace, residues: input.residues }),
      errorMessage: DEFAULT_FAILURE,
      ...(idem.key === undefined ? {} : { idempotencyKey: idem.key }),
      seeded: false,
    });
    const reply: Reply = { status: 202, body: jobResource(job, req.now) };
    if (idem.key !== undefined) this.idempotency.store(key.workspace, idem.key, print, req.now, reply.status, reply.body, job.id);
    return this.record(req, key, idemKey, 'created', reply, job.id);
  }

  submissions(): Submission[] {
    return this.records.map((s) => ({ ...s }));
  }

  created(): number {
    return this.records.filter((s) => s.outcome === 'created').length;
  }

  reset(): void {
    this.records = [];
    this.idempotency.clear();
  }

  /** The spec's problems plus the tool's: unknown tool, input, settings. */
  private check(body: Record<string, unknown>, requireName: boolean): { spec: JobSpec; tool?: Tool; input?: ProteinInput; problems: Problem[] } {
    const { spec, problems } = jobSpec(body, { requireName });
    const tool = spec.tool === '' ? undefined : findTool(spec.tool);
    if (spec.tool !== '' && !tool) problems.push({ field: 'tool', message: `unknown tool '${spec.tool}' (GET /api/v1/tools lists them)` });
    if (!tool) return { spec, problems };
    const input = inputOf(body.input, tool);
    problems.push(...input.problems, ...settingsProblems(spec.settings, tool));
    return { spec, tool, input: input.value, problems };
  }

  /** What stops submitting `billable` credits now, as error codes. */
  private limitProblems(workspace: string, billable: number, now: number): { code: LimitCode; message: string; details: Record<string, unknown> }[] {
    const s = this.workspaces.get(workspace);
    const u = this.workspaces.usage(workspace, now);
    const out: { code: LimitCode; message: string; details: Record<string, unknown> }[] = [];
    if (billable > u.availableCredits) out.push({ code: 'insufficient_credits', message: `This job needs ${billable} credits; the workspace has ${u.availableCredits}`, details: { required_credits: billable, available_credits: u.availableCredits } });
    if (u.activeJobs >= s.maxConcurrentJobs) out.push({ code: 'concurrent_job_limit_exceeded', message: `The workspace already has ${u.activeJobs} active jobs (at most ${s.maxConcurrentJobs})`, details: { active_concurrent_jobs: u.activeJobs, max_concurrent_jobs: s.maxConcurrentJobs } });
    if (u.dailyUsed >= s.dailyLimitMax) out.push({ code: 'daily_limit_exceeded', message: `The workspace reached its daily limit of ${s.dailyLimitMax} jobs`, details: { daily_limit_used: u.dailyUsed, daily_limit_max: s.dailyLimitMax } });
    return out;
  }

  private record(req: EmulatorRequest, key: ApiKey, idemKey: string | null, outcome: SubmissionOutcome, reply: Reply, jobId: string | null): Reply {
    this.records.push({ at: req.now, workspace: key.workspace, idempotencyKey: idemKey, outcome, status: reply.status, jobId });
    return reply;
  }
}

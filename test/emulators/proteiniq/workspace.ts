/**
 * Workspaces: name, credit balance and limits (the quote's `available_credits` and `limits`, GET
 * /api/v1/account). Balances and counts are computed from the jobs at the instant asked, so they
 * follow virtual time: a finished runtime job releases what it did not spend, a cancelled job is
 * refunded. Defaults are the emulator's (the documents' 500 / 3 / 100 are an example): 10,000
 * credits, 5 concurrent jobs (PENDING, QUEUED or PROCESSING), 100 jobs per UTC day.
 */
import { ControlError, isRecord, type ControlHandler } from '../common';
import { heldCredits } from './billing';
import { stateOf, type JobStore } from './jobs';
import { isTerminal } from './lifecycle';

export interface WorkspaceSettings {
  name: string;
  /** Balance before any job. */
  credits: number;
  maxConcurrentJobs: number;
  dailyLimitMax: number;
}

export const DEFAULT_WORKSPACE_SETTINGS: Omit<WorkspaceSettings, 'name'> = { credits: 10_000, maxConcurrentJobs: 5, dailyLimitMax: 100 };

export interface Usage {
  availableCredits: number;
  activeJobs: number;
  dailyUsed: number;
}

const DAY = 86_400_000;

export class Workspaces {
  private settings = new Map<string, WorkspaceSettings>();
  private readonly ids: string[];

  constructor(
    ids: readonly string[],
    private readonly initial: Readonly<Record<string, Partial<WorkspaceSettings>>>,
    private readonly jobs: JobStore,
  ) {
    this.ids = [...ids];
    this.reset();
  }

  get(id: string): WorkspaceSettings {
    const s = this.settings.get(id);
    if (!s) throw new ControlError(`workspace: no workspace '${id}'`);
    return { ...s };
  }

  set(id: string, patch: Partial<WorkspaceSettings>): WorkspaceSettings {
    const next = { ...this.get(id), ...patch };
    for (const k of ['credits', 'maxConcurrentJobs', 'dailyLimitMax'] as const) {
      if (!Number.isSafeInteger(next[k]) || next[k] < 0) throw new ControlError(`${k}: expected an integer >= 0, got ${String(next[k])}`);
    }
    if (typeof next.name !== 'string' || next.name === '') throw new ControlError('name: expected a non-empty string');
    this.settings.set(id, next);
    return { ...next };
  }

  usage(id: string, now: number): Usage {
    const dayStart = Math.floor(now / DAY) * DAY;
    let held = 0;
    let active = 0;
    let daily = 0;
    for (const job of this.jobs.listFor(id)) {
      if (job.submittedAt > now) continue;
      const s = stateOf(job, now);
      held += heldCredits(job, s);
      if (!isTerminal(s.status)) active++;
      if (job.submittedAt >= dayStart) daily++;
    }
    return { availableCredits: this.get(id).credits - held, activeJobs: active, dailyUsed: daily };
  }

  /** The quote's `limits`. */
  limits(id: string, now: number) {
    const s = this.get(id);
    const u = this.usage(id, now);
    return { active_concurrent_jobs: u.activeJobs, max_concurrent_jobs: s.maxConcurrentJobs, daily_limit_used: u.dailyUsed, daily_limit_max: s.dailyLimitMax };
  }

  reset(): void {
    this.settings.clear();
    for (const id of this.ids) this.settings.set(id, { name: id, ...DEFAULT_WORKSPACE_SETTINGS, ...this.initial[id] });
  }

  /** `workspace` defaults to the first. */
  readonly control: Record<string, ControlHandler> = {
    /** query: workspace? → { id, name, credits, maxConcurrentJobs, dailyLimitMax } */
    'GET workspace': (_body, query) => {
      const id = query.get('workspace') ?? this.ids[0];
      return { id, ...this.get(id) };
    },
    /** body: { workspace?, name?, credits?, maxConcurrentJobs?, dailyLimitMax? } → the settings now */
    'POST workspace': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { workspace?, name?, credits?, maxConcurrentJobs?, dailyLimitMax? }');
      const id = body.workspace === undefined ? this.ids[0] : body.workspace;
      if (typeof id !== 'string') throw new ControlError('workspace: expected a string');
      const patch: Partial<WorkspaceSettings> = {};
      if (body.name !== undefined) {
        if (typeof body.name !== 'string') throw new ControlError('name: expected a string');
        patch.name = body.name;
      }
      for (const k of ['credits', 'maxConcurrentJobs', 'dailyLimitMax'] as const) {
        const v = body[k];
        if (v === undefined) continue;
        if (typeof v !== 'number') throw new ControlError(`${k}: expected a number`);
        patch[k] = v;
      }
      return { id, ...this.set(id, patch) };
    },
  };
}

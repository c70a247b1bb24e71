/**
 * The job state machine, a pure function of the emulator clock (no timers): virtual time moves
 * every job at once and a test can stop at any instant.
 *
 *   completed  pending (pendingMs) → running (runningMs) → completed
 *   failed     pending → running (runningMs / 2) → failed (error_message)
 *   canceled   a cancellation stops either walk at that instant (canceled_at)
 *
 * While running, the pipeline's parts become available in order, as fractions of the run:
 * humanization rows at 0.4, structure at 0.6, stability and immunogenicity at 0.8, the complex
 * only with completion. A failure halfway through therefore leaves the humanization rows.
 * A raw status set by the control endpoint replaces only the `status` string.
 */

/** The document shows "pending"; the rest is the vocabulary its timestamps imply. */
export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type Outcome = 'completed' | 'failed';

export interface JobTiming {
  pendingMs: number;
  runningMs: number;
}

export interface Lifecycle {
  createdAt: number;
  timing: JobTiming;
  outcome: Outcome;
  canceledAt?: number;
}

export interface JobState {
  status: JobStatus;
  startedAt: number | null;
  /** When it completed or failed (completed_at); null otherwise. */
  completedAt: number | null;
  canceledAt: number | null;
  /** Fraction of the run done, 0–1 (frozen at a failure or cancellation). */
  progress: number;
}

export const FAILURE_POINT = 0.5;

/** When the part that needs `fraction` of the run became available, or null if it has not (yet). */
export const STAGES = { results: 0.4, structure: 0.6, stability: 0.8, immunogenicity: 0.8, complex: 1 } as const;
export type Stage = keyof typeof STAGES;

export function jobState(job: Lifecycle, now: number): JobState {
  const canceled = job.canceledAt !== undefined && job.canceledAt <= now;
  const runMs = job.outcome === 'failed' ? job.timing.runningMs * FAILURE_POINT : job.timing.runningMs;
  const startedAt = job.createdAt + job.timing.pendingMs;
  const endsAt = startedAt + runMs;
  // A cancellation after the end changes nothing (the control endpoint refuses it anyway).
  if (canceled && (job.canceledAt as number) < endsAt) {
    const at = job.canceledAt as number;
    const started = at >= startedAt;
    return { status: 'canceled', startedAt: started ? startedAt : null, completedAt: null, canceledAt: at, progress: started ? fractionAt(job, at) : 0 };
  }
  if (now < startedAt) return { status: 'pending', startedAt: null, completedAt: null, canceledAt: null, progress: 0 };
  if (now < endsAt) return { status: 'running', startedAt, completedAt: null, canceledAt: null, progress: fractionAt(job, now) };
  return job.outcome === 'failed'
    ? { status: 'failed', startedAt, completedAt: endsAt, canceledAt: null, progress: FAILURE_POINT }
    : { status: 'completed', startedAt, completedAt: endsAt, canceledAt: null, progress: 1 };
}

function fractionAt(job: Lifecycle, at: number): number {
  const run = job.timing.runningMs;
  return run <= 0 ? 1 : Math.min(1, Math.max(0, (at - job.createdAt - job.timing.pendingMs) / run));
}

/** When a stage's output appeared, or null if the job never got that far (by `state`). */
export function stageTime(job: Lifecycle, state: JobState, stage: Stage): number | null {
  const need = STAGES[stage];
  if (state.startedAt === null) return null;
  if (need === 1 ? state.status !== 'completed' : state.progress < need) return null;
  return state.startedAt + need * job.timing.runningMs;
}

export function isFinished(state: JobState): boolean {
  return state.status === 'completed' || state.status === 'failed' || state.status === 'canceled';
}

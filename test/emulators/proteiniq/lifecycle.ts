/**
 * The job state machine, a pure function of the emulator clock (no timers), so virtual time moves
 * every job at once and a test can stop at any instant.
 *
 *   PENDING (pendingMs) → QUEUED (queuedMs) → PROCESSING (progress 0→95 in steps of 5) → terminal
 *
 * The outcome, fixed at submission (and changeable by the control endpoint until the job ends):
 *   completed        COMPLETED after processingMs, progress 100
 *   failed           FAILED halfway through processing, progress frozen (with `error`)
 *   timeout          TIMEOUT at the end of processingMs (the time limit), progress frozen
 *   budget_exceeded  BUDGET_EXCEEDED when a runtime-billed job has spent its reservation
 *                    (`budgetMs` of processing), or halfway when forced on another job
 * A runtime-billed job whose reservation runs out before processingMs ends BUDGET_EXCEEDED
 * whatever its outcome says. A cancellation (PENDING or QUEUED only) stops the walk: CANCELLED.
 */

export const JOB_STATUSES = ['PENDING', 'QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'BUDGET_EXCEEDED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** The document's terminal statuses for client workflows. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'BUDGET_EXCEEDED'];
/** The results page: results exist for these (FAILED only "with stored output", never here). */
export const RESULT_READY: readonly JobStatus[] = ['COMPLETED', 'BUDGET_EXCEEDED'];
export const CANCELLABLE: readonly JobStatus[] = ['PENDING', 'QUEUED'];

export const OUTCOMES = ['completed', 'failed', 'timeout', 'budget_exceeded'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface JobTiming {
  pendingMs: number;
  queuedMs: number;
  processingMs: number;
}

export interface Lifecycle {
  submittedAt: number;
  timing: JobTiming;
  outcome: Outcome;
  /** Processing time the reservation pays for (runtime billing only). */
  budgetMs?: number;
  cancelledAt?: number;
}

export interface JobState {
  status: JobStatus;
  /** 0–100, a multiple of 5; 100 only when COMPLETED. */
  progress: number;
  /** When processing began; null before (and for a job cancelled before it began). */
  startedAt: number | null;
  /** When the job reached its terminal status; null until then. */
  endedAt: number | null;
  /** Time spent processing so far (or in all, once ended). */
  processedMs: number;
}

export function isTerminal(s: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(s);
}

/** How the job ends and after how much processing. */
function ending(job: Lifecycle): { status: JobStatus; afterMs: number } {
  const p = job.timing.processingMs;
  const planned: { status: JobStatus; afterMs: number } =
    job.outcome === 'failed'
      ? { status: 'FAILED', afterMs: p / 2 }
      : job.outcome === 'timeout'
        ? { status: 'TIMEOUT', afterMs: p }
        : job.outcome === 'budget_exceeded'
          ? { status: 'BUDGET_EXCEEDED', afterMs: Math.min(job.budgetMs ?? p / 2, p) }
          : { status: 'COMPLETED', afterMs: p };
  if (job.budgetMs !== undefined && job.budgetMs < planned.afterMs) return { status: 'BUDGET_EXCEEDED', afterMs: job.budgetMs };
  return planned;
}

export function jobState(job: Lifecycle, now: number): JobState {
  const { pendingMs, queuedMs, processingMs } = job.timing;
  const start = job.submittedAt + pendingMs + queuedMs;
  const end = ending(job);
  const endAt = start + end.afterMs;
  const cancelled = job.cancelledAt !== undefined && job.cancelledAt <= now && job.cancelledAt < start;
  if (cancelled) return { status: 'CANCELLED', progress: 0, startedAt: null, endedAt: job.cancelledAt as number, processedMs: 0 };
  if (now < job.submittedAt + pendingMs) return { status: 'PENDING', progress: 0, startedAt: null, endedAt: null, processedMs: 0 };
  if (now < start) return { status: 'QUEUED', progress: 0, startedAt: null, endedAt: null, processedMs: 0 };
  const progressAt = (ms: number) => Math.min(95, Math.floor((processingMs === 0 ? 1 : ms / processingMs) * 20) * 5);
  if (now < endAt) return { status: 'PROCESSING', progress: progressAt(now - start), startedAt: start, endedAt: null, processedMs: now - start };
  return { status: end.status, progress: end.status === 'COMPLETED' ? 100 : progressAt(end.afterMs), startedAt: start, endedAt: endAt, processedMs: end.afterMs };
}

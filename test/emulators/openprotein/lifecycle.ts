/**
 * The job state machine, as a pure function of the emulator clock (no timers), so virtual time
 * (clock.advance, POST /__control/advance) moves every job at once and a test can stop at any instant.
 *
 * At submission a job gets an outcome and the timing of that moment; both fix its phases:
 *   success  PENDING (pendingMs) → RUNNING (runningMs, progress 0→99) → SUCCESS (100)
 *   failure  PENDING → RUNNING (runningMs / 2, progress 0→49) → FAILURE (progress frozen at 50)
 *   retry    PENDING → RUNNING (runningMs / 2, 0→49) → RETRYING (retryingMs, progress 0: the attempt
 *            is thrown away) → RUNNING (runningMs, 0→99, attempt 2) → SUCCESS
 * A cancellation stops the walk at that instant: CANCELED, progress frozen where it was.
 */

/** In the order of the API's own JobStatus enum. */
export const JOB_STATUSES = ['PENDING', 'RETRYING', 'RUNNING', 'SUCCESS', 'FAILURE', 'CANCELED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['SUCCESS', 'FAILURE', 'CANCELED'];

export type Outcome = 'success' | 'failure' | 'retry';

export interface JobTiming {
  pendingMs: number;
  /** One full attempt; a failing (or retried) attempt stops halfway. */
  runningMs: number;
  /** Time between a lost attempt and the next (retry outcome only). */
  retryingMs: number;
}

export interface Lifecycle {
  submittedAt: number;
  timing: JobTiming;
  outcome: Outcome;
  /** Set by a cancellation of a job that was not finished yet. */
  canceledAt?: number;
}

export interface JobState {
  status: JobStatus;
  /** When the first attempt began; null while PENDING (or canceled before it began). */
  startedAt: number | null;
  /** When the job reached its terminal status; null until then. */
  endedAt: number | null;
  /** 0–100; 100 only on SUCCESS. */
  progress: number;
  /** What the worker is doing; null when nothing runs (PENDING and terminal states). */
  message: string | null;
  /** 1 for the first attempt, 2 after a retry. */
  attempt: number;
}

interface Phase {
  status: 'PENDING' | 'RUNNING' | 'RETRYING';
  ms: number;
  /** Progress reached at the end of a RUNNING phase (exclusive: shown values stay below it). */
  progressTo: number;
  attempt: number;
}

export const FAILURE_PROGRESS = 50;

function phasesOf(outcome: Outcome, t: JobTiming): Phase[] {
  const pending: Phase = { status: 'PENDING', ms: t.pendingMs, progressTo: 0, attempt: 1 };
  const halfRun: Phase = { status: 'RUNNING', ms: t.runningMs / 2, progressTo: FAILURE_PROGRESS, attempt: 1 };
  switch (outcome) {
    case 'success':
      return [pending, { status: 'RUNNING', ms: t.runningMs, progressTo: 100, attempt: 1 }];
    case 'failure':
      return [pending, halfRun];
    case 'retry':
      return [pending, halfRun, { status: 'RETRYING', ms: t.retryingMs, progressTo: 0, attempt: 2 }, { status: 'RUNNING', ms: t.runningMs, progressTo: 100, attempt: 2 }];
  }
}

/** The stages of a ColabFold-style MSA search, by progress of the attempt. */
const STAGES: readonly { below: number; message: string }[] = [
  { below: 40, message: 'searching UniRef30 (MMseqs2)' },
  { below: 65, message: 'searching environmental sequences (ColabFold DB)' },
  { below: 90, message: 'aligning homologs' },
  { below: 101, message: 'filtering and writing the A3M' },
];

export function stageMessage(progress: number): string {
  return (STAGES.find((s) => progress < s.below) ?? STAGES[STAGES.length - 1]).message;
}

export function jobState(job: Lifecycle, now: number): JobState {
  const canceled = job.canceledAt !== undefined && job.canceledAt <= now;
  const at = canceled ? (job.canceledAt as number) : now;
  const phases = phasesOf(job.outcome, job.timing);
  let t = job.submittedAt;
  let startedAt: number | null = null;
  let last = phases[0];
  for (const phase of phases) {
    if (phase.status === 'RUNNING' && startedAt === null && at >= t) startedAt = t;
    if (at < t + phase.ms) {
      const state = inPhase(phase, (at - t) / phase.ms, startedAt);
      return canceled ? { ...state, status: 'CANCELED', message: null, endedAt: at } : state;
    }
    t += phase.ms;
    last = phase;
  }
  // Every phase is over: the job finished at t (a later cancellation changes nothing).
  const failed = job.outcome === 'failure';
  return {
    status: failed ? 'FAILURE' : 'SUCCESS',
    startedAt: startedAt ?? t,
    endedAt: t,
    progress: failed ? FAILURE_PROGRESS : 100,
    message: null,
    attempt: last.attempt,
  };
}

function inPhase(phase: Phase, fraction: number, startedAt: number | null): JobState {
  const base = { startedAt, endedAt: null, attempt: phase.attempt };
  switch (phase.status) {
    case 'PENDING':
      return { ...base, status: 'PENDING', progress: 0, message: null };
    case 'RETRYING':
      return { ...base, status: 'RETRYING', progress: 0, message: `attempt ${phase.attempt - 1} lost its worker; retrying (attempt ${phase.attempt})` };
    case 'RUNNING': {
      const progress = Math.min(phase.progressTo - 1, Math.floor(phase.progressTo * fraction));
      return { ...base, status: 'RUNNING', progress: Math.max(0, progress), message: stageMessage(progress) };
    }
  }
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

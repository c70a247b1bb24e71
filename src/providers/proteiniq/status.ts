/**
 * ProteinIQ job statuses in Bio Jobs' words. Pure. The document names PENDING, QUEUED, PROCESSING
 * and the terminal COMPLETED, FAILED, TIMEOUT, CANCELLED and BUDGET_EXCEEDED; each terminal status
 * has its own sentence. A budget stop is not a crash: the job ran until the credits it was allowed
 * to reserve were spent, so it is shown as stopped (cancelled), with what to change, never as failed.
 */
import { redact } from '../../core/log';
import type { JobFact, JobStatus, StatusUpdate } from '../jobVocabulary';
import type { ProteinIqBilling, ProteinIqJob } from './schemas';

/** Statuses in which ProteinIQ still accepts a cancellation. */
export const CANCELLABLE_STATUSES: ReadonlySet<string> = new Set(['PENDING', 'QUEUED']);
/** Terminal statuses whose output can be fetched (results page: COMPLETED; budget stops show as stopped). */
export const RESULT_READY_STATUSES: ReadonlySet<string> = new Set(['COMPLETED']);

export function mapProteinIqStatus(raw: string): JobStatus {
  switch (raw.trim().toUpperCase()) {
    case 'PENDING':
    case 'QUEUED':
      return 'queued';
    case 'PROCESSING':
      return 'running';
    case 'COMPLETED':
      return 'succeeded';
    case 'FAILED':
    case 'TIMEOUT':
      return 'failed';
    case 'CANCELLED':
    case 'BUDGET_EXCEEDED':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** Server text for a message: one line, redacted, bounded (surfaces escape it again). */
export function serverText(text: string, max = 300): string {
  const one = redact(text.replace(/\s+/g, ' ').trim());
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function apiError(job: ProteinIqJob): string | undefined {
  const e = job.error;
  const text = typeof e === 'string' ? e : (e?.message ?? e?.code ?? undefined);
  return text && text.trim() ? serverText(text) : undefined;
}

function refundNote(billing: ProteinIqBilling | null | undefined): string {
  return billing?.outcome === 'refunded' ? ' The credits were refunded.' : '';
}

/** The sentence a user reads for a terminal (or unknown) status; undefined while running or done. */
export function statusMessage(job: ProteinIqJob): string | undefined {
  const raw = job.status.trim().toUpperCase();
  const error = apiError(job);
  switch (raw) {
    case 'PENDING':
    case 'QUEUED':
    case 'PROCESSING':
    case 'COMPLETED':
      return undefined;
    case 'FAILED':
      return `${error ? `ProteinIQ reports: ${error}` : 'The job failed at ProteinIQ (no reason given).'}${refundNote(job.billing)}`;
    case 'TIMEOUT':
      return `Stopped at ProteinIQ's execution time limit${error ? ` (${error})` : ''}; a shorter input or lighter settings may fit.${refundNote(job.billing)}`;
    case 'CANCELLED':
      return `Cancelled at ProteinIQ.${refundNote(job.billing)}`;
    case 'BUDGET_EXCEEDED': {
      const reserved = job.billing?.reserved_credits;
      const spent = reserved != null ? `all ${reserved} reserved credits` : 'its reserved credits';
      return `Stopped at its credit budget: it used ${spent} before finishing. Not an error — raise "biojobs.proteiniq.maxReservedCredits" (billing.max_reserved_credits) to let such a job run longer.`;
    }
    default:
      return `ProteinIQ reports a status Bio Jobs does not know ("${serverText(job.status, 60)}"); it keeps checking.`;
  }
}

function billingFact(b: ProteinIqBilling): string {
  const parts: string[] = [];
  if (b.mode === 'fixed') parts.push('fixed price');
  else if (b.mode === 'runtime') parts.push(`per minute${b.rate_credits_per_minute != null ? ` (${b.rate_credits_per_minute} credits/min)` : ''}`);
  else if (b.mode) parts.push(serverText(b.mode, 40));
  if (b.reserved_credits != null) parts.push(`${b.reserved_credits} reserved`);
  if (b.outcome) parts.push(serverText(b.outcome.replace(/_/g, ' '), 40));
  return parts.join(', ');
}

export function jobFacts(job: ProteinIqJob): JobFact[] {
  const facts: JobFact[] = [];
  if (job.tool) facts.push({ label: 'Tool', value: serverText(job.tool, 60) });
  if (job.credits_used != null) facts.push({ label: 'Credits used', value: String(job.credits_used) });
  if (job.billing) {
    const b = billingFact(job.billing);
    if (b) facts.push({ label: 'Billing', value: b });
  }
  if (job.execution_time_seconds != null) facts.push({ label: 'Run time', value: `${job.execution_time_seconds} s` });
  return facts;
}

/** A job resource as a status update: status, progress while processing, facts, cancellability, wording. */
export function statusOf(job: ProteinIqJob): StatusUpdate {
  const raw = job.status.trim().toUpperCase();
  const status = mapProteinIqStatus(raw);
  const percent = typeof job.progress === 'number' && Number.isFinite(job.progress) ? Math.max(0, Math.min(100, job.progress)) : undefined;
  return {
    status,
    rawStatus: job.status,
    progress: raw === 'PROCESSING' && percent !== undefined ? { percent } : undefined,
    message: statusMessage(job),
    facts: jobFacts(job),
    cancellable: CANCELLABLE_STATUSES.has(raw),
  };
}

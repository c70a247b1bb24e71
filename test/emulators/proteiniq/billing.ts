/**
 * What a job costs, as its job resource reports it (`credits_used` and the `billing` object of
 * https://proteiniq.io/docs/api/jobs) and as the workspace balance feels it. The field names are
 * the document's; their values are the emulator's reading:
 * - fixed price: charged at submission ("credits are deducted when a paid job is submitted",
 *   docs/jobs); refunded when CANCELLED or FAILED (platform failures are refunded), kept on
 *   TIMEOUT. billing: mode "fixed", final_credits / outcome ("charged" | "refunded") /
 *   finalized_at once terminal, the runtime fields null.
 * - runtime ("runtime"): the reservation (`max_reserved_credits`, else the tool's default) is held
 *   while the job runs; it is charged rate × minutes processed (rounded up), at most the
 *   reservation; spending it all ends the job BUDGET_EXCEEDED (outcome "budget_exceeded").
 *   A cancelled job is charged nothing (outcome "refunded").
 * - free tools (0 credits) have no billing metadata, so their job resource has no `billing`.
 */
import { isTerminal, type JobState } from './lifecycle';
import type { BillingMode, Tool } from './tools';

export interface Priced {
  tool: Tool;
  /** Runtime billing: the credits held for the job. */
  reservation?: number;
}

export interface BillingView {
  mode: BillingMode;
  reserved_credits: number | null;
  final_credits: number | null;
  rate_credits_per_minute: number | null;
  billable_runtime_seconds: number | null;
  outcome: 'charged' | 'refunded' | 'budget_exceeded' | null;
  finalized_at: string | null;
}

export interface Estimate {
  mode: BillingMode;
  estimated: number;
  /** A fixed price, or the initial runtime reservation. */
  billable: number;
}

export function estimate(tool: Tool, maxReservedCredits: number | undefined): Estimate {
  const b = tool.billing;
  if (b.mode === 'fixed') return { mode: 'fixed', estimated: b.credits, billable: b.credits };
  return { mode: 'runtime', estimated: Math.ceil(b.typicalMinutes * b.ratePerMinute), billable: maxReservedCredits ?? b.defaultReservation };
}

/** Processing time the reservation pays for. */
export function budgetMs(tool: Tool, reservation: number): number | undefined {
  return tool.billing.mode === 'runtime' ? (reservation / tool.billing.ratePerMinute) * 60_000 : undefined;
}

export function creditsUsed(job: Priced, s: JobState): number {
  const b = job.tool.billing;
  if (b.mode === 'fixed') return s.status === 'CANCELLED' || s.status === 'FAILED' ? 0 : b.credits;
  if (s.status === 'CANCELLED') return 0;
  return Math.min(job.reservation ?? b.defaultReservation, Math.ceil((s.processedMs / 60_000) * b.ratePerMinute));
}

/** What the workspace balance is missing because of this job now. */
export function heldCredits(job: Priced, s: JobState): number {
  const b = job.tool.billing;
  if (b.mode === 'runtime' && !isTerminal(s.status)) return job.reservation ?? b.defaultReservation;
  return creditsUsed(job, s);
}

export function billingView(job: Priced, s: JobState): BillingView | undefined {
  const b = job.tool.billing;
  if (b.mode === 'fixed' && b.credits === 0) return undefined;
  const done = isTerminal(s.status);
  const used = creditsUsed(job, s);
  const finalized_at = done && s.endedAt !== null ? new Date(s.endedAt).toISOString() : null;
  if (b.mode === 'fixed') {
    return { mode: 'fixed', reserved_credits: null, final_credits: done ? used : null, rate_credits_per_minute: null, billable_runtime_seconds: null, outcome: done ? (used > 0 ? 'charged' : 'refunded') : null, finalized_at };
  }
  const outcome = !done ? null : s.status === 'CANCELLED' ? 'refunded' : s.status === 'BUDGET_EXCEEDED' ? 'budget_exceeded' : 'charged';
  return {
    mode: 'runtime',
    reserved_credits: job.reservation ?? b.defaultReservation,
    final_credits: done ? used : null,
    rate_credits_per_minute: b.ratePerMinute,
    billable_runtime_seconds: Math.round(s.processedMs / 1000),
    outcome,
    finalized_at,
  };
}

/** Every ProteinIQ status in Bio Jobs' words: normalised status, progress, cancellability, wording, facts. */
import * as assert from 'node:assert/strict';
import type { ProteinIqJob } from '../../../../src/providers/proteiniq/schemas';
import { mapProteinIqStatus, statusOf } from '../../../../src/providers/proteiniq/status';

const job = (status: string, extra: Partial<ProteinIqJob> = {}): ProteinIqJob => ({
  id: 'job_1',
  object: 'job',
  status,
  tool: 'esmfold',
  name: 'lysozyme',
  credits_used: 50,
  progress: 0,
  error: null,
  billing: { mode: 'fixed', reserved_credits: null, final_credits: null, rate_credits_per_minute: null, billable_runtime_seconds: null, outcome: null, finalized_at: null },
  ...extra,
});

describe('ProteinIQ statuses', () => {
  it('PENDING: queued, cancellable, no progress shown, no message', () => {
    const u = statusOf(job('PENDING'));
    assert.deepEqual([u.status, u.rawStatus, u.cancellable, u.progress, u.message], ['queued', 'PENDING', true, undefined, undefined]);
  });

  it('QUEUED: queued and still cancellable', () => {
    const u = statusOf(job('QUEUED'));
    assert.deepEqual([u.status, u.cancellable, u.message], ['queued', true, undefined]);
  });

  it('PROCESSING: running with its progress, no longer cancellable', () => {
    const u = statusOf(job('PROCESSING', { progress: 40 }));
    assert.deepEqual([u.status, u.progress?.percent, u.cancellable, u.message], ['running', 40, false, undefined]);
  });

  it('COMPLETED: succeeded, with credits and billing as facts', () => {
    const u = statusOf(job('COMPLETED', { progress: 100, execution_time_seconds: 3, billing: { mode: 'fixed', final_credits: 50, outcome: 'charged' } }));
    assert.equal(u.status, 'succeeded');
    assert.equal(u.message, undefined);
    assert.equal(u.cancellable, false);
    assert.deepEqual(u.facts, [
      { label: 'Tool', value: 'esmfold' },
      { label: 'Credits used', value: '50' },
      { label: 'Billing', value: 'fixed price, charged' },
      { label: 'Run time', value: '3 s' },
    ]);
  });

  it("FAILED: failed, with the API's error and the refund", () => {
    const u = statusOf(job('FAILED', { credits_used: 0, error: 'Structure prediction failed: out of GPU memory', billing: { mode: 'fixed', outcome: 'refunded' } }));
    assert.equal(u.status, 'failed');
    assert.equal(u.message, 'ProteinIQ reports: Structure prediction failed: out of GPU memory The credits were refunded.');
  });

  it('FAILED without a reason says so', () => {
    assert.equal(statusOf(job('FAILED', { error: null, billing: null })).message, 'The job failed at ProteinIQ (no reason given).');
  });

  it('TIMEOUT: failed, worded as the time limit', () => {
    const u = statusOf(job('TIMEOUT', { error: 'The job exceeded its execution time limit' }));
    assert.equal(u.status, 'failed');
    assert.match(u.message ?? '', /^Stopped at ProteinIQ's execution time limit \(The job exceeded its execution time limit\)/);
  });

  it('CANCELLED: cancelled, with the refund', () => {
    const u = statusOf(job('CANCELLED', { credits_used: 0, billing: { mode: 'fixed', outcome: 'refunded' } }));
    assert.deepEqual([u.status, u.message, u.cancellable], ['cancelled', 'Cancelled at ProteinIQ. The credits were refunded.', false]);
  });

  it('BUDGET_EXCEEDED: a stop at the credit budget, not a failure, and what to change', () => {
    const u = statusOf(job('BUDGET_EXCEEDED', { tool: 'boltz-2', credits_used: 5, progress: 5, billing: { mode: 'runtime', reserved_credits: 5, rate_credits_per_minute: 60, outcome: 'budget_exceeded' } }));
    assert.equal(u.status, 'cancelled');
    assert.notEqual(u.status, 'failed');
    assert.match(u.message ?? '', /^Stopped at its credit budget: it used all 5 reserved credits before finishing\. Not an error/);
    assert.match(u.message ?? '', /biojobs\.proteiniq\.maxReservedCredits/);
    assert.deepEqual(u.facts?.find((f) => f.label === 'Billing'), { label: 'Billing', value: 'per minute (60 credits/min), 5 reserved, budget exceeded' });
  });

  it('an unknown status stays unknown (and polled), with the raw text kept', () => {
    const u = statusOf(job('PAUSED_FOR_REVIEW'));
    assert.equal(u.status, 'unknown');
    assert.equal(u.rawStatus, 'PAUSED_FOR_REVIEW');
    assert.match(u.message ?? '', /does not know \("PAUSED_FOR_REVIEW"\)/);
  });

  it('maps case-insensitively and keeps whatever it does not know unknown', () => {
    assert.deepEqual(['pending', 'Processing', 'completed', '', 'DONE'].map(mapProteinIqStatus), ['queued', 'running', 'succeeded', 'unknown', 'unknown']);
  });
});

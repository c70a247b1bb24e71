/**
 * Jobs and their state machine. A job's status is a pure function of the emulator clock:
 *   pending    for timing.pendingMs after submission (queued; `created_at` reads "pending"),
 *   processing for timing.processingMs (a worker has it),
 *   then success — or error when the job was marked to fail at submission.
 * Nothing runs on timers, so virtual time (clock.advance) moves every job at once, and a job keeps
 * the timing it was submitted with (changing the timing never moves a finished job back).
 */
import type { ResolvedFitness } from './fitness';
import { optimise, type ResultSequence } from './optimiser';
import type { Component } from './validate';

export interface JobTiming {
  pendingMs: number;
  processingMs: number;
}

export type JobStatus = 'pending' | 'processing' | 'error' | 'success';

export interface Job {
  /** Lower-case UUID. */
  id: string;
  owner: string;
  name: string;
  submittedAt: number;
  timing: JobTiming;
  fails: boolean;
  /** The request body as submitted: GET /jobs/<id> returns it as `payload`. */
  payload: Record<string, unknown>;
  /** The `sequence` as submitted (string or components). */
  sequence: string | Component[];
  cds: string;
  utrs: string[];
  fitness: ResolvedFitness[];
  /** Computed on first need, then fixed (the optimiser is seeded by the job id anyway). */
  results?: ResultSequence[];
}

export const FAILURE_DETAIL = 'Optimisation failed: the worker reported an error (emulated failure)';

export function jobStatus(job: Job, now: number): JobStatus {
  const elapsed = now - job.submittedAt;
  if (elapsed < job.timing.pendingMs) return 'pending';
  if (elapsed < job.timing.pendingMs + job.timing.processingMs) return 'processing';
  return job.fails ? 'error' : 'success';
}

/** ISO time as the document shows it: microseconds, no zone ("2026-05-11T12:00:00.000000"). */
export function isoMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

/** "pending" until a worker picked the job up, then the submission time. */
export function createdAt(job: Job, now: number): string {
  return jobStatus(job, now) === 'pending' ? 'pending' : isoMicros(job.submittedAt);
}

export function jobResults(job: Job): ResultSequence[] {
  job.results ??= optimise({ cds: job.cds, utrs: job.utrs, fitness: job.fitness, seed: job.id });
  return job.results;
}

export class JobStore {
  private byId = new Map<string, Job>();
  private order: Job[] = [];

  add(job: Job): void {
    this.byId.set(job.id, job);
    this.order.push(job);
  }

  /** Case-insensitive, and only the owner's: another user's job is as unknown as a missing one. */
  get(id: string, owner: string): Job | undefined {
    const job = this.byId.get(id.toLowerCase());
    return job?.owner === owner ? job : undefined;
  }

  /** Any owner's (the operator's view). */
  find(id: string): Job | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The service loses a job (its id becomes unknown). */
  forget(id: string): boolean {
    const job = this.byId.get(id.toLowerCase());
    if (!job) return false;
    this.byId.delete(job.id);
    this.order = this.order.filter((j) => j !== job);
    return true;
  }

  /** The owner's jobs, newest submission first (ties: later submitted first). */
  listFor(owner: string): Job[] {
    return this.order.filter((j) => j.owner === owner).reverse().sort((a, b) => b.submittedAt - a.submittedAt);
  }

  clear(): void {
    this.byId.clear();
    this.order = [];
  }
}

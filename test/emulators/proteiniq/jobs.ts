/**
 * Jobs: what was submitted, the store (per workspace, newest first, cursor pages) and the job
 * resource every single-job route answers with (https://proteiniq.io/docs/api/jobs, "Job
 * resource"). Where that document shows only null, the emulator chose: `error` is a string
 * message on FAILED and TIMEOUT (null otherwise); `execution_time_seconds` is the processing
 * time once terminal; `progress` is 0 before processing, a multiple of 5 while processing,
 * 100 when COMPLETED, frozen where it stopped otherwise.
 */
import { randomBytes } from 'node:crypto';
import { billingView, creditsUsed, type BillingView, type Priced } from './billing';
import { jobState, type JobState, type JobStatus, type Lifecycle } from './lifecycle';
import type { ProteinInput } from './validate';

export interface Job extends Lifecycle, Priced {
  /** `job_` + 20 lower-case letters and digits. */
  id: string;
  workspace: string;
  name: string;
  input: ProteinInput;
  settings: Record<string, unknown>;
  /** The `error` of a FAILED / TIMEOUT job. */
  errorMessage: string;
  idempotencyKey?: string;
  /** Creation order: the tie-break of equal submission times. */
  seq: number;
  seeded: boolean;
}

export interface JobResource {
  id: string;
  object: 'job';
  status: JobStatus;
  tool: string;
  name: string;
  credits_used: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  progress: number;
  execution_time_seconds: number | null;
  error: string | null;
  billing?: BillingView;
}

export const DEFAULT_FAILURE = 'Structure prediction failed: the worker ran out of GPU memory (emulated failure)';
export const TIMEOUT_ERROR = 'The job exceeded its execution time limit';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function newJobId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `job_${[...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function jobResource(job: Job, now: number): JobResource {
  const s = jobState(job, now);
  const billing = billingView(job, s);
  return {
    id: job.id,
    object: 'job',
    status: s.status,
    tool: job.tool.id,
    name: job.name,
    credits_used: creditsUsed(job, s),
    created_at: new Date(job.submittedAt).toISOString(),
    started_at: iso(s.startedAt),
    completed_at: iso(s.endedAt),
    progress: s.progress,
    execution_time_seconds: s.endedAt === null ? null : Math.round(s.processedMs / 100) / 10,
    error: s.status === 'FAILED' ? job.errorMessage : s.status === 'TIMEOUT' ? TIMEOUT_ERROR : null,
    ...(billing ? { billing } : {}),
  };
}

export function stateOf(job: Job, now: number): JobState {
  return jobState(job, now);
}

export type Page = { ok: true; jobs: Job[]; hasMore: boolean } | { ok: false };

export class JobStore {
  private byId = new Map<string, Job>();
  private nextSeq = 1;

  /** Stamps the creation order. */
  add(job: Omit<Job, 'seq'>): Job {
    const stored: Job = { ...job, seq: this.nextSeq++ };
    this.byId.set(stored.id, stored);
    return stored;
  }

  /** Only the workspace's: another workspace's job is "not found", as the documents say. */
  get(id: string, workspace: string): Job | undefined {
    const job = this.byId.get(id);
    return job?.workspace === workspace ? job : undefined;
  }

  /** Any workspace's (control endpoints act as the operator). */
  find(id: string): Job | undefined {
    return this.byId.get(id);
  }

  /** Newest first; equal times: the later created first. */
  listFor(workspace: string): Job[] {
    return [...this.byId.values()].filter((j) => j.workspace === workspace).sort((a, b) => b.submittedAt - a.submittedAt || b.seq - a.seq);
  }

  all(): Job[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  /** `limit` jobs after the cursor job (exclusive); a cursor that is not one of the workspace's jobs fails. */
  page(workspace: string, limit: number, startingAfter: string | undefined): Page {
    const all = this.listFor(workspace);
    let from = 0;
    if (startingAfter !== undefined) {
      const i = all.findIndex((j) => j.id === startingAfter);
      if (i < 0) return { ok: false };
      from = i + 1;
    }
    return { ok: true, jobs: all.slice(from, from + limit), hasMore: from + limit < all.length };
  }

  clear(): void {
    this.byId.clear();
    this.nextSeq = 1;
  }
}

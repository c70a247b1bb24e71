/**
 * The job vocabulary every provider speaks and the jobs layer stores: normalised statuses, status
 * updates, remote summaries and result payloads. It lives here, below `jobs/`, so that imports only
 * point down (core ← providers ← jobs ← ui). vscode-free, no imports.
 */

/** One normalised status for every provider; the provider's own string is kept in `rawStatus`. */
export type JobStatus = 'submitting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

export const JOB_STATUSES: readonly JobStatus[] = ['submitting', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown'];

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export interface JobProgress {
  /** 0..100 where the provider reports it. */
  percent?: number;
  message?: string;
}

/** A provider-specific fact shown in the tooltip and the result panel (credits used, billing mode…). */
export interface JobFact {
  label: string;
  value: string;
}

/** What a provider reports for one job on a poll or an event. */
export interface StatusUpdate {
  status: JobStatus;
  rawStatus: string;
  progress?: JobProgress;
  /** The API's reason for a failure or cancellation, or another note for the user. */
  message?: string;
  /** Replaces the job's facts when present. */
  facts?: JobFact[];
  /**
   * The provider's word on whether the job can still be cancelled (e.g. only while queued).
   * Undefined: cancellable while active, where the provider has `cancel` at all.
   */
  cancellable?: boolean;
}

/** A job that exists remotely (from a provider's list endpoint). */
export interface RemoteJobSummary {
  remoteId: string;
  name: string;
  status: JobStatus;
  rawStatus: string;
  /** Epoch ms where known. */
  createdAt?: number;
}

/** Bytes of a result file as the provider has them: whole, or a stream read while it is written to disk. */
export type ResultContent = string | Uint8Array | (() => AsyncIterable<Uint8Array>);

/** One file of a job's result, before it is stored. `name` is the provider's (sanitised on disk). */
export interface ResultFileDraft {
  name: string;
  mediaType: string;
  /** The result view that opens this file (see shared/resultViews.ts); unknown ids open as a file list. */
  view: string;
  /** The file the panel opens first; the first file when none says so. */
  primary?: boolean;
  content: ResultContent;
}

/** A job's result: a set of files. */
export interface ResultPayload {
  files: ResultFileDraft[];
}

/** The job model shared by the store, the poller and the UI. vscode-free. */

/** One normalised status for every provider; the provider's own string is kept in `rawStatus`. */
export type JobStatus = 'submitting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** A job is "active" while the provider is still working on it (the poller keeps asking). */
export function isActive(job: JobRecord): boolean {
  return job.remoteId !== undefined && !isTerminal(job.status);
}

/** Active, or succeeded with the result not yet saved: the poller has work for it. */
export function needsPolling(job: JobRecord): boolean {
  return isActive(job) || (job.status === 'succeeded' && job.remoteId !== undefined && !job.resultFile && !job.resultError);
}

export interface JobProgress {
  /** 0..100 where the provider reports it. */
  percent?: number;
  message?: string;
}

export interface JobRecord {
  /** Local id (uuid), stable for the life of the record. */
  id: string;
  providerId: string;
  /** The provider's job id; absent while `submitting`. */
  remoteId?: string;
  /** Display name; for codon also the unique `name` sent with the job (used to match after a crash). */
  name: string;
  status: JobStatus;
  rawStatus?: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** Fresh per submission; written before the POST so a crash can be resolved without a double submit. */
  submitKey?: string;
  /** Workspace-relative or absolute path of the file the job came from. */
  source?: string;
  /** Last error or explanation shown to the user (never contains secrets). */
  message?: string;
  progress?: JobProgress;
  /** Result file name inside the job's result folder, once fetched. */
  resultFile?: string;
  /** Renderer for the result panel (e.g. `codon`, `json`). */
  resultView?: string;
  /** Set when the result could not be fetched or parsed for good (the poller stops trying). */
  resultError?: string;
  /** The request body kept for a replay after a crash (small: sequences only). */
  request?: unknown;
}

/** What a provider reports for one job on a poll. */
export interface StatusUpdate {
  status: JobStatus;
  rawStatus: string;
  progress?: JobProgress;
  message?: string;
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

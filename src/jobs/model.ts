/** The job record shared by the store, the poller and the UI. vscode-free. */
import { isTerminal, type JobFact, type JobProgress, type JobStatus } from '../providers/jobVocabulary';

export {
  isTerminal,
  JOB_STATUSES,
  TERMINAL_STATUSES,
  type JobFact,
  type JobProgress,
  type JobStatus,
  type RemoteJobSummary,
  type StatusUpdate,
} from '../providers/jobVocabulary';

/** A stored result file: `<results>/<jobId>/<name>`. */
export interface StoredResultFile {
  /** Sanitised, unique within the job. */
  name: string;
  mediaType: string;
  /** Bytes on disk (unknown for records migrated from version 1). */
  size?: number;
  view: string;
  primary: boolean;
}

/** How the record came to be tracked: results of imported jobs are fetched only when opened. */
export type JobOrigin = 'submitted' | 'tracked' | 'imported';

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
  facts?: JobFact[];
  /** False when the provider said the job can no longer be cancelled. */
  cancellable?: boolean;
  origin?: JobOrigin;
  /** The stored result files, once fetched. */
  result?: { files: StoredResultFile[] };
  /** Epoch ms the job ended remotely, as well as the poller can tell (midway between two checks); teaches the poller how long jobs take. */
  finishedAt?: number;
  /** Set when the result could not be fetched for good (a definite answer); Refresh tries again. */
  resultError?: string;
  /** The request body kept for a replay after a crash (small: sequences only). */
  request?: unknown;
}

/** A job is "active" while the provider is still working on it (the poller keeps asking). */
export function isActive(job: JobRecord): boolean {
  return job.remoteId !== undefined && !isTerminal(job.status);
}

/** Succeeded and its result can be opened: stored, or fetched on demand. */
export function hasResult(job: JobRecord): boolean {
  return job.status === 'succeeded' && job.remoteId !== undefined && !job.resultError;
}

/** The result is fetched as soon as the job succeeds (jobs this window submitted or tracked); imported ones wait to be opened. */
export function wantsResultNow(job: JobRecord): boolean {
  return job.status === 'succeeded' && job.remoteId !== undefined && !job.result && !job.resultError && job.origin !== 'imported';
}

/** Active, or succeeded with the result still to fetch: the poller has work for it. */
export function needsPolling(job: JobRecord): boolean {
  return isActive(job) || wantsResultNow(job);
}

export function primaryFile(job: JobRecord): StoredResultFile | undefined {
  const files = job.result?.files ?? [];
  return files.find((f) => f.primary) ?? files[0];
}

/**
 * Jobs: what was submitted, the store, and the Job object every endpoint answers with (the API's
 * Job model: job_id, job_type, status, created_date, start_date, end_date, prerequisite_job_id,
 * progress_counter, progress_message, failure_message; plus num_records and, on MSA jobs, msa_id).
 */
import { jobState, type JobStatus, type Lifecycle } from './lifecycle';
import { formatA3m, generateMsa, type MsaRecord } from './msa';

/** The API's JobType of an MSA job created by POST /api/v1/poet/align/msa (openprotein-python: JobType.align_align). */
export const MSA_JOB_TYPE = '/align/align';
/** A prompt sampled from an MSA; only seeded (it shows prerequisite_job_id and the job_type filter). */
export const PROMPT_JOB_TYPE = '/align/prompt';

export const DEFAULT_FAILURE_MESSAGE = 'MSA search failed: the worker reported an error (emulated failure)';

export interface MsaInput {
  /** Name of the first uploaded record; the first A3M header. */
  name: string;
  /** Upper case, ungapped. */
  query: string;
  /** The multipart part's filename. */
  filename: string;
  isSeed: boolean;
  /** is_seed=false: the uploaded alignment is the result. */
  alignment: MsaRecord[] | null;
  /** Rows of a generated MSA (the size in force at submission). */
  sequences: number;
}

export interface Job extends Lifecycle {
  /** Lower-case UUID. */
  id: string;
  owner: string;
  jobType: string;
  prerequisiteJobId: string | null;
  /** Present on MSA jobs. */
  msa: MsaInput | null;
  failureMessage: string;
  /** The A3M text, computed on first need and then kept (it is deterministic anyway). */
  a3m?: string;
}

export interface JobView {
  job_id: string;
  job_type: string;
  status: JobStatus;
  created_date: string;
  start_date: string | null;
  end_date: string | null;
  prerequisite_job_id: string | null;
  progress_counter: number;
  progress_message: string | null;
  failure_message: string | null;
  num_records: number | null;
  msa_id?: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function jobView(job: Job, now: number): JobView {
  const s = jobState(job, now);
  return {
    job_id: job.id,
    job_type: job.jobType,
    status: s.status,
    created_date: new Date(job.submittedAt).toISOString(),
    start_date: iso(s.startedAt),
    end_date: iso(s.endedAt),
    prerequisite_job_id: job.prerequisiteJobId,
    progress_counter: s.progress,
    progress_message: s.message,
    failure_message: s.status === 'FAILURE' ? job.failureMessage : null,
    // Rows of the MSA once there is one; without generating it (a 10,000-row MSA is made on download).
    num_records: s.status === 'SUCCESS' && job.msa ? (job.msa.alignment?.length ?? job.msa.sequences) : null,
    ...(job.msa ? { msa_id: job.id } : {}),
  };
}

export function statusOf(job: Job, now: number): JobStatus {
  return jobState(job, now).status;
}

/** The result text of a successful MSA job (`msa` is `job.msa`, passed so the caller's null check types it). */
export function a3mOf(job: Job, msa: MsaInput): string {
  job.a3m ??= formatA3m(msa.alignment ?? generateMsa({ queryName: msa.name, query: msa.query, sequences: msa.sequences }));
  return job.a3m;
}

export class JobStore {
  private byId = new Map<string, Job>();

  add(job: Job): void {
    this.byId.set(job.id, job);
  }

  /** Case-insensitive, and only the owner's: another user's job is as unknown as a missing one. */
  get(id: string, owner: string): Job | undefined {
    const job = this.find(id);
    return job?.owner === owner ? job : undefined;
  }

  /** Any owner's (control endpoints act as the operator). */
  find(id: string): Job | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The owner's jobs, newest first (ties: the later submitted first). */
  listFor(owner: string): Job[] {
    return [...this.byId.values()]
      .filter((j) => j.owner === owner)
      .reverse()
      .sort((a, b) => b.submittedAt - a.submittedAt);
  }

  clear(): void {
    this.byId.clear();
  }
}

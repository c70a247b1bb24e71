/**
 * Jobs: what the emulator keeps about one, the store, and the `GET /jobs/{job_id}` answer.
 *
 * The document's Job: id, variant_id, job_type ("humanization"), status, error_message,
 * created_at, started_at, completed_at, submitted_by, canceled_at. Where it is silent:
 * - completed_at is when the job ended by itself, so a failed job has it too; a canceled job has
 *   canceled_at and no completed_at; error_message is null unless failed.
 * - Timestamps are ISO 8601 UTC to the second with "Z", as the document's examples.
 * - Before a part exists (pending, running, failed early) its key is present with null, as a
 *   database join answers; `results` is [] until the humanization rows exist.
 */
import { deterministicUuid } from '../common';
import { drifted } from './drift';
import { hostile } from './hostile';
import { jobState, stageTime, type JobState, type Lifecycle } from './lifecycle';
import { complexResult, humanizationRows, immunogenicityResult, SECTION_NAMES, stabilityResult, STORAGE_PREFIX, storagePath, structureResult, type PdbMode, type SectionMode, type SectionName } from './report';

export const JOB_TYPE = 'humanization';
export const DEFAULT_ERROR_MESSAGE = 'Structure prediction failed: the GPU worker ran out of memory (CUDA error: out of memory); humanization results were kept';

/** How a job's answer is shaped: which parts exist, where its PDBs are, drift and hostile text. */
export interface ResultOptions {
  sections: Record<SectionName, SectionMode>;
  pdb: PdbMode;
  /** Unknown fields, `{}` objects and odd types (drift.ts). */
  drift: boolean;
  /** Hostile text in every string field (hostile.ts). */
  hostile: boolean;
}

export const FULL_RESULTS: ResultOptions = {
  sections: { structure: 'present', stability: 'present', immunogenicity: 'present', complex: 'present' },
  pdb: 'served',
  drift: false,
  hostile: false,
};

export interface Job extends Lifecycle {
  /** Lower-case UUID. */
  id: string;
  variantId: string;
  owner: string;
  errorMessage: string;
  options: ResultOptions;
  /** Set by POST /__control/status: the `status` string sent instead of the computed one. */
  rawStatus?: string;
  /** The emulator's own name for it (seed name, or given to POST /__control/jobs); never sent by the API. */
  label?: string;
}

export function userId(owner: string): string {
  return deterministicUuid(`humanization:user:${owner}`);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));

export function jobView(job: Job, s: JobState): Record<string, unknown> {
  return {
    id: job.id,
    variant_id: job.variantId,
    job_type: JOB_TYPE,
    status: job.rawStatus ?? s.status,
    error_message: s.status === 'failed' ? job.errorMessage : null,
    created_at: iso(job.createdAt),
    started_at: iso(s.startedAt),
    completed_at: iso(s.completedAt),
    submitted_by: userId(job.owner),
    canceled_at: iso(s.canceledAt),
  };
}

/** `pdb_storage_path` of a part, by the job's PDB mode. `base` is the emulator's URL as the client reached it. */
export function pdbPath(job: Job, section: 'structure' | 'complex', base: string): string | null {
  const path = storagePath(job.id, section);
  switch (job.options.pdb) {
    case 'served':
    case 'unavailable':
      return `${base}${STORAGE_PREFIX}${path}`;
    case 'storage_path':
      return path;
    case 'none':
      return null;
  }
}

/** The whole answer of GET /jobs/{job_id} at `now`. */
export function jobResponse(job: Job, now: number, base: string): Record<string, unknown> {
  const s = jobState(job, now);
  const resultsAt = stageTime(job, s, 'results');
  const body: Record<string, unknown> = {
    job: jobView(job, s),
    results: resultsAt === null ? [] : humanizationRows(job, resultsAt),
  };
  const build: Record<SectionName, (at: number) => Record<string, unknown>> = {
    structure: (at) => structureResult(job, at, pdbPath(job, 'structure', base)),
    stability: (at) => stabilityResult(job, at),
    immunogenicity: (at) => immunogenicityResult(job, at),
    complex: (at) => complexResult(job, at, pdbPath(job, 'complex', base)),
  };
  for (const name of SECTION_NAMES) {
    const mode = job.options.sections[name];
    if (mode === 'missing') continue;
    const at = mode === 'present' ? stageTime(job, s, name) : null;
    body[`${name}_result`] = at === null ? null : build[name](at);
  }
  let out: Record<string, unknown> = body;
  if (job.options.drift) out = drifted(out);
  if (job.options.hostile) out = hostile(out);
  return out;
}

/** Is the PDB of this part downloadable now (mode, progress)? */
export function pdbAvailable(job: Job, section: 'structure' | 'complex', now: number): boolean {
  if (job.options.pdb === 'unavailable' || job.options.pdb === 'none') return false;
  if (job.options.sections[section] !== 'present') return false;
  return stageTime(job, jobState(job, now), section) !== null;
}

export class JobStore {
  private byId = new Map<string, Job>();

  add(job: Job): void {
    this.byId.set(job.id.toLowerCase(), job);
  }

  find(id: string): Job | undefined {
    return this.byId.get(id.toLowerCase());
  }

  all(): Job[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }
}

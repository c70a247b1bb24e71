/**
 * The host's messages to the report view, checked before use. Contract v2 `show` carries the job
 * and the result files (each fetched by its webview `uri`); the v1 `show` (the parsed result in
 * `data`) is accepted too, so the bundle works with either host. Nothing here trusts the data.
 */
import type { JobSummaryView } from '../../shared/protocol';
import type { ReportFile } from './model/files';
import { isRecord } from './model/values';

export interface JobFact {
  label: string;
  value: string;
}

export type ReportJob = JobSummaryView & { message?: string; facts?: JobFact[] };

export type ReportShow = { type: 'show'; job: ReportJob; view: string; files: ReportFile[]; data?: unknown; fileName?: string };

export type ReportMessage = ReportShow | { type: 'error'; message: string } | { type: 'invalid'; reason: string };

function checkJob(v: unknown): ReportJob | string {
  if (!isRecord(v)) return 'the job summary is missing';
  for (const key of ['id', 'providerId', 'providerLabel', 'name', 'status'] as const) if (typeof v[key] !== 'string') return `job.${key} is not a string`;
  for (const key of ['remoteId', 'rawStatus', 'message'] as const) if (v[key] !== undefined && typeof v[key] !== 'string') return `job.${key} is not a string`;
  for (const key of ['createdAt', 'updatedAt'] as const) if (typeof v[key] !== 'number') return `job.${key} is not a number`;
  const facts = v.facts;
  if (facts !== undefined && (!Array.isArray(facts) || !facts.every((f) => isRecord(f) && typeof f.label === 'string' && typeof f.value === 'string'))) return 'job.facts is not a list of { label, value }';
  return v as unknown as ReportJob;
}

function checkFile(v: unknown, i: number): ReportFile | string {
  if (!isRecord(v)) return `files[${i}] is not an object`;
  for (const key of ['name', 'mediaType', 'view', 'uri'] as const) if (typeof v[key] !== 'string') return `files[${i}].${key} is not a string`;
  if (typeof v.size !== 'number') return `files[${i}].size is not a number`;
  return { name: v.name as string, mediaType: v.mediaType as string, size: v.size, view: v.view as string, primary: v.primary === true, uri: v.uri as string };
}

/** Undefined for messages that are not ours (other senders on `window`). */
export function parseReportMessage(data: unknown): ReportMessage | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  if (data.type === 'error') return { type: 'error', message: typeof data.message === 'string' ? data.message : 'Unknown error.' };
  if (data.type !== 'show') return undefined;
  const job = checkJob(data.job);
  if (typeof job === 'string') return { type: 'invalid', reason: job };
  if (typeof data.view !== 'string') return { type: 'invalid', reason: 'view is not a string' };
  if (Array.isArray(data.files)) {
    const files: ReportFile[] = [];
    for (const [i, f] of data.files.entries()) {
      const file = checkFile(f, i);
      if (typeof file === 'string') return { type: 'invalid', reason: file };
      files.push(file);
    }
    return { type: 'show', job, view: data.view, files };
  }
  if ('data' in data) return { type: 'show', job, view: data.view, files: [], data: data.data, fileName: typeof data.fileName === 'string' ? data.fileName : undefined };
  return { type: 'invalid', reason: 'files is not a list' };
}

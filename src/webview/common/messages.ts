/**
 * Shape checks for messages arriving from the host. They should always be well formed, but a
 * panel must show a readable error instead of a blank page if they are not (version skew,
 * a bug in a loader), so nothing here trusts the data.
 */
import type { HostMessage, JobFact, JobSummaryView, ResultFileView } from '../../shared/protocol';

export type ParsedHostMessage = HostMessage | { type: 'invalid'; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkJob(v: unknown): JobSummaryView | string {
  if (!isRecord(v)) return 'the job summary is missing';
  for (const key of ['id', 'providerId', 'providerLabel', 'name', 'status'] as const) {
    if (typeof v[key] !== 'string') return `job.${key} is not a string`;
  }
  for (const key of ['remoteId', 'rawStatus'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'string') return `job.${key} is not a string`;
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    if (typeof v[key] !== 'number') return `job.${key} is not a number`;
  }
  if (v.message !== undefined && typeof v.message !== 'string') return 'job.message is not a string';
  if (v.facts !== undefined && !(Array.isArray(v.facts) && v.facts.every((f: unknown) => isRecord(f) && typeof f.label === 'string' && typeof f.value === 'string'))) {
    return 'job.facts is not a list of label/value pairs';
  }
  return v as unknown as JobSummaryView & { facts?: JobFact[] };
}

function checkFiles(v: unknown): ResultFileView[] | string {
  if (!Array.isArray(v)) return 'files is not a list';
  for (const [i, f] of v.entries()) {
    if (!isRecord(f)) return `files[${i}] is not an object`;
    for (const key of ['name', 'mediaType', 'view', 'uri'] as const) if (typeof f[key] !== 'string') return `files[${i}].${key} is not a string`;
    if (typeof f.size !== 'number') return `files[${i}].size is not a number`;
    if (typeof f.primary !== 'boolean') return `files[${i}].primary is not a boolean`;
  }
  return v as ResultFileView[];
}

/** Returns undefined for messages that are not ours at all (other senders on `window`). */
export function parseHostMessage(data: unknown): ParsedHostMessage | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'show': {
      const job = checkJob(data.job);
      if (typeof job === 'string') return { type: 'invalid', reason: job };
      if (typeof data.view !== 'string') return { type: 'invalid', reason: 'view is not a string' };
      const files = checkFiles(data.files);
      if (typeof files === 'string') return { type: 'invalid', reason: files };
      return { type: 'show', job, view: data.view, files };
    }
    case 'error':
      return { type: 'error', message: typeof data.message === 'string' ? data.message : 'Unknown error.' };
    default:
      return undefined;
  }
}

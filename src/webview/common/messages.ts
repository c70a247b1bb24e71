/**
 * Shape checks for messages arriving from the host. They should always be well formed, but a
 * panel must show a readable error instead of a blank page if they are not (version skew,
 * a bug in a loader), so nothing here trusts the data.
 */
import type { HostMessage, JobSummaryView } from '../../shared/protocol';

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
  return v as unknown as JobSummaryView;
}

/** Returns undefined for messages that are not ours at all (other senders on `window`). */
export function parseHostMessage(data: unknown): ParsedHostMessage | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'show': {
      const job = checkJob(data.job);
      if (typeof job === 'string') return { type: 'invalid', reason: job };
      if (typeof data.view !== 'string') return { type: 'invalid', reason: 'view is not a string' };
      if (typeof data.fileName !== 'string') return { type: 'invalid', reason: 'fileName is not a string' };
      return { type: 'show', job, view: data.view, fileName: data.fileName, data: data.data };
    }
    case 'error':
      return { type: 'error', message: typeof data.message === 'string' ? data.message : 'Unknown error.' };
    default:
      return undefined;
  }
}

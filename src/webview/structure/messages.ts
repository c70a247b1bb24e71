/**
 * Messages the structure view accepts, checked before use (version skew or a loader bug must
 * give a readable error, not a blank page): contract v2's `show` (a job's result files, read
 * by reference), `showStructure` (a local file, from the custom editor) and `error`.
 */
import type { FileRef } from './files';

export type StructureHostMessage =
  | { type: 'show'; title: string; jobId: string; files: FileRef[] }
  | { type: 'showStructure'; title: string; files: FileRef[] }
  | { type: 'error'; message: string }
  | { type: 'invalid'; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFiles(v: unknown): FileRef[] | string {
  if (!Array.isArray(v)) return 'files is not a list';
  const out: FileRef[] = [];
  for (const [i, f] of v.entries()) {
    if (!isRecord(f)) return `files[${i}] is not an object`;
    for (const key of ['name', 'mediaType', 'uri'] as const) if (typeof f[key] !== 'string') return `files[${i}].${key} is not a string`;
    out.push({
      name: f.name as string,
      mediaType: f.mediaType as string,
      uri: f.uri as string,
      size: typeof f.size === 'number' ? f.size : -1,
      view: typeof f.view === 'string' ? f.view : '',
      primary: f.primary === true,
    });
  }
  return out;
}

/** Undefined for messages that are not ours (other senders on `window`). */
export function parseStructureMessage(data: unknown): StructureHostMessage | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'show': {
      const job = data.job;
      if (!isRecord(job) || typeof job.id !== 'string' || typeof job.name !== 'string') return { type: 'invalid', reason: 'the job summary is missing' };
      const files = checkFiles(data.files);
      if (typeof files === 'string') return { type: 'invalid', reason: files };
      return { type: 'show', title: job.name, jobId: job.id, files };
    }
    case 'showStructure': {
      if (typeof data.title !== 'string') return { type: 'invalid', reason: 'title is not a string' };
      const files = checkFiles(data.files);
      if (typeof files === 'string') return { type: 'invalid', reason: files };
      return { type: 'showStructure', title: data.title, files };
    }
    case 'error':
      return { type: 'error', message: typeof data.message === 'string' ? data.message : 'Unknown error.' };
    default:
      return undefined;
  }
}

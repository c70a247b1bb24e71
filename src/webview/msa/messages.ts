/**
 * Messages the alignment viewer accepts: the custom editor's (alignmentOpen / Chunk / End /
 * Abort), the result panel's `show` — contract v2 (`files` with webview URIs) and v1 (`data`,
 * the text) — and `error`. Nothing from the host is trusted.
 */
import type { AlignmentHostMessage } from '../../shared/alignmentProtocol';
import type { JobSummaryView } from '../../shared/protocol';
import { parseHostMessage } from '../common/messages';

/** A result file the page may fetch (contract v2's ResultFileView, the fields used here). */
export interface ResultFileRef {
  name: string;
  size: number;
  view: string;
  primary: boolean;
  uri: string;
  /** A loopback link to the same file, faster in a browser window; `uri` if it cannot be fetched. */
  link?: string;
}

export type ViewerMessage =
  | AlignmentHostMessage
  | { type: 'showFiles'; job: JobSummaryView; files: ResultFileRef[] }
  | { type: 'showText'; job: JobSummaryView; fileName: string; text: string }
  | { type: 'notText'; view: string; fileName: string }
  | { type: 'error'; message: string }
  | { type: 'invalid'; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The job summary of a `show` (checked here, so this bundle does not depend on how the shared parser reads v2). */
function checkJob(v: unknown): JobSummaryView | string {
  if (!isRecord(v)) return 'the job summary is missing';
  for (const key of ['id', 'providerId', 'providerLabel', 'name', 'status'] as const) {
    if (typeof v[key] !== 'string') return `job.${key} is not a string`;
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    if (typeof v[key] !== 'number') return `job.${key} is not a number`;
  }
  return v as unknown as JobSummaryView;
}

function checkFile(v: unknown, i: number): ResultFileRef | string {
  if (!isRecord(v)) return `files[${i}] is not an object`;
  if (typeof v.name !== 'string') return `files[${i}].name is not a string`;
  if (typeof v.uri !== 'string') return `files[${i}].uri is not a string`;
  if (typeof v.view !== 'string') return `files[${i}].view is not a string`;
  if (typeof v.size !== 'number') return `files[${i}].size is not a number`;
  if (v.link !== undefined && typeof v.link !== 'string') return `files[${i}].link is not a string`;
  return { name: v.name, uri: v.uri, view: v.view, size: v.size, primary: v.primary === true, ...(v.link !== undefined ? { link: v.link } : {}) };
}

function alignmentMessage(data: Record<string, unknown>): ViewerMessage | undefined {
  const load = data.load;
  if (typeof load !== 'number') return { type: 'invalid', reason: 'load is not a number' };
  switch (data.type) {
    case 'alignmentOpen': {
      const { title, fileName, size, uri, url, encoding } = data;
      if (typeof title !== 'string') return { type: 'invalid', reason: 'title is not a string' };
      if (typeof fileName !== 'string') return { type: 'invalid', reason: 'fileName is not a string' };
      if (typeof size !== 'number') return { type: 'invalid', reason: 'size is not a number' };
      if (uri !== undefined && typeof uri !== 'string') return { type: 'invalid', reason: 'uri is not a string' };
      if (url !== undefined && typeof url !== 'string') return { type: 'invalid', reason: 'url is not a string' };
      if (encoding !== undefined && encoding !== 'deflate-raw') return { type: 'invalid', reason: `unknown encoding ${String(encoding).slice(0, 40)}` };
      return { type: 'alignmentOpen', load, title, fileName, size, uri, url, encoding };
    }
    case 'alignmentChunk':
      if (!(data.data instanceof Uint8Array)) return { type: 'invalid', reason: 'data is not bytes' };
      return { type: 'alignmentChunk', load, data: data.data };
    case 'alignmentEnd':
      return { type: 'alignmentEnd', load };
    case 'alignmentAbort':
      return { type: 'alignmentAbort', load, message: typeof data.message === 'string' ? data.message : 'Reading the file failed.' };
  }
  return undefined;
}

export function parseViewerMessage(data: unknown): ViewerMessage | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  if (data.type.startsWith('alignment')) return alignmentMessage(data);
  if (data.type === 'show' && Array.isArray(data.files)) {
    const job = checkJob(data.job);
    if (typeof job === 'string') return { type: 'invalid', reason: job };
    const files: ResultFileRef[] = [];
    for (const [i, f] of data.files.entries()) {
      const checked = checkFile(f, i);
      if (typeof checked === 'string') return { type: 'invalid', reason: checked };
      files.push(checked);
    }
    return { type: 'showFiles', job, files };
  }
  // A panel restored from a window of the previous release may still send the text itself (v1).
  if (data.type === 'show' && !Array.isArray(data.files) && typeof data.fileName === 'string') {
    const job = checkJob(data.job);
    if (typeof job === 'string') return { type: 'invalid', reason: job };
    if (typeof data.data !== 'string') return { type: 'notText', view: String(data.view), fileName: data.fileName };
    return { type: 'showText', job, fileName: data.fileName, text: data.data };
  }
  const parsed = parseHostMessage(data);
  // A v2 `show` was read above; one that reaches here has no usable file list.
  if (parsed?.type === 'show') return { type: 'invalid', reason: 'files is not a list of result files' };
  return parsed;
}

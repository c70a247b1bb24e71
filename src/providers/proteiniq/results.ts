/**
 * A ProteinIQ result (GET /api/v1/results/{jobId}) as result files. ProteinIQ documents the result
 * resource with `files: [{ name, key, content_type, url }]` — signed, temporary URLs ("fetch the
 * result again when a saved URL expires") — and a `results` object; it does not show other
 * outputs, so all three shapes are read:
 * - files by URL: streamed to disk from object storage (no API key sent); a refused link (403/410,
 *   as S3/R2 answer an expired one) is refreshed by asking for the result again, up to twice;
 * - files inline: `content` with `encoding` "utf-8" (or none) or "base64";
 * - values: `results` itself. Well-known values become the same files the file shape has
 *   (`pdb` → prediction.pdb, an mmCIF text → .cif, `plddt` → plddt.json, `pae` → pae.json in the
 *   AlphaFold DB layout), so a view reads one layout whatever the shape; the rest is results.json.
 * Structures open in the "structure" view, JSON in the JSON tree, anything else in the file list.
 */
import { ResultNotReadyError, SchemaError, HttpStatusError } from '../../core/errors';
import type { HttpStreamResponse } from '../../core/http';
import type { Logger } from '../../core/log';
import type { ResultFileDraft, ResultPayload } from '../jobVocabulary';
import { PROTEINIQ_ID } from './client';
import type { ProteinIqResult, ProteinIqResultFile } from './schemas';

/** Asking for the result again when its links were refused, per file. */
const MAX_LINK_REFRESHES = 2;

const PDB_START = /^(HEADER|TITLE|REMARK|ATOM {2}|HETATM|MODEL |CRYST1|EXPDTA|COMPND|SOURCE|KEYWDS|AUTHOR)/m;

interface FileKind {
  mediaType: string;
  view: string;
}

/** Media type and view of a result file, from its name and the server's content type. */
export function fileKind(name: string, contentType?: string | null): FileKind {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ext === 'pdb' || ext === 'ent' || type === 'chemical/x-pdb') return { mediaType: 'chemical/x-pdb', view: 'structure' };
  if (ext === 'cif' || ext === 'mmcif' || type === 'chemical/x-mmcif' || type === 'chemical/x-cif') return { mediaType: 'chemical/x-mmcif', view: 'structure' };
  if (ext === 'bcif') return { mediaType: 'application/octet-stream', view: 'structure' };
  if (ext === 'json' || type === 'application/json' || type.endsWith('+json')) return { mediaType: 'application/json', view: 'json' };
  if (type.startsWith('text/')) return { mediaType: type, view: 'files' };
  if (['txt', 'csv', 'tsv', 'fasta', 'fa', 'faa', 'a3m', 'log'].includes(ext)) return { mediaType: 'text/plain', view: 'files' };
  return { mediaType: type || 'application/octet-stream', view: 'files' };
}

/** Decodes an inline file's `content`. */
export function inlineContent(file: ProteinIqResultFile): string | Uint8Array {
  const encoding = (file.encoding ?? 'utf-8').toLowerCase();
  const content = file.content ?? '';
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(content)) throw new SchemaError(`ProteinIQ result file "${file.name}": its base64 content is not base64`, PROTEINIQ_ID);
    return new Uint8Array(Buffer.from(content, 'base64'));
  }
  if (encoding === 'utf-8' || encoding === 'utf8' || encoding === 'text') return content;
  throw new SchemaError(`ProteinIQ result file "${file.name}" has an encoding Bio Jobs cannot read ("${encoding.slice(0, 40)}")`, PROTEINIQ_ID);
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function isMatrix(v: unknown): v is number[][] {
  return Array.isArray(v) && v.length > 0 && v.every((row) => isNumberArray(row) && row.length === v.length);
}

/** Values that are structures or per-residue data become files; the rest stays values. */
export function valueFiles(results: Record<string, unknown>): { files: ResultFileDraft[]; rest: Record<string, unknown> } {
  const files: ResultFileDraft[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(results)) {
    const base = key.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'value';
    if (typeof value === 'string' && /^\s*data_/m.test(value.slice(0, 2000)) && /_atom_site\./.test(value)) {
      files.push({ name: `${base === 'pdb' || base === 'cif' || base === 'mmcif' ? 'prediction' : base}.cif`, mediaType: 'chemical/x-mmcif', view: 'structure', content: value });
    } else if (typeof value === 'string' && PDB_START.test(value.slice(0, 4000)) && /^ATOM {2}/m.test(value)) {
      files.push({ name: `${base === 'pdb' ? 'prediction' : base}.pdb`, mediaType: 'chemical/x-pdb', view: 'structure', content: value });
    } else if (key === 'plddt' && isNumberArray(value)) {
      const mean = typeof results.mean_plddt === 'number' ? results.mean_plddt : Math.round((value.reduce((a, b) => a + b, 0) / value.length) * 100) / 100;
      files.push({ name: 'plddt.json', mediaType: 'application/json', view: 'json', content: JSON.stringify({ residue_number: value.map((_, i) => i + 1), plddt: value, mean_plddt: mean }) });
    } else if (key === 'pae' && isMatrix(value)) {
      const max = value.reduce((m, row) => Math.max(m, ...row), 0);
      files.push({ name: 'pae.json', mediaType: 'application/json', view: 'json', content: JSON.stringify([{ predicted_aligned_error: value, max_predicted_aligned_error: max }]) });
    } else {
      rest[key] = value;
    }
  }
  return { files, rest };
}

export interface ResultSource {
  /** Asks for the result again (the results endpoint, paced). */
  refetch(): Promise<ProteinIqResult>;
  download(url: string): Promise<HttpStreamResponse>;
  log: Logger;
}

/** A refused link: expired (S3/R2: 403 AccessDenied, or 410 Gone), or signed for another instant. */
function isRefusedLink(err: unknown): boolean {
  return err instanceof HttpStatusError && (err.status === 403 || err.status === 410);
}

/** The same file in a newer answer: by storage key where there is one, else by name. */
function sameFile(result: ProteinIqResult, file: ProteinIqResultFile): ProteinIqResultFile | undefined {
  const files = result.files ?? [];
  return (file.key ? files.find((f) => f.key === file.key) : undefined) ?? files.find((f) => f.name === file.name);
}

/** A file by URL, streamed; a refused link is replaced by the one a fresh result gives. */
function linkedContent(jobId: string, file: ProteinIqResultFile, url: string, source: ResultSource, latest: { result?: ProteinIqResult }): () => AsyncIterable<Uint8Array> {
  return async function* () {
    // Links of one answer expire together: once a fresh answer was fetched for one file, use its links.
    let link = (latest.result && sameFile(latest.result, file)?.url) || url;
    for (let refreshes = 0; ; refreshes++) {
      let res: HttpStreamResponse;
      try {
        res = await source.download(link);
      } catch (err) {
        if (!isRefusedLink(err)) throw err;
        if (refreshes >= MAX_LINK_REFRESHES) {
          throw new ResultNotReadyError(`The download link of ${file.name} (job ${jobId}) was refused again after ${refreshes} fresh ones (${(err as Error).message}); trying later.`, PROTEINIQ_ID);
        }
        source.log.info(`ProteinIQ: the download link of ${file.name} (job ${jobId}) was refused (HTTP ${(err as HttpStatusError).status}); asking for the result again`);
        // One refetch serves every file whose link went stale with it.
        if (!latest.result || sameFile(latest.result, file)?.url === link) latest.result = await source.refetch();
        const fresh = sameFile(latest.result, file);
        if (fresh?.content != null && !fresh.url) {
          const inline = inlineContent(fresh);
          yield typeof inline === 'string' ? new TextEncoder().encode(inline) : inline;
          return;
        }
        if (!fresh?.url) throw new SchemaError(`ProteinIQ's result of ${jobId} no longer lists ${file.name}`, PROTEINIQ_ID, true);
        link = fresh.url;
        continue;
      }
      yield* res.body;
      return;
    }
  };
}

/** The result resource as files (see the module comment); the primary file is the structure where there is one. */
export function resultPayload(jobId: string, result: ProteinIqResult, source: ResultSource): ResultPayload {
  const latest: { result?: ProteinIqResult } = {};
  const files: ResultFileDraft[] = [];
  for (const f of result.files ?? []) {
    const kind = fileKind(f.name, f.content_type);
    if (f.content != null) files.push({ name: f.name, ...kind, content: inlineContent(f) });
    else if (f.url) files.push({ name: f.name, ...kind, content: linkedContent(jobId, f, f.url, source, latest) });
    else throw new SchemaError(`ProteinIQ's result of ${jobId}: file "${f.name}" has neither a url nor content`, PROTEINIQ_ID);
  }
  const values = valueFiles(result.results ?? {});
  files.push(...values.files);
  const { files: _listed, ...resource } = result;
  // Values as a JSON tree; with no files at all, the whole answer, so the panel is never empty.
  const summary = Object.keys(values.rest).length ? values.rest : files.length ? undefined : resource;
  if (summary) files.push({ name: 'results.json', mediaType: 'application/json', view: 'json', content: JSON.stringify(summary, null, 2) });
  const primary = files.findIndex((f) => f.view === 'structure');
  const primaryIndex = primary >= 0 ? primary : Math.max(0, files.findIndex((f) => f.name === 'results.json'));
  return { files: files.map((f, i) => ({ ...f, primary: i === primaryIndex })) };
}

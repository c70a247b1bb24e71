/**
 * GET /api/v1/results/{jobId} (https://proteiniq.io/docs/api/results). The documented resource:
 *   { object: "job_result", job_id, tool, status, completed_at, data_source, files: [{ name, key,
 *     content_type, url }], results: {} }
 * The page shows `results` empty and says files come "from the stored output manifest", with a
 * signed `url` when downloadable; it does not show other tools' outputs. So the emulator serves
 * three shapes, switchable (POST /__control/results), and a client must handle all of them:
 *   url     (default, the documented one) files with `key`, `content_type` and a signed `url` that
 *           expires after `urlTtlMs` (default 15 min); `data_source` "r2"; `results` = the summary
 *   inline  files with `key`, `content_type`, `encoding` and `content` in place of `url`: the PDB as
 *           "utf-8" text, JSON files as "base64"; `data_source` "inline"; `results` = the summary
 *   values  no files: `results` = the summary plus the files' data as values (`pdb` text, `plddt`
 *           array, `pae` matrix); `data_source` "inline"
 * Readiness: COMPLETED and BUDGET_EXCEEDED jobs have a result; before a terminal status the answer
 * is 409 `job_not_completed` with `details.current_status` and Retry-After: 5 (the page's
 * example); FAILED, TIMEOUT and CANCELLED jobs stored no output here: 404 `not_found` with
 * `details.current_status` (the page: "FAILED with stored output" only — the emulator stores none).
 */
import { ControlError, isRecord, type ControlHandler, type Reply } from '../common';
import { apiError } from './errors';
import { stateOf, type Job } from './jobs';
import { isTerminal, RESULT_READY } from './lifecycle';
import { budgetStopOutputs, completedOutputs, type Outputs } from './outputs';
import { storageError, UrlSigner } from './storage';

export const RESULT_MODES = ['url', 'inline', 'values'] as const;
export type ResultMode = (typeof RESULT_MODES)[number];

export interface ResultSettings {
  mode: ResultMode;
  /** Lifetime of signed URLs. */
  urlTtlMs: number;
  /** What an expired URL answers: S3/R2's 403, or 410 Gone. */
  expiredStatus: 403 | 410;
  /** Store pae.json for structure tools. */
  pae: boolean;
  /** Longest chain that gets a PAE (the matrix has n² numbers). */
  paeMaxResidues: number;
}

export const DEFAULT_RESULT_SETTINGS: ResultSettings = { mode: 'url', urlTtlMs: 15 * 60_000, expiredStatus: 403, pae: true, paeMaxResidues: 1000 };
export const NOT_COMPLETED_RETRY_AFTER_S = 5;

const STORAGE_KEY = /^outputs\/(?<job>[^/]+)\/(?<file>[^/]+)$/;

export class Results {
  private settings: ResultSettings;
  private cache = new Map<string, Outputs>();
  private readonly signer = new UrlSigner();

  constructor(private readonly initial: ResultSettings) {
    this.settings = checked(initial);
  }

  get(): ResultSettings {
    return { ...this.settings };
  }

  set(patch: Partial<ResultSettings>): ResultSettings {
    this.settings = checked({ ...this.settings, ...patch });
    return this.get();
  }

  /** The answer of GET /api/v1/results/{id} for a job of the caller's workspace; `base` = origin for URLs. */
  reply(job: Job, now: number, base: string): Reply {
    const s = stateOf(job, now);
    if (!isTerminal(s.status)) {
      return apiError('job_not_completed', 'Job is not yet completed', { details: { current_status: s.status }, headers: { 'retry-after': String(NOT_COMPLETED_RETRY_AFTER_S) } });
    }
    const out = this.outputs(job, now);
    if (!out) return apiError('not_found', `No result is stored for job '${job.id}'`, { details: { current_status: s.status } });
    const { mode } = this.settings;
    const key = (name: string) => `outputs/${job.id}/${name}`;
    const files = mode === 'values' ? [] : out.files.map((f) => (mode === 'url' ? { name: f.name, key: key(f.name), content_type: f.contentType, url: this.signer.sign(base, key(f.name), now, this.settings.urlTtlMs) } : inlineFile(f, key(f.name))));
    return {
      status: 200,
      body: {
        object: 'job_result',
        job_id: job.id,
        tool: job.tool.id,
        status: s.status,
        completed_at: new Date(s.endedAt as number).toISOString(),
        data_source: mode === 'url' ? 'r2' : 'inline',
        files,
        results: mode === 'values' ? { ...out.summary, ...out.values } : out.summary,
      },
    };
  }

  /** GET /storage/<key>: the file bytes, or S3-style XML refusals. `find` looks a job up by id. */
  download(key: string, query: URLSearchParams, now: number, find: (id: string) => Job | undefined): Reply {
    const verdict = this.signer.verify(key, query, now);
    if (verdict === 'invalid') return storageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
    if (verdict === 'expired') return this.settings.expiredStatus === 410 ? storageError(410, 'Gone', 'Request has expired') : storageError(403, 'AccessDenied', 'Request has expired');
    const m = STORAGE_KEY.exec(key);
    const job = m?.groups ? find(m.groups.job) : undefined;
    const file = job ? this.outputs(job, now)?.files.find((f) => f.name === m?.groups?.file) : undefined;
    if (!file) return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
    return { status: 200, text: file.text, headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.name}"` } };
  }

  /** The stored outputs of a result-ready job (cached: deterministic, and a 5,000-residue model is not free). */
  outputs(job: Job, now: number): Outputs | undefined {
    const s = stateOf(job, now);
    if (!RESULT_READY.includes(s.status) || s.endedAt === null) return undefined;
    const { pae, paeMaxResidues } = this.settings;
    const cacheKey = `${job.id}\u0000${s.status}\u0000${pae}\u0000${paeMaxResidues}`;
    let out = this.cache.get(cacheKey);
    if (!out) {
      out = s.status === 'COMPLETED' ? completedOutputs(job, s.endedAt, { pae, paeMaxResidues }) : budgetStopOutputs(job, s.progress);
      this.cache.set(cacheKey, out);
    }
    return out;
  }

  reset(): void {
    this.settings = checked(this.initial);
    this.cache.clear();
  }

  readonly control: Record<string, ControlHandler> = {
    'GET results': () => this.get(),
    /** body: { "mode"?: "url" | "inline" | "values", "urlTtlMs"?, "expiredStatus"?: 403 | 410, "pae"?, "paeMaxResidues"? } → the settings */
    'POST results': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { mode?, urlTtlMs?, expiredStatus?, pae?, paeMaxResidues? }');
      const patch: Partial<ResultSettings> = {};
      if (body.mode !== undefined) {
        if (!RESULT_MODES.includes(body.mode as ResultMode)) throw new ControlError(`mode: expected one of ${RESULT_MODES.join(', ')}`);
        patch.mode = body.mode as ResultMode;
      }
      if (body.urlTtlMs !== undefined) patch.urlTtlMs = body.urlTtlMs as number;
      if (body.expiredStatus !== undefined) patch.expiredStatus = body.expiredStatus as 403 | 410;
      if (body.pae !== undefined) patch.pae = body.pae as boolean;
      if (body.paeMaxResidues !== undefined) patch.paeMaxResidues = body.paeMaxResidues as number;
      return this.set(patch);
    },
  };
}

function inlineFile(f: { name: string; contentType: string; text: string }, key: string) {
  const base64 = f.contentType === 'application/json';
  return { name: f.name, key, content_type: f.contentType, encoding: base64 ? 'base64' : 'utf-8', content: base64 ? Buffer.from(f.text, 'utf8').toString('base64') : f.text };
}

function checked(s: ResultSettings): ResultSettings {
  if (!RESULT_MODES.includes(s.mode)) throw new ControlError(`mode: expected one of ${RESULT_MODES.join(', ')}`);
  if (typeof s.urlTtlMs !== 'number' || !Number.isFinite(s.urlTtlMs) || s.urlTtlMs < 0) throw new ControlError('urlTtlMs: expected a number >= 0');
  if (s.expiredStatus !== 403 && s.expiredStatus !== 410) throw new ControlError('expiredStatus: expected 403 or 410');
  if (typeof s.pae !== 'boolean') throw new ControlError('pae: expected a boolean');
  if (!Number.isInteger(s.paeMaxResidues) || s.paeMaxResidues < 0) throw new ControlError('paeMaxResidues: expected an integer >= 0');
  return { ...s };
}

/**
 * Antibody humanization API (seeds/004): `GET /jobs/{job_id}` with a Bearer token is all the
 * document gives, so this provider only tracks (no submission, no list, no cancel, no events).
 * Assumptions where the document is silent:
 * - Statuses: only "pending" is shown; running / completed / failed / canceled follow from the
 *   timestamps and `error_message` (status.ts). Anything else is `unknown` with the raw text.
 * - Results exist once the job is completed; the whole answer is stored as `report.json`.
 * - `pdb_storage_path` is fetched when it is an https URL (the token is sent only to this API's own
 *   origin) or, as a storage path, from `<base>/storage/v1/object/<path>` (the Supabase storage
 *   convention the path's shape suggests). When a structure cannot be fetched, `notes.json` says why
 *   and the report shows it.
 * - No rate limit is documented: one job per request, at least 5 s apart per job.
 */
import { AuthError, errorMessage, HttpStatusError } from '../../core/errors';
import { checkBaseUrl, isLoopbackHost, joinUrl } from '../../core/urls';
import type { JobFact, ResultFileDraft, ResultPayload, StatusUpdate } from '../jobVocabulary';
import type { Provider, ProviderDeps } from '../types';
import { jobResponseSchema, type HumanizationResponse } from './schemas';
import { mapHumanizationStatus } from './status';

export const HUMANIZATION_ID = 'humanization';
const LABEL = 'Antibody humanization';
const SETTING = 'biojobs.humanization.baseUrl';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A job id nobody has: the credential check expects "not found", which proves the token was accepted. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

function facts(job: HumanizationResponse['job']): JobFact[] {
  const out: JobFact[] = [];
  const at = (label: string, v: string | null | undefined) => v && out.push({ label, value: new Date(v).toString() === 'Invalid Date' ? v : new Date(v).toLocaleString() });
  at('Created', job.created_at);
  at('Started', job.started_at);
  at('Completed', job.completed_at);
  at('Cancelled', job.canceled_at);
  if (job.job_type) out.push({ label: 'Job type', value: job.job_type });
  return out;
}

export function statusOf(res: HumanizationResponse): StatusUpdate {
  const status = mapHumanizationStatus(res.job.status);
  return { status, rawStatus: res.job.status, message: res.job.error_message ?? undefined, facts: facts(res.job) };
}

export function createHumanizationProvider(deps: ProviderDeps): Provider {
  const base = () => checkBaseUrl(deps.baseUrl(HUMANIZATION_ID), SETTING);

  async function authorization(): Promise<string> {
    const creds = await deps.credentials.get(HUMANIZATION_ID);
    if (!creds?.token) throw new AuthError(`No ${LABEL} token is set. Run "Bio Jobs: Set Credentials…".`, HUMANIZATION_ID);
    return `Bearer ${creds.token.trim()}`;
  }

  async function getJob(remoteId: string, signal?: AbortSignal): Promise<HumanizationResponse> {
    try {
      return await deps.http.json(
        { method: 'GET', url: joinUrl(base(), `/jobs/${encodeURIComponent(remoteId)}`), headers: { authorization: await authorization() }, idempotent: true, signal },
        jobResponseSchema,
      );
    } catch (err) {
      if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) {
        throw new AuthError(`${LABEL} rejected the token (HTTP ${err.status}).`, HUMANIZATION_ID);
      }
      throw err;
    }
  }

  /** The URL of a stored PDB, and whether this API's token may go with it. */
  function pdbUrl(path: string): { url: string; withToken: boolean } | { why: string } {
    const api = base();
    if (/^https?:\/\//i.test(path)) {
      const u = new URL(path);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) return { why: `the structure is at a plain-http address (${u.origin}); it is not fetched` };
      return { url: u.href, withToken: u.origin === api.origin };
    }
    return { url: joinUrl(api, `/storage/v1/object/${path.replace(/^\/+/, '')}`), withToken: true };
  }

  async function structureFile(part: 'structure' | 'complex', path: string | null | undefined, signal?: AbortSignal): Promise<ResultFileDraft | string> {
    if (!path) return `the ${part} result has no pdb_storage_path`;
    const where = pdbUrl(path);
    if ('why' in where) return where.why;
    try {
      const res = await deps.http.text({ method: 'GET', url: where.url, headers: { accept: 'chemical/x-pdb, text/plain, */*', ...(where.withToken ? { authorization: await authorization() } : {}) }, idempotent: true, signal });
      if (!/^(HEADER|ATOM|HETATM|MODEL|REMARK|CRYST1|data_)/m.test(res.text)) return `${path} is not a PDB or mmCIF file`;
      const cif = /^data_/m.test(res.text) && !/^ATOM /m.test(res.text);
      return { name: `${part}.${cif ? 'cif' : 'pdb'}`, mediaType: cif ? 'chemical/x-mmcif' : 'chemical/x-pdb', view: 'structure', content: res.text };
    } catch (err) {
      if (err instanceof HttpStatusError && err.status >= 400 && err.status < 500) return `the ${part} structure could not be fetched (${errorMessage(err)})`;
      throw err; // transient: the whole result is asked for again
    }
  }

  return {
    id: HUMANIZATION_ID,
    label: LABEL,
    credentialFields: [{ key: 'token', label: 'Bearer token', secret: true }],
    pollPolicy: { minIntervalMs: 5_000, maxIntervalMs: 60_000, batchSize: 1 },

    async checkCredentials() {
      try {
        await getJob(PROBE_ID);
        return 'token accepted';
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) return 'token accepted';
        throw err;
      }
    },

    async status(remoteIds) {
      const out = new Map<string, StatusUpdate>();
      for (const id of remoteIds) out.set(id, statusOf(await getJob(id)));
      return out;
    },

    async fetchResult(remoteId, signal): Promise<ResultPayload> {
      const res = await getJob(remoteId, signal);
      const files: ResultFileDraft[] = [{ name: 'report.json', mediaType: 'application/json', view: 'report', primary: true, content: JSON.stringify(res, null, 2) }];
      const notes: Record<string, string> = {};
      for (const part of ['structure', 'complex'] as const) {
        const row = res[`${part}_result`];
        if (!row) continue;
        const file = await structureFile(part, row.pdb_storage_path, signal);
        if (typeof file === 'string') notes[part] = file;
        else files.push(file);
      }
      if (Object.keys(notes).length) files.push({ name: 'notes.json', mediaType: 'application/json', view: 'json', content: JSON.stringify(notes, null, 2) });
      return { files };
    },

    validateRemoteId: (id) => (UUID.test(id.trim()) ? undefined : `A ${LABEL} job id is a UUID, e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a.`),

    signOut: () => undefined,
  };
}

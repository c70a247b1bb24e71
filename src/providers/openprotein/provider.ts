/**
 * OpenProtein.AI, PoET MSA (seeds/000, 001).
 * Assumptions where the documents are silent:
 * - A seed is sent as the bare, ungapped sequence in the multipart field `msa_file`, as the
 *   document's example does, with `is_seed=true`; an aligned file (A3M, A2M, aligned FASTA,
 *   Clustal) is one job: the checked alignment as `msa_file` with `is_seed=false`, as the public
 *   SDK's `upload_msa` sends it. Several unaligned sequences are one job each, after the user
 *   confirms the count (validate.ts, request.ts).
 * - Status is per job (`GET /api/v1/jobs/{id}`): no batch endpoint is documented, so one request
 *   per job, at most 60 a minute, 5 s apart at the least.
 * - There is no idempotency key, and jobs carry no name: an interrupted submission is matched to an
 *   untracked MSA job created around the same time, and only when exactly one such job exists.
 * - The documents show no cancel endpoint, so the provider offers no cancel (the menu does not either).
 * - `GET /api/v1/jobs` pages with `page_size`/`page_offset`; a short page is the last.
 * - The result (`GET /api/v1/poet/align/msa?job_id=`) is ready when its `job_status` header says
 *   SUCCESS; its text body is an A3M alignment with the seed first.
 */
import { newFormData } from '../../core/http';
import { ResultNotReadyError, SchemaError } from '../../core/errors';
import type { RemoteJobSummary, ResultPayload, StatusUpdate } from '../jobVocabulary';
import type { CheckContext, ListOptions, ParsedSubmission, Provider, ProviderDeps, RecoveryContext, SourceText, SubmissionDraft, SubmitAttempt } from '../types';
import { createOpenProteinSession, OPENPROTEIN_ID, OPENPROTEIN_LABEL } from './client';
import { jobListSchema, jobSchema, type OpenProteinJob } from './schemas';
import { mapOpenProteinStatus } from './status';
import { asUploadRequest, openProteinRequests, uploadQuery } from './request';
import { toValidationError } from '../../core/inputCheck';
import { checkOpenProteinInput, MAX_SEEDS_SETTING, type OpenProteinSubmission } from './validate';

/** MSA jobs: job_type "/align/align" (the API's JobType) or the endpoint path "/poet/align/msa". */
const MSA_JOB_TYPE = /\/align\//i;
const PAGE_SIZE = 100;
/** How far around the record's creation an interrupted submission is looked for. */
const RECOVERY_BEFORE_MS = 60_000;
const RECOVERY_AFTER_MS = 15 * 60_000;

function parseDate(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? undefined : t;
}

export function statusOf(job: OpenProteinJob): StatusUpdate {
  const percent = typeof job.progress_counter === 'number' ? Math.max(0, Math.min(100, job.progress_counter)) : undefined;
  const status = mapOpenProteinStatus(job.status);
  const message = job.progress_message ?? undefined;
  // The API's reason for a failure (or a cancellation), for the toast, the tooltip and the panel.
  const reason = reasonOf(job, status);
  return {
    status,
    rawStatus: job.status,
    progress: percent !== undefined || message ? { percent, message } : undefined,
    ...(reason ? { message: reason } : {}),
  };
}

function reasonOf(job: OpenProteinJob, status: StatusUpdate['status']): string | undefined {
  if (status === 'failed') return job.failure_message?.trim() || job.progress_message?.trim() || undefined;
  if (status === 'cancelled') return job.failure_message?.trim() || undefined;
  return undefined;
}

export function createOpenProteinProvider(deps: ProviderDeps): Provider {
  const client = createOpenProteinSession(deps.http, deps.clock, deps.credentials, () => deps.baseUrl(OPENPROTEIN_ID));

  async function* listRemote(options: ListOptions = {}): AsyncIterable<RemoteJobSummary> {
    const seen = new Set<string>();
    // To the end: a short page is the last; a page with nothing new (an offset the server ignores) too.
    for (let page = 0; ; page++) {
      options.signal?.throwIfAborted();
      const jobs = await client.json(
        { method: 'GET', path: '/api/v1/jobs', query: { page_size: PAGE_SIZE, page_offset: page * PAGE_SIZE }, idempotent: true, signal: options.signal },
        jobListSchema,
      );
      let fresh = 0;
      for (const j of jobs) {
        if (seen.has(j.job_id)) continue;
        seen.add(j.job_id);
        fresh++;
        // Only MSA jobs have a result Bio Jobs can fetch and show.
        if (j.job_type && !MSA_JOB_TYPE.test(j.job_type)) continue;
        const s = statusOf(j);
        yield { remoteId: j.job_id, name: `PoET MSA ${j.job_id.slice(0, 8)}`, status: s.status, rawStatus: s.rawStatus, createdAt: parseDate(j.created_date) };
      }
      options.onProgress?.(seen.size);
      if (jobs.length < PAGE_SIZE || fresh === 0) return;
    }
  }

  return {
    id: OPENPROTEIN_ID,
    label: OPENPROTEIN_LABEL,
    credentialFields: [
      { key: 'username', label: 'Username', secret: false },
      { key: 'password', label: 'Password', secret: true },
    ],
    pollPolicy: { minIntervalMs: 5_000, maxIntervalMs: 60_000, batchSize: 1, rateLimit: { requests: 60, windowMs: 60_000 } },

    async checkCredentials() {
      const jobs = await client.json({ method: 'GET', path: '/api/v1/jobs', idempotent: true }, jobListSchema);
      return `${jobs.length} job${jobs.length === 1 ? '' : 's'} on the account`;
    },

    submission: {
      fileExtensions: ['.fasta', '.fa', '.faa', '.a3m', '.a2m', '.afa', '.aln', '.sto'],

    async parse(source: SourceText, ctx?: CheckContext): Promise<ParsedSubmission> {
      // In slices: a 100,000-record file must not block the extension host.
      const check = await checkOpenProteinInput(source, { maxSeeds: ctx?.settings.get<number>(MAX_SEEDS_SETTING.replace(/^biojobs\./, '')) });
      if (!check.payload) throw toValidationError(check);
      return { kind: check.payload.kind, summary: check.summary, payload: check.payload, diagnostics: check.warnings, jobCount: check.jobCount, names: check.names };
    },

    async prepare(parsed: ParsedSubmission) {
      return openProteinRequests((parsed as OpenProteinSubmission).payload).map((request): SubmissionDraft => ({ name: request.name, request }));
    },

    async submit(draft: SubmissionDraft) {
      const upload = asUploadRequest(draft.request);
      const form = newFormData();
      form.append('msa_file', new Blob([upload.content], { type: 'text/plain' }), upload.fileName);
      const job = await client.json({ method: 'POST', path: '/api/v1/poet/align/msa', query: uploadQuery(upload), body: form }, jobSchema);
      return { remoteId: job.job_id };
    },

    async recoverSubmission(attempt: SubmitAttempt, ctx: RecoveryContext) {
      const candidates: string[] = [];
      for await (const remote of listRemote()) {
        const t = remote.createdAt;
        if (t === undefined || ctx.isTracked(remote.remoteId)) continue;
        if (t >= attempt.createdAt - RECOVERY_BEFORE_MS && t <= attempt.createdAt + RECOVERY_AFTER_MS) candidates.push(remote.remoteId);
      }
      return candidates.length === 1 ? { remoteId: candidates[0] } : 'unknown';
    },
    },

    async status(remoteIds: readonly string[]) {
      const out = new Map<string, StatusUpdate>();
      for (const id of remoteIds) {
        const job = await client.json({ method: 'GET', path: `/api/v1/jobs/${encodeURIComponent(id)}`, idempotent: true }, jobSchema);
        out.set(id, statusOf(job));
      }
      return out;
    },

    async fetchResult(remoteId: string, signal?: AbortSignal): Promise<ResultPayload> {
      const res = await client.text({
        signal,
        method: 'GET',
        path: '/api/v1/poet/align/msa',
        query: { job_id: remoteId },
        headers: { accept: 'text/plain, */*' },
        idempotent: true,
      });
      const header = res.headers['job_status'];
      const jobStatus = (Array.isArray(header) ? header[0] : header) ?? '';
      if (jobStatus.toUpperCase() !== 'SUCCESS') {
        throw new ResultNotReadyError(`The MSA of ${remoteId} is not ready yet (job_status ${jobStatus || 'missing'}).`, OPENPROTEIN_ID);
      }
      // Not an alignment (a proxy's page, a cut-off body): asked again later, not given up.
      if (!/^\s*>/.test(res.text)) throw new SchemaError(`GET /api/v1/poet/align/msa: job ${remoteId} returned no alignment (expected A3M text starting with ">")`, OPENPROTEIN_ID, true);
      return { files: [{ name: 'msa.a3m', mediaType: 'text/x-a3m', view: 'msa', primary: true, content: res.text }] };
    },

    listRemote,

    signOut: () => client.signOut(),
  };
}

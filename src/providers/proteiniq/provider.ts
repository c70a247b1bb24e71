/**
 * ProteinIQ (seeds/003, and https://proteiniq.io/docs/api: results, errors, rate limits, events).
 * Everything its API has: quoted submission with an Idempotency-Key, events, cancel, a remote list.
 *
 * - Submission: protein FASTA (one record) → tool + settings, or a JSON job body; quoted first,
 *   confirmed, then POST /api/v1/jobs with `Idempotency-Key` = the write-ahead record's key, so a
 *   retry (timeout, reset) or a restart after a crash replays the same key and ProteinIQ answers
 *   the stored response instead of creating (and charging) a second job. Keys are scoped to the
 *   workspace; the document gives no lifetime, so a record older than 23 h is not replayed but
 *   looked for by name in the job list.
 * - Tracking: GET …/events (SSE) while it flows; the document names no event types, so any event
 *   whose data is a job resource counts. When the stream is refused (an error answer), no job asks
 *   for it again for 2 min (doubling to 10): ProteinIQ is polled instead, as the document says —
 *   5 → 10 → 20 → 30 s with per-job jitter, never under 5 s per job (PollPolicy `backoff: 'grow'`).
 * - Every request of the key goes through one gate (client.ts): under 120 per 60 s, X-RateLimit-*
 *   read, Retry-After honoured, one status and one result request per job per 5 s.
 * - Statuses and their wording: status.ts. Cancel only while PENDING or QUEUED (a 409 names the
 *   current status). Results only for COMPLETED (results.ts); a 409 job_not_completed waits for
 *   its Retry-After.
 */
import { HttpStatusError, ProviderError, RateLimitError, ResultNotReadyError, SchemaError } from '../../core/errors';
import { serverSentEvents } from '../../core/sse';
import type { RemoteJobSummary, ResultPayload, StatusUpdate } from '../jobVocabulary';
import type { CancelOutcome, ListOptions, Provider, ProviderDeps, RecoveryContext, SubmissionDraft, SubmitAttempt } from '../types';
import { apiFailure, PROTEINIQ_ID, PROTEINIQ_LABEL, ProteinIqApiError, ProteinIqClient } from './client';
import { prepareSubmission } from './prepare';
import { resultPayload } from './results';
import { accountSchema, cancellationSchema, jobListSchema, jobSchema, quoteSchema, resultSchema, type ProteinIqResult } from './schemas';
import { serverText, statusOf } from './status';
import { parseProteinIqSource, type JobBody, type ProteinIqSubmission } from './validate';

const PAGE_SIZE = 100;
/** Replay an interrupted submission's key only while ProteinIQ surely still knows it. */
const REPLAY_WINDOW_MS = 23 * 60 * 60_000;
const RECOVERY_BEFORE_MS = 60_000;
const RECOVERY_AFTER_MS = 15 * 60_000;
/** After a refused event stream: no stream request for this long, doubling up to the cap. */
const EVENTS_DOWN_MS = 120_000;
const EVENTS_DOWN_CAP_MS = 600_000;
/** The stream sends a keep-alive every 15 s (ProteinIQ's and the emulator's); silence longer than this is a dead connection. */
const EVENTS_IDLE_MS = 45_000;
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'BUDGET_EXCEEDED']);
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

function parseDate(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export function createProteinIqProvider(deps: ProviderDeps): Provider {
  const client = new ProteinIqClient(deps);
  const path = (id: string) => encodeURIComponent(id);
  let eventsDownUntil = 0;
  let eventsDownMs = EVENTS_DOWN_MS;

  async function getResult(remoteId: string, signal?: AbortSignal): Promise<ProteinIqResult> {
    const what = `the result of ${remoteId}`;
    const res = await client.send({ method: 'GET', path: `/api/v1/results/${path(remoteId)}`, what, repeatable: true, pace: `results:${remoteId}`, signal });
    if (res.status === 409) {
      const err = apiFailure(what, res.status, res.headers, res.text, deps.clock.now());
      if (err instanceof ProteinIqApiError && err.code === 'job_not_completed') {
        const current = typeof err.details?.current_status === 'string' ? ` (still ${serverText(err.details.current_status, 40)})` : '';
        throw new ResultNotReadyError(`ProteinIQ has no result for ${remoteId} yet${current}.`, PROTEINIQ_ID, err.retryAfterMs);
      }
      throw err;
    }
    if (res.status < 200 || res.status >= 300) throw apiFailure(what, res.status, res.headers, res.text, deps.clock.now());
    return parseResult(res.text);
  }

  function parseResult(text: string): ProteinIqResult {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new SchemaError(`ProteinIQ GET /api/v1/results: the response is not valid JSON`, PROTEINIQ_ID, true);
    }
    const parsed = resultSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SchemaError(`ProteinIQ GET /api/v1/results: unexpected response: field "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`, PROTEINIQ_ID);
    }
    return parsed.data;
  }

  async function* listRemote(options: ListOptions = {}): AsyncIterable<RemoteJobSummary> {
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    let seen = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const { data: page } = await client.json(
        { method: 'GET', path: '/api/v1/jobs', what: 'the job list', query: { limit: PAGE_SIZE, starting_after: cursor }, repeatable: true, interactive: true, signal: options.signal },
        jobListSchema,
      );
      for (const job of page.data) {
        const s = statusOf(job);
        yield { remoteId: job.id, name: job.name?.trim() ? job.name : `${job.tool ?? 'ProteinIQ'} ${job.id}`, status: s.status, rawStatus: s.rawStatus, createdAt: parseDate(job.created_at) };
      }
      seen += page.data.length;
      options.onProgress?.(seen);
      const next = page.next_cursor ?? page.data.at(-1)?.id;
      // To the end; a cursor seen before would loop forever.
      if (!page.has_more || !next || seenCursors.has(next)) return;
      seenCursors.add(next);
      cursor = next;
    }
  }

  async function quote(body: JobBody) {
    const { tool, input, settings, billing } = body;
    const { data } = await client.json({ method: 'POST', path: '/api/v1/jobs/quote', what: 'the quote', body: { tool, input, settings, billing }, repeatable: true, interactive: true }, quoteSchema);
    return data;
  }

  return {
    id: PROTEINIQ_ID,
    label: PROTEINIQ_LABEL,
    credentialFields: [{ key: 'apiKey', label: 'API key', secret: true }],
    // The poller's share of the key's 120 / 60 s; the gate in client.ts covers everything else too.
    pollPolicy: { minIntervalMs: 5_000, maxIntervalMs: 30_000, batchSize: 1, rateLimit: { requests: 100, windowMs: 60_000 }, backoff: 'grow' },

    async checkCredentials() {
      const { data } = await client.json({ method: 'GET', path: '/api/v1/account', what: 'the account', repeatable: true, interactive: true }, accountSchema);
      const name = data.workspace.name?.trim();
      return `workspace "${serverText(name || data.workspace.id, 80)}"`;
    },

    validateRemoteId(remoteId: string) {
      return JOB_ID.test(remoteId) ? undefined : 'A ProteinIQ job id is letters, digits, "_" and "-", e.g. job_123.';
    },

    submission: {
      fileExtensions: ['.fasta', '.fa', '.faa', '.json'],
      parse: (source) => parseProteinIqSource(source),
      prepare: (parsed, ctx) => prepareSubmission((parsed as ProteinIqSubmission).payload, ctx, { quote }),

      async submit(draft: SubmissionDraft, submitKey: string) {
        // Safe to send again with the same key: a replay answers the stored response, nothing is created twice.
        const { data: job, res } = await client.json(
          { method: 'POST', path: '/api/v1/jobs', what: 'the submission', body: draft.request, headers: { 'idempotency-key': submitKey }, repeatable: true, interactive: true },
          jobSchema,
        );
        if (res.headers['idempotent-replayed'] === 'true' || res.status !== 202) deps.log.info(`ProteinIQ: submission "${draft.name}" answered ${res.status} (replayed: ${res.headers['idempotent-replayed'] ?? 'no'}) → ${job.id}`);
        return { remoteId: job.id };
      },

      async recoverSubmission(attempt: SubmitAttempt, ctx: RecoveryContext) {
        if (deps.clock.now() - attempt.createdAt < REPLAY_WINDOW_MS) return 'replay';
        for await (const remote of listRemote()) {
          const t = remote.createdAt;
          if (t !== undefined && t < attempt.createdAt - RECOVERY_BEFORE_MS) break; // newest first: older ones cannot be it
          if (remote.name === attempt.name && !ctx.isTracked(remote.remoteId) && (t === undefined || t <= attempt.createdAt + RECOVERY_AFTER_MS)) return { remoteId: remote.remoteId };
        }
        return 'unknown';
      },
    },

    async status(remoteIds: readonly string[]) {
      const out = new Map<string, StatusUpdate>();
      for (const id of remoteIds) {
        const { data } = await client.json({ method: 'GET', path: `/api/v1/jobs/${path(id)}/status`, what: `the status of ${id}`, repeatable: true, pace: `status:${id}` }, jobSchema);
        out.set(id, statusOf(data));
      }
      return out;
    },

    async *events(remoteId: string, signal: AbortSignal) {
      const now = deps.clock.now();
      if (now < eventsDownUntil) throw new ProviderError(`ProteinIQ's event stream was unavailable; polling until ${new Date(eventsDownUntil).toISOString().slice(11, 19)} UTC`, PROTEINIQ_ID);
      let res;
      try {
        res = await client.stream({ method: 'GET', path: `/api/v1/jobs/${path(remoteId)}/events`, what: `the events of ${remoteId}`, headers: { accept: 'text/event-stream' }, signal, timeoutMs: EVENTS_IDLE_MS });
      } catch (err) {
        if (err instanceof HttpStatusError && !(err instanceof RateLimitError) && err.status !== 404) {
          // The endpoint itself is down (not this job): the document's fallback is polling.
          eventsDownUntil = deps.clock.now() + eventsDownMs;
          eventsDownMs = Math.min(EVENTS_DOWN_CAP_MS, eventsDownMs * 2);
        }
        throw err;
      }
      eventsDownMs = EVENTS_DOWN_MS;
      for await (const e of serverSentEvents(res.body)) {
        if (!e.data.trim()) continue;
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          throw new SchemaError(`ProteinIQ events of ${remoteId}: an event that is not JSON ("${serverText(e.data, 60)}")`, PROTEINIQ_ID, true);
        }
        const parsed = jobSchema.safeParse(data);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new SchemaError(`ProteinIQ events of ${remoteId}: unexpected event: field "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`, PROTEINIQ_ID);
        }
        if (parsed.data.id !== remoteId) continue;
        yield statusOf(parsed.data);
        // "Stop listening after a terminal status."
        if (TERMINAL.has(parsed.data.status.trim().toUpperCase())) {
          res.cancel();
          return;
        }
      }
    },

    async cancel(remoteId: string): Promise<CancelOutcome> {
      const what = `the cancellation of ${remoteId}`;
      const res = await client.send({ method: 'POST', path: `/api/v1/jobs/${path(remoteId)}/cancel`, what, interactive: true });
      if (res.status === 409) {
        const err = apiFailure(what, res.status, res.headers, res.text, deps.clock.now());
        const current = err instanceof ProteinIqApiError && typeof err.details?.current_status === 'string' ? err.details.current_status : undefined;
        if (current?.toUpperCase() === 'CANCELLED') return { message: 'ProteinIQ had already cancelled this job.' };
        if (current) {
          throw new ProteinIqApiError(`ProteinIQ did not cancel the job: it is ${serverText(current, 40)} now, and only PENDING or QUEUED jobs can be cancelled.`, 409, undefined, res.text, 'conflict', { current_status: current });
        }
        throw err;
      }
      if (res.status < 200 || res.status >= 300) throw apiFailure(what, res.status, res.headers, res.text, deps.clock.now());
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        body = undefined;
      }
      const parsed = cancellationSchema.safeParse(body);
      const refunded = parsed.success ? parsed.data.refunded : undefined;
      return { message: refunded === true ? 'Cancelled at ProteinIQ; the credits were refunded.' : refunded === false ? 'Cancelled at ProteinIQ; no credits were refunded.' : 'Cancelled at ProteinIQ.' };
    },

    async fetchResult(remoteId: string, signal?: AbortSignal): Promise<ResultPayload> {
      const result = await getResult(remoteId, signal);
      return resultPayload(remoteId, result, {
        refetch: () => getResult(remoteId, signal),
        download: (url) => client.download(url, signal),
        log: deps.log,
      });
    },

    listRemote,

    // The key is read for each request: there is no session to forget.
    signOut: () => undefined,
  };
}

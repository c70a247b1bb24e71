/**
 * HTTP for ProteinIQ: `Authorization: Bearer <API key>` (the key is read from the credential store
 * for each request, so there is no session), every request of the key through one RateGate, and
 * the API's error envelope `{ error: { code, message, details } }` turned into a sentence that names
 * the message and the code.
 *
 * Limits (https://proteiniq.io/docs/api/rate-limits): 120 requests per 60 s per key, shared by every
 * route, with X-RateLimit-Limit / -Remaining / -Reset (ISO 8601) on each answer; per key and job at
 * most one status and one result request every 5 s. The gate keeps every request (quote, submit,
 * status, results, events connects, list, cancel) a little under those, so a 429 is never our own.
 * Retries are the client's own (HttpClient retries are off here) so each one passes the gate too.
 */
import type { Output, Schema } from '../../core/zod';
import { AuthError, HttpStatusError, NetworkError, RateLimitError } from '../../core/errors';
import { parseJson, parseRetryAfter, type HttpResponse, type HttpStreamResponse } from '../../core/http';
import { RateGate } from '../../core/rateGate';
import { describeErrorBody } from '../../core/serverText';
import { checkBaseUrl, isLoopbackHost, joinUrl } from '../../core/urls';
import type { ProviderDeps } from '../types';
import { errorEnvelopeSchema, type ProteinIqErrorBody } from './schemas';
import { serverText } from './status';

export const PROTEINIQ_ID = 'proteiniq';
export const PROTEINIQ_LABEL = 'ProteinIQ';
export const BASE_URL_SETTING = 'biojobs.proteiniq.baseUrl';

/** The documented limit, and what the gate allows: a little under it, over a slightly longer window. */
export const DOCUMENTED_LIMIT = { requests: 120, windowMs: 60_000 };
export const GATE_LIMIT = { requests: 116, windowMs: 61_000 };
/** Per job: one status and one result request every 5 s; the margin absorbs network jitter (the server counts arrivals). */
export const PER_JOB_PACE_MS = 5_250;

/** 429s waited out for a request a user waits for, before it is given up. */
const MAX_RATE_LIMIT_WAITS = 5;
/** Retries after a network failure or 5xx, for requests that are safe to send again. */
const MAX_TRANSIENT_RETRIES = 2;

export interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  /** What the request is, for messages: "the quote", "the status of job_x". */
  what: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again (a read, or a submission with its Idempotency-Key). */
  repeatable?: boolean;
  /** Someone waits for the answer: a 429 is waited out and the request sent again (polls leave that to the poller). */
  interactive?: boolean;
  /** Pace key: at most one request per key every PER_JOB_PACE_MS. */
  pace?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** An answer of the API that is an error: its envelope's code and details, kept for callers that branch on them. */
export class ProteinIqApiError extends HttpStatusError {
  override name = 'ProteinIqApiError';
  constructor(
    message: string,
    status: number,
    retryAfterMs: number | undefined,
    body: string | undefined,
    readonly code: string | undefined,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message, status, retryAfterMs, PROTEINIQ_ID, body);
  }
}

/** The envelope of an error body, if it has one. */
export function errorEnvelope(body: string | undefined): ProteinIqErrorBody | undefined {
  if (!body) return undefined;
  try {
    const parsed = errorEnvelopeSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** "Too many requests (rate_limited, HTTP 429)": the API's message and code, or what the body says. */
export function describeApiError(status: number, body: string | undefined, contentType?: string): string {
  const env = errorEnvelope(body);
  const text = env?.message ? serverText(env.message) : describeErrorBody(body ?? '', contentType) || 'no message';
  return `${text} (${env?.code ? `${serverText(env.code, 60)}, ` : ''}HTTP ${status})`;
}

/** The typed error for an error answer: AuthError for 401/403, RateLimitError for 429/503 + Retry-After, else ProteinIqApiError. */
export function apiFailure(what: string, status: number, headers: Record<string, string>, body: string | undefined, now: number, retryAfterMs?: number): Error {
  const wait = retryAfterMs ?? parseRetryAfter(headers['retry-after'], now);
  const described = describeApiError(status, body, headers['content-type']);
  if (status === 401) return new AuthError(`ProteinIQ rejected the API key: ${described}. Set it again with "Bio Jobs: Set Credentials…".`, PROTEINIQ_ID);
  if (status === 403) return new AuthError(`ProteinIQ refused ${what} for this API key: ${described}.`, PROTEINIQ_ID);
  if (status === 429 || (status === 503 && wait !== undefined)) {
    const after = wait !== undefined ? `; retry after ${Math.ceil(wait / 1000)} s` : '';
    return new RateLimitError(`ProteinIQ asked to slow down (${what}): ${described}${after}`, status, wait, PROTEINIQ_ID, body);
  }
  const env = errorEnvelope(body);
  const verb = status >= 500 ? 'could not answer' : 'refused';
  return new ProteinIqApiError(`ProteinIQ ${verb} ${what}: ${described}`, status, wait, body, env?.code, env?.details ?? undefined);
}

export class ProteinIqClient {
  /** Every request of the key passes here (one gate per provider instance = per window). */
  readonly gate: RateGate;

  constructor(private readonly deps: ProviderDeps) {
    this.gate = new RateGate({ clock: deps.clock, ...GATE_LIMIT, paceMs: PER_JOB_PACE_MS });
  }

  baseUrl(): URL {
    return checkBaseUrl(this.deps.baseUrl(PROTEINIQ_ID), BASE_URL_SETTING);
  }

  private async authorization(): Promise<string> {
    const key = (await this.deps.credentials.get(PROTEINIQ_ID))?.apiKey?.trim();
    if (!key) throw new AuthError('No ProteinIQ API key is set. Run "Bio Jobs: Set Credentials…" and choose ProteinIQ.', PROTEINIQ_ID);
    return `Bearer ${key}`;
  }

  /** Sends through the gate; returns any answer that is not a 429 or 5xx (callers decide on 4xx). */
  async send(call: ApiCall): Promise<HttpResponse> {
    const url = joinUrl(this.baseUrl(), call.path);
    const authorization = await this.authorization();
    let waits = 0;
    let retries = 0;
    for (;;) {
      await this.gate.acquire({ pace: call.pace, signal: call.signal });
      try {
        const res = await this.deps.http.send({
          method: call.method,
          url,
          query: call.query,
          body: call.body,
          headers: { authorization, ...call.headers },
          idempotent: call.repeatable,
          retries: 0,
          signal: call.signal,
          timeoutMs: call.timeoutMs,
        });
        this.gate.observe(res.headers, this.deps.clock.now());
        return res;
      } catch (err) {
        const now = this.deps.clock.now();
        if (err instanceof RateLimitError && err.status === 429) {
          this.gate.pause(err.retryAfterMs ?? PER_JOB_PACE_MS, now);
          if (call.interactive && call.repeatable && waits++ < MAX_RATE_LIMIT_WAITS) {
            this.deps.log.info(`ProteinIQ asked to slow down (${call.what}); sending again in ${Math.ceil((err.retryAfterMs ?? PER_JOB_PACE_MS) / 1000)} s`);
            continue;
          }
          throw apiFailure(call.what, err.status, {}, err.body, now, err.retryAfterMs);
        }
        const transient = err instanceof NetworkError || (err instanceof HttpStatusError && err.status >= 500);
        if (transient && call.interactive && call.repeatable && retries < MAX_TRANSIENT_RETRIES) {
          const wait = 1000 * 2 ** retries++;
          this.deps.log.info(`ProteinIQ: ${call.what} failed (${(err as Error).message}); sending again in ${wait / 1000} s`);
          await this.deps.clock.sleep(wait, call.signal);
          continue;
        }
        if (err instanceof HttpStatusError) throw apiFailure(call.what, err.status, {}, err.body, now, err.retryAfterMs);
        throw err;
      }
    }
  }

  /** Sends, requires a 2xx and parses the body. */
  async json<S extends Schema>(call: ApiCall, schema: S): Promise<{ data: Output<S>; res: HttpResponse }> {
    const res = await this.send(call);
    if (res.status < 200 || res.status >= 300) throw apiFailure(call.what, res.status, res.headers, res.text, this.deps.clock.now());
    return { data: parseJson(res.text, schema, `ProteinIQ ${call.method} ${call.path}`), res };
  }

  /** A streamed answer (server-sent events), through the gate. */
  async stream(call: ApiCall): Promise<HttpStreamResponse> {
    const url = joinUrl(this.baseUrl(), call.path);
    const authorization = await this.authorization();
    await this.gate.acquire({ pace: call.pace, signal: call.signal });
    try {
      const res = await this.deps.http.stream({ method: call.method, url, headers: { authorization, ...call.headers }, retries: 0, signal: call.signal, timeoutMs: call.timeoutMs });
      this.gate.observe(res.headers, this.deps.clock.now());
      return res;
    } catch (err) {
      if (err instanceof RateLimitError && err.status === 429) this.gate.pause(err.retryAfterMs ?? PER_JOB_PACE_MS, this.deps.clock.now());
      if (err instanceof HttpStatusError) throw apiFailure(call.what, err.status, {}, err.body, this.deps.clock.now(), err.retryAfterMs);
      throw err;
    }
  }

  /**
   * A signed download URL from a result: object storage, not the API — no API key is sent (secrets
   * go only to the base URL), no gate. Only https, or http to this machine.
   */
  async download(rawUrl: string, signal?: AbortSignal): Promise<HttpStreamResponse> {
    let url: URL;
    try {
      url = new URL(rawUrl, this.baseUrl());
    } catch {
      throw new ProteinIqApiError(`ProteinIQ gave a download link that is not a URL`, 400, undefined, undefined, undefined, undefined);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new ProteinIqApiError(`ProteinIQ gave a download link that is not https (${url.protocol}//${url.host}); not followed`, 400, undefined, undefined, undefined, undefined);
    }
    return this.deps.http.stream({ method: 'GET', url: url.toString(), headers: { accept: '*/*' }, retries: 0, signal, timeoutMs: 60_000 });
  }
}

/**
 * HTTP on undici: per-request timeouts, retries with exponential backoff for idempotent requests,
 * Retry-After honoured on 429/503, typed errors with redacted messages, zod parsing at the edge.
 */
import { FormData, request, type Dispatcher } from 'undici';

/** Multipart bodies must be undici's FormData (the global one has different types). */
export { FormData };
import type * as z from 'zod';
import type { Clock } from './clock';
import { HttpStatusError, NetworkError, RateLimitError, SchemaError, TimeoutError } from './errors';
import { redact, type Logger } from './log';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as-is, FormData as multipart, URLSearchParams as a form, anything else as JSON. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Safe to repeat (GET, or a read-only POST such as a status query). Only these are retried. */
  idempotent?: boolean;
  /** Overall limit for headers and body, ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpOptions {
  clock: Clock;
  log: Logger;
  /** Retries after the first attempt, for idempotent requests. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** Random source for jitter (tests pass a fixed one). */
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export class HttpClient {
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly opts: HttpOptions) {
    this.retries = opts.retries ?? 3;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.random = opts.random ?? Math.random;
  }

  /** Sends the request; returns any response < 500 that is not a 429 (callers decide on 4xx). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const attempts = req.idempotent ? this.retries + 1 : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        const res = await this.once(req);
        if (res.status === 429 || RETRYABLE_STATUS.has(res.status) || res.status >= 500) {
          const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.opts.clock.now());
          const err = statusError(req, res, retryAfterMs);
          // A 429/503 with a long Retry-After is handed to the caller (the poller schedules it).
          const canRetry = req.idempotent && attempt + 1 < attempts && (retryAfterMs ?? 0) <= this.maxDelayMs;
          if (!canRetry) throw err;
          lastError = err;
          await this.opts.clock.sleep(retryAfterMs ?? this.backoff(attempt), req.signal);
          continue;
        }
        return res;
      } catch (err) {
        if (err instanceof HttpStatusError) throw err;
        if (!(err instanceof NetworkError) || !req.idempotent || attempt + 1 >= attempts) throw err;
        lastError = err;
        await this.opts.clock.sleep(this.backoff(attempt), req.signal);
      }
    }
    throw lastError;
  }

  /** Sends, requires a 2xx, parses the JSON body with the schema. */
  async json<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) throw statusError(req, res);
    return parseJson(res.text, schema, describe(req));
  }

  /** Sends and requires a 2xx; returns the raw response (text bodies, headers). */
  async text(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) throw statusError(req, res);
    return res;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    // Full jitter around the exponential step keeps many clients from retrying in lockstep.
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | Buffer | FormData | undefined;
    if (req.body !== undefined) {
      if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) {
        body = req.body;
      } else if (req.body instanceof FormData) {
        body = req.body; // multipart: undici sets the content-type with its boundary
      } else if (req.body instanceof URLSearchParams) {
        body = req.body.toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      } else {
        body = JSON.stringify(req.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const what = describe(req);
    this.opts.log.debug(`→ ${what}`);
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        signal: req.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        dispatcher: this.opts.dispatcher,
      });
      const text = await res.body.text();
      this.opts.log.debug(`← ${res.statusCode} ${what} (${text.length} bytes)`);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      throw networkError(err, what, timeoutMs);
    }
  }
}

function describe(req: HttpRequest): string {
  try {
    const u = new URL(req.url);
    return `${req.method} ${u.origin}${u.pathname}`;
  } catch {
    return `${req.method} ${redact(req.url)}`;
  }
}

function networkError(err: unknown, what: string, timeoutMs: number): Error {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(`${what}: no response within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
  }
  if ((err as Error | undefined)?.name === 'AbortError') return err as Error;
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  const friendly =
    code === 'ECONNREFUSED'
      ? 'connection refused (is the service running and the base URL right?)'
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
        ? 'the connection was reset'
        : code === 'ENOTFOUND'
          ? 'host not found'
          : redact(detail);
  return new NetworkError(`${what}: ${friendly}`);
}

function statusError(req: HttpRequest, res: HttpResponse, retryAfterMs?: number): HttpStatusError {
  const what = describe(req);
  const detail = serverDetail(res.text);
  const suffix = detail ? `: ${detail}` : '';
  if (res.status === 429) {
    const wait = retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : '';
    return new RateLimitError(`${what}: rate limited (HTTP 429)${wait}`, 429, retryAfterMs);
  }
  if (res.status === 503 && retryAfterMs !== undefined) {
    return new RateLimitError(`${what}: service unavailable (HTTP 503), retry after ${Math.ceil(retryAfterMs / 1000)} s`, 503, retryAfterMs);
  }
  return new HttpStatusError(`${what}: HTTP ${res.status}${suffix}`, res.status, retryAfterMs);
}

/** A short, redacted message from an error body ({"detail": …}, {"error": …}, {"message": …} or text). */
function serverDetail(text: string): string {
  if (!text) return '';
  let msg = text;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const v = j.detail ?? j.error ?? j.message;
    msg = typeof v === 'string' ? v : JSON.stringify(v ?? j);
  } catch {
    /* not JSON: use the text */
  }
  msg = redact(msg.replace(/\s+/g, ' ').trim());
  return msg.length > 200 ? `${msg.slice(0, 200)}…` : msg;
}

/** Parses JSON and validates it; errors name the first failing field. */
export function parseJson<S extends z.ZodType>(text: string, schema: S, what: string): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SchemaError(`${what}: the response is not valid JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length ? issue.path.join('.') : '(root)';
    throw new SchemaError(`${what}: unexpected response: field "${field}" ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

/** Retry-After as seconds or an HTTP date → ms from now. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

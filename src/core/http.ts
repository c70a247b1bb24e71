/**
 * HTTP on Node's global `fetch` (VS Code applies its proxy settings to it; undici's own `request`
 * would bypass them and cost ~520 KB of bundle). Per-request timeouts, retries with exponential
 * backoff for idempotent requests, Retry-After honoured on 429/503, typed errors with redacted
 * messages, zod parsing at the edge. Bodies are read whole as text, as bytes, or as a stream
 * (server-sent events, downloads) with a size limit and an inactivity timeout.
 */
import { safeParse, type Output, type Schema } from './zod';
import type { Clock } from './clock';
import { HttpStatusError, NetworkError, ProviderError, RateLimitError, SchemaError, TimeoutError } from './errors';
import { redact, type Logger } from './log';
import { describeErrorBody } from './serverText';

/**
 * Multipart bodies are the global FormData (sent with its boundary by fetch), looked up when a
 * request is made: the first read of Node's fetch globals loads its fetch implementation
 * (undici, ~45 ms), which activation must not wait for.
 */
export function newFormData(): FormData {
  return new globalThis.FormData();
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes are sent as-is, FormData as multipart, URLSearchParams as a form, anything else as JSON. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Safe to repeat (GET, or a read-only POST such as a status query). Only these are retried. */
  idempotent?: boolean;
  /** Retries of this request (default: the client's); 0 leaves them to a caller that paces its own requests. */
  retries?: number;
  /** Limit for the headers, and for each pause between body chunks, ms. */
  timeoutMs?: number;
  /** Largest body read, bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/** A response whose body has not been read: iterate `body` once, or `cancel()` it. */
export interface HttpStreamResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

export interface HttpOptions {
  clock: Clock;
  log: Logger;
  /** Retries after the first attempt, for idempotent requests. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Default body limit, bytes. */
  maxBytes?: number;
  /** Random source for jitter (tests pass a fixed one). */
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export class HttpClient {
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly random: () => number;

  constructor(private readonly opts: HttpOptions) {
    this.retries = opts.retries ?? 3;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.random = opts.random ?? Math.random;
  }

  /** Sends the request; returns any response < 500 that is not a 429 (callers decide on 4xx). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    return this.withRetries(req, async (r) => {
      const text = new TextDecoder().decode(await readAll(r.body, req.maxBytes ?? this.maxBytes, describe(req)));
      this.opts.log.debug(`← ${r.status} ${describe(req)} (${text.length} chars)`);
      return { status: r.status, headers: r.headers, text };
    });
  }

  /** Sends, requires a 2xx, parses the JSON body with the schema. */
  async json<S extends Schema>(req: HttpRequest, schema: S): Promise<Output<S>> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) throw statusError(req, res.status, res.headers, res.text);
    return parseJson(res.text, schema, describe(req));
  }

  /** Sends and requires a 2xx; returns the raw response (text bodies, headers). */
  async text(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) throw statusError(req, res.status, res.headers, res.text);
    return res;
  }

  /** Sends and requires a 2xx; the body as bytes. */
  async bytes(req: HttpRequest): Promise<{ status: number; headers: Record<string, string>; bytes: Uint8Array }> {
    const res = await this.stream(req);
    return { status: res.status, headers: res.headers, bytes: await readAll(res.body, req.maxBytes ?? this.maxBytes, describe(req)) };
  }

  /**
   * Sends and requires a 2xx; the body is left to the caller as a stream (SSE, downloads). Each
   * pause between chunks may last `timeoutMs`; the whole body at most `maxBytes`.
   */
  async stream(req: HttpRequest): Promise<HttpStreamResponse> {
    return this.withRetries(req, async (r) => {
      if (r.status < 200 || r.status >= 300) {
        const text = await readText(r.body, 64 * 1024);
        throw statusError(req, r.status, r.headers, text);
      }
      return r;
    });
  }

  /** The retry loop shared by every way of reading a response. `finish` reads (or hands on) the body. */
  private async withRetries<T>(req: HttpRequest, finish: (r: HttpStreamResponse) => Promise<T>): Promise<T> {
    const attempts = req.idempotent ? (req.retries ?? this.retries) + 1 : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        const res = await this.once(req);
        if (RETRYABLE_STATUS.has(res.status) || res.status >= 500) {
          const text = await readText(res.body, 64 * 1024);
          const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.opts.clock.now());
          const err = statusError(req, res.status, res.headers, text, retryAfterMs);
          // A 429/503 with a long Retry-After is handed to the caller (the poller schedules it).
          const canRetry = req.idempotent && attempt + 1 < attempts && (retryAfterMs ?? 0) <= this.maxDelayMs;
          if (!canRetry) throw err;
          lastError = err;
          await this.opts.clock.sleep(retryAfterMs ?? this.backoff(attempt), req.signal);
          continue;
        }
        return await finish(res);
      } catch (err) {
        if (err instanceof HttpStatusError || err instanceof SchemaError) throw err;
        if (!(err instanceof NetworkError) || !req.idempotent || attempt + 1 >= attempts) throw err;
        lastError = err;
        await this.opts.clock.sleep(this.backoff(attempt), req.signal);
      }
    }
    throw lastError;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    // Full jitter around the exponential step keeps many clients from retrying in lockstep.
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  /** One request: resolves when the headers are in; the body is a stream guarded by the inactivity timer. */
  private async once(req: HttpRequest): Promise<HttpStreamResponse> {
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | Uint8Array | FormData | undefined;
    if (req.body !== undefined) {
      if (typeof req.body === 'string' || req.body instanceof Uint8Array) {
        body = req.body;
      } else if (req.body instanceof globalThis.FormData) {
        body = req.body; // multipart: fetch sets the content-type with its boundary
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
    const guard = new InactivityGuard(timeoutMs, req.signal);
    let res: Response;
    try {
      res = await fetch(url, { method: req.method, headers, body, signal: guard.signal, redirect: 'follow' });
    } catch (err) {
      guard.stop();
      throw networkError(err, what, timeoutMs, guard.timedOut);
    }
    guard.touch();
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => (out[k] = v));
    const reader = res.body?.getReader();
    async function* chunks(): AsyncIterable<Uint8Array> {
      if (!reader) return;
      try {
        for (;;) {
          let next: { done: true; value?: undefined } | { done: false; value: Uint8Array };
          try {
            next = await reader.read();
          } catch (err) {
            throw networkError(err, what, timeoutMs, guard.timedOut);
          }
          if (next.done) return;
          guard.touch();
          yield next.value;
        }
      } finally {
        guard.stop();
        reader.cancel().catch(() => undefined);
      }
    }
    return {
      status: res.status,
      headers: out,
      body: chunks(),
      cancel: () => {
        guard.stop();
        reader?.cancel().catch(() => undefined);
      },
    };
  }
}

/** Aborts the request when nothing arrives for `ms` (headers first, then between body chunks), or when `outer` aborts. */
class InactivityGuard {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  timedOut = false;
  readonly signal = this.controller.signal;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);

  constructor(
    private readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.touch();
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

async function readAll(body: AsyncIterable<Uint8Array>, maxBytes: number, what: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new ProviderError(`${what}: the response is larger than ${formatMiB(maxBytes)}; not read further`);
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

/** At most `limit` bytes of an error body (the rest is dropped). */
async function readText(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= limit) break;
    }
  } catch {
    /* an error body that breaks off: use what arrived */
  }
  return new TextDecoder().decode(Buffer.concat(parts).subarray(0, limit));
}

export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function describe(req: HttpRequest): string {
  try {
    const u = new URL(req.url);
    return `${req.method} ${u.origin}${u.pathname}`;
  } catch {
    return `${req.method} ${redact(req.url)}`;
  }
}

function networkError(err: unknown, what: string, timeoutMs: number, timedOut: boolean): Error {
  if (timedOut) return new TimeoutError(`${what}: no response within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
  if ((err as Error | undefined)?.name === 'AbortError') return err as Error;
  if (err instanceof ProviderError) return err;
  // fetch wraps the socket's error as `cause` of "fetch failed".
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (err as { code?: string } | undefined)?.code;
  const detail = code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  const friendly =
    code === 'ECONNREFUSED'
      ? 'connection refused (is the service running and the base URL right?)'
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE'
        ? 'the connection was reset'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host not found'
          : redact(detail);
  return new NetworkError(`${what}: ${friendly}`);
}

function statusError(req: HttpRequest, status: number, headers: Record<string, string>, text: string, retryAfterMs?: number): HttpStatusError {
  const what = describe(req);
  retryAfterMs ??= parseRetryAfter(headers['retry-after'], Date.now());
  const detail = describeErrorBody(text, headers['content-type']);
  const suffix = detail ? `: ${detail}` : '';
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : '';
    return new RateLimitError(`${what}: rate limited (HTTP 429)${wait}`, 429, retryAfterMs, undefined, text);
  }
  if (status === 503 && retryAfterMs !== undefined) {
    return new RateLimitError(`${what}: service unavailable (HTTP 503), retry after ${Math.ceil(retryAfterMs / 1000)} s`, 503, retryAfterMs, undefined, text);
  }
  return new HttpStatusError(`${what}: HTTP ${status}${suffix}`, status, retryAfterMs, undefined, text);
}

/** Parses JSON and validates it; errors name the first failing field. */
export function parseJson<S extends Schema>(text: string, schema: S, what: string): Output<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const excerpt = describeErrorBody(text);
    throw new SchemaError(`${what}: the response is not valid JSON${excerpt ? ` (${excerpt})` : ''}`, undefined, true);
  }
  const parsed = safeParse(schema, data);
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

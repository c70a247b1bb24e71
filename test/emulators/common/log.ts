/**
 * The request log: what reached the emulator, so a test can assert "zero requests were sent" or
 * "exactly one POST /optimise/status per poll, carrying all three job ids".
 *
 * Secrets never land here in clear: the Authorization header is kept as `<scheme> sha256:<12 hex>`
 * (enough to tell tokens apart and compare with `authFingerprint(token)`), and query/body values
 * under secret-looking keys (password, token, secret, api key) become "[redacted]".
 * Control requests (`/__control/...`) are not logged.
 */
import { createHash } from 'node:crypto';
import type { FaultKind, PathMatcher } from './faults';
import { compileMatcher } from './faults';
import { isRecord } from './http';

export interface LoggedRequest {
  /** 1, 2, 3… in arrival order; survives nothing (reset starts again at 1). */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters, secrets redacted. */
  query: Record<string, string>;
  /** Arrival time on the emulator clock (virtual time included), ms since the epoch. */
  timestamp: number;
  /** `Bearer sha256:…` — a fingerprint, never the credential; null when absent. */
  auth: string | null;
  /** The JSON (or form) body, secrets redacted; absent when there was none or it was not parseable. */
  body?: unknown;
  /** Status sent; absent when the socket was reset or hung, or the response is still pending. */
  status?: number;
  /** The injected fault that shaped this request's answer, if any. */
  fault?: FaultKind;
}

export interface LogFilter {
  method?: string;
  path?: PathMatcher;
}

const SECRET_KEY = /pass(word)?|token|secret|api[-_]?key|authorization/i;
const REDACTED = '[redacted]';

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;

  /** Records a request and returns the live entry (status/fault are filled in when known). */
  record(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged: LoggedRequest = { seq: this.nextSeq++, ...entry };
    this.entries.push(logged);
    return logged;
  }

  /** Copies, so a caller cannot edit the log. */
  list(filter: LogFilter = {}): LoggedRequest[] {
    const method = filter.method?.toUpperCase();
    const match = filter.path === undefined ? () => true : compileMatcher(filter.path);
    return this.entries.filter((e) => (method === undefined || e.method === method) && match(e.path)).map((e) => structuredClone(e));
  }

  count(filter: LogFilter = {}): number {
    return this.list(filter).length;
  }

  clear(): void {
    this.entries = [];
    this.nextSeq = 1;
  }
}

/** What the log stores for an Authorization header value. */
export function authFingerprint(headerValue: string | undefined): string | null {
  if (headerValue === undefined || headerValue === '') return null;
  const space = headerValue.indexOf(' ');
  const scheme = space > 0 ? headerValue.slice(0, space) : '';
  const credential = space > 0 ? headerValue.slice(space + 1).trim() : headerValue;
  const digest = createHash('sha256').update(credential).digest('hex').slice(0, 12);
  return scheme ? `${scheme} sha256:${digest}` : `sha256:${digest}`;
}

/** Deep copy with secret-looking keys replaced, so the log can be printed or served safely. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactSecrets(v);
    return out;
  }
  return value;
}

export function redactQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_KEY.test(k) ? REDACTED : v;
  return out;
}

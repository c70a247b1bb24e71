/**
 * The emulator framework: routes + request log + fault queue + clock + control endpoints on one
 * loopback server. A provider emulator supplies its routes (pure-ish handlers returning a Reply)
 * and its own control hooks; everything else is shared.
 *
 * Control endpoints (JSON in, JSON out; never logged, never faulted), for tests in another process
 * (extension host, Playwright) that cannot call the in-process API:
 *
 *   POST /__control/faults     body: FaultRule | FaultRule[] | { "rules": FaultRule[] }
 *                              FaultRule = { "method"?: "POST", "path": "/x" | { "prefix": "/x" } | { "regex": "^/x" },
 *                                            "times"?: 1 | "always", "phase"?: "before" | "after", "fault": Fault }
 *                              → 200 { "added": n, "faults": FaultRuleView[] }; 400 { "error": "..." } naming the bad field
 *   GET  /__control/faults     → { "faults": FaultRuleView[] } (rules still queued, with "remaining")
 *   POST /__control/reset      body (optional): { "faults"?: bool, "log"?: bool, "state"?: bool } — omitted parts default to true;
 *                              "state" is the provider's state (jobs, tokens, timing) plus the clock offset
 *                              → { "reset": ["faults", "log", "state"] }
 *   GET  /__control/requests   query (optional): method=POST, path=/exact, prefix=/optimise
 *                              → { "requests": LoggedRequest[] } (see log.ts)
 *   POST /__control/advance    body: { "ms": number >= 0 } → { "now": ISO string, "nowMs": number, "offsetMs": number }
 *   GET  /__control/clock      → { "now": ISO string, "nowMs": number, "offsetMs": number }
 *   plus each emulator's own (e.g. codon: POST /__control/expire-tokens, GET|POST /__control/timing).
 *
 * Fault shapes are documented in faults.ts.
 */
import type * as http from 'node:http';
import { STATUS_CODES } from 'node:http';
import { EmulatorClock } from './clock';
import { FaultQueue, parseFaultRules, withoutField, type Fault } from './faults';
import { errorMessage, isRecord, parseJson, readBody, sendJson, sendText, startHttpServer, Timers, type RunningServer } from './http';
import { authFingerprint, redactQuery, redactSecrets, RequestLog, type LoggedRequest } from './log';

export interface EmulatorRequest {
  method: string;
  path: string;
  /** Named groups of a RegExp route path (`/^\/jobs\/(?<id>[^/]+)$/` → `params.id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The body as received (utf-8). */
  rawBody: string;
  /** The emulator clock at arrival. */
  now: number;
}

export interface Reply {
  status: number;
  /** Sent as JSON unless `text` is given. */
  body?: unknown;
  /** Sent verbatim (content-type from `headers`, else text/plain). */
  text?: string;
  headers?: Record<string, string>;
  /**
   * Sent after the status and headers instead of a body, for as long as it runs (server-sent
   * events); the response ends when it settles, unless it reset the connection.
   */
  stream?: (out: ResponseStream) => Promise<void>;
}

/** What a streaming reply writes to. */
export interface ResponseStream {
  /** Writes a chunk; false once the client or the emulator closed the connection. */
  write(chunk: string): boolean;
  readonly closed: boolean;
  /** Waits `ms` of real time; false when the connection closed meanwhile (then stop writing). */
  sleep(ms: number): Promise<boolean>;
  /** Drops the connection with a TCP RST, as a proxy that cuts a long response. */
  reset(): void;
}

export interface Route {
  method: string;
  /** Exact path, or a RegExp tested against the path (named groups become params). */
  path: string | RegExp;
  /** The required response field the "drift" fault removes (dotted, `*` for array elements). */
  drift?: string;
  handle(req: EmulatorRequest): Reply | Promise<Reply>;
}

/** Thrown by a control handler for a bad request; becomes 400 { "error": message }. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
}

/** A control handler returns the JSON to send with 200. */
export type ControlHandler = (body: unknown, query: URLSearchParams) => unknown;

export interface EmulatorOptions {
  /** Used in messages only. */
  name: string;
  routes: readonly Route[];
  clock?: EmulatorClock;
  port?: number;
  /** Extra control endpoints keyed "METHOD name", e.g. "POST expire-tokens" → POST /__control/expire-tokens. */
  control?: Record<string, ControlHandler>;
  /** Restores the provider's state (jobs, tokens, timing) for POST /__control/reset. */
  resetState?: () => void;
  /** Answers for unknown paths / methods; FastAPI's by default. */
  notFound?: (req: EmulatorRequest) => Reply;
  methodNotAllowed?: (req: EmulatorRequest) => Reply;
}

export interface ResetParts {
  faults?: boolean;
  log?: boolean;
  state?: boolean;
}

export interface Emulator extends RunningServer {
  readonly name: string;
  readonly clock: EmulatorClock;
  readonly log: RequestLog;
  readonly faults: FaultQueue;
  /** Same as POST /__control/reset. */
  reset(parts?: ResetParts): void;
}

const CONTROL_PREFIX = '/__control/';

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const clock = opts.clock ?? new EmulatorClock();
  const log = new RequestLog();
  const faults = new FaultQueue();
  const timers = new Timers();
  const notFound = opts.notFound ?? (() => ({ status: 404, body: { detail: 'Not Found' } }));
  const methodNotAllowed = opts.methodNotAllowed ?? (() => ({ status: 405, body: { detail: 'Method Not Allowed' } }));

  const reset = (parts: ResetParts = {}): string[] => {
    const done: string[] = [];
    if (parts.faults ?? true) {
      faults.clear();
      done.push('faults');
    }
    if (parts.log ?? true) {
      log.clear();
      done.push('log');
    }
    if (parts.state ?? true) {
      clock.resetOffset();
      opts.resetState?.();
      done.push('state');
    }
    return done;
  };

  const clockView = () => ({ now: new Date(clock.now()).toISOString(), nowMs: clock.now(), offsetMs: clock.offsetMs });

  const control: Record<string, ControlHandler> = {
    'POST faults': (body) => {
      const added = faults.add(parseFaultRules(body));
      return { added, faults: faults.list() };
    },
    'GET faults': () => ({ faults: faults.list() }),
    'POST reset': (body) => {
      if (body !== undefined && !isRecord(body)) throw new ControlError('body: expected { faults?, log?, state? }');
      const parts: ResetParts = {};
      for (const key of ['faults', 'log', 'state'] as const) {
        const v = body?.[key];
        if (v === undefined) continue;
        if (typeof v !== 'boolean') throw new ControlError(`${key}: expected a boolean`);
        parts[key] = v;
      }
      return { reset: reset(parts) };
    },
    'GET requests': (_body, query) => {
      const method = query.get('method') ?? undefined;
      const exact = query.get('path');
      const prefix = query.get('prefix');
      const path = exact !== null ? exact : prefix !== null ? { prefix } : undefined;
      return { requests: log.list({ method, path }) };
    },
    'POST advance': (body) => {
      const ms = isRecord(body) ? body.ms : undefined;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new ControlError('ms: expected a finite number >= 0');
      clock.advance(ms);
      return clockView();
    },
    'GET clock': () => clockView(),
    ...opts.control,
  };

  const handleControl = (req: http.IncomingMessage, res: http.ServerResponse, path: string, query: URLSearchParams, raw: string) => {
    const handler = control[`${req.method ?? 'GET'} ${path.slice(CONTROL_PREFIX.length)}`];
    if (!handler) return sendJson(res, 404, { error: `no control endpoint ${req.method} ${path}` });
    let body: unknown;
    if (raw.trim() !== '') {
      const parsed = parseJson(raw);
      if (!parsed.ok) return sendJson(res, 400, { error: `body is not JSON: ${parsed.error}` });
      body = parsed.value;
    }
    try {
      sendJson(res, 200, handler(body, query), { 'cache-control': 'no-store' });
    } catch (err) {
      sendJson(res, 400, { error: errorMessage(err) });
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = (await readBody(req)).toString('utf8');
    if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(req, res, url.pathname, url.searchParams, raw);

    const request: EmulatorRequest = {
      method,
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      rawBody: raw,
      now: clock.now(),
    };
    const entry = log.record({
      method,
      path: url.pathname,
      query: redactQuery(url.searchParams),
      timestamp: request.now,
      auth: authFingerprint(req.headers.authorization),
      ...loggableBody(raw, req.headers['content-type']),
    });

    const injected = faults.take(method, url.pathname);
    if (injected) entry.fault = injected.fault.kind;
    const fault = injected?.fault;
    if (fault?.kind === 'delay') {
      // Real time on purpose: the point is to exercise the client's own timeouts.
      if (!(await timers.sleep(fault.ms))) return;
    }
    const short = fault !== undefined && isShortCircuit(fault);
    if (short && injected?.phase === 'before') return applyFault(res, fault, entry, undefined);

    const { route, allowed } = findRoute(opts.routes, method, url.pathname, request);
    let reply: Reply = route ? await route.handle(request) : allowed ? methodNotAllowed(request) : notFound(request);
    if (short) return applyFault(res, fault, entry, reply);
    if (fault?.kind === 'drift') {
      const field = fault.field ?? route?.drift;
      if (field !== undefined) reply = { ...reply, body: withoutField(reply.body, field) };
    }
    entry.status = reply.status;
    if (reply.stream) return stream(res, reply.status, reply.headers ?? {}, reply.stream);
    send(res, reply);
  };

  const server = await startHttpServer(handle, { port: opts.port });
  return {
    ...server,
    name: opts.name,
    clock,
    log,
    faults,
    reset(parts) {
      reset(parts);
    },
    async close() {
      timers.cancelAll();
      await server.close();
    },
  };
}

type ShortFault = Extract<Fault, { kind: 'status' | 'reset' | 'hang' | 'malformed' }>;

function isShortCircuit(f: Fault): f is ShortFault {
  return f.kind === 'status' || f.kind === 'reset' || f.kind === 'hang' || f.kind === 'malformed';
}

function applyFault(res: http.ServerResponse, fault: ShortFault, entry: LoggedRequest, real: Reply | undefined): void {
  switch (fault.kind) {
    case 'status': {
      entry.status = fault.status;
      const headers = fault.headers ?? {};
      if (typeof fault.body === 'string') return sendText(res, fault.status, fault.body, headers);
      return sendJson(res, fault.status, fault.body ?? { detail: STATUS_CODES[fault.status] ?? 'Error' }, headers);
    }
    case 'reset':
      // An RST rather than a FIN, so the client sees ECONNRESET, as when a proxy drops the connection.
      if (res.socket) res.socket.resetAndDestroy();
      return;
    case 'hang':
      // Nothing is written; close() destroys the socket.
      return;
    case 'malformed': {
      entry.status = 200;
      const whole = real?.body !== undefined ? JSON.stringify(real.body) : '{"detail": "truncated response", "results": [{"jobid": ';
      return sendText(res, 200, whole.slice(0, Math.max(1, Math.floor(whole.length / 2))), { 'content-type': 'application/json' });
    }
  }
}

function findRoute(routes: readonly Route[], method: string, path: string, req: EmulatorRequest): { route?: Route; allowed: boolean } {
  let allowed = false;
  for (const r of routes) {
    let params: Record<string, string> | undefined;
    if (typeof r.path === 'string') {
      if (r.path === path) params = {};
    } else {
      const m = r.path.exec(path);
      if (m) params = { ...m.groups };
    }
    if (params === undefined) continue;
    allowed = true;
    if (r.method.toUpperCase() === method) {
      req.params = decodeParams(params);
      return { route: r, allowed };
    }
  }
  return { allowed };
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

function send(res: http.ServerResponse, reply: Reply): void {
  const headers = reply.headers ?? {};
  if (reply.text !== undefined) return sendText(res, reply.status, reply.text, headers);
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  sendJson(res, reply.status, reply.body, headers);
}

async function stream(res: http.ServerResponse, status: number, headers: Record<string, string>, body: NonNullable<Reply['stream']>): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  // close() destroys every socket, so a stream also ends when the emulator stops.
  let closed = false;
  const wakers = new Set<() => void>();
  res.on('close', () => {
    closed = true;
    for (const wake of wakers) wake();
  });
  const out: ResponseStream = {
    get closed() {
      return closed || res.destroyed;
    },
    write: (chunk) => {
      if (out.closed) return false;
      res.write(chunk);
      return true;
    },
    sleep: (ms) =>
      new Promise<boolean>((resolve) => {
        if (out.closed) return resolve(false);
        const wake = () => {
          clearTimeout(timer);
          wakers.delete(wake);
          resolve(false);
        };
        const timer = setTimeout(() => {
          wakers.delete(wake);
          resolve(!out.closed);
        }, ms);
        wakers.add(wake);
      }),
    reset: () => {
      closed = true;
      res.socket?.resetAndDestroy();
    },
  };
  try {
    await body(out);
  } finally {
    if (!res.destroyed) res.end();
  }
}

function loggableBody(raw: string, contentType: string | undefined): { body?: unknown } {
  if (raw === '') return {};
  if (contentType?.includes('application/x-www-form-urlencoded')) return { body: redactQuery(new URLSearchParams(raw)) };
  const parsed = parseJson(raw);
  return parsed.ok ? { body: redactSecrets(parsed.value) } : {};
}

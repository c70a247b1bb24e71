/**
 * A client-side gate for every request made with one credential, so the client stays under the
 * server's limit instead of learning it from 429s:
 * - a sliding window: at most `requests` in any `windowMs` (a sliding window under the limit also
 *   stays under a fixed-window count of the same size, whatever the server's window start);
 * - the server's own count from `X-RateLimit-Limit` / `-Remaining` / `-Reset` (another window or
 *   tool using the same key spends from the same budget): no request while it says 0 left;
 * - a pause for `Retry-After` after a refusal;
 * - a minimum spacing per resource (a "pace" key, e.g. one status request per job every 5 s).
 * Callers wait in `acquire`; nothing is refused. Pure apart from the injected clock.
 */
import type { Clock } from './clock';

export interface RateGateOptions {
  clock: Clock;
  /** Requests allowed in any `windowMs`. */
  requests: number;
  windowMs: number;
  /** Spacing between two requests with the same pace key, ms. */
  paceMs?: number;
}

/** The server's count as its last answer told it. */
interface ServerBudget {
  limit: number;
  remaining: number;
  resetAt: number;
}

export class RateGate {
  private readonly stamps: number[] = [];
  private readonly paced = new Map<string, number>();
  private blockedUntil = 0;
  private server?: ServerBudget;

  constructor(private readonly opts: RateGateOptions) {}

  /** The earliest time a request (with this pace key) may go. */
  nextFreeAt(now: number, pace?: string): number {
    this.prune(now);
    let at = Math.max(now, this.blockedUntil);
    const capacity = Math.max(1, Math.min(this.opts.requests, this.server?.limit ?? Infinity));
    if (this.stamps.length >= capacity) at = Math.max(at, this.stamps[this.stamps.length - capacity] + this.opts.windowMs);
    if (this.server && now < this.server.resetAt && this.server.remaining <= 0) at = Math.max(at, this.server.resetAt);
    const last = pace === undefined ? undefined : this.paced.get(pace);
    if (last !== undefined && this.opts.paceMs) at = Math.max(at, last + this.opts.paceMs);
    return at;
  }

  /** Waits until a request may go, then counts it. Rejects when `signal` aborts. */
  async acquire(options: { pace?: string; signal?: AbortSignal } = {}): Promise<void> {
    for (;;) {
      options.signal?.throwIfAborted();
      const now = this.opts.clock.now();
      const at = this.nextFreeAt(now, options.pace);
      if (at <= now) {
        this.take(now, options.pace);
        return;
      }
      await this.opts.clock.sleep(at - now, options.signal);
    }
  }

  /** Reads the X-RateLimit-* headers of an answer (lower-case names). */
  observe(headers: Readonly<Record<string, string>>, now: number): void {
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    const resetAt = parseReset(headers['x-ratelimit-reset'], now);
    if (!Number.isFinite(remaining) || resetAt === undefined || resetAt <= now) return;
    const budget = { limit: Number.isFinite(limit) && limit > 0 ? limit : (this.server?.limit ?? Infinity), remaining, resetAt };
    // Answers arrive out of order: within one server window the lowest count is the latest truth.
    if (!this.server || resetAt > this.server.resetAt + 1000) this.server = budget;
    else if (Math.abs(resetAt - this.server.resetAt) <= 1000) this.server = { ...budget, remaining: Math.min(remaining, this.server.remaining) };
  }

  /** The server refused a request and asked for a pause (Retry-After). */
  pause(ms: number, now: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, now + Math.max(0, ms));
  }

  /** Requests counted in the last window (tests, diagnostics). */
  inWindow(now: number): number {
    this.prune(now);
    return this.stamps.length;
  }

  private take(now: number, pace?: string): void {
    this.stamps.push(now);
    if (pace !== undefined) this.paced.set(pace, now);
    if (this.server && now < this.server.resetAt) this.server.remaining--;
  }

  private prune(now: number): void {
    while (this.stamps.length && this.stamps[0] <= now - this.opts.windowMs) this.stamps.shift();
    if (this.server && now >= this.server.resetAt) this.server = undefined;
    // Pace entries older than the spacing no longer hold anything back.
    if (this.paced.size > 1000 && this.opts.paceMs) {
      for (const [k, at] of this.paced) if (at + this.opts.paceMs <= now) this.paced.delete(k);
    }
  }
}

/**
 * X-RateLimit-Reset as an instant: an ISO 8601 timestamp (ProteinIQ), epoch seconds or ms, or
 * seconds from now (small numbers), as different APIs send it.
 */
export function parseReset(value: string | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return n;
    if (n > 1e9) return n * 1000;
    return now + n * 1000;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

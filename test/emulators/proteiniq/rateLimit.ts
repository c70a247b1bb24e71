/**
 * The public API's request limits (https://proteiniq.io/docs/api/rate-limits):
 * - 120 requests per 60 s per API key, shared by every route. Every answer of an authenticated
 *   route carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset — an ISO 8601
 *   timestamp of the next reset, as the page says (not epoch seconds). Beyond the limit: 429
 *   `rate_limited` with Retry-After (seconds, rounded up). The window is fixed: it starts with the
 *   key's first request and resets `windowMs` later (the emulator's reading of "reset"); a refused
 *   request does not count.
 * - Per key and job, GET …/status and GET /results/{id} each at most once per 5 s ("per-job
 *   throttles"); a faster call is 429 `rate_limited` with Retry-After and does not reset the pace.
 * Everything is on the emulator clock, so virtual time moves windows too.
 */
import { ControlError, isRecord, type ControlHandler } from '../common';

export interface RateLimitPolicy {
  /** Requests per window per key; default 120. */
  limit: number;
  windowMs: number;
  /** Minimum spacing of status (and of result) requests per key and job; 0 turns it off. Default 5000. */
  perJobMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { limit: 120, windowMs: 60_000, perJobMs: 5_000 };

export type Paced = 'status' | 'results';

export type Admission = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; retryAfterS: number };

export class RateLimiter {
  private policy: RateLimitPolicy;
  private windows = new Map<string, { start: number; count: number }>();
  private lastPaced = new Map<string, number>();

  constructor(private readonly initial: RateLimitPolicy) {
    this.policy = checked(initial);
  }

  get(): RateLimitPolicy {
    return { ...this.policy };
  }

  /** Changes the policy; windows already open keep their start. */
  set(p: Partial<RateLimitPolicy>): RateLimitPolicy {
    this.policy = checked({ ...this.policy, ...p });
    return this.get();
  }

  /** Counts one request of `keyId` at `now`, or refuses it. */
  admit(keyId: string, now: number): Admission {
    let w = this.windows.get(keyId);
    if (!w || now >= w.start + this.policy.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(keyId, w);
    }
    const reset = w.start + this.policy.windowMs;
    if (w.count >= this.policy.limit) return { ok: false, headers: this.headers(0, reset), retryAfterS: seconds(reset - now) };
    w.count += 1;
    return { ok: true, headers: this.headers(this.policy.limit - w.count, reset) };
  }

  /** The per-job pace: undefined when allowed (and recorded), else the seconds to wait. */
  pace(keyId: string, route: Paced, jobId: string, now: number): number | undefined {
    if (this.policy.perJobMs === 0) return undefined;
    const k = `${keyId}\u0000${route}\u0000${jobId.toLowerCase()}`;
    const last = this.lastPaced.get(k);
    if (last !== undefined && now - last < this.policy.perJobMs) return seconds(last + this.policy.perJobMs - now);
    this.lastPaced.set(k, now);
    return undefined;
  }

  reset(): void {
    this.policy = checked(this.initial);
    this.windows.clear();
    this.lastPaced.clear();
  }

  readonly control: Record<string, ControlHandler> = {
    'GET rate-limit': () => this.get(),
    /** body: { "limit"?, "windowMs"?, "perJobMs"? } → the policy now in force */
    'POST rate-limit': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { limit?, windowMs?, perJobMs? }');
      const p: Partial<RateLimitPolicy> = {};
      for (const k of ['limit', 'windowMs', 'perJobMs'] as const) {
        const v = body[k];
        if (v === undefined) continue;
        if (typeof v !== 'number') throw new ControlError(`${k}: expected a number`);
        p[k] = v;
      }
      return this.set(p);
    },
  };

  private headers(remaining: number, reset: number): Record<string, string> {
    return { 'x-ratelimit-limit': String(this.policy.limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': new Date(reset).toISOString() };
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function checked(p: RateLimitPolicy): RateLimitPolicy {
  if (!Number.isInteger(p.limit) || p.limit < 1) throw new ControlError(`limit: expected an integer >= 1, got ${String(p.limit)}`);
  if (!Number.isFinite(p.windowMs) || p.windowMs < 1) throw new ControlError(`windowMs: expected a number >= 1, got ${String(p.windowMs)}`);
  if (!Number.isFinite(p.perJobMs) || p.perJobMs < 0) throw new ControlError(`perJobMs: expected a number >= 0, got ${String(p.perJobMs)}`);
  return { limit: p.limit, windowMs: p.windowMs, perJobMs: p.perJobMs };
}

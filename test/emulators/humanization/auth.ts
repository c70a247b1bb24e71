/**
 * Bearer tokens of the humanization API. The document gives only `Authorization: Bearer <token>`:
 * no login endpoint and no lifetime, so tokens are handed out (an API key from the web app, or a
 * session JWT), and this emulator has two kinds:
 * - static tokens given in the options (default `demo-token` → user demo, `other-token` → other),
 *   valid until expired on purpose (POST /__control/expire-tokens);
 * - issued tokens (POST /__control/tokens, `issueToken`) that expire after a TTL on the emulator clock.
 *
 * Our reading of how the API refuses (FastAPI's HTTPBearer + a JWT check, as the document's shape
 * suggests): no or non-Bearer header → 401 "Not authenticated"; a token it does not know → 401
 * "Invalid authentication credentials"; an expired one → 401 "Token has expired"; all with
 * `WWW-Authenticate: Bearer`. A valid token for a job of another user → 403 "Not authorized to
 * access this job" (jobs carry `submitted_by`, so ownership is checked after the lookup); an
 * unknown job → 404.
 */
import { randomBytes } from 'node:crypto';
import { ControlError, isRecord, unauthorized, type ControlHandler, type EmulatorClock, type Reply } from '../common';

export const DEFAULT_TOKENS: Readonly<Record<string, string>> = { 'demo-token': 'demo', 'other-token': 'other' };
export const DEFAULT_ISSUED_TTL_MS = 60 * 60 * 1000;

export const REJECTIONS = {
  missing: 'Not authenticated',
  invalid: 'Invalid authentication credentials',
  expired: 'Token has expired',
  forbidden: 'Not authorized to access this job',
} as const;

interface Entry {
  user: string;
  /** Infinity for static tokens until expired. */
  expiresAt: number;
  static: boolean;
}

export type AuthResult = { ok: true; user: string } | { ok: false; reply: Reply };

export class BearerTokens {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly statics: Readonly<Record<string, string>>,
  ) {
    this.reset();
  }

  get users(): string[] {
    return [...new Set(Object.values(this.statics))];
  }

  authenticate(header: string | undefined, now: number): AuthResult {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return { ok: false, reply: unauthorized(REJECTIONS.missing) };
    const entry = this.entries.get(m[1]);
    if (!entry) return { ok: false, reply: unauthorized(REJECTIONS.invalid) };
    if (now >= entry.expiresAt) return { ok: false, reply: unauthorized(REJECTIONS.expired) };
    return { ok: true, user: entry.user };
  }

  issue(user: string, ttlMs = DEFAULT_ISSUED_TTL_MS): { token: string; user: string; expires_at: string } {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new ControlError('ttl_ms: expected a number > 0');
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + ttlMs;
    this.entries.set(token, { user, expiresAt, static: false });
    return { token, user, expires_at: new Date(expiresAt).toISOString() };
  }

  /** Expires every live token (of one user if given), static ones included; returns how many. */
  expire(user?: string): number {
    const now = this.clock.now();
    let n = 0;
    for (const e of this.entries.values()) {
      if ((user === undefined || e.user === user) && e.expiresAt > now) {
        e.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Static tokens valid again, issued ones gone (POST /__control/reset with state). */
  reset(): void {
    this.entries.clear();
    for (const [token, user] of Object.entries(this.statics)) this.entries.set(token, { user, expiresAt: Infinity, static: true });
  }

  readonly control: Record<string, ControlHandler> = {
    /** body (optional): { "user"?: string, "ttl_ms"?: number } → { token, user, expires_at } */
    'POST tokens': (body) => {
      const b = isRecord(body) ? body : {};
      const user = b.user ?? this.users[0];
      if (typeof user !== 'string') throw new ControlError('user: expected a string');
      if (b.ttl_ms !== undefined && typeof b.ttl_ms !== 'number') throw new ControlError('ttl_ms: expected a number');
      return this.issue(user, b.ttl_ms as number | undefined);
    },
    /** body (optional): { "user"?: string } → { "expired": n } */
    'POST expire-tokens': (body) => {
      const user = isRecord(body) ? body.user : undefined;
      if (user !== undefined && typeof user !== 'string') throw new ControlError('user: expected a string');
      return { expired: this.expire(user) };
    },
  };
}

/**
 * Users and bearer tokens. Tokens are random, valid for a TTL (60 minutes, as documented) on the
 * emulator clock, so expiry is testable in virtual time. Expired tokens are remembered so the 401
 * can say "expired" rather than "invalid" — a client may log that difference, never the token.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from '../common';

export const DEFAULT_USERS: Readonly<Record<string, string>> = { demo: 'demo-password' };
export const DEFAULT_TOKEN_TTL_MS = 60 * 60 * 1000;

interface Session {
  user: string;
  expiresAt: number;
}

export type AuthOutcome = { ok: true; user: string } | { ok: false; reply: Reply };

export function unauthorized(detail: string): Reply {
  return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Bearer' } };
}

export class TokenStore {
  private sessions = new Map<string, Session>();

  constructor(private readonly ttlMs: number) {}

  issue(user: string, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, expiresAt: now + this.ttlMs });
    return token;
  }

  /** Checks an Authorization header value: `Bearer <token>`, scheme case-insensitive. */
  authenticate(header: string | undefined, now: number): AuthOutcome {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return { ok: false, reply: unauthorized('Not authenticated') };
    const session = this.sessions.get(m[1]);
    if (!session) return { ok: false, reply: unauthorized('Invalid token') };
    if (now >= session.expiresAt) return { ok: false, reply: unauthorized('Token expired') };
    return { ok: true, user: session.user };
  }

  /** Expires every live token (of one user, if given) as of `now`; returns how many. */
  expireAll(now: number, user?: string): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if ((user === undefined || s.user === user) && s.expiresAt > now) {
        s.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.sessions.clear();
  }
}

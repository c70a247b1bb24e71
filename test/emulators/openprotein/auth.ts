/**
 * Users and OAuth2 password-flow tokens. POST /api/v1/login/user-access-token answers
 * `{ access_token, token_type: "bearer", expires_in }` (the API's Token model); requests then carry
 * `Authorization: <token_type> <access_token>` — "bearer", which HTTP treats case-insensitively.
 *
 * Tokens expire after a TTL on the emulator clock (60 minutes by default; the documents give no
 * lifetime, `expires_in` says it), so expiry is testable in virtual time. Expired tokens are
 * remembered so the 401 can say "expired" rather than "invalid" — a client may log that difference.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from '../common';

export const DEFAULT_USERS: Readonly<Record<string, string>> = { demo: 'demo-password' };
export const DEFAULT_TOKEN_TTL_MS = 60 * 60 * 1000;
export const TOKEN_TYPE = 'bearer';

interface Session {
  user: string;
  expiresAt: number;
}

export type AuthOutcome = { ok: true; user: string } | { ok: false; reply: Reply };

/** FastAPI's OAuth2PasswordBearer answers. */
export function unauthorized(detail: string): Reply {
  return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Bearer' } };
}

export class TokenStore {
  private sessions = new Map<string, Session>();

  constructor(readonly ttlMs: number) {}

  issue(user: string, now: number): { access_token: string; token_type: string; expires_in: number } {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, expiresAt: now + this.ttlMs });
    return { access_token: token, token_type: TOKEN_TYPE, expires_in: Math.floor(this.ttlMs / 1000) };
  }

  /** Checks an Authorization header value: `bearer <token>`, scheme in any case. */
  authenticate(header: string | undefined, now: number): AuthOutcome {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return { ok: false, reply: unauthorized('Not authenticated') };
    const session = this.sessions.get(m[1]);
    if (!session) return { ok: false, reply: unauthorized('Could not validate credentials') };
    if (now >= session.expiresAt) return { ok: false, reply: unauthorized('Token has expired') };
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

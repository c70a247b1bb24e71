/**
 * Bearer tokens, for every emulator. Tokens are random and valid for a TTL on the emulator clock,
 * so expiry is testable in virtual time. Expired tokens are remembered so the 401 can say
 * "expired" rather than "invalid" — a client may log that difference, never the token. How a
 * service words those two 401s is its own, so each emulator passes its wording in.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from './emulator';

/** 60 minutes: the codon service's documented lifetime; OpenProtein documents none (its `expires_in` says it). */
export const DEFAULT_TOKEN_TTL_MS = 60 * 60 * 1000;

export type AuthOutcome = { ok: true; user: string } | { ok: false; reply: Reply };

/** The `detail` of a 401 for a token that is not live; a missing header is FastAPI's "Not authenticated" everywhere. */
export interface TokenRejections {
  /** A token this emulator never issued (or dropped at a reset). */
  invalid: string;
  /** A token past its TTL, or expired on purpose (expireAll). */
  expired: string;
}

/** FastAPI's 401 from its bearer security dependencies (HTTPBearer, OAuth2PasswordBearer). */
export function unauthorized(detail: string): Reply {
  return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Bearer' } };
}

interface Session {
  user: string;
  expiresAt: number;
}

export class TokenStore {
  private sessions = new Map<string, Session>();

  constructor(
    readonly ttlMs: number,
    private readonly rejections: TokenRejections,
  ) {}

  issue(user: string, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, expiresAt: now + this.ttlMs });
    return token;
  }

  /** Checks an Authorization header value: `Bearer <token>`, the scheme in any case (HTTP says so). */
  authenticate(header: string | undefined, now: number): AuthOutcome {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return { ok: false, reply: unauthorized('Not authenticated') };
    const session = this.sessions.get(m[1]);
    if (!session) return { ok: false, reply: unauthorized(this.rejections.invalid) };
    if (now >= session.expiresAt) return { ok: false, reply: unauthorized(this.rejections.expired) };
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

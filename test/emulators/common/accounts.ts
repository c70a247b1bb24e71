/**
 * Who may call an emulator: its users (username → password), the user seeded jobs belong to, and
 * their bearer tokens (tokens.ts). Both services sign in, guard their routes and refuse a wrong
 * password alike; only the wording of the token 401s differs, so that is passed in.
 */
import type { EmulatorClock } from './clock';
import { ControlError, type ControlHandler, type EmulatorRequest, type Reply, type Route } from './emulator';
import { isRecord } from './http';
import { DEFAULT_TOKEN_TTL_MS, TokenStore, unauthorized, type TokenRejections } from './tokens';
import type { Checked } from './validation';

export const DEFAULT_USERS: Readonly<Record<string, string>> = { demo: 'demo-password' };

/** The options about users that every emulator takes. */
export interface AccountOptions {
  /** username → password. Default `{ demo: 'demo-password' }`. */
  users?: Record<string, string>;
  /** Owner of the seeded jobs; default "demo" if it is a user, else the first user. */
  seedUser?: string;
  /** Token lifetime; default 60 minutes. */
  tokenTtlMs?: number;
}

/** What every running emulator offers in-process tests about its users, beside HTTP. */
export interface AccountHandles {
  readonly users: Readonly<Record<string, string>>;
  readonly seedUser: string;
  /** Expires live tokens (of one user if given); returns how many. */
  expireTokens(user?: string): number;
  /** A valid token without an HTTP request (nothing logged), for tests that only need to be logged in. */
  issueToken(user?: string): string;
}

export class Accounts {
  /** A copy of the options' users, so a caller's later change to its object does not leak in. */
  readonly users: Record<string, string>;
  readonly seedUser: string;
  readonly tokens: TokenStore;

  /** `emulator` names it in error messages ("codon emulator: …"); `rejections` words its token 401s. */
  constructor(
    private readonly emulator: string,
    private readonly clock: EmulatorClock,
    opts: AccountOptions,
    rejections: TokenRejections,
  ) {
    this.users = { ...(opts.users ?? DEFAULT_USERS) };
    const usernames = Object.keys(this.users);
    if (usernames.length === 0) throw new Error(`${emulator} emulator: at least one user is needed`);
    this.seedUser = opts.seedUser ?? ('demo' in this.users ? 'demo' : usernames[0]);
    this.tokens = new TokenStore(opts.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS, rejections);
  }

  /** A new token if `password` is `username`'s, else the 401 both services give. */
  signIn(username: string, password: string, now: number): Checked<string> {
    // Own properties only, so "constructor" or "__proto__" is never a user.
    if (!Object.hasOwn(this.users, username) || this.users[username] !== password) return { ok: false, reply: unauthorized('Incorrect username or password') };
    return { ok: true, value: this.tokens.issue(username, now) };
  }

  /**
   * A route handler that runs `handler` for the request's authenticated user, or answers the 401
   * first — before the body is read, as FastAPI's security dependency does.
   */
  authenticated(handler: (req: EmulatorRequest, user: string) => Reply | Promise<Reply>): Route['handle'] {
    return (req) => {
      const auth = this.tokens.authenticate(req.headers.authorization, req.now);
      return auth.ok ? handler(req, auth.user) : auth.reply;
    };
  }

  /** A valid token without an HTTP request; throws for an unknown user. */
  issueToken(user: string = this.seedUser): string {
    if (!Object.hasOwn(this.users, user)) throw new Error(`${this.emulator} emulator: no user '${user}'`);
    return this.tokens.issue(user, this.clock.now());
  }

  /** Expires live tokens (of one user if given) as of now; returns how many. */
  expireTokens(user?: string): number {
    return this.tokens.expireAll(this.clock.now(), user);
  }

  /** Control endpoints, for tests in another process. */
  readonly control: Record<string, ControlHandler> = {
    /** body (optional): { "user"?: string } → { "expired": n } */
    'POST expire-tokens': (body) => {
      const user = isRecord(body) ? body.user : undefined;
      if (user !== undefined && typeof user !== 'string') throw new ControlError('user: expected a string');
      return { expired: this.expireTokens(user) };
    },
  };

  /** Drops every token (POST /__control/reset with state). */
  reset(): void {
    this.tokens.clear();
  }

  /** For the emulator object a server returns. */
  handles(): AccountHandles {
    return {
      users: this.users,
      seedUser: this.seedUser,
      expireTokens: (user) => this.expireTokens(user),
      issueToken: (user) => this.issueToken(user),
    };
  }
}

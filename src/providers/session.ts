/**
 * A login session shared by providers that trade a username and password for a token: the token
 * lives in memory only, is renewed before a known lifetime runs out, and once on a 401 (no loops).
 * Concurrent callers share one login. vscode-free.
 */
import type { Clock } from '../core/clock';
import { AuthError, HttpStatusError } from '../core/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../core/http';
import { checkBaseUrl, joinUrl } from '../core/urls';
import type { Output, Schema } from '../core/zod';
import type { CredentialSource } from './types';

/** A request by API path; the session supplies the base URL (and the Authorization header). */
export type PathRequest = Omit<HttpRequest, 'url'> & { path: string };

export interface LoginResult {
  /** The whole Authorization header value, e.g. `Bearer abc`. */
  authorization: string;
  /** Known lifetime; undefined = until a 401. */
  lifetimeMs?: number;
}

export interface TokenSessionOptions {
  providerId: string;
  label: string;
  clock: Clock;
  http: HttpClient;
  credentials: CredentialSource;
  baseUrl: () => string;
  /** The setting named in base-URL errors. */
  settingName: string;
  /** Logs in (one request); throw HttpStatusError 401/403 for bad credentials. */
  login(base: URL, credentials: Record<string, string>): Promise<LoginResult>;
  /** Renew this long before a known expiry. */
  renewBeforeMs?: number;
}

interface Token {
  authorization: string;
  expiresAt: number;
  base: string;
}

export class TokenSession {
  private token?: Token;
  private loggingIn?: Promise<Token>;

  constructor(private readonly opts: TokenSessionOptions) {}

  /** The checked base URL (https, or http to this machine). */
  base(): URL {
    return checkBaseUrl(this.opts.baseUrl(), this.opts.settingName);
  }

  url(path: string): string {
    return joinUrl(this.base(), path);
  }

  /** Runs an authenticated request; on a 401 logs in once more and retries once. */
  async send<T>(request: (authorization: string, base: URL) => Promise<T>): Promise<T> {
    const first = await this.valid();
    try {
      return await request(first.authorization, new URL(first.base));
    } catch (err) {
      if (!isUnauthorized(err)) throw err;
      this.token = undefined;
      const renewed = await this.valid();
      try {
        return await request(renewed.authorization, new URL(renewed.base));
      } catch (err2) {
        if (!isUnauthorized(err2)) throw err2;
        this.token = undefined;
        throw new AuthError(`${this.opts.label} rejected a fresh session token (HTTP 401).`, this.opts.providerId);
      }
    }
  }

  /** An authenticated request with a JSON answer parsed by `schema`. */
  json<S extends Schema>(req: PathRequest, schema: S): Promise<Output<S>> {
    const { path, ...rest } = req;
    return this.send((authorization, base) =>
      this.opts.http.json({ ...rest, url: joinUrl(base, path), headers: { ...rest.headers, authorization } }, schema),
    );
  }

  /** An authenticated request whose 2xx answer is returned raw (text bodies, headers). */
  text(req: PathRequest): Promise<HttpResponse> {
    const { path, ...rest } = req;
    return this.send((authorization, base) =>
      this.opts.http.text({ ...rest, url: joinUrl(base, path), headers: { ...rest.headers, authorization } }),
    );
  }

  /** A public endpoint: no token. */
  publicJson<S extends Schema>(req: PathRequest, schema: S): Promise<Output<S>> {
    const { path, ...rest } = req;
    return this.opts.http.json({ ...rest, url: this.url(path) }, schema);
  }

  /** Forgets the token (credentials or base URL changed). */
  signOut(): void {
    this.token = undefined;
  }

  private valid(): Promise<Token> {
    const base = this.base().href;
    const t = this.token;
    if (t && t.base === base && this.opts.clock.now() < t.expiresAt - (this.opts.renewBeforeMs ?? 0)) return Promise.resolve(t);
    this.loggingIn ??= this.login().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async login(): Promise<Token> {
    const { label, providerId } = this.opts;
    const creds = await this.opts.credentials.get(providerId);
    if (!creds?.username || !creds.password) {
      throw new AuthError(`No ${label} credentials are set. Run "Bio Jobs: Set Credentials…".`, providerId);
    }
    const startedAt = this.opts.clock.now();
    const base = this.base();
    try {
      const res = await this.opts.login(base, creds);
      this.token = {
        authorization: res.authorization,
        expiresAt: res.lifetimeMs === undefined ? Infinity : startedAt + res.lifetimeMs,
        base: base.href,
      };
      return this.token;
    } catch (err) {
      if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) {
        throw new AuthError(`${label} rejected the username or password (HTTP ${err.status}).`, providerId);
      }
      throw err;
    }
  }
}

function isUnauthorized(err: unknown): boolean {
  return err instanceof HttpStatusError && err.status === 401;
}

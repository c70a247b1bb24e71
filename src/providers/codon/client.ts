/**
 * HTTP client for the codon optimisation API (seeds/002). The session token lives in memory only;
 * it is renewed five minutes before its 60 minutes run out, and once on a 401 (no loops).
 * Login sends username and password as query parameters, as the document specifies.
 */
import type { Clock } from '../../core/clock';
import { AuthError, HttpStatusError } from '../../core/errors';
import type { HttpClient, HttpRequest } from '../../core/http';
import { checkBaseUrl, joinUrl } from '../../core/urls';
import type { CredentialSource } from '../types';
import type * as z from 'zod';
import { loginResponseSchema } from './schemas';

export const CODON_ID = 'codon';
export const CODON_BASE_URL_SETTING = 'biojobs.codon.baseUrl';
const TOKEN_LIFETIME_MS = 60 * 60_000;
const RENEW_BEFORE_MS = 5 * 60_000;

interface Session {
  token: string;
  expiresAt: number;
  baseUrl: string;
}

export class CodonClient {
  private session?: Session;
  private loggingIn?: Promise<Session>;

  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly credentials: CredentialSource,
    private readonly baseUrl: () => string,
  ) {}

  url(path: string): string {
    return joinUrl(checkBaseUrl(this.baseUrl(), CODON_BASE_URL_SETTING), path);
  }

  /** A public endpoint (no token). */
  publicJson<S extends z.ZodType>(req: Omit<HttpRequest, 'url'> & { path: string }, schema: S): Promise<z.infer<S>> {
    return this.http.json({ ...req, url: this.url(req.path) }, schema);
  }

  /** An endpoint that needs the bearer token; re-logs in once on a 401. */
  async authedJson<S extends z.ZodType>(req: Omit<HttpRequest, 'url'> & { path: string }, schema: S): Promise<z.infer<S>> {
    const session = await this.validSession();
    try {
      return await this.sendAuthed(req, schema, session);
    } catch (err) {
      if (!(err instanceof HttpStatusError) || err.status !== 401) throw err;
      this.session = undefined;
      const renewed = await this.validSession();
      try {
        return await this.sendAuthed(req, schema, renewed);
      } catch (err2) {
        if (err2 instanceof HttpStatusError && err2.status === 401) {
          this.session = undefined;
          throw new AuthError('Codon optimisation rejected a fresh session token (HTTP 401).', CODON_ID);
        }
        throw err2;
      }
    }
  }

  /** Forgets the token (credentials changed). */
  signOut(): void {
    this.session = undefined;
  }

  private sendAuthed<S extends z.ZodType>(req: Omit<HttpRequest, 'url'> & { path: string }, schema: S, session: Session): Promise<z.infer<S>> {
    const { path, ...rest } = req;
    return this.http.json(
      { ...rest, url: joinUrl(new URL(session.baseUrl), path), headers: { ...rest.headers, authorization: `Bearer ${session.token}` } },
      schema,
    );
  }

  private async validSession(): Promise<Session> {
    const base = this.url('/');
    const s = this.session;
    if (s && s.baseUrl === base && this.clock.now() < s.expiresAt - RENEW_BEFORE_MS) return s;
    // Concurrent callers share one login.
    this.loggingIn ??= this.login().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async login(): Promise<Session> {
    const creds = await this.credentials.get(CODON_ID);
    if (!creds?.username || !creds.password) {
      throw new AuthError('No Codon optimisation credentials are set. Run "Bio Jobs: Set Credentials…".', CODON_ID);
    }
    const startedAt = this.clock.now();
    const baseUrl = this.url('/');
    try {
      const { token } = await this.http.json(
        { method: 'POST', url: this.url('/login'), query: { username: creds.username, password: creds.password }, idempotent: true },
        loginResponseSchema,
      );
      this.session = { token, expiresAt: startedAt + TOKEN_LIFETIME_MS, baseUrl };
      return this.session;
    } catch (err) {
      if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) {
        throw new AuthError(`Codon optimisation rejected the username or password (HTTP ${err.status}).`, CODON_ID);
      }
      throw err;
    }
  }
}

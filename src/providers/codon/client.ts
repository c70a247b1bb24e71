/**
 * HTTP client for the codon optimisation API (seeds/002). The 60-minute token is renewed five
 * minutes early and once on a 401 (TokenSession). Login sends username and password as query
 * parameters, as the document specifies.
 */
import type { Clock } from '../../core/clock';
import type { HttpClient } from '../../core/http';
import { joinUrl } from '../../core/urls';
import { TokenSession } from '../session';
import type { CredentialSource } from '../types';
import { loginResponseSchema } from './schemas';

export const CODON_ID = 'codon';
export const CODON_BASE_URL_SETTING = 'biojobs.codon.baseUrl';
const TOKEN_LIFETIME_MS = 60 * 60_000;
const RENEW_BEFORE_MS = 5 * 60_000;

export function createCodonSession(http: HttpClient, clock: Clock, credentials: CredentialSource, baseUrl: () => string): TokenSession {
  return new TokenSession({
    providerId: CODON_ID,
    label: 'Codon optimisation',
    clock,
    http,
    credentials,
    baseUrl,
    settingName: CODON_BASE_URL_SETTING,
    renewBeforeMs: RENEW_BEFORE_MS,
    login: async (base, creds) => {
      const { token } = await http.json(
        { method: 'POST', url: joinUrl(base, '/login'), query: { username: creds.username, password: creds.password }, idempotent: true },
        loginResponseSchema,
      );
      return { authorization: `Bearer ${token}`, lifetimeMs: TOKEN_LIFETIME_MS };
    },
  });
}

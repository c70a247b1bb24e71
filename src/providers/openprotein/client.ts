/**
 * HTTP session for OpenProtein.AI (seeds/000, 001). Login posts the username and password as form
 * fields and answers `token_type` + `access_token`; requests carry `Authorization: <type> <token>`.
 * The token's lifetime is not documented, so it is renewed on a 401, once (TokenSession).
 */
import type { Clock } from '../../core/clock';
import type { HttpClient } from '../../core/http';
import { joinUrl } from '../../core/urls';
import { TokenSession } from '../session';
import type { CredentialSource } from '../types';
import { tokenSchema } from './schemas';

export const OPENPROTEIN_ID = 'openprotein';
export const OPENPROTEIN_LABEL = 'OpenProtein.AI';
const BASE_URL_SETTING = 'biojobs.openprotein.baseUrl';

export function createOpenProteinSession(http: HttpClient, clock: Clock, credentials: CredentialSource, baseUrl: () => string): TokenSession {
  return new TokenSession({
    providerId: OPENPROTEIN_ID,
    label: OPENPROTEIN_LABEL,
    clock,
    http,
    credentials,
    baseUrl,
    settingName: BASE_URL_SETTING,
    login: async (base, creds) => {
      const t = await http.json(
        {
          method: 'POST',
          url: joinUrl(base, '/api/v1/login/user-access-token'),
          body: new URLSearchParams({ username: creds.username, password: creds.password }),
          idempotent: true,
        },
        tokenSchema,
      );
      // "bearer" as sent by the API; HTTP auth schemes are case-insensitive.
      return { authorization: `${t.token_type} ${t.access_token}` };
    },
  });
}

/**
 * HTTP client for OpenProtein.AI (seeds/000, 001). Login posts the username and password as form
 * fields and answers `token_type` + `access_token`; requests carry `Authorization: <type> <token>`.
 * The token's lifetime is not documented, so it is renewed on a 401, once.
 */
import type { Clock } from '../../core/clock';
import type { HttpClient, HttpRequest, HttpResponse } from '../../core/http';
import { joinUrl } from '../../core/urls';
import type * as z from 'zod';
import { TokenSession } from '../session';
import type { CredentialSource } from '../types';
import { tokenSchema } from './schemas';

export const OPENPROTEIN_ID = 'openprotein';
export const OPENPROTEIN_LABEL = 'OpenProtein.AI';
const BASE_URL_SETTING = 'biojobs.openprotein.baseUrl';

type PathRequest = Omit<HttpRequest, 'url'> & { path: string };

export class OpenProteinClient {
  private readonly session: TokenSession;

  constructor(
    private readonly http: HttpClient,
    clock: Clock,
    credentials: CredentialSource,
    baseUrl: () => string,
  ) {
    this.session = new TokenSession({
      providerId: OPENPROTEIN_ID,
      label: OPENPROTEIN_LABEL,
      clock,
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

  json<S extends z.ZodType>(req: PathRequest, schema: S): Promise<z.infer<S>> {
    const { path, ...rest } = req;
    return this.session.send((authorization, base) =>
      this.http.json({ ...rest, url: joinUrl(base, path), headers: { ...rest.headers, authorization } }, schema),
    );
  }

  /** A 2xx response with its headers and text body (the MSA endpoint answers text). */
  text(req: PathRequest): Promise<HttpResponse> {
    const { path, ...rest } = req;
    return this.session.send((authorization, base) =>
      this.http.text({ ...rest, url: joinUrl(base, path), headers: { ...rest.headers, accept: 'text/plain, */*', authorization } }),
    );
  }

  signOut(): void {
    this.session.signOut();
  }
}

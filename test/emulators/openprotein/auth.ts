/**
 * OAuth2 password-flow tokens. POST /api/v1/login/user-access-token answers
 * `{ access_token, token_type: "bearer", expires_in }` (the API's Token model); requests then carry
 * `Authorization: <token_type> <access_token>` — "bearer", which HTTP treats case-insensitively.
 *
 * Users and tokens are the shared ones (../common/accounts.ts, tokens.ts): tokens expire after a
 * TTL on the emulator clock (60 minutes by default; the documents give no lifetime, `expires_in`
 * says it). Here is only what is OpenProtein's own: the Token model and the wording of its 401s.
 */
import type { TokenRejections } from '../common';

export const TOKEN_TYPE = 'bearer';

/** FastAPI's OAuth2PasswordBearer wording. */
export const TOKEN_REJECTIONS: TokenRejections = { invalid: 'Could not validate credentials', expired: 'Token has expired' };

/** The API's Token model, as the login endpoint answers it. */
export interface AccessToken {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export function accessToken(token: string, ttlMs: number): AccessToken {
  return { access_token: token, token_type: TOKEN_TYPE, expires_in: Math.floor(ttlMs / 1000) };
}

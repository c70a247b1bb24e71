/**
 * Signed download URLs, as the results page describes them ("File objects with a storage key
 * receive a signed url … Signed URLs are temporary. Fetch the result again when a saved URL
 * expires"). The real URLs point at object storage (`data_source: "r2"`), another host that needs
 * no API key; here they point at the emulator's own /storage/<key> with `expires` (Unix seconds),
 * a `nonce` (so every signing gives a new URL, even at the same instant) and an HMAC `signature`.
 * Like S3/R2, a refused download is XML: 403 AccessDenied "Request has expired" once expired (or
 * 410 Gone, switchable), 403 SignatureDoesNotMatch for a tampered URL, 404 NoSuchKey for a key
 * that holds nothing. Downloads are not API requests: no rate limit, no rate-limit headers.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Reply } from '../common';

export type Verdict = 'ok' | 'expired' | 'invalid';

export class UrlSigner {
  private secret = randomBytes(32);
  private nonce = 0;

  /** `base` is the emulator's origin as the client reached it. */
  sign(base: string, key: string, now: number, ttlMs: number): string {
    const expires = Math.floor((now + ttlMs) / 1000);
    const nonce = (++this.nonce).toString(36);
    return `${base}/storage/${key}?expires=${expires}&nonce=${nonce}&signature=${this.mac(key, expires, nonce)}`;
  }

  verify(key: string, query: URLSearchParams, now: number): Verdict {
    const expires = Number(query.get('expires'));
    const nonce = query.get('nonce') ?? '';
    const given = Buffer.from(query.get('signature') ?? '', 'utf8');
    const wanted = Buffer.from(this.mac(key, expires, nonce), 'utf8');
    if (!Number.isInteger(expires) || given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'invalid';
    return now >= expires * 1000 ? 'expired' : 'ok';
  }

  private mac(key: string, expires: number, nonce: string): string {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}\n${nonce}`).digest('hex');
  }
}

export function storageError(status: number, code: string, message: string): Reply {
  return {
    status,
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers: { 'content-type': 'application/xml' },
  };
}

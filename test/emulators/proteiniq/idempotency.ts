/**
 * Idempotent submission (https://proteiniq.io/docs/api/jobs): `Idempotency-Key` or
 * `X-Idempotency-Key` on POST /api/v1/jobs, scoped to the workspace; "replayed idempotent
 * submissions return the stored response status". The emulator's reading of what the page leaves
 * open:
 * - Only a created job (202) is stored; a refused request (400/402/…) is not, so the same key can
 *   be retried after fixing the cause. A replay returns the stored status and the stored body
 *   byte for byte (the job as it was at creation, not as it is now), with
 *   `Idempotent-Replayed: true`, and creates nothing — whatever the balance or limits are now.
 * - The same key with a different body is 409 `conflict` (details: idempotency_key). The IETF
 *   draft on the Idempotency-Key header says 422, but ProteinIQ's error table has no 422 and
 *   defines 409 `conflict` as "conflicts with the current resource state"; a client should treat
 *   both as "this key belongs to another request". Bodies are compared as JSON (key order and
 *   whitespace do not matter).
 * - Both headers with different values, an empty key or one over 255 characters: 400
 *   `validation_error`. Keys are remembered for 24 hours on the emulator clock.
 */
import { createHash } from 'node:crypto';
import type { EmulatorRequest, Reply } from '../common';
import { apiError } from './errors';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_KEY_LENGTH = 255;

interface Stored {
  fingerprint: string;
  status: number;
  body: unknown;
  at: number;
  jobId: string;
}

export type Lookup = { kind: 'new' } | { kind: 'replay'; reply: Reply; jobId: string } | { kind: 'mismatch'; reply: Reply };

/** The key of the request: undefined when none, or the 400 for a bad one. */
export function idempotencyKey(req: EmulatorRequest): { ok: true; key: string | undefined } | { ok: false; reply: Reply } {
  const read = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const a = read('idempotency-key');
  const b = read('x-idempotency-key');
  if (a !== undefined && b !== undefined && a !== b) return bad('Idempotency-Key and X-Idempotency-Key differ; send one of them');
  const key = a ?? b;
  if (key === undefined) return { ok: true, key: undefined };
  if (key.trim() === '') return bad('Idempotency-Key is empty');
  if (key.length > MAX_KEY_LENGTH) return bad(`Idempotency-Key is longer than ${MAX_KEY_LENGTH} characters`);
  return { ok: true, key };
}

function bad(message: string): { ok: false; reply: Reply } {
  return { ok: false, reply: apiError('validation_error', message, { details: { errors: [{ field: 'Idempotency-Key', message }] } }) };
}

/** JSON with sorted keys, hashed: equal for bodies that differ only in key order or spacing. */
export function fingerprint(body: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

export class IdempotencyStore {
  private byKey = new Map<string, Stored>();

  lookup(workspace: string, key: string, print: string, now: number): Lookup {
    const k = `${workspace}\u0000${key}`;
    const stored = this.byKey.get(k);
    if (!stored || now - stored.at >= IDEMPOTENCY_TTL_MS) return { kind: 'new' };
    if (stored.fingerprint !== print) {
      return { kind: 'mismatch', reply: apiError('conflict', 'This Idempotency-Key was already used with a different request body', { details: { idempotency_key: key } }) };
    }
    return { kind: 'replay', jobId: stored.jobId, reply: { status: stored.status, body: structuredClone(stored.body), headers: { 'idempotent-replayed': 'true' } } };
  }

  store(workspace: string, key: string, print: string, now: number, status: number, body: unknown, jobId: string): void {
    this.byKey.set(`${workspace}\u0000${key}`, { fingerprint: print, status, body: structuredClone(body), at: now, jobId });
  }

  clear(): void {
    this.byKey.clear();
  }
}

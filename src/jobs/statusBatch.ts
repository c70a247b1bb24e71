/**
 * A status call for a batch of ids that isolates bad ids: when the API refuses a batch with a
 * definite client error (e.g. a 404 because it no longer knows one id), the batch is split in
 * halves until the id that causes it is alone; that id is reported as gone with the raw answer and
 * the others get their statuses. Transient failures (5xx, network, 429, auth) are thrown as they are.
 */
import { AuthError, HttpStatusError, RateLimitError } from '../core/errors';
import type { StatusUpdate } from '../providers/jobVocabulary';

export interface BatchOutcome {
  updates: Map<string, StatusUpdate>;
  /** Ids the API refused on their own, with its answer. */
  gone: Map<string, HttpStatusError>;
  /** Requests made. */
  requests: number;
}

export function isDefiniteRefusal(err: unknown): err is HttpStatusError {
  return err instanceof HttpStatusError && !(err instanceof RateLimitError) && !(err instanceof AuthError) && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403 && err.status !== 408;
}

export async function statusIsolating(
  ids: readonly string[],
  call: (ids: readonly string[]) => Promise<Map<string, StatusUpdate>>,
  /** Asked before each extra request (the rate limiter); false stops the bisection for now. */
  mayRequest: () => boolean = () => true,
): Promise<BatchOutcome> {
  const out: BatchOutcome = { updates: new Map(), gone: new Map(), requests: 0 };
  const pending: (readonly string[])[] = [ids];
  let first = true;
  while (pending.length) {
    const batch = pending.shift() as readonly string[];
    if (!first && !mayRequest()) break;
    first = false;
    out.requests++;
    try {
      for (const [id, u] of await call(batch)) out.updates.set(id, u);
    } catch (err) {
      if (!isDefiniteRefusal(err)) throw err;
      if (batch.length === 1) {
        out.gone.set(batch[0], err);
      } else {
        const mid = Math.ceil(batch.length / 2);
        pending.unshift(batch.slice(0, mid), batch.slice(mid));
      }
    }
  }
  return out;
}

/**
 * Submission with a write-ahead record: the job is on disk as `submitting` (with a fresh key and the
 * request) before the POST, so a crash can be resolved on start-up without losing the job or sending
 * it twice. A definite rejection removes the record (nothing exists remotely); an ambiguous failure
 * (timeout, reset) leaves it for recovery.
 */
import type { Clock } from '../core/clock';
import { AuthError, HttpStatusError, NetworkError, TimeoutError, ValidationError, errorMessage } from '../core/errors';
import { newId } from '../core/ids';
import type { Logger } from '../core/log';
import type { Provider, SubmissionDraft } from '../providers/types';
import type { JobRecord } from './model';
import type { JobStore } from './store';

export interface SubmitDeps {
  store: JobStore;
  clock: Clock;
  log: Logger;
}

/** True when the provider certainly did not create a job (so the record can go). */
export function definitelyRejected(err: unknown): boolean {
  if (err instanceof ValidationError || err instanceof AuthError) return true;
  if (err instanceof HttpStatusError) return err.status >= 400 && err.status < 500;
  // Refused before connecting: nothing was sent. A timeout or a reset may have reached the server.
  if (err instanceof NetworkError && !(err instanceof TimeoutError)) return /connection refused|host not found/.test(err.message);
  return false;
}

export async function submitDraft(
  deps: SubmitDeps,
  provider: Provider,
  draft: SubmissionDraft,
  source?: string,
): Promise<JobRecord> {
  const now = deps.clock.now();
  const job: JobRecord = {
    id: newId(),
    providerId: provider.id,
    name: draft.name,
    status: 'submitting',
    createdAt: now,
    updatedAt: now,
    submitKey: newId(),
    origin: 'submitted',
    source,
    request: draft.request,
  };
  await deps.store.add(job);
  return sendRecorded(deps, provider, job);
}

/**
 * Sends a recorded `submitting` job with its own key (first send, or a replay the API makes
 * idempotent). A replay refused for want of credentials proves nothing about the first send: the
 * record stays (unknown) for the next recovery.
 */
export async function sendRecorded(deps: SubmitDeps, provider: Provider, job: JobRecord, options: { replay?: boolean } = {}): Promise<JobRecord> {
  try {
    if (!provider.submission) throw new ValidationError(`${provider.label} does not take submissions.`);
    const { remoteId } = await provider.submission.submit({ name: job.name, request: job.request }, job.submitKey ?? job.id);
    deps.log.info(`${provider.label}: submitted "${job.name}" as ${remoteId}`);
    const next = await deps.store.update(job.id, { remoteId, status: 'queued', rawStatus: 'submitted', request: undefined, message: undefined });
    return next ?? job;
  } catch (err) {
    if (definitelyRejected(err) && !(options.replay && err instanceof AuthError)) {
      await deps.store.remove(job.id);
    } else {
      await deps.store.update(job.id, {
        status: 'unknown',
        message: `The submission may or may not have reached ${provider.label} (${errorMessage(err)}). Bio Jobs will look for it; otherwise resubmit or remove it.`,
      });
    }
    throw err;
  }
}

/** What one look for an interrupted or ambiguous submission found. */
export type LookOutcome = 'joined' | 'replayed' | 'not-found' | 'failed';

/**
 * Looks once for the remote job of a record without a remote id (left `submitting` by a crash, or
 * `unknown` after an ambiguous failure): replay with the same key where the API is idempotent, else
 * match the remote list; otherwise it stays `unknown` — never dropped, never silently sent twice.
 * `again` says Bio Jobs keeps looking (the poller's periodic look), for the message.
 */
export async function lookForSubmission(deps: SubmitDeps, provider: Provider, job: JobRecord, again = false): Promise<LookOutcome> {
  if (!provider.submission) return 'not-found';
  const still = () => {
    const cur = deps.store.get(job.id);
    // Resubmitted, removed or resolved meanwhile (another window too): this look no longer applies.
    return cur && !cur.remoteId && cur.status === job.status ? cur : undefined;
  };
  const keepLooking = again ? ' Bio Jobs keeps looking for it; you can also resubmit or remove it.' : ' Resubmit or remove it.';
  try {
    const outcome = await provider.submission.recoverSubmission({ name: job.name, createdAt: job.createdAt, submitKey: job.submitKey ?? job.id }, {
      isTracked: (remoteId) => deps.store.findByRemoteId(provider.id, remoteId) !== undefined,
    });
    const cur = still();
    if (!cur) return 'failed';
    if (outcome === 'replay') {
      await sendRecorded(deps, provider, { ...cur, status: 'submitting' }, { replay: true });
      return 'replayed';
    }
    if (outcome === 'unknown') {
      const message = job.status === 'submitting'
        ? `Bio Jobs stopped while submitting this job and ${provider.label} has no record of it.${keepLooking}`
        : `${provider.label} shows no job for this submission yet.${keepLooking}`;
      if (cur.status !== 'unknown' || cur.message !== message) await deps.store.update(job.id, { status: 'unknown', message });
      return 'not-found';
    }
    deps.log.info(`${provider.label}: found the submission "${job.name}" as ${outcome.remoteId}`);
    await deps.store.update(job.id, { remoteId: outcome.remoteId, status: 'queued', request: undefined, message: undefined });
    return 'joined';
  } catch (err) {
    const cur = still();
    if (!cur) return 'failed';
    const message = `Could not check whether the submission reached ${provider.label}: ${errorMessage(err)}.${again ? ' Bio Jobs will look again.' : ''}`;
    if (cur.status !== 'unknown' || cur.message !== message) await deps.store.update(job.id, { status: 'unknown', message });
    return 'failed';
  }
}

/**
 * At start-up: resolves records left `submitting` (crash) or `unknown` without a remote id
 * (ambiguous failure). The poller then keeps looking for those still `unknown`.
 */
export async function recoverSubmissions(deps: SubmitDeps, providers: ReadonlyMap<string, Provider>): Promise<void> {
  const pending = deps.store.all().filter((j) => !j.remoteId && (j.status === 'submitting' || j.status === 'unknown'));
  for (const job of pending) {
    const provider = providers.get(job.providerId);
    if (provider?.submission) await lookForSubmission(deps, provider, job, true);
  }
}

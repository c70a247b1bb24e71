/** Deletes saved results of finished jobs older than the retention setting (0 = keep them). */
import { isTerminal } from './model';
import type { ResultStore } from './results';
import type { JobStore } from './store';

const DAY_MS = 86_400_000;

export async function pruneOldResults(store: JobStore, results: ResultStore, now: number, days: number): Promise<number> {
  if (!days) return 0;
  const cutoff = now - days * DAY_MS;
  const old = store.all().filter((job) => job.result && isTerminal(job.status) && job.updatedAt < cutoff);
  for (const job of old) await results.remove(job.id);
  // Without its files the job's result is fetched again when opened.
  await store.updateMany(old.map((job) => [job.id, { result: undefined }] as const));
  return old.length;
}

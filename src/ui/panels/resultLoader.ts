/**
 * Reads what a result panel shows: the job's summary and its stored files. A succeeded job whose
 * result is not stored yet (imported jobs, results deleted by retention) is fetched now, once.
 */
import * as vscode from 'vscode';
import { hasResult, primaryFile, type JobRecord } from '../../jobs/model';
import type { Poller } from '../../jobs/poller';
import type { ResultStore } from '../../jobs/results';
import type { JobStore } from '../../jobs/store';
import type { Provider } from '../../providers/types';
import type { JobSummaryView } from '../../shared/protocol';
import { resultView } from '../../shared/resultViews';
import type { ResultLoader } from './resultPanel';

export interface ResultLoaderDeps {
  store: JobStore;
  results: ResultStore;
  poller: Poller;
  providers: ReadonlyMap<string, Provider>;
}

export function summaryView(job: JobRecord, provider: Provider | undefined): JobSummaryView {
  return {
    id: job.id,
    providerId: job.providerId,
    providerLabel: provider?.label ?? job.providerId,
    remoteId: job.remoteId,
    name: job.name,
    status: job.status,
    rawStatus: job.rawStatus,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    message: job.message,
    facts: job.facts,
  };
}

/** The stored result of a job, fetching it first when it is not on disk (with a progress notification). */
export async function ensureResult(deps: ResultLoaderDeps, jobId: string): Promise<JobRecord | undefined> {
  const job = deps.store.get(jobId);
  if (!job) return undefined;
  const stored = job.result && (await Promise.all(job.result.files.map((f) => deps.results.exists(job.id, f.name)))).every(Boolean);
  if (stored) return job;
  if (!hasResult(job)) return undefined;
  if (job.result) await deps.store.update(job.id, { result: undefined });
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fetching the result of ${job.name}…` }, () => deps.poller.fetchResultNow(job.id));
}

export function createResultLoader(deps: ResultLoaderDeps): ResultLoader {
  return async (jobId) => {
    const job = await ensureResult(deps, jobId);
    if (!job?.result) return undefined;
    return {
      job: summaryView(job, deps.providers.get(job.providerId)),
      view: resultView(primaryFile(job)?.view).id,
      folder: vscode.Uri.file(deps.results.folder(job.id)),
      files: job.result.files,
    };
  };
}

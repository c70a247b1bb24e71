/**
 * Import Remote Jobs: lists every chosen provider's remote jobs to the end (with progress and
 * Cancel), and adds the ones not tracked yet after the user picks them. It never downloads a
 * result (imported results are fetched when opened) and raises no notification for jobs already
 * finished. Above LARGE_IMPORT new jobs it says how many and offers the newest ones.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { newId } from '../core/ids';
import { safeLabel } from '../core/safeText';
import type { JobRecord } from '../jobs/model';
import type { Provider } from '../providers/types';
import type { Services } from './context';
import { statusLabel } from './jobPresentation';

const LARGE_IMPORT = 1_000;
/**
 * Jobs per store write: one journal append (and one tree refresh) per page, with a turn of the
 * event loop between pages, so 10,000 jobs neither make one multi-megabyte write that holds the
 * extension host nor 10,000 fsyncs.
 */
export const IMPORT_PAGE = 500;

/** Adds the jobs a page at a time; resolves when all are on disk. */
async function addPaged(s: Services, jobs: readonly JobRecord[]): Promise<void> {
  for (let at = 0; at < jobs.length; at += IMPORT_PAGE) {
    if (at > 0) await new Promise((r) => setImmediate(r));
    await s.store.add(...jobs.slice(at, at + IMPORT_PAGE));
  }
}

export async function importRemoteJobs(s: Services, targets: readonly Provider[]): Promise<JobRecord[]> {
  const found: { provider: Provider; job: JobRecord }[] = [];
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Listing remote jobs', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        for (const provider of targets) {
          if (!provider.listRemote) continue;
          progress.report({ message: provider.label });
          let seen = 0;
          const known = new Set(s.store.byProvider(provider.id).map((j) => j.remoteId));
          const now = s.clock.now();
          for await (const remote of provider.listRemote({ signal: abort.signal, onProgress: (n) => progress.report({ message: `${provider.label}: ${n} jobs` }) })) {
            seen++;
            if (known.has(remote.remoteId)) continue;
            known.add(remote.remoteId);
            found.push({
              provider,
              job: {
                id: newId(),
                providerId: provider.id,
                remoteId: remote.remoteId,
                name: remote.name,
                status: remote.status,
                rawStatus: remote.rawStatus,
                createdAt: remote.createdAt ?? now,
                updatedAt: now,
                origin: 'imported',
              },
            });
          }
          s.log.info(`${provider.label}: ${seen} remote job(s), ${found.filter((f) => f.provider === provider).length} not tracked yet`);
        }
        return false;
      } catch (err) {
        if (abort.signal.aborted) return true;
        throw err;
      } finally {
        sub.dispose();
      }
    },
  ).then(
    (c) => c,
    (err: unknown) => {
      throw new Error(`Listing remote jobs failed: ${errorMessage(err)}`);
    },
  );
  if (cancelled) {
    void vscode.window.showInformationMessage(`Import cancelled; nothing was added${found.length ? ` (${found.length} untracked jobs were listed so far)` : ''}.`);
    return [];
  }
  if (!found.length) {
    void vscode.window.showInformationMessage('All remote jobs are already tracked.');
    return [];
  }
  let candidates = found.sort((a, b) => b.job.createdAt - a.job.createdAt);
  if (candidates.length > LARGE_IMPORT) {
    const newest = `Import the Newest ${LARGE_IMPORT}`;
    const all = `Import All ${candidates.length}`;
    const pick = await s.prompter.pickOne(`${candidates.length} remote jobs are not tracked yet`, [
      { label: newest, detail: 'A long list slows the tree; older jobs can be imported later.', value: 'newest' as const },
      { label: all, value: 'all' as const },
    ]);
    if (!pick) return [];
    if (pick === 'newest') candidates = candidates.slice(0, LARGE_IMPORT);
    else {
      await addPaged(s, candidates.map((c) => c.job));
      void vscode.window.showInformationMessage(`Imported ${candidates.length} jobs.`);
      return candidates.map((c) => c.job);
    }
  }
  const picked = await s.prompter.pickMany(
    `Import ${candidates.length} remote job${candidates.length === 1 ? '' : 's'}`,
    candidates.map((f) => ({
      label: safeLabel(f.job.name, 120),
      description: `${statusLabel(f.job.status)} · ${f.provider.label}`,
      detail: `${safeLabel(f.job.remoteId ?? '', 80)} · ${new Date(f.job.createdAt).toLocaleString()}`,
      picked: true,
      value: f.job,
    })),
  );
  if (!picked?.length) return [];
  await addPaged(s, picked);
  void vscode.window.showInformationMessage(`Imported ${picked.length} job${picked.length === 1 ? '' : 's'}.`);
  return picked;
}

/** Command handlers. Each resolves its target (tree node, id, or a quick pick) and stays small. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { safeLabel, safeNotice } from '../core/safeText';
import { hasResult, isActive, primaryFile, type JobRecord } from '../jobs/model';
import { sendRecorded } from '../jobs/submit';
import type { Provider } from '../providers/types';
import type { Services } from './context';
import { promptAndStoreCredentials } from './credentials';
import { ensureResult } from './panels/resultLoader';
import { statusLabel } from './jobPresentation';
import type { SubmitOptions } from './submit';
import type { TreeNode } from './tree';

// Loaded on first use (esbuild initialises an import()ed module then): the submission flow with its
// file checks and parsers, the import and the tracking from a file are not needed to show the tree,
// so activation does not evaluate them (src/ui/editors.ts says what that saves).
const submitFlow = () => import('./submit');
const importFlow = () => import('./importJobs');
const trackFlow = () => import('./trackFromFile');

/** The submission flow's own error report (problems in the Problems panel, a message naming them, the log). */
function submitErrorReporter(s: Services): (err: unknown) => void {
  return (err) =>
    void submitFlow().then(
      (m) => m.reportSubmitError(err, s.log),
      () => showError(err),
    );
}

type JobArg = TreeNode | string | undefined;

async function resolveJob(s: Services, arg: JobArg, filter: (j: JobRecord) => boolean = () => true, title = 'Pick a job'): Promise<JobRecord | undefined> {
  if (typeof arg === 'string') return s.store.get(arg);
  if (arg?.kind === 'job') return s.store.get(arg.jobId);
  const jobs = s.store.all().filter(filter).sort((a, b) => b.createdAt - a.createdAt);
  if (!jobs.length) {
    void vscode.window.showInformationMessage('No matching Bio Jobs.');
    return undefined;
  }
  return s.prompter.pickOne(
    title,
    jobs.map((j) => ({ label: safeLabel(j.name, 120), description: `${statusLabel(j.status)} · ${s.providers.get(j.providerId)?.label ?? j.providerId}`, detail: j.remoteId && safeLabel(j.remoteId, 120), value: j })),
  );
}

async function resolveProvider(s: Services, arg: unknown, title: string, filter: (p: Provider) => boolean = () => true): Promise<Provider | undefined> {
  if (typeof arg === 'string') return s.providers.get(arg);
  if (arg && typeof arg === 'object' && (arg as TreeNode).kind === 'provider') return s.providers.get((arg as { providerId: string }).providerId);
  const candidates = [...s.providers.values()].filter(filter);
  if (candidates.length === 1) return candidates[0];
  return s.prompter.pickOne(title, candidates.map((p) => ({ label: p.label, description: s.credentials.has(p.id) ? 'signed in' : undefined, value: p })));
}

/** Runs a handler and turns its error into a message instead of a silent failure. */
function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>, onError: (err: unknown) => void = showError): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      onError(err);
      return undefined;
    }
  };
}

function showError(err: unknown): void {
  void vscode.window.showErrorMessage(safeNotice(errorMessage(err), 500));
}

export function registerCommands(s: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    reg('biojobs.submitFile', guarded(async (uri?: vscode.Uri, opts?: SubmitOptions) => (await submitFlow()).submitFile(s, uri, opts), submitErrorReporter(s))),
    reg('biojobs.submitSelection', guarded(async (opts?: SubmitOptions) => (await submitFlow()).submitSelection(s, opts), submitErrorReporter(s))),

    reg('biojobs.setCredentials', guarded(async (arg?: unknown) => {
      const provider = await resolveProvider(s, arg, 'Set credentials for…');
      if (!provider) return false;
      // Storing them announces the change; ui/connections.ts owns what follows.
      return promptAndStoreCredentials(provider, s.credentials);
    })),

    reg('biojobs.clearCredentials', guarded(async (arg?: unknown) => {
      const provider = await resolveProvider(s, arg, 'Clear credentials of…', (p) => s.credentials.has(p.id));
      if (!provider) return;
      const ok = await s.prompter.confirm(`Remove the ${provider.label} credentials from this machine?`, 'Tracked jobs stay; polling them needs new credentials.', 'Remove');
      if (!ok) return;
      await s.credentials.clear(provider.id);
    })),

    reg('biojobs.refresh', (arg?: JobArg) => {
      const job = typeof arg === 'string' || arg?.kind === 'job' ? resolveJobSync(s, arg) : undefined;
      s.poller.refresh(job ? [job.id] : undefined);
    }),

    reg('biojobs.openResult', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, hasResult, 'Open the result of…');
      if (!job) return;
      if (!hasResult(job)) throw new ValidationError(`"${job.name}" has no result${job.resultError ? `: ${job.resultError}` : ` yet (${statusLabel(job.status)})`}.`);
      await s.openResult(job.id);
    })),

    reg('biojobs.saveResult', guarded(async (arg?: JobArg, targetArg?: vscode.Uri) => {
      const picked = await resolveJob(s, arg, hasResult, 'Save the result of…');
      if (!picked || !hasResult(picked)) return undefined;
      const job = await ensureResult(s, picked.id);
      const files = job?.result?.files ?? [];
      if (!job || !files.length) throw new ValidationError(`The result of "${job?.name ?? picked.name}" could not be read.`);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const stem = job.name.replace(/[^A-Za-z0-9._-]/g, '_');
      // One file: a file; several: a folder with all of them.
      const single = files.length === 1 ? (primaryFile(job) ?? files[0]) : undefined;
      const suggested = single ? `${stem}-${single.name}` : `${stem}-result`;
      const target =
        targetArg ??
        (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined, title: `Save result of ${safeLabel(job.name, 80)}` }));
      if (!target) return undefined;
      for (const f of files) {
        const to = single ? target : vscode.Uri.joinPath(target, f.name);
        await vscode.workspace.fs.copy(vscode.Uri.file(s.results.pathOf(job.id, f.name)), to, { overwrite: true });
      }
      void vscode.window
        .showInformationMessage(`Saved ${safeNotice(path.basename(target.path), 120)}${single ? '' : ` (${files.length} files)`}.`, ...(single ? ['Open'] : []))
        .then((p) => p && vscode.commands.executeCommand('vscode.open', target));
      return target;
    })),

    reg('biojobs.cancelJob', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, (j) => isActive(j) && j.cancellable !== false && !!s.providers.get(j.providerId)?.cancel, 'Cancel…');
      const provider = job && s.providers.get(job.providerId);
      if (!job?.remoteId || !provider?.cancel) return;
      const ok = await s.prompter.confirm(`Cancel "${safeLabel(job.name, 80)}" at ${provider.label}?`, 'The provider stops working on it.', 'Cancel Job');
      if (!ok) return;
      try {
        const outcome = await provider.cancel(job.remoteId);
        if (outcome?.message) void vscode.window.showInformationMessage(safeNotice(outcome.message, 300));
      } finally {
        s.poller.refresh([job.id]);
      }
    })),

    reg('biojobs.removeJob', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, () => true, 'Remove…');
      if (!job) return;
      if (isActive(job) || job.status === 'submitting') {
        const ok = await s.prompter.confirm(
          `Stop tracking "${job.name}"?`,
          'The job keeps running at the provider; you can import it again later.',
          'Remove',
        );
        if (!ok) return;
      }
      await s.store.remove(job.id);
      await s.results.remove(job.id);
    })),

    reg('biojobs.resubmitJob', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, (j) => !j.remoteId && j.status === 'unknown' && j.request !== undefined, 'Resubmit…');
      const provider = job && s.providers.get(job.providerId);
      if (!job || !provider || job.request === undefined) return;
      const ok = await s.prompter.confirm(
        `Resubmit "${safeLabel(job.name, 80)}" to ${provider.label}?`,
        'The first attempt may exist at the provider (Bio Jobs could not tell). If it does, resubmitting creates a second job, paid again.',
        'Resubmit',
      );
      if (!ok) return;
      const fresh = await s.store.update(job.id, { status: 'submitting', submitKey: newId(), message: undefined });
      if (fresh) await sendRecorded(s, provider, fresh);
    })),

    reg('biojobs.trackJob', guarded(async (arg?: unknown, remoteIdArg?: string) => {
      const provider = await resolveProvider(s, arg, 'Track a job of…');
      if (!provider) return undefined;
      const remoteId =
        remoteIdArg ??
        (await s.prompter.ask(`Track a ${provider.label} job`, 'The job id', '', (v) =>
          !v.trim() ? 'Enter a job id.' : provider.validateRemoteId?.(v.trim()),
        ));
      if (!remoteId) return undefined;
      const id = remoteId.trim();
      const invalid = provider.validateRemoteId?.(id);
      if (invalid) throw new ValidationError(invalid);
      const existing = s.store.findByRemoteId(provider.id, id);
      if (existing) {
        void vscode.window.showInformationMessage(`"${safeNotice(existing.name, 80)}" is already tracked.`);
        return existing;
      }
      const now = s.clock.now();
      const job: JobRecord = { id: newId(), providerId: provider.id, remoteId: id, name: id, status: 'queued', rawStatus: 'tracked', createdAt: now, updatedAt: now, origin: 'tracked' };
      await s.store.add(job);
      return job;
    })),

    reg('biojobs.trackJobsFromFile', guarded(async (uri?: vscode.Uri, providerArg?: string) =>
      (await trackFlow()).trackJobsFromFile(s, uri instanceof vscode.Uri ? uri : undefined, await resolveProvider(s, providerArg, 'Track the job ids in this file as jobs of…')),
    )),

    reg('biojobs.importRemoteJobs', guarded(async (arg?: unknown) => {
      const listable = (p: Provider) => !!p.listRemote;
      const targets =
        typeof arg === 'string' || (arg && typeof arg === 'object')
          ? [await resolveProvider(s, arg, 'Import from…', listable)].filter((p): p is Provider => !!p && listable(p))
          : [...s.providers.values()].filter((p) => listable(p) && s.credentials.has(p.id));
      if (!targets.length) throw new ValidationError('No signed-in provider lists its jobs. Run "Bio Jobs: Set Credentials…" first.');
      return (await importFlow()).importRemoteJobs(s, targets);
    })),

    reg('biojobs.copyJobId', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg);
      if (!job) return;
      await vscode.env.clipboard.writeText(job.remoteId ?? job.id);
      vscode.window.setStatusBarMessage(`Copied job id ${job.remoteId ?? job.id}`, 3000);
    })),

    reg('biojobs.showLog', () => s.logChannel.show(true)),
  ];
}

function resolveJobSync(s: Services, arg: JobArg): JobRecord | undefined {
  if (typeof arg === 'string') return s.store.get(arg);
  return arg?.kind === 'job' ? s.store.get(arg.jobId) : undefined;
}

/** Command handlers. Each resolves its target (tree node, id, or a quick pick) and stays small. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { isActive, type JobRecord } from '../jobs/model';
import { sendRecorded } from '../jobs/submit';
import type { Provider } from '../providers/types';
import type { Services } from './context';
import { promptAndStoreCredentials } from './credentials';
import { statusLabel } from './jobPresentation';
import { reportSubmitError, submitFile, submitSelection, type SubmitOptions } from './submit';
import type { TreeNode } from './tree';

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
    jobs.map((j) => ({ label: j.name, description: `${statusLabel(j.status)} · ${s.providers.get(j.providerId)?.label ?? j.providerId}`, detail: j.remoteId, value: j })),
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
  void vscode.window.showErrorMessage(errorMessage(err));
}

export function registerCommands(s: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    reg('biojobs.submitFile', guarded((uri?: vscode.Uri, opts?: SubmitOptions) => submitFile(s, uri, opts), reportSubmitError)),
    reg('biojobs.submitSelection', guarded((opts?: SubmitOptions) => submitSelection(s, opts), reportSubmitError)),

    reg('biojobs.setCredentials', guarded(async (arg?: unknown) => {
      const provider = await resolveProvider(s, arg, 'Set credentials for…');
      if (!provider) return false;
      const ok = await promptAndStoreCredentials(provider, s.credentials);
      if (ok) s.poller.resume(provider.id);
      return ok;
    })),

    reg('biojobs.clearCredentials', guarded(async (arg?: unknown) => {
      const provider = await resolveProvider(s, arg, 'Clear credentials of…', (p) => s.credentials.has(p.id));
      if (!provider) return;
      const ok = await s.prompter.confirm(`Remove the ${provider.label} credentials from this machine?`, 'Tracked jobs stay; polling them needs new credentials.', 'Remove');
      if (!ok) return;
      await s.credentials.clear(provider.id);
      provider.signOut();
    })),

    reg('biojobs.refresh', (arg?: JobArg) => {
      const job = typeof arg === 'string' || arg?.kind === 'job' ? resolveJobSync(s, arg) : undefined;
      s.poller.refresh(job ? [job.id] : undefined);
    }),

    reg('biojobs.openResult', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, (j) => !!j.resultFile, 'Open the result of…');
      if (!job) return;
      if (!job.resultFile) throw new ValidationError(`"${job.name}" has no result yet (${statusLabel(job.status)}).`);
      await s.openResult(job.id);
    })),

    reg('biojobs.saveResult', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, (j) => !!j.resultFile, 'Save the result of…');
      if (!job?.resultFile) return;
      const content = await s.results.read(job.id, job.resultFile);
      if (content === undefined) throw new ValidationError(`The saved result of "${job.name}" is missing on disk.`);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const suggested = `${job.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${job.resultFile}`;
      const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined, title: `Save result of ${job.name}` });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
      void vscode.window.showInformationMessage(`Saved ${path.basename(target.path)}.`, 'Open').then((p) => p && vscode.window.showTextDocument(target));
    })),

    reg('biojobs.cancelJob', guarded(async (arg?: JobArg) => {
      const job = await resolveJob(s, arg, (j) => isActive(j) && !!s.providers.get(j.providerId)?.cancel, 'Cancel…');
      const provider = job && s.providers.get(job.providerId);
      if (!job?.remoteId || !provider?.cancel) return;
      const ok = await s.prompter.confirm(`Cancel "${job.name}" at ${provider.label}?`, 'The provider stops working on it.', 'Cancel Job');
      if (!ok) return;
      await provider.cancel(job.remoteId);
      s.poller.refresh([job.id]);
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
        `Resubmit "${job.name}" to ${provider.label}?`,
        'If the first attempt did reach the provider, this creates a second job.',
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
        void vscode.window.showInformationMessage(`"${existing.name}" is already tracked.`);
        return existing;
      }
      const now = s.clock.now();
      const job: JobRecord = { id: newId(), providerId: provider.id, remoteId: id, name: id, status: 'queued', rawStatus: 'tracked', createdAt: now, updatedAt: now };
      await s.store.add(job);
      return job;
    })),

    reg('biojobs.importRemoteJobs', guarded(async (arg?: unknown) => importRemoteJobs(s, arg))),

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

/** Lists every signed-in provider's remote jobs (all pages) and adds the ones not yet tracked. */
async function importRemoteJobs(s: Services, arg: unknown): Promise<JobRecord[]> {
  const targets =
    typeof arg === 'string' || (arg && typeof arg === 'object')
      ? [await resolveProvider(s, arg, 'Import from…')].filter((p): p is Provider => !!p)
      : [...s.providers.values()].filter((p) => s.credentials.has(p.id));
  if (!targets.length) throw new ValidationError('No provider has credentials. Run "Bio Jobs: Set Credentials…" first.');
  const found: { provider: Provider; job: JobRecord }[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Listing remote jobs…', cancellable: false }, async (progress) => {
    for (const provider of targets) {
      progress.report({ message: provider.label });
      let count = 0;
      for await (const remote of provider.listRemote()) {
        count++;
        if (s.store.findByRemoteId(provider.id, remote.remoteId)) continue;
        const now = s.clock.now();
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
          },
        });
      }
      s.log.info(`${provider.label}: ${count} remote job(s), ${found.filter((f) => f.provider === provider).length} not tracked yet`);
    }
  });
  if (!found.length) {
    void vscode.window.showInformationMessage('All remote jobs are already tracked.');
    return [];
  }
  const picked = await s.prompter.pickMany(
    `Import ${found.length} remote job${found.length === 1 ? '' : 's'}`,
    found.map((f) => ({
      label: f.job.name,
      description: `${statusLabel(f.job.status)} · ${f.provider.label}`,
      detail: `${f.job.remoteId} · ${new Date(f.job.createdAt).toLocaleString()}`,
      picked: true,
      value: f.job,
    })),
  );
  if (!picked?.length) return [];
  await s.store.add(...picked);
  void vscode.window.showInformationMessage(`Imported ${picked.length} job${picked.length === 1 ? '' : 's'}.`);
  return picked;
}

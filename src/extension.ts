/** Composition root: builds the services, registers everything, nothing else. */
import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { HttpClient } from './core/http';
import { errorMessage } from './core/errors';
import { isTerminal } from './jobs/model';
import { Poller } from './jobs/poller';
import { ResultStore } from './jobs/results';
import { JobStore } from './jobs/store';
import { recoverSubmissions } from './jobs/submit';
import { providerFactories } from './providers/registry';
import type { Prompter, Provider } from './providers/types';
import type { JobSummaryView } from './shared/protocol';
import { registerAlignmentEditor } from './ui/alignmentEditor';
import { registerStructureEditor } from './ui/structureEditor';
import { registerCommands } from './ui/commands';
import type { Services } from './ui/context';
import { SecretCredentials } from './ui/credentials';
import { SubmitDiagnostics } from './ui/diagnostics';
import { createLog } from './ui/log';
import { notifyFinished } from './ui/notifications';
import { ResultPanels } from './ui/panels/resultPanels';
import { vscodePrompter } from './ui/prompter';
import { settings } from './ui/settings';
import { createStatusBar } from './ui/statusBar';
import { JobsTree } from './ui/tree';

/** What `activate` returns: used by the integration tests (and open to other extensions). */
export interface BioJobsApi {
  services: Services;
  /** Replaces the quick-pick prompter (tests answer the questions a user would). */
  setPrompter(prompter: Prompter): void;
  panels: ResultPanels;
  tree: JobsTree;
}

const DAY_MS = 86_400_000;

export async function activate(context: vscode.ExtensionContext): Promise<BioJobsApi> {
  const started = Date.now();
  const { channel, logger: log } = createLog();
  context.subscriptions.push(channel);
  const clock = systemClock;
  const storageDir = context.globalStorageUri.fsPath;
  const store = new JobStore(storageDir, clock, log);
  const results = new ResultStore(vscode.Uri.joinPath(context.globalStorageUri, 'results').fsPath);
  const credentials = new SecretCredentials(context.secrets);
  const http = new HttpClient({ clock, log });
  const providers = new Map<string, Provider>(
    providerFactories.map((make) => make({ http, clock, log, credentials, baseUrl: settings.baseUrl })).map((p) => [p.id, p]),
  );

  const loaded = await store.load();
  if (loaded.warning) void vscode.window.showWarningMessage(loaded.warning);
  // Other windows share the store: follow their writes.
  store.watch();
  await credentials.refreshKnown([...providers.keys()]);

  const poller = new Poller({ store, results, providers, clock, log, pollFloorMs: settings.pollFloorMs });
  const diagnostics = new SubmitDiagnostics();
  const panels = new ResultPanels(context.extensionUri, async (jobId) => {
    const job = store.get(jobId);
    if (!job?.resultFile) return undefined;
    const text = await results.read(job.id, job.resultFile);
    if (text === undefined) return undefined;
    const view = job.resultView ?? 'json';
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* a text result: the renderer gets the string */
    }
    const provider = providers.get(job.providerId);
    const summary: JobSummaryView = {
      id: job.id,
      providerId: job.providerId,
      providerLabel: provider?.label ?? job.providerId,
      remoteId: job.remoteId,
      name: job.name,
      status: job.status,
      rawStatus: job.rawStatus,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
    return { job: summary, view, fileName: job.resultFile, data };
  }, log);

  const services: Services = {
    context,
    store,
    results,
    poller,
    providers,
    credentials,
    diagnostics,
    clock,
    log,
    logChannel: channel,
    prompter: vscodePrompter,
    openResult: (jobId) => panels.open(jobId),
  };
  const tree = new JobsTree(store, providers, credentials, () => clock.now());
  // Relative times in the tree age; a minute is fine-grained enough and costs nothing when idle.
  const ageTimer = setInterval(() => tree.refreshAll(), 60_000);

  context.subscriptions.push(
    { dispose: () => clearInterval(ageTimer) },
    tree,
    diagnostics,
    panels,
    createStatusBar(store),
    registerAlignmentEditor(context.extensionUri, log),
    registerStructureEditor(context.extensionUri, log),
    ...registerCommands(services),
    poller.onDidFinish((job) => void notifyFinished(job, providers.get(job.providerId), (id) => panels.open(id))),
    poller.onAuthProblem(({ providerId, message }) => {
      void vscode.window.showErrorMessage(message, 'Set Credentials').then((pick) => {
        if (pick) void vscode.commands.executeCommand('biojobs.setCredentials', providerId);
      });
    }),
    credentials.onDidChange((providerId) => {
      providers.get(providerId)?.signOut();
      poller.resume(providerId);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('biojobs')) {
        for (const p of providers.values()) p.signOut();
        poller.refresh();
      }
    }),
    { dispose: () => poller.dispose() },
    { dispose: () => store.dispose() },
  );

  await pruneOldResults(services);
  // Interrupted submissions first, so they join the poll with their remote ids.
  void recoverSubmissions(services, providers)
    .catch((err) => log.error(`Recovering interrupted submissions failed: ${errorMessage(err)}`))
    .finally(() => poller.start());

  log.info(`Activated in ${Date.now() - started} ms (${store.all().length} jobs, ${providers.size} providers)`);
  return {
    services,
    setPrompter: (p) => {
      services.prompter = p;
    },
    panels,
    tree,
  };
}

/** Deletes saved results of finished jobs older than `biojobs.resultRetentionDays` (0 = keep). */
async function pruneOldResults(s: Services): Promise<void> {
  const days = settings.retentionDays();
  if (!days) return;
  const cutoff = s.clock.now() - days * DAY_MS;
  for (const job of s.store.all()) {
    if (job.resultFile && isTerminal(job.status) && job.updatedAt < cutoff) {
      await s.results.remove(job.id);
      await s.store.update(job.id, { resultFile: undefined, resultError: `The result was deleted after ${days} days (biojobs.resultRetentionDays).` });
    }
  }
}

export function deactivate(): void {}

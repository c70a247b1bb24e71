/** Composition root: builds the services, registers everything, nothing else. */
import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { HttpClient } from './core/http';
import { errorMessage } from './core/errors';
import { Poller } from './jobs/poller';
import { pruneOldResults } from './jobs/retention';
import { ResultStore } from './jobs/results';
import { JobStore } from './jobs/store';
import { recoverSubmissions } from './jobs/submit';
import { providerFactories } from './providers/registry';
import type { Provider, ProviderFactory } from './providers/types';
import { registerEditors } from './ui/editors';
import { WebviewFileLinks } from './ui/fileLinks';
import { registerCommands } from './ui/commands';
import { watchConnections } from './ui/connections';
import type { Services } from './ui/context';
import { SecretCredentials } from './ui/credentials';
import { SubmitDiagnostics } from './ui/diagnostics';
import { createLog } from './ui/log';
import { notifyFinished, notifyConnection } from './ui/notifications';
import { createResultLoader } from './ui/panels/resultLoader';
import { ResultPanels } from './ui/panels/resultPanels';
import { vscodePrompter } from './ui/prompter';
import { settings } from './ui/settings';
import { createStatusBar } from './ui/statusBar';
import type { BioJobsTestApi } from './ui/testApi';
import { JobsTree } from './ui/tree';

/**
 * Nothing is exported to other extensions: `activate` returns the test hook only when VS Code runs
 * this extension in its own test mode (which another extension cannot arrange).
 */
export async function activate(context: vscode.ExtensionContext): Promise<BioJobsTestApi | undefined> {
  const started = Date.now();
  const { channel, logger: log } = createLog();
  context.subscriptions.push(channel);
  const clock = systemClock;
  const store = new JobStore(context.globalStorageUri.fsPath, clock, log);
  const results = new ResultStore(vscode.Uri.joinPath(context.globalStorageUri, 'results').fsPath);
  const credentials = new SecretCredentials(context.secrets);
  const http = new HttpClient({ clock, log });
  const providers = new Map<string, Provider>();
  const addProvider = (make: ProviderFactory): Provider => {
    const p = make({ http, clock, log, credentials, baseUrl: settings.baseUrl });
    providers.set(p.id, p);
    return p;
  };
  providerFactories.forEach(addProvider);

  // The store and which providers have credentials, read side by side (the tree needs both).
  const [loaded] = await Promise.all([store.load(), credentials.refreshKnown([...providers.keys()])]);
  if (loaded.warning) void vscode.window.showWarningMessage(loaded.warning);
  // Other windows share the store: follow their writes.
  store.watch();

  const poller = new Poller({ store, results, providers, clock, log, pollFloorMs: settings.pollFloorMs });
  const diagnostics = new SubmitDiagnostics();
  // Alignments reach webviews by loopback links in browser and remote windows; the server starts with the first one.
  const fileLinks = new WebviewFileLinks();
  const panels = new ResultPanels(context.extensionUri, createResultLoader({ store, results, poller, providers }), log, fileLinks);
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
  poller.setFocused(vscode.window.state.focused);

  context.subscriptions.push(
    { dispose: () => clearInterval(ageTimer) },
    tree,
    diagnostics,
    panels,
    createStatusBar(store),
    registerEditors(context.extensionUri, log, fileLinks),
    fileLinks,
    ...registerCommands(services),
    watchConnections(providers, credentials, poller),
    vscode.window.onDidChangeWindowState((s) => poller.setFocused(s.focused)),
    poller.onDidFinish((job) => void notifyFinished(job, providers.get(job.providerId), (id) => panels.open(id))),
    poller.onConnectionChange((change) => notifyConnection(change)),
    // An interrupted submission that could not be checked without credentials is checked once they are set.
    credentials.onDidChange(({ providerId }) => void recoverSubmissions(services, new Map([...providers].filter(([id]) => id === providerId))).catch((err) => log.error(`Recovering interrupted submissions failed: ${errorMessage(err)}`))),
    poller.onAuthProblem(({ providerId, message }) => {
      void vscode.window.showErrorMessage(message, 'Set Credentials').then((pick) => {
        if (pick) void vscode.commands.executeCommand('biojobs.setCredentials', providerId);
      });
    }),
    { dispose: () => poller.dispose() },
    { dispose: () => store.dispose() },
  );

  // Old results are removed after activation: nothing the user opens first depends on it.
  void pruneOldResults(store, results, clock.now(), settings.retentionDays()).catch((err) => log.error(`Removing old results failed: ${errorMessage(err)}`));
  // Interrupted submissions first, so they join the poll with their remote ids.
  void recoverSubmissions(services, providers)
    .catch((err) => log.error(`Recovering interrupted submissions failed: ${errorMessage(err)}`))
    .finally(() => poller.start());

  log.info(`Activated in ${Date.now() - started} ms (${store.all().length} jobs, ${providers.size} providers)`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    services,
    setPrompter: (p) => {
      services.prompter = p;
    },
    panels,
    tree,
    addProvider: (make) => {
      const p = addProvider(make);
      tree.refreshAll();
      return p;
    },
  };
}

export function deactivate(): void {}

/** The services the VS Code layer shares; built once in extension.ts. */
import type * as vscode from 'vscode';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { Poller } from '../jobs/poller';
import type { ResultStore } from '../jobs/results';
import type { JobStore } from '../jobs/store';
import type { Prompter, Provider } from '../providers/types';
import type { SecretCredentials } from './credentials';
import type { SubmitDiagnostics } from './diagnostics';

export interface Services {
  context: vscode.ExtensionContext;
  store: JobStore;
  results: ResultStore;
  poller: Poller;
  providers: ReadonlyMap<string, Provider>;
  credentials: SecretCredentials;
  diagnostics: SubmitDiagnostics;
  clock: Clock;
  log: Logger;
  logChannel: vscode.LogOutputChannel;
  /** Replaceable so integration tests can answer the quick picks. */
  prompter: Prompter;
  openResult(jobId: string): Promise<void>;
}

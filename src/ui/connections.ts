/**
 * The one owner of "a provider's connection changed": its credentials (here or in another window)
 * or its base URL setting. It drops the provider's session where it is no longer valid and lets the
 * poller check that provider's jobs again.
 */
import * as vscode from 'vscode';
import type { Poller } from '../jobs/poller';
import type { Provider } from '../providers/types';
import type { SecretCredentials } from './credentials';

export function watchConnections(providers: ReadonlyMap<string, Provider>, credentials: SecretCredentials, poller: Poller): vscode.Disposable {
  const changed = (providerId: string, keepSession: boolean) => {
    if (!keepSession) providers.get(providerId)?.signOut();
    poller.resume(providerId);
  };
  return vscode.Disposable.from(
    credentials.onDidChange((e) => changed(e.providerId, e.verified)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      for (const id of providers.keys()) if (e.affectsConfiguration(`biojobs.${id}.baseUrl`)) changed(id, false);
      if (e.affectsConfiguration('biojobs.pollFloorSeconds')) poller.refresh();
    }),
  );
}

/** Typed access to the `biojobs.*` settings. */
import * as vscode from 'vscode';

export type NotifyLevel = 'all' | 'failures' | 'none';

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('biojobs');
}

export const settings = {
  baseUrl: (providerId: string): string => cfg().get<string>(`${providerId}.baseUrl`, ''),
  get: <T>(key: string): T | undefined => cfg().get<T>(key),
  notifications: (): NotifyLevel => cfg().get<NotifyLevel>('notifications', 'all'),
  pollFloorMs: (): number => Math.max(1, cfg().get<number>('pollFloorSeconds', 3)) * 1000,
  retentionDays: (): number => cfg().get<number>('resultRetentionDays', 0),
  maxFileBytes: (): number => Math.max(1, cfg().get<number>('maxFileSizeMB', 50)) * 1024 * 1024,
};

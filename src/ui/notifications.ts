/** Completion and connection notifications, filtered by the `biojobs.notifications` setting. Data is escaped: notifications render links. */
import * as vscode from 'vscode';
import { safeNotice } from '../core/safeText';
import type { JobRecord } from '../jobs/model';
import type { ConnectionChange } from '../jobs/poller';
import type { Provider } from '../providers/types';
import { settings } from './settings';

const VERBS: Record<string, string> = { cancelled: 'was cancelled', failed: 'failed' };

export async function notifyFinished(job: JobRecord, provider: Provider | undefined, openResult: (jobId: string) => Promise<void>): Promise<void> {
  const level = settings.notifications();
  const ok = job.status === 'succeeded' && !job.resultError;
  if (level === 'none' || (level === 'failures' && ok)) return;
  const who = safeNotice(provider?.label ?? job.providerId, 80);
  const name = safeNotice(job.name, 80);
  if (ok) {
    const pick = await vscode.window.showInformationMessage(`${who}: "${name}" succeeded.`, 'Open Result');
    if (pick === 'Open Result') await openResult(job.id);
    return;
  }
  const why = job.message ? ` ${safeNotice(job.message, 300)}` : '';
  const verb = job.status === 'succeeded' ? 'finished, but its result could not be read' : (VERBS[job.status] ?? `ended (${safeNotice(job.rawStatus ?? job.status, 40)})`);
  const pick = await vscode.window.showWarningMessage(`${who}: "${name}" ${verb}.${why}`, 'Show Log');
  if (pick === 'Show Log') await vscode.commands.executeCommand('biojobs.showLog');
}

/** One message when a provider becomes unreachable, one when it answers again; "slow down" is a status-bar hint only. */
export function notifyConnection(change: ConnectionChange): void {
  const text = safeNotice(change.message, 300);
  if (change.rateLimited) {
    vscode.window.setStatusBarMessage(`$(watch) ${text}`, 15_000);
    return;
  }
  if (settings.notifications() === 'none') return;
  if (change.ok) vscode.window.setStatusBarMessage(`$(check) ${text}`, 10_000);
  else void vscode.window.showWarningMessage(`${text} Bio Jobs keeps trying.`, 'Show Log').then((p) => p && vscode.commands.executeCommand('biojobs.showLog'));
}

/** Completion notifications, filtered by the `biojobs.notifications` setting. */
import * as vscode from 'vscode';
import type { JobRecord } from '../jobs/model';
import type { Provider } from '../providers/types';
import { settings } from './settings';

export async function notifyFinished(job: JobRecord, provider: Provider | undefined, openResult: (jobId: string) => Promise<void>): Promise<void> {
  const level = settings.notifications();
  const ok = job.status === 'succeeded' && !job.resultError;
  if (level === 'none' || (level === 'failures' && ok)) return;
  const who = provider?.label ?? job.providerId;
  if (ok) {
    const pick = await vscode.window.showInformationMessage(`${who}: "${job.name}" succeeded.`, 'Open Result');
    if (pick === 'Open Result') await openResult(job.id);
    return;
  }
  const why = job.message ? ` ${job.message}` : '';
  const verb = job.status === 'cancelled' ? 'was cancelled' : job.status === 'succeeded' ? 'finished, but its result could not be read' : 'failed';
  const pick = await vscode.window.showWarningMessage(`${who}: "${job.name}" ${verb}.${why}`, 'Show Log');
  if (pick === 'Show Log') await vscode.commands.executeCommand('biojobs.showLog');
}

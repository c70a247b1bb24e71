/**
 * Track Jobs from File…: every job id in a text or JSON file (one per line, a column, or a JSON
 * list), for a provider the user picks. Ids the provider says are malformed go to the Problems
 * panel with their line; the rest are tracked after one confirmation that states the count.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { readJobIds } from '../core/jobIdList';
import { safeLabel } from '../core/safeText';
import type { JobRecord } from '../jobs/model';
import type { Provider } from '../providers/types';
import type { Services } from './context';
import { settings } from './settings';

const LISTED = 10;

export async function trackJobsFromFile(s: Services, uri: vscode.Uri | undefined, provider: Provider | undefined): Promise<JobRecord[]> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new ValidationError('Open or select a file of job ids first.');
  if (!provider) return [];
  const fileName = path.basename(target.path);
  const stat = await vscode.workspace.fs.stat(target);
  if (stat.size > settings.maxFileBytes()) throw new ValidationError(`${fileName} is larger than biojobs.maxFileSizeMB; a list of job ids is small.`);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
  const entries = readJobIds(text, fileName);
  if (!entries.length) throw new ValidationError(`${fileName} holds no job ids.`);
  const bad = entries.flatMap((e) => {
    const why = provider.validateRemoteId?.(e.id);
    return why ? [{ ...e, why }] : [];
  });
  s.diagnostics.set(
    target,
    bad.map((b) => ({ line: b.line, column: 0, endColumn: 1_000, severity: 'error' as const, message: `"${safeLabel(b.id, 60)}" is not a ${provider.label} job id: ${b.why}` })),
  );
  const good = entries.filter((e) => !bad.some((b) => b.id === e.id));
  if (!good.length) throw new ValidationError(`None of the ${entries.length} entries of ${fileName} is a ${provider.label} job id (see Problems).`, bad.map((b) => ({ line: b.line, column: 0, severity: 'error', message: b.why })));
  const fresh = good.filter((e) => !s.store.findByRemoteId(provider.id, e.id));
  if (!fresh.length) {
    void vscode.window.showInformationMessage(`All ${good.length} job id${good.length === 1 ? ' is' : 's are'} already tracked.`);
    return [];
  }
  const names = fresh.slice(0, LISTED).map((e) => safeLabel(e.id, 60));
  const detail = [
    `${names.join(', ')}${fresh.length > LISTED ? ` and ${fresh.length - LISTED} more` : ''}.`,
    bad.length ? `${bad.length} line${bad.length === 1 ? ' is' : 's are'} not ${provider.label} job ids and will be skipped (see Problems).` : '',
    good.length > fresh.length ? `${good.length - fresh.length} already tracked.` : '',
  ].filter(Boolean).join('\n');
  const ok = await s.prompter.confirm(`Track ${fresh.length} ${provider.label} job${fresh.length === 1 ? '' : 's'} from ${safeLabel(fileName, 60)}?`, detail, `Track ${fresh.length}`);
  if (!ok) return [];
  const now = s.clock.now();
  const jobs: JobRecord[] = fresh.map((e) => ({ id: newId(), providerId: provider.id, remoteId: e.id, name: e.id, status: 'queued', rawStatus: 'tracked', createdAt: now, updatedAt: now, origin: 'tracked', source: vscode.workspace.asRelativePath(target, false) }));
  await s.store.add(...jobs);
  return jobs;
}

/** How a job looks in the tree: icon, description, tooltip, context value. Pure apart from vscode types. */
import * as vscode from 'vscode';
import { safeLabel, safeMarkdown } from '../core/safeText';
import { hasResult, isActive, type JobRecord, type JobStatus } from '../jobs/model';
import type { Provider } from '../providers/types';

const ICONS: Record<JobStatus, [string, string | undefined]> = {
  submitting: ['cloud-upload', 'charts.blue'],
  queued: ['clock', 'charts.yellow'],
  running: ['sync~spin', 'charts.blue'],
  succeeded: ['pass-filled', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
  unknown: ['question', 'problemsWarningIcon.foreground'],
};

const LABELS: Record<JobStatus, string> = {
  submitting: 'Submitting',
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  unknown: 'Unknown',
};

export function statusLabel(status: JobStatus): string {
  return LABELS[status];
}

export function statusIcon(status: JobStatus, resultError = false): vscode.ThemeIcon {
  // A success whose result could not be fetched is not shown as a green success.
  if (status === 'succeeded' && resultError) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  const [id, color] = ICONS[status];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** "3 min ago", "2 h ago", "yesterday", or a date. */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 30) return `${d} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export function jobDescription(job: JobRecord, now: number): string {
  const parts = [statusLabel(job.status)];
  if (job.status === 'succeeded' && job.resultError) parts.push('result unavailable');
  if (job.progress?.percent !== undefined && isActive(job)) parts.push(`${Math.round(job.progress.percent)}%`);
  else if (job.progress?.message && isActive(job)) parts.push(safeLabel(job.progress.message, 60));
  parts.push(relativeTime(job.createdAt, now));
  return parts.join(' · ');
}

/** Markdown with every remote or user string escaped (a job name is text, never markup). */
export function jobTooltip(job: JobRecord, provider: Provider | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**`).appendText(safeLabel(job.name, 200)).appendMarkdown(`**\n\n`);
  const row = (k: string, v: string | undefined) => {
    if (v) md.appendMarkdown(`${safeMarkdown(k, 40)}: `).appendText(safeLabel(v, 300)).appendMarkdown('  \n');
  };
  row('Provider', provider?.label ?? job.providerId);
  row('Status', `${statusLabel(job.status)}${job.rawStatus ? ` (${job.rawStatus})` : ''}`);
  row('Job ID', job.remoteId);
  row('Submitted', new Date(job.createdAt).toLocaleString());
  row('Updated', new Date(job.updatedAt).toLocaleString());
  row('Progress', job.progress?.message ?? (job.progress?.percent !== undefined ? `${job.progress.percent}%` : undefined));
  for (const f of job.facts ?? []) row(f.label, f.value);
  row('Result', job.result ? job.result.files.map((f) => f.name).join(', ') : undefined);
  row('Source', job.source);
  if (job.resultError) md.appendMarkdown('\n\n$(warning) ').appendText(safeLabel(job.resultError, 500));
  else if (job.message) md.appendMarkdown('\n\n').appendText(safeLabel(job.message, 500));
  return md;
}

/** Space-separated flags matched by the menus' `viewItem =~ /\bflag\b/` clauses. */
export function jobContextValue(job: JobRecord, provider: Provider | undefined): string {
  const flags = ['job', job.status];
  if (hasResult(job)) flags.push('hasResult');
  if (isActive(job) && provider?.cancel && job.cancellable !== false) flags.push('cancellable');
  if (!job.remoteId && job.status === 'unknown' && job.request !== undefined) flags.push('resubmittable');
  return flags.join(' ');
}

/** The job header shown above every result: name, provider, status, remote id, file. */
import type { JobSummaryView } from '../../shared/protocol';
import { el } from '../common/dom';
import { dateTime } from './format';

const STATUS_CLASS: Record<string, string> = { succeeded: 'ok', failed: 'bad', cancelled: 'muted' };

export function renderHeader(job: JobSummaryView, fileName: string, extra: Node[] = []): HTMLElement {
  const item = (term: string, value: Node | string) => el('div', null, el('dt', null, term), el('dd', null, value));
  const status = el(
    'span',
    { class: `badge status ${STATUS_CLASS[job.status] ?? ''}`.trim(), attrs: job.rawStatus ? { title: `Provider status: ${job.rawStatus}` } : {} },
    job.status,
  );
  const meta = el(
    'dl',
    { class: 'meta' },
    item('Provider', job.providerLabel),
    item('Status', status),
    item('Remote id', job.remoteId ? el('code', { class: 'remote-id' }, job.remoteId) : '—'),
    item('File', el('code', null, fileName || '—')),
    item('Updated', dateTime(job.updatedAt) || '—'),
    ...(job.facts ?? []).map((f) => item(f.label, f.value)),
  );
  const note = job.message ? el('p', { class: 'job-message', attrs: { role: 'note' } }, job.message) : null;
  return el('header', { class: 'job-header' }, el('h1', { class: 'job-name' }, job.name), meta, note, ...extra);
}

/** A visible, announced error box: malformed data must never leave a blank panel. */
export function renderError(title: string, detail: string): HTMLElement {
  return el('div', { class: 'error', attrs: { role: 'alert' } }, el('strong', null, title), el('p', null, detail));
}

/**
 * The "anything else" view: every file of the result with its type and size, Open and Save
 * buttons (the host does both), and the primary file below — a JSON tree for JSON, text for text.
 */
import type { ResultFileView } from '../../../shared/protocol';
import { button, el } from '../../common/dom';
import { host, type ShowMessage } from '../../common/host';
import { renderJson } from '../json/render';

export function formatBytes(size: number): string {
  if (size < 0) return 'size unknown';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

function fileRow(f: ResultFileView): HTMLElement {
  return el(
    'li',
    { class: 'file-row' },
    el('code', { class: 'file-name' }, f.name),
    el('span', { class: 'file-kind' }, `${f.mediaType} · ${formatBytes(f.size)}${f.primary ? ' · primary' : ''}`),
    button('Open', `Open ${f.name}`, () => host().post({ type: 'openResultFile', name: f.name })),
    button('Save…', `Save ${f.name} to the workspace`, () => host().post({ type: 'saveResultFile', name: f.name })),
  );
}

export function renderFiles(message: ShowMessage): HTMLElement[] {
  const list = el('ul', { class: 'file-list', attrs: { 'aria-label': 'Result files' } }, ...message.files.map(fileRow));
  const section = el('section', { class: 'files' }, el('h2', null, `${message.files.length} file${message.files.length === 1 ? '' : 's'}`), list);
  return message.data === undefined ? [section] : [section, renderJson(message)];
}

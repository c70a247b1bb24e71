/** The fallback view for any result: a file header line and the JSON tree (or the text). */
import { el } from '../../common/dom';
import type { ShowMessage } from '../../common/host';
import { renderJsonTree, renderText } from './tree';

function describe(data: unknown): string {
  if (Array.isArray(data)) return `JSON array, ${data.length} item${data.length === 1 ? '' : 's'}`;
  if (typeof data === 'object' && data !== null) {
    const n = Object.keys(data).length;
    return `JSON object, ${n} key${n === 1 ? '' : 's'}`;
  }
  if (typeof data === 'string') return `Text, ${data.length.toLocaleString()} characters`;
  return `JSON ${data === null ? 'null' : typeof data}`;
}

export function renderJson(message: Pick<ShowMessage, 'fileName' | 'data'>): HTMLElement {
  const body = typeof message.data === 'string' ? renderText(message.data) : renderJsonTree(message.data, message.fileName);
  return el(
    'section',
    { class: 'json-view', attrs: { 'aria-label': `Contents of ${message.fileName}` } },
    el('div', { class: 'file-head' }, el('span', { class: 'codicon-file', attrs: { 'aria-hidden': 'true' } }, '{ }'), el('code', null, message.fileName), el('span', { class: 'file-kind' }, describe(message.data))),
    body,
  );
}

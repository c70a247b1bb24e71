/**
 * A collapsible JSON tree built from <details>/<summary>, so expanding works natively with
 * Enter/Space and screen readers announce expanded/collapsed. Children are built on first
 * expansion and in chunks, so a result with 100,000 entries opens instantly.
 * Keys and values are data: they only ever become text nodes.
 */
import { append, button, el } from '../../common/dom';
import { builders } from './branches';
import { installTreeKeys } from './keys';

const CHUNK = 200;

type Json = unknown;

function isContainer(v: Json): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function entries(v: Record<string, unknown> | unknown[]): [string, unknown][] {
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
}

function preview(v: Record<string, unknown> | unknown[]): string {
  if (Array.isArray(v)) return `[${v.length} item${v.length === 1 ? '' : 's'}]`;
  const n = Object.keys(v).length;
  return `{${n} key${n === 1 ? '' : 's'}}`;
}

function scalar(v: Json): HTMLElement {
  if (typeof v === 'string') return el('span', { class: 'v-string' }, JSON.stringify(v));
  if (typeof v === 'number') return el('span', { class: 'v-number' }, String(v));
  if (typeof v === 'boolean') return el('span', { class: 'v-boolean' }, String(v));
  if (v === null) return el('span', { class: 'v-null' }, 'null');
  return el('span', { class: 'v-other' }, String(v));
}

function keyLabel(key: string | undefined, inArray: boolean): (Node | string)[] {
  if (key === undefined) return [];
  return [el('span', { class: inArray ? 'k-index' : 'k-name' }, key), el('span', { class: 'punct' }, ': ')];
}

/** Appends children [from, from + CHUNK) and a "show more" button for the rest. */
function fillChildren(list: HTMLElement, items: [string, unknown][], inArray: boolean, from: number): void {
  const to = Math.min(items.length, from + CHUNK);
  for (let i = from; i < to; i++) list.appendChild(node(items[i][0], items[i][1], inArray, false));
  if (to < items.length) {
    const more = el('li', { class: 'more' });
    more.appendChild(
      button(`Show ${Math.min(CHUNK, items.length - to)} more (${items.length - to} left)`, `Show more entries`, () => {
        more.remove();
        fillChildren(list, items, inArray, to);
      }),
    );
    list.appendChild(more);
  }
}

function node(key: string | undefined, value: Json, inArray: boolean, open: boolean): HTMLElement {
  if (!isContainer(value) || entries(value).length === 0) {
    const text = isContainer(value) ? el('span', { class: 'punct' }, Array.isArray(value) ? '[]' : '{}') : scalar(value);
    return el('li', { class: 'leaf', attrs: { tabindex: '-1' } }, ...keyLabel(key, inArray), text);
  }
  const details = el(
    'details',
    null,
    el('summary', { attrs: { tabindex: '-1' } }, ...keyLabel(key, inArray), el('span', { class: 'preview' }, preview(value))),
  );
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    const list = el('ul');
    fillChildren(list, entries(value), Array.isArray(value), 0);
    details.appendChild(list);
  };
  builders.set(details, build);
  details.addEventListener('toggle', () => {
    if (details.open) build();
  });
  if (open) {
    build();
    details.open = true;
  }
  return el('li', { class: 'branch' }, details);
}

export function renderJsonTree(value: Json, label: string): HTMLElement {
  const tree = el('ul', { class: 'json-tree', attrs: { 'aria-label': label } }, node(undefined, value, false, true));
  installTreeKeys(tree);
  return tree;
}

/** Non-JSON result files arrive as text. */
export function renderText(text: string): HTMLElement {
  const pre = el('pre', { class: 'text-result', attrs: { tabindex: '0' } });
  append(pre, text);
  return pre;
}

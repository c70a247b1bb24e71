/**
 * Building blocks of the report page: sections, notes for absent parts, metric lists, tables
 * from records, and collapsible JSON for open objects and unknown fields. Every string from the
 * response goes through `visible` and lands in a text node (the `el` builder never parses HTML).
 */
import { el, type Child } from '../../common/dom';
import { renderJsonTree } from '../../results/json/tree';
import type { RecordsTable } from '../model/records';
import { absentNote, type Part } from '../model/report';
import { show, visible, visibleJson } from '../model/safeText';
import type { Metric } from '../model/sections';
import { fmt, isEmpty } from '../model/values';

export { visible };

export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return el('section', { class: 'part', attrs: { id, 'aria-labelledby': `${id}-title` } }, el('h2', { attrs: { id: `${id}-title` } }, title), ...children);
}

export function note(text: string, cls = ''): HTMLElement {
  return el('p', { class: `note ${cls}`.trim() }, visible(text));
}

/** A <details> with the JSON tree, built when first opened (a large raw response costs nothing until then). */
export function jsonDetails(label: string, value: unknown, open = false): HTMLElement {
  const summary = el('summary', null, visible(label), el('span', { class: 'json-kind' }, ` ${kind(value)}`));
  const details = el('details', { class: 'json-block' }, summary);
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    details.appendChild(isEmpty(value) && value !== null && typeof value === 'object' ? note(Array.isArray(value) ? 'An empty list.' : 'An empty object ({}).') : renderJsonTree(visibleJson(value), visible(label)));
  };
  details.addEventListener('toggle', () => {
    if (details.open) build();
  });
  if (open) {
    build();
    details.open = true;
  }
  return details;
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).length}}`;
  return v === null ? 'null' : typeof v;
}

/** The note for a part that is not there, and its raw value when it is something unexpected. */
export function absent(part: Part<unknown>): HTMLElement {
  const box = el('div', { class: 'absent', attrs: { 'data-state': part.state } }, note(absentNote(part.state, part.key)));
  if (part.state === 'invalid') box.appendChild(jsonDetails(part.key, part.raw, true));
  return box;
}

export function extraFields(extra: [string, unknown][], where: string): HTMLElement | null {
  if (extra.length === 0) return null;
  return el(
    'div',
    { class: 'extra' },
    el('h4', null, `Fields the document does not describe (${where})`),
    ...extra.map(([k, v]) => (v !== null && typeof v === 'object' ? jsonDetails(k, v) : el('p', { class: 'kv' }, el('code', null, visible(k)), ': ', show(v)))),
  );
}

export function metricText(m: Metric): string {
  if (m.value !== undefined) return `${fmt(m.value)}${m.unit ? ` ${m.unit}` : ''}`;
  if (m.raw === undefined || m.raw === null) return '—';
  return show(m.raw);
}

/** Label / value cards; a 0–1 value also gets a bar. */
export function metrics(list: Metric[], cls = ''): HTMLElement {
  return el(
    'dl',
    { class: `metrics ${cls}`.trim() },
    ...list.map((m) => {
      const value = el('dd', null, metricText(m));
      if (m.value !== undefined && m.value >= 0 && m.value <= 1) {
        const bar = el('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } }, el('span', { class: 'fill' }));
        (bar.firstChild as HTMLElement).style.width = `${Math.round(m.value * 100)}%`;
        value.appendChild(bar);
      }
      if (m.value === undefined && m.raw !== undefined && m.raw !== null) value.classList.add('unreadable');
      return el('div', { class: 'metric', attrs: m.hint ? { title: m.hint } : {} }, el('dt', null, m.label), value);
    }),
  );
}

export function recordsTable(t: RecordsTable, caption: string): HTMLElement {
  const box = el('div', { class: 'table-scroll' });
  if (t.rows.length > 0) {
    box.appendChild(
      el(
        'table',
        { class: 'records' },
        el('caption', null, caption),
        el('thead', null, el('tr', null, ...t.columns.map((c) => el('th', { attrs: { scope: 'col' } }, visible(c))))),
        el('tbody', null, ...t.rows.map((r) => el('tr', null, ...r.map((c) => el('td', null, visible(c)))))),
      ),
    );
  } else if (t.others.length === 0) {
    box.appendChild(note(`${caption}: none.`));
  }
  if (t.others.length > 0) box.appendChild(note(`${caption}, entries that are not objects: ${t.others.join('; ')}`, 'warn'));
  return box;
}

export function facts(rows: [string, Child][]): HTMLElement {
  return el('dl', { class: 'facts' }, ...rows.map(([k, v]) => el('div', null, el('dt', null, k), el('dd', null, v))));
}

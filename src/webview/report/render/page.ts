/**
 * The whole report page: header (job, status, timestamps, error, export buttons), a table of
 * contents, the humanization section, the four analyses, fields the document does not name,
 * and the raw response as collapsible JSON.
 */
import { button, el } from '../../common/dom';
import type { FastaRecord } from '../model/fasta';
import type { ReportFile } from '../model/files';
import type { ExportFormat } from '../model/export';
import type { ReportModel } from '../model/report';
import type { ReportJob } from '../messages';
import { renderComplex, renderImmunogenicity, renderStability, renderStructure, type Pending } from './analyses';
import { renderHumanization } from './humanization';
import { extraFields, facts, jsonDetails, note, section, visible } from './parts';

export interface PageActions {
  exportReport(format: ExportFormat): void;
  copyFasta(records: FastaRecord[], what: string): void;
  saveFasta(records: FastaRecord[], fileName: string): void;
}

const STATUS_CLASS: Record<string, string> = { succeeded: 'ok', failed: 'bad', cancelled: 'muted', unknown: 'warn' };

function header(job: ReportJob, m: ReportModel, file: string, actions: PageActions): HTMLElement {
  const status = el('span', { class: `badge status ${STATUS_CLASS[job.status] ?? ''}`.trim(), attrs: job.rawStatus ? { title: visible(`Provider status: ${job.rawStatus}`) } : {} }, visible(job.status));
  const raw = m.job.status;
  const rows: [string, HTMLElement | string][] = [
    ['Provider', visible(job.providerLabel)],
    ['Status', el('span', null, status, raw && raw !== job.status ? el('span', { class: 'muted' }, visible(` (API: ${raw})`)) : null)],
  ];
  for (const f of m.job.facts) rows.push([f.label, visible(f.value)]);
  // The host's facts repeat some of the response's (Created, Started…): only the others are added.
  const key = (label: string) => label.trim().toLowerCase().replace('cancelled', 'canceled');
  const shown = new Set(m.job.facts.map((f) => key(f.label)));
  for (const f of job.facts ?? []) if (!shown.has(key(f.label))) rows.push([visible(f.label), visible(f.value)]);
  rows.push(['File', el('code', null, visible(file))]);
  return el(
    'header',
    { class: 'job-header' },
    el('div', { class: 'section-head' }, el('h1', { class: 'job-name' }, visible(job.name)), el('div', { class: 'buttons' }, button('Export Markdown…', 'Export the report as Markdown', () => actions.exportReport('markdown'), 'secondary'), button('Export HTML…', 'Export the report as HTML', () => actions.exportReport('html'), 'secondary'))),
    el('p', { class: 'subtitle muted' }, 'Antibody humanization report'),
    facts(rows),
    m.job.errorMessage ? el('div', { class: 'error', attrs: { role: 'alert' } }, el('strong', null, 'The job reports an error'), el('p', null, visible(m.job.errorMessage))) : null,
    job.message ? note(job.message) : null,
    m.job.state !== 'present' ? note(m.job.state === 'missing' ? 'The response has no job object.' : `job is ${m.job.state === 'null' ? 'null' : 'not an object'}.`, 'warn') : null,
    extraFields(m.job.extra, 'job'),
  );
}

function toc(m: ReportModel): HTMLElement {
  const state = (s: string) => (s === 'present' ? '' : ` (${s === 'missing' ? 'absent' : s})`);
  const items: [string, string][] = [
    ['humanization', `Humanization (${m.results.strategies.length})`],
    ['structure', `Structure${state(m.structure.state)}`],
    ['stability', `Stability${state(m.stability.state)}`],
    ['immunogenicity', `Immunogenicity${state(m.immunogenicity.state)}`],
    ['complex', `Complex${state(m.complex.state)}`],
  ];
  if (m.extra.length) items.push(['other', 'Other fields']);
  return el('nav', { class: 'toc', attrs: { 'aria-label': 'Report sections' } }, ...items.map(([id, label]) => el('a', { attrs: { href: `#${id}` } }, label)));
}

export interface RenderedPage {
  element: HTMLElement;
  /** Settles when the structure files have been read (or failed). */
  structures: Promise<void>;
}

export function renderPage(m: ReportModel, job: ReportJob, file: string, raw: unknown, files: readonly ReportFile[], actions: PageActions): RenderedPage {
  const work: Promise<void>[] = [];
  const pending: Pending = { add: (p) => work.push(p) };
  const page = el('div', { class: 'report' }, header(job, m, file, actions));
  if (m.notAnObject) {
    page.append(note(m.notAnObject, 'warn'), jsonDetails('the result as sent', raw, true));
    return { element: page, structures: Promise.resolve() };
  }
  // Marks per section, so a slow one shows in the performance timeline (biojobs:report:section:<id>).
  const timed = (id: string, f: () => HTMLElement): HTMLElement => {
    const start = performance.now();
    const out = f();
    performance.measure(`biojobs:report:section:${id}`, { start, end: performance.now() });
    return out;
  };
  page.append(
    toc(m),
    timed('humanization', () => renderHumanization(m, { copy: actions.copyFasta, save: actions.saveFasta })),
    timed('structure', () => renderStructure(m, files, pending)),
    timed('stability', () => renderStability(m)),
    timed('immunogenicity', () => renderImmunogenicity(m)),
    timed('complex', () => renderComplex(m, files, pending)),
  );
  if (m.extra.length) page.appendChild(section('other', 'Other fields', extraFields(m.extra, 'the response')));
  page.appendChild(el('section', { class: 'part raw' }, el('h2', null, 'Raw response'), jsonDetails(file, raw)));
  return { element: page, structures: Promise.all(work).then(() => undefined) };
}

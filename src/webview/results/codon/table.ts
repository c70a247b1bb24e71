/** The score table: original + candidates as rows, scores / fitness / motifs / GC / length as columns. */
import { button, el } from '../../common/dom';
import { count, delta, fixed } from '../format';
import type { CodonActions } from './actions';
import type { Candidate, CodonResult } from './model';

function header(result: CodonResult): HTMLTableSectionElement {
  const th = (text: string, title?: string, cls = 'num') =>
    el('th', { class: cls, attrs: { scope: 'col', ...(title ? { title } : {}) } }, text);
  return el(
    'thead',
    null,
    el(
      'tr',
      null,
      th('Sequence', undefined, ''),
      th('Score', 'Overall weighted score (higher is better)', 'num nowrap'),
      th('Δ vs original', 'Overall score minus the original’s'),
      ...result.fitnessColumns.map((f) =>
        el(
          'th',
          { class: 'num', attrs: { scope: 'col', title: `Fitness “${f.name}”, weight ${f.weight ?? 1}` } },
          f.name,
          el('span', { class: 'weight' }, `w ${f.weight ?? 1}`),
        ),
      ),
      th('Motifs CDS / UTR', 'Forbidden motifs in the coding sequence / in the UTRs'),
      th('GC %', 'GC content of the sequence', 'num nowrap'),
      th('Length', 'Length in nucleotides', 'num nowrap'),
      th('Changed codons', 'Codons that differ from the original'),
      th('Actions', undefined, 'actions'),
    ),
  );
}

function row(result: CodonResult, c: Candidate, isBest: boolean, actions: CodonActions): HTMLTableRowElement {
  const td = (text: string, cls = 'num') => el('td', { class: cls }, text);
  const name = el(
    'th',
    { attrs: { scope: 'row' } },
    c.label,
    isBest ? el('span', { class: 'badge best-badge', attrs: { title: 'Highest overall score' } }, '★ Best') : null,
  );
  const scores = result.fitnessColumns.map((col) => td(fixed(c.fitness.find((f) => f.name === col.name)?.score)));
  const diff = c.score - result.original.score;
  return el(
    'tr',
    { class: [c.isOriginal ? 'original' : 'candidate', isBest ? 'best' : ''].join(' ').trim(), attrs: { 'data-label': c.label } },
    name,
    td(fixed(c.score), 'num score'),
    c.isOriginal ? td('—') : td(delta(diff), `num ${diff > 0 ? 'up' : diff < 0 ? 'down' : ''}`),
    ...scores,
    td(`${count(c.motifInCds)} / ${count(c.motifInUtr)}`, 'num motifs'),
    td(fixed(c.gc, 1)),
    td(c.sequence.length.toLocaleString()),
    td(c.isOriginal ? '—' : String(c.changes.length), 'num changed-count'),
    el(
      'td',
      { class: 'actions' },
      el(
        'div',
        { class: 'buttons' },
        button('Copy', `Copy the ${c.label} sequence`, () => actions.copy(c), 'copy'),
        button('Save as FASTA', `Save the ${c.label} sequence as FASTA`, () => actions.save(c), 'save secondary'),
      ),
    ),
  );
}

export function renderScoreTable(result: CodonResult, actions: CodonActions): HTMLElement {
  const rows = [result.original, ...result.candidates].map((c, i) => row(result, c, i - 1 === result.best, actions));
  const table = el(
    'table',
    { class: 'scores' },
    el('caption', null, `Original and ${result.candidates.length} optimised sequence${result.candidates.length === 1 ? '' : 's'}`),
    header(result),
    el('tbody', null, ...rows),
  );
  // Wide fitness lists scroll sideways inside their own box instead of stretching the page.
  return el('div', { class: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Scores' } }, table);
}

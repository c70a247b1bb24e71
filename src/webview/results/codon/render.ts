/** The codon optimisation result: score table, then the codon comparison. */
import { button, el } from '../../common/dom';
import type { ShowMessage } from '../../common/host';
import { CodonActions } from './actions';
import { renderComparison } from './comparison';
import { parseCodonResult } from './model';
import { renderScoreTable } from './table';

/** Throws ResultFormatError when `data` is not a codon result; the caller shows it with the raw JSON. */
export function renderCodon(message: ShowMessage): HTMLElement[] {
  const result = parseCodonResult(message.data);
  const actions = new CodonActions(message);
  const all = [result.original, ...result.candidates];
  const toolbar = el(
    'div',
    { class: 'toolbar' },
    button('Save all as FASTA', `Save all ${all.length} sequences as one FASTA file`, () => actions.saveAll(all), 'save-all'),
  );
  const scores = el(
    'section',
    { class: 'scores-section', attrs: { 'aria-labelledby': 'scores-title' } },
    el('div', { class: 'section-head' }, el('h2', { attrs: { id: 'scores-title' } }, 'Scores'), toolbar),
    renderScoreTable(result, actions),
  );
  return [scores, renderComparison(result)];
}

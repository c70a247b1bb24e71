/**
 * The controls above the alignment: search by name, colour scheme, zoom, save; and the colour
 * legend below them. Plain DOM (text nodes only); the viewer does the work.
 */
import { button, el, replaceChildren } from '../common/dom';
import { SCHEME_LABELS, isSchemeId, textOn, type ColourScheme, type SchemeId } from './schemes';
import type { SearchResult } from './viewer';

export interface ToolbarActions {
  search(query: string): SearchResult;
  nextMatch(direction: 1 | -1): SearchResult;
  setFilter(only: boolean): void;
  setScheme(id: SchemeId): void;
  zoom(direction: 1 | -1): void;
  save(format: 'a3m' | 'fasta'): void;
  /** Back to the alignment (Escape / Enter in the search box lands there). */
  focusViewer(): void;
}

export interface Toolbar {
  element: HTMLElement;
  legend: HTMLElement;
  /** Reflects scheme and zoom changed from the keyboard or restored state. */
  update(scheme: ColourScheme, zoom: { cellWidth: number; min: boolean; max: boolean }): void;
}

export function createToolbar(title: string, actions: ToolbarActions): Toolbar {
  const count = el('span', { class: 'match-count', attrs: { 'aria-live': 'polite' } });
  const input = el('input', {
    attrs: { id: 'msa-search', type: 'search', placeholder: 'Find sequence by name', 'aria-label': 'Find sequence by name', spellcheck: 'false' },
  });
  const showCount = (r: SearchResult) => {
    count.textContent = input.value.trim() ? (r.count ? `${r.current} of ${r.count.toLocaleString('en-US')}` : 'No match') : '';
    count.classList.toggle('none', input.value.trim() !== '' && r.count === 0);
  };
  let debounce = 0;
  const runSearch = () => {
    clearTimeout(debounce);
    debounce = 0;
    showCount(actions.search(input.value));
  };
  input.addEventListener('input', () => {
    clearTimeout(debounce);
    // 10,000 names take ~1 ms to search; the delay only keeps the view from jumping per keystroke.
    debounce = window.setTimeout(runSearch, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      // Enter right after typing searches (first match); after that it steps through the matches.
      if (debounce) runSearch();
      else showCount(actions.nextMatch(e.shiftKey ? -1 : 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      actions.focusViewer();
    }
  });
  const prev = button('↑', 'Previous match (Shift+Enter)', () => showCount(actions.nextMatch(-1)), 'secondary icon');
  const next = button('↓', 'Next match (Enter)', () => showCount(actions.nextMatch(1)), 'secondary icon');
  const only = el('input', { attrs: { type: 'checkbox', id: 'msa-only' } });
  only.addEventListener('change', () => actions.setFilter(only.checked));
  const onlyLabel = el('label', { class: 'check', attrs: { for: 'msa-only', title: 'Show only the sequences whose names match' } }, only, 'Only matches');

  const select = el('select', { attrs: { id: 'msa-scheme', 'aria-label': 'Colour scheme' } });
  for (const s of SCHEME_LABELS) select.append(el('option', { attrs: { value: s.id } }, s.label));
  select.addEventListener('change', () => {
    if (isSchemeId(select.value)) actions.setScheme(select.value);
  });

  const zoomOut = button('−', 'Zoom out (-)', () => actions.zoom(-1), 'secondary icon');
  const zoomIn = button('+', 'Zoom in (+)', () => actions.zoom(1), 'secondary icon');
  const zoomLabel = el('span', { class: 'zoom-label', attrs: { 'aria-live': 'polite' } });

  const element = el(
    'div',
    { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Alignment tools' } },
    el('h1', { class: 'title', attrs: { title } }, title),
    el('div', { class: 'group search' }, input, prev, next, count, onlyLabel),
    el('label', { class: 'group', attrs: { for: 'msa-scheme' } }, 'Colour', select),
    el('div', { class: 'group' }, el('span', null, 'Zoom'), zoomOut, zoomIn, zoomLabel),
    el(
      'div',
      { class: 'group save' },
      button('Save as A3M', 'Save the alignment as A3M (insertions kept)', () => actions.save('a3m')),
      button('Save as FASTA', 'Save the aligned sequences as FASTA', () => actions.save('fasta'), 'secondary'),
    ),
  );
  const legend = el('div', { class: 'legend', attrs: { 'aria-label': 'Colour legend' } });

  return {
    element,
    legend,
    update(scheme, zoom) {
      select.value = scheme.id;
      zoomOut.disabled = zoom.min;
      zoomIn.disabled = zoom.max;
      zoomLabel.textContent = `${zoom.cellWidth} px`;
      renderLegend(legend, scheme);
    },
  };
}

function renderLegend(legend: HTMLElement, scheme: ColourScheme): void {
  const items = scheme.legend().map((entry) => {
    const swatch = el('span', { class: 'swatch', attrs: entry.title ? { title: entry.title } : {} }, entry.residues ?? '');
    // CSSOM, not a style attribute: allowed by the panel's CSP (no 'unsafe-inline').
    swatch.style.backgroundColor = entry.colour;
    swatch.style.color = textOn(entry.colour);
    return el('span', { class: 'entry' }, swatch, entry.label || null);
  });
  const insertion = el('span', { class: 'entry' }, el('span', { class: 'swatch insertion-mark' }), 'insertion (A3M lower case)');
  const gap = el('span', { class: 'entry' }, el('span', { class: 'swatch gap' }, '-'), 'gap');
  replaceChildren(legend, scheme.legendNote ? el('span', { class: 'note' }, scheme.legendNote) : null, ...items, gap, insertion);
}

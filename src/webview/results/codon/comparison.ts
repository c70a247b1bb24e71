/**
 * Codon-by-codon comparison: every candidate aligned under the original in blocks of 10–20
 * codons (as many as fit), changed codons highlighted with the amino acid below them.
 * Rows are plain monospace text with a <mark> per changed codon — one text node per unchanged
 * run keeps the DOM small for long genes.
 */
import { append, el, replaceChildren } from '../../common/dom';
import { aminoAcidName, type CodonChange } from './genetics';
import type { Candidate, CodonResult } from './model';

/** Each codon takes 3 characters plus one space. */
const CELL = 4;
const RULER_STEP = 5;

function changeTitle(c: CodonChange): string {
  const where = `Codon ${c.index + 1} (nt ${c.index * 3 + 1})`;
  if (!c.from) return `${where}: extra codon ${c.to} (${aminoAcidName(c.toAa)}) not in the original`;
  if (!c.to) return `${where}: missing; the original has ${c.from} (${aminoAcidName(c.fromAa)})`;
  const aa = c.synonymous
    ? `${aminoAcidName(c.fromAa)}, synonymous`
    : `${aminoAcidName(c.fromAa)} → ${aminoAcidName(c.toAa)}, changes the protein`;
  return `${where}: ${c.from} → ${c.to} (${aa})`;
}

function line(cls: string, label: string, ...content: (Node | string)[]): HTMLElement {
  return el('div', { class: `line ${cls}` }, el('span', { class: 'label' }, label), el('span', { class: 'seq' }, ...content));
}

function rulerText(start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) {
    if (i % RULER_STEP === 0 || i === start) {
      const label = String(i + 1);
      // Only place a number where it fits without running into the next one.
      if (text.length <= (i - start) * CELL) text = text.padEnd((i - start) * CELL) + label;
    }
  }
  return text;
}

/** Row of one candidate for codons [start, end): unchanged runs as text, changed codons as <mark>. */
function candidateRow(c: Candidate, changes: Map<number, CodonChange>, start: number, end: number): HTMLElement[] {
  const seq: (Node | string)[] = [];
  const aa: (Node | string)[] = [];
  let text = '';
  let aaText = '';
  let blockChanges = 0;
  for (let i = start; i < end; i++) {
    const sep = i + 1 < end ? ' ' : '';
    const change = changes.get(i);
    if (!change) {
      text += (c.codons[i] ?? '').padEnd(3) + sep;
      aaText += '   ' + sep;
      continue;
    }
    blockChanges++;
    if (text) seq.push(text);
    if (aaText) aa.push(aaText);
    text = sep;
    aaText = sep;
    const cls = change.synonymous ? 'chg' : 'chg nonsyn';
    seq.push(el('mark', { class: cls, attrs: { title: changeTitle(change), 'data-codon': String(i + 1) } }, (change.to || '---').padEnd(3)));
    aa.push(el('span', { class: change.synonymous ? 'aa' : 'aa nonsyn', attrs: { title: changeTitle(change) } }, ` ${change.toAa || '-'} `));
  }
  if (text) seq.push(text);
  if (aaText) aa.push(aaText);
  const rows = [line('cand', c.label, ...seq)];
  // The amino-acid line only where this block has changes: saves half the height of identical blocks.
  if (blockChanges > 0) rows.push(line('aa-line', '', ...aa));
  return rows;
}

function summary(result: CodonResult): HTMLElement {
  const total = result.original.codons.length;
  return el(
    'ul',
    { class: 'change-summary' },
    ...result.candidates.map((c) => {
      const nonsyn = c.changes.filter((x) => !x.synonymous).length;
      const pct = total ? ((c.changes.length / total) * 100).toFixed(1) : '0';
      return el(
        'li',
        { attrs: { 'data-label': c.label } },
        el('strong', null, c.label),
        `: ${c.changes.length} of ${total} codons changed (${pct} %)`,
        nonsyn === 0
          ? c.changes.length > 0 ? ', all synonymous' : ''
          : el('span', { class: 'warn' }, `, ${nonsyn} non-synonymous (amino acid changed)`),
      );
    }),
  );
}

function renderBlocks(target: HTMLElement, result: CodonResult, perLine: number): void {
  const longest = Math.max(result.original.codons.length, ...result.candidates.map((c) => c.codons.length));
  const changeMaps = result.candidates.map((c) => new Map(c.changes.map((x) => [x.index, x])));
  const blocks: HTMLElement[] = [];
  for (let start = 0; start < longest; start += perLine) {
    const end = Math.min(start + perLine, longest);
    const original = result.original.codons.slice(start, end).map((x) => x.padEnd(3)).join(' ');
    const block = el(
      'div',
      { class: 'block', attrs: { role: 'group', 'aria-label': `Codons ${start + 1} to ${end}` } },
      line('ruler', '', rulerText(start, end)),
      line('orig', result.original.label, original),
    );
    result.candidates.forEach((c, k) => append(block, ...candidateRow(c, changeMaps[k], start, end)));
    blocks.push(block);
  }
  replaceChildren(target, ...blocks);
}

/** Codons per block: as many as fit (10, 15 or 20), so the alignment never scrolls sideways. */
function codonsPerLine(container: HTMLElement, probe: HTMLElement, labelChars: number): number {
  const charWidth = probe.getBoundingClientRect().width / 10 || 8;
  const available = Math.floor(container.clientWidth / charWidth) - labelChars - 1;
  const fit = Math.floor((available + 1) / CELL);
  return Math.max(10, Math.min(20, fit - (fit % 5)));
}

export function renderComparison(result: CodonResult): HTMLElement {
  const labelChars = Math.max(...[result.original, ...result.candidates].map((c) => c.label.length)) + 2;
  const alignment = el('div', { class: 'alignment' });
  alignment.style.setProperty('--label-width', `${labelChars}ch`);
  const probe = el('span', { class: 'probe', attrs: { 'aria-hidden': 'true' } }, '0000000000');
  const section = el(
    'section',
    { class: 'comparison', attrs: { 'aria-labelledby': 'comparison-title' } },
    el('h2', { attrs: { id: 'comparison-title' } }, 'Codon comparison'),
    summary(result),
    el(
      'p',
      { class: 'legend' },
      el('mark', { class: 'chg' }, 'GCC'),
      ' changed codon, amino acid below · ',
      el('mark', { class: 'chg nonsyn' }, 'GTT'),
      ' changes the amino acid · numbers are codon positions',
    ),
    probe,
    alignment,
  );

  let current = 0;
  let scheduled = false;
  const layout = () => {
    scheduled = false;
    const perLine = codonsPerLine(alignment, probe, labelChars);
    if (perLine === current) return;
    current = perLine;
    renderBlocks(alignment, result, perLine);
  };
  // Lay out once attached (widths are 0 before), then again only when the block size changes.
  // Deferred to the next frame: re-rendering inside the observer callback changes the observed
  // element's height and makes Chromium report a "ResizeObserver loop" error.
  new ResizeObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(layout);
  }).observe(alignment);
  return section;
}

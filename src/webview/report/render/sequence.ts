/**
 * A humanised chain in monospace against its parent, in blocks of 60 columns: a ruler with the
 * numbering, a region row (CDRs shaded), the parent, and the humanised chain with mutations
 * marked and liabilities underlined. Runs of ordinary residues are one text node, so four
 * strategies × two chains stay a few thousand nodes.
 */
import { el } from '../../common/dom';
import { CHAIN_LABEL } from '../model/chains';
import { liabilityCover, type Liability } from '../model/liabilities';
import { parseLabel } from '../model/numbering';
import type { ChainView } from '../model/strategy';
import { visible } from '../model/safeText';

export const BLOCK = 60;

interface Cell {
  ch: string;
  cls?: string;
  title?: string;
}

/** Appends cells, merging runs without class into one text node. */
function line(cls: string, label: string, cells: Cell[]): HTMLElement {
  const seq = el('span', { class: 'seq' });
  let run = '';
  const flush = () => {
    if (run) seq.appendChild(document.createTextNode(run));
    run = '';
  };
  for (const c of cells) {
    if (!c.cls) {
      run += c.ch;
      continue;
    }
    flush();
    seq.appendChild(el(c.cls.includes('mut') ? 'mark' : 'span', { class: c.cls, attrs: c.title ? { title: c.title } : {} }, c.ch));
  }
  flush();
  return el('div', { class: `line ${cls}` }, el('span', { class: 'label', attrs: { title: label } }, label), seq);
}

/** The ruler: a numbering label at every tenth position (no insertion), else the sequence index. */
function ruler(labels: (string | null)[], indices: (number | null)[]): string {
  const chars = Array<string>(indices.length).fill(' ');
  let next = 0;
  indices.forEach((h, col) => {
    if (h === null || col < next) return;
    const label = labels[h];
    const parsed = label ? parseLabel(label) : undefined;
    const mark = parsed ? (parsed.ins === '' && parsed.n % 10 === 0 ? label : null) : (h + 1) % 10 === 0 ? String(h + 1) : null;
    if (!mark || col + mark.length > chars.length) return;
    for (let k = 0; k < mark.length; k++) chars[col + k] = mark[k];
    next = col + mark.length + 1;
  });
  return chars.join('');
}

function liabilityTitle(list: Liability[]): string {
  return list.map((l) => visible(`${l.type} ${l.motif} at ${l.start}${l.risk ? ` (${l.risk} risk)` : ''}${l.source === 'scan' ? ', found by the viewer' : ''}`)).join('; ');
}

export function renderChainAlignment(view: ChainView, parentName: string, strategyName: string): HTMLElement {
  const seq = view.sequence as string;
  const cmp = view.comparison;
  const parent = cmp?.parent;
  const columns = cmp && parent ? cmp.columns : [...seq].map((_, i): [number | null, number | null] => [null, i]);
  const cover = liabilityCover(view.liabilities, seq.length);
  const { labels, regions } = view.numbering;
  const box = el('div', { class: 'alignment', attrs: { role: 'group', 'aria-label': `${CHAIN_LABEL[view.chain]} of ${visible(strategyName)} against ${visible(parentName)}` } });
  for (let start = 0; start < columns.length; start += BLOCK) {
    const cols = columns.slice(start, start + BLOCK);
    const hIdx = cols.map(([, h]) => h);
    const block = el('div', { class: 'block' });
    block.appendChild(el('div', { class: 'line ruler', attrs: { 'aria-hidden': 'true' } }, el('span', { class: 'label' }, ''), el('span', { class: 'seq' }, ruler(labels, hIdx))));
    if (regions.some((r) => r !== null)) {
      // One span per CDR run: "CDR1" written into it (as far as it fits), the rest blank.
      const seqEl = el('span', { class: 'seq' });
      let k = 0;
      while (k < hIdx.length) {
        const r = hIdx[k] === null ? null : regions[hIdx[k] as number];
        let j = k + 1;
        while (j < hIdx.length && (hIdx[j] === null ? null : regions[hIdx[j] as number]) === r) j++;
        const width = j - k;
        if (r?.startsWith('CDR')) seqEl.appendChild(el('span', { class: 'reg cdr', attrs: { title: r } }, (width >= 4 ? r : r.slice(-1)).padEnd(width, ' ').slice(0, width)));
        else seqEl.appendChild(document.createTextNode(' '.repeat(width)));
        k = j;
      }
      block.appendChild(el('div', { class: 'line regions', attrs: { 'aria-hidden': 'true' } }, el('span', { class: 'label' }, ''), seqEl));
    }
    const changed = cols.map(([p, h]) => parent !== undefined && (p === null || h === null || parent[p] !== seq[h]));
    if (parent !== undefined) {
      block.appendChild(line('parent', visible(parentName), cols.map(([p], k) => ({ ch: p === null ? '-' : parent[p], cls: changed[k] ? 'mut from' : undefined }))));
    }
    const cells: Cell[] = cols.map(([p, h], k) => {
      if (h === null) return { ch: '-', cls: 'mut gap', title: `deleted ${parent?.[p as number] ?? ''}` };
      const classes: string[] = [];
      const titles: string[] = [];
      const at = `${h + 1}${labels[h] ? ` (${view.numbering.scheme ?? 'number'} ${labels[h]}${regions[h] ? `, ${regions[h]}` : ''})` : regions[h] ? ` (${regions[h]})` : ''}`;
      if (changed[k]) {
        classes.push('mut');
        titles.push(`${p === null ? 'inserted' : `${parent?.[p]} → ${seq[h]}`} at ${at}`);
      }
      if (cover[h].length > 0) {
        classes.push('liab', `risk-${cover[h].some((l) => l.risk === 'high') ? 'high' : cover[h].some((l) => l.risk === 'medium') ? 'medium' : 'low'}`);
        titles.push(liabilityTitle(cover[h]));
      }
      return { ch: seq[h], cls: classes.length ? classes.join(' ') : undefined, title: titles.length ? titles.join('; ') : undefined };
    });
    block.appendChild(line('humanised', visible(strategyName), cells));
    box.appendChild(block);
  }
  return box;
}

/**
 * The humanization section: one card per strategy (OASis, both chains against the parent,
 * mutation and liability lists, VHH / scFv / Fc analyses, copy / save FASTA), then the
 * strategies side by side: a table of scores and counts, and all humanised chains stacked with
 * the columns where they differ from each other marked.
 */
import { button, el } from '../../common/dom';
import { CHAIN_KEYS, CHAIN_LABEL, type ChainKey } from '../model/chains';
import { chainRecords, type FastaRecord } from '../model/fasta';
import type { ReportModel } from '../model/report';
import type { Analysis, ChainView, StrategyModel } from '../model/strategy';
import { show } from '../model/safeText';
import { fmt, isRecord } from '../model/values';
import { extraFields, jsonDetails, note, section, visible } from './parts';
import { BLOCK, renderChainAlignment } from './sequence';

export interface FastaActions {
  copy(records: FastaRecord[], what: string): void;
  save(records: FastaRecord[], fileName: string): void;
}

function mutationTable(view: ChainView): HTMLElement | null {
  const cmp = view.comparison;
  if (!cmp?.parent || cmp.mutations.length === 0) return null;
  const buildRows = () => cmp.mutations.map((m) => {
    const i = m.index !== undefined ? m.index - 1 : -1;
    const region = view.numbering.regions[i] ?? '—';
    return el(
      'tr',
      { class: region.startsWith('CDR') ? 'in-cdr' : '' },
      el('td', { class: 'num' }, m.index !== undefined ? String(m.index) : `(parent ${m.parentIndex})`),
      el('td', null, view.numbering.labels[i] ?? '—'),
      el('td', null, region),
      el('td', { class: 'change' }, el('code', null, m.from), ' → ', el('code', null, m.to)),
      el('td', null, m.listed ? 'listed' : 'derived'),
    );
  });
  const listed = cmp.mutations.filter((m) => m.listed).length;
  const details = el(
    'details',
    { class: 'mutations' },
    el('summary', null, `${cmp.mutations.length} mutations in ${CHAIN_LABEL[view.chain]}`, el('span', { class: 'muted' }, ` · ${cmp.mutations.filter((m) => view.numbering.regions[(m.index ?? 0) - 1]?.startsWith('CDR')).length} in CDRs · ${listed} listed by the response`)),
  );
  // The list is built when first opened: four strategies' lists are a thousand cells nobody sees at first.
  let built = false;
  details.addEventListener('toggle', () => {
    if (built || !details.open) return;
    built = true;
    details.appendChild(
      el(
        'table',
        { class: 'records' },
        el('thead', null, el('tr', null, ...['Position', `Number${view.numbering.scheme ? ` (${visible(view.numbering.scheme)})` : ''}`, 'Region', 'Change', 'Source'].map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
        el('tbody', null, ...buildRows()),
      ),
    );
  });
  return details;
}

function liabilityList(view: ChainView): HTMLElement {
  const src = view.liabilitySource === 'response' ? 'from the response' : 'found by the viewer (the response has no readable list)';
  if (view.liabilities.length === 0) return el('p', { class: 'liabilities none' }, `No liabilities ${src}.`);
  return el(
    'div',
    { class: 'liabilities' },
    el('span', { class: 'muted' }, `Liabilities ${src}: `),
    ...view.liabilities.map((l) =>
      el('span', { class: `chip risk-${l.risk === 'high' || l.risk === 'medium' || l.risk === 'low' ? l.risk : 'other'}` }, visible(`${l.type} ${l.motif}${l.start}${l.region ? ` ${l.region}` : ''}${l.risk ? ` · ${l.risk}` : ''}`)),
    ),
    view.unplacedLiabilities.length ? note(`Listed but not found on the sequence: ${view.unplacedLiabilities.join('; ')}`, 'warn') : null,
  );
}

function chainPart(s: StrategyModel, view: ChainView, parentName: string): HTMLElement {
  const head = el('h4', null, CHAIN_LABEL[view.chain]);
  if (!view.sequence) {
    const raw = s.raw[`humanized_${view.chain}`];
    return el('div', { class: 'chain missing', attrs: { 'data-chain': view.chain } }, head, note(`No ${CHAIN_LABEL[view.chain]} sequence: ${view.problem}.`), typeof raw === 'string' ? el('pre', { class: 'raw-text' }, visible(raw)) : null);
  }
  const cmp = view.comparison;
  const parentNote =
    cmp?.parentSource === 'reconstructed'
      ? note('Parent rebuilt from the mutation list of the response (no parent sequence given).')
      : cmp?.parentSource === 'none'
        ? note('No parent to compare with: the response gives neither the parent sequence nor a usable mutation list.')
        : null;
  return el(
    'div',
    { class: 'chain', attrs: { 'data-chain': view.chain } },
    head,
    parentNote,
    renderChainAlignment(view, parentName, s.name),
    view.numbering.note ? note(`Numbering: ${view.numbering.note}`, 'muted') : null,
    mutationTable(view),
    cmp && cmp.disagreements.length ? note(`Listed by the response but not a difference of the sequences: ${cmp.disagreements.map((d) => d.text).join(', ')}`, 'warn') : null,
    liabilityList(view),
  );
}

function oasis(s: StrategyModel): HTMLElement {
  const o = s.oasis;
  const items: HTMLElement[] = [el('span', { class: 'score' }, el('span', { class: 'k' }, 'OASis identity '), el('strong', null, fmt(o.identity, 3)))];
  if (o.percentile !== undefined) items.push(el('span', { class: 'score' }, el('span', { class: 'k' }, 'percentile '), el('strong', null, fmt(o.percentile, 2))));
  for (const c of CHAIN_KEYS) {
    const p = o.perChain[c];
    if (p) items.push(el('span', { class: 'score' }, el('span', { class: 'k' }, `${CHAIN_LABEL[c]} `), fmt(p.identity, 3), p.germline ? el('span', { class: 'muted' }, visible(` ${p.germline}${p.germlineIdentity !== undefined ? ` ${Math.round(p.germlineIdentity * 100)} % FR` : ''}`)) : null));
  }
  const box = el('div', { class: 'oasis' }, ...items);
  if (o.identity === undefined) box.appendChild(jsonDetails('oasis_score (no identity value found)', o.raw));
  return box;
}

/** An analysis object: its plain values in a line, everything in a collapsible JSON tree. */
function analysis(a: Analysis): HTMLElement {
  const scalars = isRecord(a.raw) ? Object.entries(a.raw).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) : [];
  return el(
    'div',
    { class: 'analysis' },
    el('strong', null, `${a.name}: `),
    isRecord(a.raw) ? (scalars.length ? visible(scalars.map(([k, v]) => `${k} ${String(v)}`).join(' · ')) : Object.keys(a.raw).length === 0 ? 'an empty object' : '') : show(a.raw),
    jsonDetails(`${a.name} analysis (${a.key})`, a.raw),
  );
}

function strategyCard(s: StrategyModel, m: ReportModel, actions: FastaActions): HTMLElement {
  const parentName = m.parentName ?? 'parent';
  const chains: Partial<Record<ChainKey, string>> = { vh: s.chains.vh.sequence, vl: s.chains.vl.sequence };
  const records = chainRecords(s.name, chains);
  const tools = el('div', { class: 'buttons' });
  if (records.length > 0) {
    tools.append(
      button('Copy FASTA', `Copy the ${visible(s.name)} chains as FASTA`, () => actions.copy(records, `${records.length} sequences of ${visible(s.name)} as FASTA`), 'secondary'),
      button('Save FASTA…', `Save the ${visible(s.name)} chains as FASTA`, () => actions.save(records, `${records[0].id.replace(/_V[HL]$/, '')}.fasta`), 'secondary'),
    );
  }
  const card = el(
    'article',
    { class: 'strategy', attrs: { 'data-strategy': String(s.index), 'aria-label': `Strategy ${visible(s.name)}` } },
    el('div', { class: 'section-head' }, el('h3', null, visible(s.name), m.analysed === s ? ' ' : null, m.analysed === s ? el('span', { class: 'badge' }, 'analysed below') : null), tools),
    s.createdAt ? el('p', { class: 'muted small' }, `Created ${visible(s.createdAt)}`) : null,
    oasis(s),
    ...CHAIN_KEYS.map((c) => chainPart(s, s.chains[c], parentName)),
  );
  if (s.unattributedMutations.length) card.appendChild(note(`Mutations listed without a chain: ${s.unattributedMutations.join(', ')}`, 'warn'));
  if (s.analyses.length) card.appendChild(el('div', { class: 'analyses' }, el('h4', null, 'Analyses'), ...s.analyses.map(analysis)));
  card.appendChild(el('div', { class: 'raw-parts' }, jsonDetails('mutations (as sent)', s.raw.mutations), jsonDetails('liabilities (as sent)', s.raw.liabilities), jsonDetails('numbering (as sent)', s.raw.numbering)));
  const extra = extraFields(s.extra, 'this row');
  if (extra) card.appendChild(extra);
  return card;
}

/** Columns where the strategies' chains differ from each other (same-length chains only). */
function stacked(list: StrategyModel[], chain: ChainKey, parent: string | undefined, parentName: string): HTMLElement | null {
  const seqs = list.map((s) => s.chains[chain].sequence);
  const present = seqs.filter((x): x is string => !!x);
  if (present.length < 2 || present.some((x) => x.length !== present[0].length)) return null;
  const rows: { name: string; seq: string; parent?: boolean }[] = [];
  if (parent && parent.length === present[0].length) rows.push({ name: parentName, seq: parent, parent: true });
  list.forEach((s, i) => {
    if (seqs[i]) rows.push({ name: s.name, seq: seqs[i] as string });
  });
  const differs = [...present[0]].map((_, col) => present.some((x) => x[col] !== present[0][col]));
  const box = el('div', { class: 'alignment stacked', attrs: { role: 'group', 'aria-label': `${CHAIN_LABEL[chain]} of every strategy` } });
  for (let start = 0; start < present[0].length; start += BLOCK) {
    const block = el('div', { class: 'block' });
    for (const r of rows) {
      const seqEl = el('span', { class: 'seq' });
      let run = '';
      for (let col = start; col < Math.min(start + BLOCK, r.seq.length); col++) {
        if (differs[col] && !r.parent) {
          if (run) seqEl.appendChild(document.createTextNode(run));
          run = '';
          seqEl.appendChild(el('mark', { class: 'diff', attrs: { title: `column ${col + 1}` } }, r.seq[col]));
        } else run += r.seq[col];
      }
      if (run) seqEl.appendChild(document.createTextNode(run));
      block.appendChild(el('div', { class: `line ${r.parent ? 'parent' : 'humanised'}` }, el('span', { class: 'label', attrs: { title: visible(r.name) } }, visible(r.name)), seqEl));
    }
    box.appendChild(block);
  }
  return el('div', { class: 'compare-chain' }, el('h4', null, `${CHAIN_LABEL[chain]}: ${differs.filter(Boolean).length} positions where the strategies differ`), box);
}

function compare(m: ReportModel): HTMLElement | null {
  const list = m.results.strategies;
  if (list.length < 2) return null;
  const count = (s: StrategyModel, c: ChainKey) => (s.chains[c].comparison?.parent ? String(s.chains[c].comparison?.mutations.length) : '—');
  const risk = (s: StrategyModel, r: string) => String(CHAIN_KEYS.reduce((n, c) => n + s.chains[c].liabilities.filter((l) => l.risk === r).length, 0));
  const best = Math.max(...list.map((s) => s.oasis.identity ?? -1));
  const rows: [string, (s: StrategyModel) => string | HTMLElement][] = [
    ['OASis identity', (s) => (s.oasis.identity !== undefined && s.oasis.identity === best ? el('strong', null, fmt(s.oasis.identity, 3)) : fmt(s.oasis.identity, 3))],
    ['OASis percentile', (s) => fmt(s.oasis.percentile, 2)],
    ['VH mutations', (s) => count(s, 'vh')],
    ['VL mutations', (s) => count(s, 'vl')],
    ['High-risk liabilities', (s) => risk(s, 'high')],
    ['Medium-risk liabilities', (s) => risk(s, 'medium')],
    ['Analyses', (s) => s.analyses.map((a) => a.name).join(', ') || '—'],
  ];
  return el(
    'div',
    { class: 'compare', attrs: { id: 'compare' } },
    el('h3', null, 'Strategies side by side'),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'records compare-table' },
        el('thead', null, el('tr', null, el('th', null, ''), ...list.map((s) => el('th', { attrs: { scope: 'col' } }, visible(s.name))))),
        el('tbody', null, ...rows.map(([label, f]) => el('tr', null, el('th', { attrs: { scope: 'row' } }, label), ...list.map((s) => el('td', null, f(s)))))),
      ),
    ),
    ...CHAIN_KEYS.map((c) => stacked(list, c, m.parent[c] ?? list.find((s) => s.chains[c].comparison?.parent)?.chains[c].comparison?.parent, m.parentName ?? 'parent')),
  );
}

export function renderHumanization(m: ReportModel, actions: FastaActions): HTMLElement {
  const list = m.results.strategies;
  const children: (HTMLElement | null)[] = [];
  if (list.length === 0) {
    children.push(note(m.results.state === 'empty' ? 'No humanization results yet: results is an empty list (the job may still be running).' : m.results.state === 'missing' ? 'The response has no results field.' : 'results is not a list; its raw value is shown below.'));
    if (m.results.state !== 'empty' && m.results.state !== 'missing') children.push(jsonDetails('results', m.results.raw, true));
  } else {
    const parentText = m.parent.vh || m.parent.vl ? `Parent ${m.parentName ?? ''} from the response.` : 'The response gives no parent sequence; where a mutation list is given the parent is rebuilt from it.';
    children.push(el('p', { class: 'muted' }, `${list.length} ${list.length === 1 ? 'strategy' : 'strategies'}. ${visible(parentText)} Mutations are marked, liabilities underlined (red high, amber medium, grey low); hover a residue for details.`));
    for (const s of list) children.push(strategyCard(s, m, actions));
    children.push(compare(m));
  }
  if (m.results.invalidRows.length) children.push(note(`${m.results.invalidRows.length} result rows are not objects.`, 'warn'), jsonDetails('rows that are not objects', m.results.invalidRows));
  return section('humanization', 'Humanization', ...children);
}

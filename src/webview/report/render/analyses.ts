/**
 * The four analysis sections: structure (model, confidence, pLDDT plot, CDR table, 3-D slot),
 * stability (scores, stabilising mutations, ΔΔG heat map), immunogenicity (risks, epitope tracks
 * along the analysed chains, suggestions) and the antibody–antigen complex.
 */
import { el } from '../../common/dom';
import { CHAIN_KEYS, CHAIN_LABEL, type ChainKey } from '../model/chains';
import type { Epitope } from '../model/epitopes';
import type { ReportFile } from '../model/files';
import type { Region } from '../model/numbering';
import type { ReportModel } from '../model/report';
import type { EpitopeTrack } from '../model/sections';
import { fmt } from '../model/values';
import { ddgHeatmap, plddtPlot, type SeriesRegions } from './charts';
import { absent, extraFields, facts, jsonDetails, metrics, metricText, note, recordsTable, section, visible } from './parts';
import { BLOCK } from './sequence';
import { structureSlot } from './structureViewer';

export interface Pending {
  /** Async work started by a section (structure files); resolves when it has settled. */
  add(p: Promise<void>): void;
}

function analysedNote(m: ReportModel): HTMLElement | null {
  if (!m.analysed) return null;
  return note(m.analysedBy === 'humanization_result_id' ? `For the strategy ${m.analysed.name} (humanization_result_id).` : `The response does not say which strategy was analysed; the first one (${m.analysed.name}) is assumed for positions.`, 'muted');
}

export function renderStructure(m: ReportModel, files: readonly ReportFile[], pending: Pending): HTMLElement {
  const part = m.structure;
  if (!part.model) return section('structure', 'Structure', absent(part));
  const s = part.model;
  const regions: SeriesRegions = s.plddt?.series.map((x) => {
    const c: ChainKey | undefined = x.chain === 'H' ? 'vh' : x.chain === 'L' ? 'vl' : undefined;
    const r = c ? m.analysed?.chains[c].numbering.regions : undefined;
    return r && r.length === x.values.length ? (r as (Region | null)[]) : undefined;
  }) ?? [];
  const slot = structureSlot(files, s.pdbPath, 'structure', s.plddt);
  pending.add(slot.done);
  return section(
    'structure',
    'Structure',
    analysedNote(m),
    facts([
      ['Model', visible(s.model ?? '—')],
      ['Confidence', metricText(s.confidence)],
      ['Mean pLDDT', fmt(s.plddt?.mean, 1)],
      ['Residues with pLDDT < 70', s.plddt ? String(s.plddt.low) : '—'],
      ['Created', s.createdAt ?? '—'],
    ]),
    s.plddt ? el('figure', { class: 'plddt' }, el('div', { class: 'canvas-scroll' }, plddtPlot(s.plddt, regions)), el('figcaption', null, 'Per-residue pLDDT (bands: ≥ 90 very high, 70–90 confident, 50–70 low, < 50 very low); CDRs shaded where the numbering is known.', s.plddt.note ? ` ${s.plddt.note}` : '')) : note('No per-residue pLDDT could be read.', 'warn'),
    s.plddt ? null : jsonDetails('per_residue_plddt (as sent)', part.raw && typeof part.raw === 'object' ? (part.raw as Record<string, unknown>).per_residue_plddt : undefined),
    el('h3', null, 'CDR analysis'),
    recordsTable(s.cdrs, 'CDR analysis'),
    el('h3', null, '3-D model'),
    slot.element,
    extraFields(s.extra, 'structure_result'),
  );
}

export function renderStability(m: ReportModel): HTMLElement {
  const part = m.stability;
  if (!part.model) return section('stability', 'Stability', absent(part));
  const s = part.model;
  const children: (HTMLElement | null)[] = [metrics(s.metrics), el('h3', null, 'Stabilising mutations'), recordsTable(s.stabilising, 'Stabilising mutations'), el('h3', null, 'ΔΔG matrix')];
  if (s.ddg) {
    children.push(ddgHeatmap(s.ddg).element);
    const d = s.ddg;
    // The same numbers as a table, for reading exact values and for screen readers; built when opened.
    const table = el('details', { class: 'ddg-table' }, el('summary', null, 'ΔΔG values as a table'));
    table.addEventListener('toggle', () => {
      if (!table.open || table.querySelector('table')) return;
      table.appendChild(
        el('div', { class: 'table-scroll' }, el('table', { class: 'records small' }, el('thead', null, el('tr', null, el('th', null, ''), ...d.cols.map((c) => el('th', { attrs: { scope: 'col' } }, visible(c))))), el('tbody', null, ...d.rows.map((r, i) => el('tr', null, el('th', { attrs: { scope: 'row' } }, visible(r)), ...d.values[i].map((v) => el('td', { class: 'num' }, v === null ? '' : fmt(v)))))))),
      );
    });
    children.push(table);
  } else {
    children.push(note('The ΔΔG matrix could not be read as positions × amino acids; it is shown as sent.', 'warn'), jsonDetails('ddg_matrix', (part.raw as Record<string, unknown>).ddg_matrix, true));
  }
  children.push(jsonDetails('model_versions', s.modelVersions), extraFields(s.extra, 'stability_result'));
  return section('stability', 'Stability', ...children);
}

/** One monospace track line per epitope kind, under the chain, in blocks of 60. */
function tracks(seq: string, chain: ChainKey, list: EpitopeTrack[]): HTMLElement {
  const box = el('div', { class: 'alignment tracks', attrs: { role: 'group', 'aria-label': `Epitopes along ${CHAIN_LABEL[chain]}` } });
  const byTrack = list.map((t) => {
    const cover: Epitope[][] = Array.from({ length: seq.length }, () => []);
    for (const e of t.epitopes.placed) if (e.chain === chain) for (let i = e.start - 1; i < e.end; i++) cover[i]?.push(e);
    return cover;
  });
  for (let start = 0; start < seq.length; start += BLOCK) {
    const end = Math.min(seq.length, start + BLOCK);
    const block = el('div', { class: 'block' });
    block.appendChild(el('div', { class: 'line humanised' }, el('span', { class: 'label' }, `${CHAIN_LABEL[chain]} ${start + 1}`), el('span', { class: 'seq' }, seq.slice(start, end))));
    list.forEach((t, ti) => {
      const line = el('span', { class: 'seq' });
      let run = '';
      let i = start;
      while (i < end) {
        const here = byTrack[ti][i];
        if (here.length === 0) {
          run += ' ';
          i++;
          continue;
        }
        if (run) line.appendChild(document.createTextNode(run));
        run = '';
        let j = i;
        while (j < end && byTrack[ti][j].length > 0 && byTrack[ti][j].join() === here.join()) j++;
        const title = here.map((e) => visible(`${e.peptide} ${e.start}–${e.end}${e.detail ? ` (${e.detail})` : ''}`)).join('; ');
        line.appendChild(el('span', { class: `ep ${t.key}${here.length > 1 ? ' overlap' : ''}`, attrs: { title } }, '━'.repeat(j - i)));
        i = j;
      }
      if (run) line.appendChild(document.createTextNode(run));
      block.appendChild(el('div', { class: `line track ${t.key}` }, el('span', { class: 'label' }, t.label.replace(' epitopes', '')), line));
    });
    box.appendChild(block);
  }
  return box;
}

export function renderImmunogenicity(m: ReportModel): HTMLElement {
  const part = m.immunogenicity;
  if (!part.model) return section('immunogenicity', 'Immunogenicity', absent(part));
  const im = part.model;
  const seqs: Partial<Record<ChainKey, string>> = { vh: m.analysed?.chains.vh.sequence ?? m.parent.vh, vl: m.analysed?.chains.vl.sequence ?? m.parent.vl };
  const children: (HTMLElement | null)[] = [metrics(im.risks, 'risks'), el('h3', null, 'Epitopes along the sequence'), analysedNote(m)];
  const anyPlaced = im.tracks.some((t) => t.epitopes.placed.length > 0);
  for (const c of CHAIN_KEYS) if (seqs[c] && anyPlaced) children.push(tracks(seqs[c] as string, c, im.tracks));
  if (!anyPlaced) children.push(note('No epitope could be placed on a sequence.', 'muted'));
  for (const t of im.tracks) {
    const rows = t.epitopes.placed;
    const head = `${t.label}: ${t.isList ? `${rows.length}${t.epitopes.unplaced.length ? ` placed, ${t.epitopes.unplaced.length} not found on the sequences` : ''}` : 'not a list in the response'}`;
    const d = el('details', { class: `epitopes ${t.key}` }, el('summary', null, head));
    if (rows.length) {
      d.appendChild(el('table', { class: 'records small' }, el('thead', null, el('tr', null, ...['Chain', 'Start', 'End', 'Peptide', 'Detail'].map((h) => el('th', { attrs: { scope: 'col' } }, h)))), el('tbody', null, ...rows.map((e) => el('tr', null, el('td', null, CHAIN_LABEL[e.chain]), el('td', { class: 'num' }, String(e.start)), el('td', { class: 'num' }, String(e.end)), el('td', null, el('code', null, e.peptide)), el('td', null, visible(e.detail || '—')))))));
    }
    if (t.epitopes.unplaced.length) d.appendChild(note(`Not found on the sequences: ${t.epitopes.unplaced.join('; ')}`, 'warn'));
    if (!t.isList && t.raw !== undefined) d.appendChild(jsonDetails(t.key, t.raw, true));
    children.push(d);
  }
  children.push(el('h3', null, 'De-immunisation suggestions'), recordsTable(im.suggestions, 'De-immunisation suggestions'), jsonDetails('model_versions', im.modelVersions), extraFields(im.extra, 'immunogenicity_result'));
  return section('immunogenicity', 'Immunogenicity', ...children);
}

export function renderComplex(m: ReportModel, files: readonly ReportFile[], pending: Pending): HTMLElement {
  const part = m.complex;
  if (!part.model) return section('complex', 'Antibody–antigen complex', absent(part));
  const c = part.model;
  const slot = structureSlot(files, c.pdbPath, 'complex');
  pending.add(slot.done);
  return section(
    'complex',
    'Antibody–antigen complex',
    facts([
      ['Model', visible(c.model ?? '—')],
      ['Confidence', metricText(c.confidence)],
      ['ipTM', metricText(c.iptm)],
      ['Antigen', visible(c.antigenId ?? '—')],
      ['Created', c.createdAt ?? '—'],
    ]),
    c.iptm.value !== undefined ? note(c.iptm.value >= 0.8 ? 'ipTM ≥ 0.8: a confident interface.' : c.iptm.value >= 0.6 ? 'ipTM 0.6–0.8: a plausible interface; check it.' : 'ipTM < 0.6: the interface is not reliable.', 'muted') : null,
    el('h3', null, 'pLDDT per chain'),
    c.perChain.length ? metrics(c.perChain.map((p) => ({ label: `Chain ${p.chain}`, value: p.value, raw: p.raw }))) : note('No per-chain pLDDT could be read.', 'warn'),
    el('h3', null, 'Interface residues'),
    c.interfaceReadable
      ? el('dl', { class: 'interface' }, ...c.interface.map((i) => el('div', null, el('dt', null, `Chain ${visible(i.chain)} (${i.residues.length})`), el('dd', null, el('code', null, visible(i.residues.join(' ')))))))
      : el('div', null, note('The interface residues could not be read.', 'warn'), jsonDetails('interface_residues', (part.raw as Record<string, unknown>).interface_residues)),
    el('h3', null, '3-D model'),
    slot.element,
    extraFields(c.extra, 'complex_result'),
  );
}

/**
 * The report as a Markdown or a standalone HTML document, for "Export report". Everything from
 * the response is escaped for the target (Markdown punctuation, HTML entities) after control and
 * bidi characters are made visible, so an exported file cannot carry live markup, links, or
 * text that reorders itself. Sequences are validated letters; JSON goes into code blocks fenced
 * longer than any backtick run inside. The HTML has no script and a CSP that allows only its
 * own inline style.
 */
import { CHAIN_KEYS, CHAIN_LABEL, type ChainKey } from './chains';
import { cellText, type RecordsTable } from './records';
import { absentNote, type Part, type ReportModel } from './report';
import { visible } from './safeText';
import type { Metric } from './sections';
import type { ChainView, StrategyModel } from './strategy';
import { fmt } from './values';

export type ExportFormat = 'markdown' | 'html';

export interface ExportHeader {
  jobName: string;
  provider: string;
  status: string;
  rawStatus?: string;
  remoteId?: string;
  /** When the export was made (ISO). */
  exportedAt: string;
}

/* ------------------------------------------------------------------ a format-neutral outline */

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][] }
  | { kind: 'alignment'; rows: { label: string; text: string; marks?: boolean[] }[] }
  | { kind: 'json'; label: string; value: unknown };

const metricText = (m: Metric) => (m.value !== undefined ? `${fmt(m.value)}${m.unit ? ` ${m.unit}` : ''}` : m.raw === undefined || m.raw === null ? '—' : cellText(m.raw));

function tableOf(t: RecordsTable): Block[] {
  const out: Block[] = [];
  if (t.rows.length > 0) out.push({ kind: 'table', columns: t.columns, rows: t.rows });
  if (t.others.length > 0) out.push({ kind: 'para', text: `Other entries: ${t.others.join('; ')}` });
  return out;
}

function extraBlocks(extra: [string, unknown][]): Block[] {
  return extra.map(([k, v]) => ({ kind: 'json' as const, label: `Unknown field ${k}`, value: v }));
}

function absent(part: Part<unknown>): Block[] {
  const out: Block[] = [{ kind: 'note', text: absentNote(part.state, part.key) }];
  if (part.state === 'invalid') out.push({ kind: 'json', label: part.key, value: part.raw });
  return out;
}

/** 10-column blocks for the text alignment: parent above, humanised below, changes marked. */
function chainBlocks(s: StrategyModel, c: ChainView, parentName: string): Block[] {
  const out: Block[] = [{ kind: 'heading', level: 4, text: `${CHAIN_LABEL[c.chain]}` }];
  if (!c.sequence) return [...out, { kind: 'note', text: `No ${CHAIN_LABEL[c.chain]} sequence: ${c.problem ?? 'unknown'}.` }];
  const cmp = c.comparison;
  if (cmp?.parent) {
    const top = cmp.columns.map(([p]) => (p === null ? '-' : (cmp.parent as string)[p])).join('');
    const bottom = cmp.columns.map(([, h]) => (h === null ? '-' : c.sequence?.[h])).join('');
    const marks = cmp.columns.map(([p, h]) => p === null || h === null || (cmp.parent as string)[p] !== c.sequence?.[h]);
    out.push({ kind: 'alignment', rows: [{ label: parentName, text: top }, { label: s.name, text: bottom, marks }] });
  } else {
    out.push({ kind: 'alignment', rows: [{ label: s.name, text: c.sequence }] });
    out.push({ kind: 'note', text: 'No parent sequence: the response gives neither the parent nor a usable mutation list.' });
  }
  if (cmp && cmp.mutations.length > 0) {
    out.push({ kind: 'para', text: `${cmp.mutations.length} mutations (${cmp.mutations.filter((m) => m.listed).length} also listed by the response):` });
    out.push({
      kind: 'table',
      columns: ['Position', 'Number', 'Region', 'Change', 'Listed'],
      rows: cmp.mutations.map((m) => {
        const i = m.index !== undefined ? m.index - 1 : -1;
        return [String(m.index ?? `parent ${m.parentIndex}`), c.numbering.labels[i] ?? '—', c.numbering.regions[i] ?? '—', `${m.from} → ${m.to}`, m.listed ? 'yes' : 'no'];
      }),
    });
  }
  if (cmp && cmp.disagreements.length > 0) out.push({ kind: 'note', text: `Listed by the response but not a difference of the sequences: ${cmp.disagreements.map((d) => d.text).join(', ')}` });
  if (c.numbering.note) out.push({ kind: 'note', text: `Numbering: ${c.numbering.note}` });
  out.push({ kind: 'para', text: `Liabilities (${c.liabilitySource === 'response' ? 'from the response' : 'scanned by the viewer'}): ${c.liabilities.length === 0 ? 'none' : ''}` });
  if (c.liabilities.length > 0) {
    out.push({
      kind: 'table',
      columns: ['Type', 'Motif', 'Position', 'Region', 'Risk'],
      rows: c.liabilities.map((l) => [l.type, l.motif, String(l.start), l.region ?? '—', l.risk ?? '—']),
    });
  }
  if (c.unplacedLiabilities.length > 0) out.push({ kind: 'note', text: `Not found on the sequence: ${c.unplacedLiabilities.join('; ')}` });
  return out;
}

function strategyBlocks(s: StrategyModel, parentName: string): Block[] {
  const out: Block[] = [{ kind: 'heading', level: 3, text: s.name }];
  const o = s.oasis;
  const oasis = [`OASis identity ${fmt(o.identity, 3)}`, `percentile ${fmt(o.percentile, 2)}`, ...CHAIN_KEYS.filter((c) => o.perChain[c]).map((c) => `${CHAIN_LABEL[c]} ${fmt(o.perChain[c]?.identity, 3)}${o.perChain[c]?.germline ? ` (${o.perChain[c]?.germline})` : ''}`)];
  out.push({ kind: 'para', text: oasis.join(' · ') });
  if (o.identity === undefined && o.raw !== undefined) out.push({ kind: 'json', label: 'oasis_score', value: o.raw });
  for (const c of CHAIN_KEYS) out.push(...chainBlocks(s, s.chains[c], parentName));
  for (const a of s.analyses) out.push({ kind: 'json', label: `${a.name} analysis`, value: a.raw });
  if (s.unattributedMutations.length > 0) out.push({ kind: 'note', text: `Mutations listed without a chain: ${s.unattributedMutations.join(', ')}` });
  out.push(...extraBlocks(s.extra));
  return out;
}

function compareBlocks(list: StrategyModel[]): Block[] {
  if (list.length < 2) return [];
  const count = (s: StrategyModel, c: ChainKey) => (s.chains[c].comparison?.parent ? String(s.chains[c].comparison?.mutations.length) : '—');
  const liab = (s: StrategyModel, risk: string) => String(CHAIN_KEYS.reduce((n, c) => n + s.chains[c].liabilities.filter((l) => l.risk === risk).length, 0));
  return [
    { kind: 'heading', level: 3, text: 'Strategies side by side' },
    {
      kind: 'table',
      columns: ['', ...list.map((s) => s.name)],
      rows: [
        ['OASis identity', ...list.map((s) => fmt(s.oasis.identity, 3))],
        ['OASis percentile', ...list.map((s) => fmt(s.oasis.percentile, 2))],
        ['VH mutations', ...list.map((s) => count(s, 'vh'))],
        ['VL mutations', ...list.map((s) => count(s, 'vl'))],
        ['High-risk liabilities', ...list.map((s) => liab(s, 'high'))],
        ['Medium-risk liabilities', ...list.map((s) => liab(s, 'medium'))],
        ['Analyses', ...list.map((s) => s.analyses.map((a) => a.name).join(', ') || '—')],
      ],
    },
  ];
}

function outline(m: ReportModel, h: ExportHeader): Block[] {
  const b: Block[] = [{ kind: 'heading', level: 1, text: `${h.jobName} — antibody humanization report` }];
  b.push({ kind: 'para', text: `Provider: ${h.provider} · Status: ${h.status}${h.rawStatus ? ` (${h.rawStatus})` : ''}${h.remoteId ? ` · Job ${h.remoteId}` : ''}` });
  b.push({ kind: 'para', text: `Exported ${h.exportedAt} by Bio Jobs.` });
  if (m.notAnObject) return [...b, { kind: 'note', text: m.notAnObject }];

  b.push({ kind: 'heading', level: 2, text: 'Job' });
  if (m.job.state !== 'present') b.push({ kind: 'note', text: absentNote(m.job.state, 'job') });
  b.push({ kind: 'table', columns: ['Field', 'Value'], rows: [['Status', m.job.status ?? '—'], ...m.job.facts.map((f) => [f.label, f.value])] });
  if (m.job.errorMessage) b.push({ kind: 'note', text: `Error: ${m.job.errorMessage}` });
  b.push(...extraBlocks(m.job.extra));

  b.push({ kind: 'heading', level: 2, text: 'Humanization' });
  const parentName = m.parentName ?? 'parent';
  if (m.results.strategies.length === 0) b.push({ kind: 'note', text: m.results.state === 'empty' ? 'No humanization results yet (results is empty).' : absentNote(m.results.state === 'list' ? 'invalid' : m.results.state, 'results') });
  else b.push({ kind: 'para', text: `Parent: ${parentName}${m.parent.vh || m.parent.vl ? ' (from the response)' : ' (rebuilt from the mutation lists where given)'}. ${m.results.strategies.length} strategies.` });
  for (const s of m.results.strategies) b.push(...strategyBlocks(s, parentName));
  b.push(...compareBlocks(m.results.strategies));

  b.push({ kind: 'heading', level: 2, text: 'Structure' });
  const st = m.structure.model;
  if (!st) b.push(...absent(m.structure));
  else {
    b.push({ kind: 'table', columns: ['Field', 'Value'], rows: [['Model', st.model ?? '—'], ['Confidence', metricText(st.confidence)], ['Mean pLDDT', fmt(st.plddt?.mean, 1)], ['Residues below pLDDT 70', st.plddt ? String(st.plddt.low) : '—'], ['Structure file', st.pdbPath ?? 'none named']] });
    b.push(...tableOf(st.cdrs), ...extraBlocks(st.extra));
  }

  b.push({ kind: 'heading', level: 2, text: 'Stability' });
  const sb = m.stability.model;
  if (!sb) b.push(...absent(m.stability));
  else {
    b.push({ kind: 'table', columns: ['Measure', 'Value'], rows: sb.metrics.map((x) => [x.label, metricText(x)]) });
    if (sb.stabilising.rows.length + sb.stabilising.others.length > 0) b.push({ kind: 'para', text: 'Stabilising mutations:' }, ...tableOf(sb.stabilising));
    if (sb.ddg) b.push({ kind: 'para', text: `ΔΔG matrix (${sb.ddg.units ?? 'kcal/mol'}, positive = destabilising):` }, { kind: 'table', columns: ['', ...sb.ddg.cols], rows: sb.ddg.rows.map((r, i) => [r, ...(sb.ddg?.values[i] ?? []).map((v) => (v === null ? '' : fmt(v)))]) });
    b.push(...extraBlocks(sb.extra));
  }

  b.push({ kind: 'heading', level: 2, text: 'Immunogenicity' });
  const im = m.immunogenicity.model;
  if (!im) b.push(...absent(m.immunogenicity));
  else {
    b.push({ kind: 'table', columns: ['Risk', 'Value'], rows: im.risks.map((x) => [x.label, metricText(x)]) });
    for (const t of im.tracks) {
      if (t.epitopes.placed.length === 0 && t.epitopes.unplaced.length === 0) {
        b.push({ kind: 'para', text: `${t.label}: ${t.isList ? 'none' : 'not a list in the response'}` });
        continue;
      }
      b.push({ kind: 'para', text: `${t.label}:` }, { kind: 'table', columns: ['Chain', 'Start', 'End', 'Peptide', 'Detail'], rows: t.epitopes.placed.map((e) => [CHAIN_LABEL[e.chain], String(e.start), String(e.end), e.peptide, e.detail || '—']) });
      if (t.epitopes.unplaced.length) b.push({ kind: 'note', text: `Not found on the sequences: ${t.epitopes.unplaced.join('; ')}` });
    }
    if (im.suggestions.rows.length + im.suggestions.others.length > 0) b.push({ kind: 'para', text: 'De-immunisation suggestions:' }, ...tableOf(im.suggestions));
    b.push(...extraBlocks(im.extra));
  }

  b.push({ kind: 'heading', level: 2, text: 'Antibody–antigen complex' });
  const cx = m.complex.model;
  if (!cx) b.push(...absent(m.complex));
  else {
    b.push({ kind: 'table', columns: ['Field', 'Value'], rows: [['Model', cx.model ?? '—'], ['Confidence', metricText(cx.confidence)], ['ipTM', metricText(cx.iptm)], ...cx.perChain.map((p) => [`pLDDT chain ${p.chain}`, p.value !== undefined ? fmt(p.value, 1) : cellText(p.raw)])] });
    if (cx.interface.length) b.push({ kind: 'table', columns: ['Chain', 'Interface residues'], rows: cx.interface.map((i) => [i.chain, i.residues.join(' ')]) });
    b.push(...extraBlocks(cx.extra));
  }
  if (m.extra.length) b.push({ kind: 'heading', level: 2, text: 'Other fields' }, ...extraBlocks(m.extra));
  return b;
}

/* ------------------------------------------------------------------ Markdown */

/** Markdown-inert text: visible controls, punctuation escaped, one line. */
export function mdText(s: string): string {
  return visible(s)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, '\\$&');
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function jsonText(v: unknown): string {
  return visible(JSON.stringify(v, null, 2) ?? String(v));
}

function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${mdText(b.text)}`, '');
        break;
      case 'para':
        out.push(mdText(b.text), '');
        break;
      case 'note':
        out.push(`> ${mdText(b.text)}`, '');
        break;
      case 'table':
        out.push(`| ${b.columns.map(mdText).join(' | ')} |`, `|${b.columns.map(() => ' --- ').join('|')}|`, ...b.rows.map((r) => `| ${r.map(mdText).join(' | ')} |`), '');
        break;
      case 'alignment': {
        const width = Math.max(...b.rows.map((r) => visible(r.label).length)) + 2;
        const lines = b.rows.flatMap((r) => {
          const line = `${visible(r.label).padEnd(width)}${r.text}`;
          return r.marks ? [line, `${' '.repeat(width)}${r.marks.map((x) => (x ? '^' : ' ')).join('').trimEnd()}`] : [line];
        });
        const body = lines.join('\n');
        const f = fence(body);
        out.push(`${f}text`, body, f, '');
        break;
      }
      case 'json': {
        const body = jsonText(b.value);
        const f = fence(body);
        out.push(`${mdText(b.label)}:`, '', `${f}json`, body, f, '');
        break;
      }
    }
  }
  return out.join('\n');
}

/* ------------------------------------------------------------------ HTML */

export function htmlText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;line-height:1.4;color:#1f1f1f}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
pre{background:#f5f5f5;padding:8px;overflow-x:auto}mark{background:#ffd7a8}blockquote{color:#555;border-left:3px solid #ccc;margin:6px 0;padding-left:10px}`;

function toHtml(blocks: Block[], title: string): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`<h${b.level}>${htmlText(b.text)}</h${b.level}>`);
        break;
      case 'para':
        out.push(`<p>${htmlText(b.text)}</p>`);
        break;
      case 'note':
        out.push(`<blockquote>${htmlText(b.text)}</blockquote>`);
        break;
      case 'table':
        out.push(`<table><thead><tr>${b.columns.map((c) => `<th>${htmlText(c)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
        break;
      case 'alignment': {
        const width = Math.max(...b.rows.map((r) => visible(r.label).length)) + 2;
        const lines = b.rows.map((r) => `${htmlText(visible(r.label).padEnd(width))}${[...r.text].map((ch, i) => (r.marks?.[i] ? `<mark>${htmlText(ch)}</mark>` : htmlText(ch))).join('')}`);
        out.push(`<pre>${lines.join('\n')}</pre>`);
        break;
      }
      case 'json':
        out.push(`<p>${htmlText(b.label)}:</p><pre>${htmlText(JSON.stringify(b.value, null, 2) ?? String(b.value))}</pre>`);
        break;
    }
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${htmlText(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${out.join('\n')}
</body>
</html>
`;
}

export function exportReport(model: ReportModel, header: ExportHeader, format: ExportFormat): string {
  const blocks = outline(model, header);
  return format === 'markdown' ? toMarkdown(blocks) : toHtml(blocks, `${header.jobName} — humanization report`);
}

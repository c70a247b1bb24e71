/** The words of the status line and tooltip. Pure. */
import { LOGO_LETTERS, type ColumnStats } from '../../core/alignmentStats';
import type { Hit } from './layout';
import type { AlignmentModel } from './model';
import type { RowOrder } from './search';

const DASH = 45;
const DOT = 46;

function isGapCode(code: number): boolean {
  return code === DASH || code === DOT;
}

/** 1-based position of the residue at `col` in its own (ungapped) sequence, insertions included; undefined on a gap. */
export function sequencePosition(model: AlignmentModel, row: number, col: number): number | undefined {
  const s = model.row(row);
  if (isGapCode(s[col])) return undefined;
  let n = 0;
  for (let j = 0; j <= col; j++) if (!isGapCode(s[j])) n++;
  for (const ins of model.insertions(row) ?? []) {
    if (ins.before > col) break;
    for (const ch of ins.text) if (ch !== '.') n++;
  }
  return n;
}

function residueWord(code: number): string {
  const ch = String.fromCharCode(code);
  return isGapCode(code) ? `gap (${ch})` : `residue ${ch}`;
}

/** "name · column N · residue X (query residue Y) · …" */
export function describeCell(model: AlignmentModel, row: number, col: number): string {
  const code = model.row(row)[col];
  const parts = [model.name(row) || `sequence ${row + 1}`, `column ${col + 1}`];
  const query = model.row(model.queryIndex)[col];
  parts.push(row === model.queryIndex ? `${residueWord(code)} (query)` : `${residueWord(code)} (query ${residueWord(query)})`);
  const position = sequencePosition(model, row, col);
  if (position !== undefined) parts.push(`position ${position} in the sequence`);
  for (const ins of model.insertions(row) ?? []) {
    if (ins.before === 0 && col === 0) parts.push(`${ins.text.length} inserted before: ${ins.text}`);
    if (ins.before === col + 1) parts.push(`${ins.text.length} inserted after: ${ins.text}`);
    if (ins.before > col + 1) break;
  }
  return parts.join(' · ');
}

/** "column N · consensus K (72 % identity) · conservation 0.61 · 8 % gaps" */
export function describeColumn(col: number, stats: ColumnStats | undefined): string {
  if (!stats) return `column ${col + 1}`;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return [
    `column ${col + 1}`,
    `consensus ${stats.consensus[col]} (${pct(stats.identity[col])} identity)`,
    `conservation ${stats.conservation[col].toFixed(2)}`,
    `${pct(stats.gaps[col])} gaps`,
  ].join(' · ');
}

/** "column N · logo 2.9 bits: L 2.1 · I 0.5 · V 0.2" (letters of at least 0.05 bits, tallest first). */
export function describeLogo(col: number, stats: ColumnStats | undefined): string {
  if (!stats) return `column ${col + 1}`;
  const letters: { letter: string; bits: number }[] = [];
  let total = 0;
  for (let c = 0; c < LOGO_LETTERS; c++) {
    const bits = stats.logo[col * LOGO_LETTERS + c];
    total += bits;
    if (bits >= 0.05) letters.push({ letter: String.fromCharCode(65 + c), bits });
  }
  letters.sort((a, b) => b.bits - a.bits);
  const list = letters.map((l) => `${l.letter} ${l.bits.toFixed(1)}`).join(' · ');
  return `column ${col + 1} · logo ${total.toFixed(1)} of ${stats.logoMax.toFixed(1)} bits${list ? `: ${list}` : ''}`;
}

/** "10,000 sequences × 1,000 columns · A3M · 3,812 inserted residues" */
export function describeAlignment(model: AlignmentModel, shown?: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [
    `${n(model.rowCount)} sequence${model.rowCount === 1 ? '' : 's'} × ${n(model.width)} columns`,
    model.format === 'a3m' ? 'A3M' : model.format === 'clustal' ? 'Clustal' : 'FASTA',
  ];
  if (model.format === 'a3m') parts.push(`${n(model.insertedResidues)} inserted residues`);
  if (shown !== undefined) parts.push(`${n(shown)} shown`);
  return parts.join(' · ');
}

function nameLine(model: AlignmentModel, row: number, suffix = ''): string {
  return [`${model.name(row) || `sequence ${row + 1}`}${suffix}`, model.description(row)].filter(Boolean).join(' — ');
}

/** The tooltip for whatever is under the pointer ('' for nothing). */
export function describeHit(model: AlignmentModel, order: RowOrder, stats: ColumnStats | undefined, hit: Hit): string {
  switch (hit.area) {
    case 'cell':
      return describeCell(model, order.at(hit.row), hit.col);
    case 'query':
      return describeCell(model, model.queryIndex, hit.col);
    case 'consensus':
    case 'track':
    case 'ruler':
      return describeColumn(hit.col, stats);
    case 'logo':
      return describeLogo(hit.col, stats);
    case 'name':
      return nameLine(model, order.at(hit.row));
    case 'queryName':
      return nameLine(model, model.queryIndex, ' (query)');
    case 'none':
      return '';
  }
}

/** The words of the status line and tooltip. Pure. */
import type { Alignment, ColumnStats } from '../../core/alignment';
import type { Hit } from './layout';

function isGapChar(ch: string): boolean {
  return ch === '-' || ch === '.';
}

/** 1-based position of the residue at `col` in its own (ungapped) sequence, insertions included; undefined on a gap. */
export function sequencePosition(aln: Alignment, row: number, col: number): number | undefined {
  const s = aln.rows[row];
  if (isGapChar(s[col])) return undefined;
  let n = 0;
  for (let j = 0; j <= col; j++) if (!isGapChar(s[j])) n++;
  for (const ins of aln.insertions?.[row] ?? []) {
    if (ins.before > col) break;
    for (const ch of ins.text) if (ch !== '.') n++;
  }
  return n;
}

function residueWord(ch: string): string {
  return isGapChar(ch) ? `gap (${ch})` : `residue ${ch}`;
}

/** "name · column N · residue X (query residue Y) · …" */
export function describeCell(aln: Alignment, row: number, col: number): string {
  const ch = aln.rows[row][col];
  const parts = [aln.names[row] || `sequence ${row + 1}`, `column ${col + 1}`];
  const query = aln.rows[aln.queryIndex][col];
  parts.push(row === aln.queryIndex ? `${residueWord(ch)} (query)` : `${residueWord(ch)} (query ${residueWord(query)})`);
  const position = sequencePosition(aln, row, col);
  if (position !== undefined) parts.push(`position ${position} in the sequence`);
  for (const ins of aln.insertions?.[row] ?? []) {
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

/** "10,000 sequences × 1,000 columns · A3M · 3,812 inserted residues" */
export function describeAlignment(aln: Alignment, insertedResidues: number, shown?: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(aln.rows.length)} sequence${aln.rows.length === 1 ? '' : 's'} × ${n(aln.width)} columns`, aln.format === 'a3m' ? 'A3M' : aln.format === 'clustal' ? 'Clustal' : 'FASTA'];
  if (aln.format === 'a3m') parts.push(`${n(insertedResidues)} inserted residues`);
  if (shown !== undefined) parts.push(`${n(shown)} shown`);
  return parts.join(' · ');
}

function nameLine(aln: Alignment, row: number, suffix = ''): string {
  return [`${aln.names[row] || `sequence ${row + 1}`}${suffix}`, aln.descriptions[row]].filter(Boolean).join(' — ');
}

/** The tooltip for whatever is under the pointer ('' for nothing). */
export function describeHit(aln: Alignment, order: Int32Array, stats: ColumnStats | undefined, hit: Hit): string {
  switch (hit.area) {
    case 'cell':
      return describeCell(aln, order[hit.row], hit.col);
    case 'query':
      return describeCell(aln, aln.queryIndex, hit.col);
    case 'consensus':
    case 'track':
    case 'ruler':
      return describeColumn(hit.col, stats);
    case 'name':
      return nameLine(aln, order[hit.row]);
    case 'queryName':
      return nameLine(aln, aln.queryIndex, ' (query)');
    case 'none':
      return '';
  }
}

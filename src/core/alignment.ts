/**
 * Multiple sequence alignments as strings: reading A3M, aligned FASTA (.afa) and Clustal (.aln)
 * into rows, writing A3M and FASTA, and per-column statistics. The reading is done by the
 * streaming byte reader (core/alignmentReader.ts) that the alignment webview's worker runs on
 * the file as it arrives, so both read the same way and report the same errors.
 *
 * Pure and vscode-free. The model is the match-state alignment: `rows` all have `width`
 * columns. A3M's lowercase letters and '.' are insertions relative to the query (the first
 * sequence); they are not columns, so they are cut out of `rows` and kept in `insertions`,
 * which is what lets "Save as A3M" give back the file it read.
 */
import { AlignmentReader, type AlignmentFormat, type RowBatch } from './alignmentReader';
import { ColumnCounts, type ColumnStats } from './alignmentStats';

export type { AlignmentFormat } from './alignmentReader';
export type { ColumnStats } from './alignmentStats';

export interface AlignmentParseOptions {
  /** `auto` (the default) looks at the file name and the text. */
  format?: AlignmentFormat | 'auto';
  /** Used for the format guess (`.a3m`, `.aln`) and in messages. */
  fileName?: string;
}

/** Residues inserted (A3M lowercase, and '.') just before match column `before` (0…width). */
export interface Insertion {
  before: number;
  text: string;
}

export interface Alignment {
  /** The format the text was read as. */
  format: AlignmentFormat;
  /** Header up to the first whitespace. */
  names: string[];
  /** The rest of the header, trimmed ('' when none). */
  descriptions: string[];
  /** Match-state rows, all `width` long. Case is kept for FASTA and Clustal. */
  rows: string[];
  /** A3M only: per row, its insertions in column order, or undefined when it has none. */
  insertions?: (Insertion[] | undefined)[];
  width: number;
  /** The query (seed) sequence: always the first record, as in A3M. */
  queryIndex: 0;
}

/** Reads a whole text with the streaming reader (core/alignmentReader.ts): one parser for both. */
export function parseAlignment(text: string, options: AlignmentParseOptions = {}): Alignment {
  const batches: RowBatch[] = [];
  const reader = new AlignmentReader({ format: options.format, fileName: options.fileName, onBatch: (b) => batches.push(b) });
  reader.push(new TextEncoder().encode(text));
  const summary = reader.end();
  return alignmentFromBatches(summary.format, summary.width, batches);
}

/** The string form of rows the reader handed over in batches. */
export function alignmentFromBatches(format: AlignmentFormat, width: number, batches: readonly RowBatch[]): Alignment {
  const names: string[] = [];
  const descriptions: string[] = [];
  const rows: string[] = [];
  const insertions: (Insertion[] | undefined)[] = [];
  const decoder = new TextDecoder();
  for (const b of batches) {
    for (let k = 0; k < b.count; k++) {
      const [start, nameEnd, descStart, end] = [b.headerIndex[3 * k], b.headerIndex[3 * k + 1], b.headerIndex[3 * k + 2], b.headerIndex[3 * k + 3]];
      names.push(decoder.decode(b.headers.subarray(start, nameEnd)));
      descriptions.push(decoder.decode(b.headers.subarray(descStart, end)));
      rows.push(decoder.decode(b.residues.subarray(k * width, (k + 1) * width)));
      if (format !== 'a3m') continue;
      let list: Insertion[] | undefined;
      if (b.insertionStart && b.insertions && b.insertionText) {
        for (let i = b.insertionStart[k]; i < b.insertionStart[k + 1]; i++) {
          const [before, at, length] = [b.insertions[3 * i], b.insertions[3 * i + 1], b.insertions[3 * i + 2]];
          (list ??= []).push({ before, text: decoder.decode(b.insertionText.subarray(at, at + length)) });
        }
      }
      insertions.push(list);
    }
  }
  return { format, names, descriptions, rows, ...(format === 'a3m' ? { insertions } : {}), width, queryIndex: 0 };
}

// ---------------------------------------------------------------------------------------------
// Writing

function header(aln: Alignment, i: number): string {
  const description = aln.descriptions[i];
  return `>${aln.names[i]}${description ? ` ${description}` : ''}`;
}

/** Aligned FASTA: the match-state rows (A3M insertions are dropped, as in `reformat.pl a3m fas`), 60 per line. */
export function toFasta(aln: Alignment, lineWidth = 60): string {
  const out: string[] = [];
  for (let i = 0; i < aln.rows.length; i++) {
    out.push(header(aln, i));
    const row = aln.rows[i];
    if (row.length <= lineWidth) out.push(row);
    else for (let j = 0; j < row.length; j += lineWidth) out.push(row.slice(j, j + lineWidth));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/**
 * A3M, one line per sequence. Rows read from A3M get their insertions back; rows from FASTA or
 * Clustal are upper-cased (lowercase would mean "insertion") with '.' gaps written as '-'.
 */
export function toA3m(aln: Alignment): string {
  const out: string[] = [];
  for (let i = 0; i < aln.rows.length; i++) {
    out.push(header(aln, i));
    const row = aln.rows[i];
    const ins = aln.insertions?.[i];
    if (aln.format !== 'a3m') out.push(row.toUpperCase().replace(/\./g, '-'));
    else if (!ins) out.push(row);
    else {
      let line = '';
      let at = 0;
      for (const { before, text } of ins) {
        line += row.slice(at, before) + text;
        at = before;
      }
      out.push(line + row.slice(at));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Column statistics

export function columnStats(aln: Alignment): ColumnStats {
  const counts = new ColumnCounts(aln.width);
  const encoder = new TextEncoder();
  for (const row of aln.rows) counts.addRows(encoder.encode(row), 1);
  return counts.stats();
}

/** The conservation track alone (see `ColumnStats.conservation`). */
export function conservation(aln: Alignment): Float32Array {
  return columnStats(aln).conservation;
}

/**
 * The rows of one reader batch as A3M or aligned FASTA text, exactly as `toA3m` / `toFasta`
 * write them: a file converts batch by batch, never held whole (the custom editor's save).
 * `source` is the format the rows were read as (only A3M rows have insertions to put back).
 */
export function batchToText(batch: RowBatch, source: AlignmentFormat, format: 'a3m' | 'fasta'): string {
  const one = alignmentFromBatches(source, batch.width, [batch]);
  return format === 'a3m' ? toA3m(one) : toFasta(one);
}

/** Total number of inserted residues (A3M); 0 for other formats. */
export function insertionCount(aln: Alignment): number {
  let total = 0;
  for (const list of aln.insertions ?? []) if (list) for (const i of list) total += i.text.length;
  return total;
}

/**
 * The alignment as the viewer holds it: the worker's row batches as they arrive (residues in
 * one buffer per batch, headers as bytes), looked up by row. Nothing is decoded until it is
 * drawn or described, so 10^6 rows cost their bytes and no more. Pure (no DOM).
 */
import type { AlignmentFormat, RowBatch } from '../../core/alignmentReader';

const decoder = new TextDecoder();

/** ASCII lower case of byte `b`. */
function lower(b: number): number {
  return b >= 65 && b <= 90 ? b | 32 : b;
}

export class AlignmentModel {
  /** Rows so far (all of them once `complete`). */
  rowCount = 0;
  complete = false;
  insertedResidues = 0;
  /** Longest name so far, in bytes (the names column is sized from it). */
  longestName = 0;
  private readonly batches: RowBatch[] = [];
  private readonly starts: number[] = [];
  private last = 0;

  constructor(
    /** May turn from 'fasta' to 'a3m' while the file arrives (the first row with insertions decides). */
    public format: AlignmentFormat,
    readonly width: number,
  ) {}

  readonly queryIndex = 0;

  append(batch: RowBatch): void {
    this.batches.push(batch);
    this.starts.push(batch.first);
    this.rowCount = batch.first + batch.count;
    const h = batch.headerIndex;
    let longest = this.longestName;
    for (let k = 0; k < batch.count; k++) longest = Math.max(longest, h[3 * k + 1] - h[3 * k]);
    this.longestName = longest;
    if (batch.insertions) for (let i = 2; i < batch.insertions.length; i += 3) this.insertedResidues += batch.insertions[i];
  }

  /** The batch holding `row` (the last one found is tried first: rows are drawn in runs). */
  private batchOf(row: number): RowBatch {
    const b = this.batches[this.last];
    if (b && row >= b.first && row < b.first + b.count) return b;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return this.batches[lo];
  }

  /** The row's `width` residues (a view, not a copy). */
  row(index: number): Uint8Array {
    const b = this.batchOf(index);
    const at = (index - b.first) * this.width;
    return b.residues.subarray(at, at + this.width);
  }

  name(index: number): string {
    const b = this.batchOf(index);
    const k = index - b.first;
    return decoder.decode(b.headers.subarray(b.headerIndex[3 * k], b.headerIndex[3 * k + 1]));
  }

  description(index: number): string {
    const b = this.batchOf(index);
    const k = index - b.first;
    return decoder.decode(b.headers.subarray(b.headerIndex[3 * k + 2], b.headerIndex[3 * k + 3]));
  }

  /** The row's insertions as (column before, text offset, length) triples, or undefined. */
  insertionRecords(index: number): Int32Array | undefined {
    const b = this.batchOf(index);
    if (!b.insertionStart || !b.insertions) return undefined;
    const k = index - b.first;
    const from = b.insertionStart[k];
    const to = b.insertionStart[k + 1];
    return to > from ? b.insertions.subarray(3 * from, 3 * to) : undefined;
  }

  /** The row's insertions in column order, decoded (for the status line and for saving). */
  insertions(index: number): { before: number; text: string }[] | undefined {
    const records = this.insertionRecords(index);
    if (!records) return undefined;
    const b = this.batchOf(index);
    const text = b.insertionText ?? new Uint8Array(0);
    const out: { before: number; text: string }[] = [];
    for (let i = 0; i < records.length; i += 3) out.push({ before: records[i], text: decoder.decode(text.subarray(records[i + 1], records[i + 1] + records[i + 2])) });
    return out;
  }

  /**
   * Rows whose name contains `query`, case-insensitively, in order. ASCII queries are matched on
   * the bytes (10^6 names in tens of milliseconds); others on decoded names.
   */
  findNames(query: string): Int32Array {
    const q = query.trim().toLowerCase();
    if (!q) return new Int32Array(0);
    const hits: number[] = [];
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(q)) {
      const needle = Uint8Array.from(q, (c) => c.charCodeAt(0));
      const n = needle.length;
      const first = needle[0];
      for (const b of this.batches) {
        const h = b.headers;
        for (let k = 0; k < b.count; k++) {
          const end = b.headerIndex[3 * k + 1] - n;
          for (let i = b.headerIndex[3 * k]; i <= end; i++) {
            if (lower(h[i]) !== first) continue;
            let j = 1;
            while (j < n && lower(h[i + j]) === needle[j]) j++;
            if (j === n) {
              hits.push(b.first + k);
              break;
            }
          }
        }
      }
    } else {
      for (let i = 0; i < this.rowCount; i++) if (this.name(i).toLowerCase().includes(q)) hits.push(i);
    }
    return Int32Array.from(hits);
  }

  /** The alignment as A3M (insertions back in place) or aligned FASTA (60 per line), like core/alignment's writers. */
  toText(format: 'a3m' | 'fasta'): string {
    const parts: string[] = [];
    for (let i = 0; i < this.rowCount; i++) {
      const description = this.description(i);
      parts.push(`>${this.name(i)}${description ? ` ${description}` : ''}\n`);
      const row = decoder.decode(this.row(i));
      if (format === 'fasta') {
        for (let j = 0; j < row.length; j += 60) parts.push(`${row.slice(j, j + 60)}\n`);
      } else if (this.format !== 'a3m') {
        parts.push(`${row.toUpperCase().replace(/\./g, '-')}\n`);
      } else {
        let line = '';
        let at = 0;
        for (const { before, text } of this.insertions(i) ?? []) {
          line += row.slice(at, before) + text;
          at = before;
        }
        parts.push(`${line}${row.slice(at)}\n`);
      }
    }
    return parts.join('');
  }
}

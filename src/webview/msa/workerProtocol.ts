/**
 * Messages between the alignment viewer (UI thread) and its worker (src/webview/msaWorker, bundled into msa.js as a string).
 * The worker reads the file's bytes from a ReadableStream, parses them into rows, counts the
 * columns and hands rows and statistics back in transferable buffers; the UI thread only draws.
 */
import type { AlignmentFormat, RowBatch } from '../../core/alignmentReader';
import type { ColumnStats } from '../../core/alignmentStats';

export type ToWorker =
  | { type: 'open'; id: number; fileName: string; stream: ReadableStream<Uint8Array> }
  | { type: 'cancel'; id: number };

export type FromWorker =
  /** More rows; `format` is the format as known so far (FASTA may turn out to be A3M). */
  | { type: 'rows'; id: number; format: AlignmentFormat; batch: RowBatch }
  /** Column statistics over the rows counted so far (`final` once every row is in). */
  | { type: 'stats'; id: number; stats: ColumnStats; final: boolean }
  | { type: 'progress'; id: number; bytes: number; rows: number }
  | { type: 'done'; id: number; format: AlignmentFormat; rows: number; width: number; insertedResidues: number; bytes: number; parseMs: number }
  | { type: 'error'; id: number; message: string };

/** The buffers a batch owns, to transfer rather than copy. */
export function batchBuffers(b: RowBatch): ArrayBuffer[] {
  const list: ArrayBufferLike[] = [b.residues.buffer, b.headers.buffer, b.headerIndex.buffer];
  if (b.insertionStart) list.push(b.insertionStart.buffer);
  if (b.insertions) list.push(b.insertions.buffer);
  if (b.insertionText) list.push(b.insertionText.buffer);
  return [...new Set(list)].filter((x): x is ArrayBuffer => x instanceof ArrayBuffer);
}

export function statsBuffers(s: ColumnStats): ArrayBuffer[] {
  return [s.identity.buffer, s.gaps.buffer, s.conservation.buffer, s.logo.buffer].filter((x): x is ArrayBuffer => x instanceof ArrayBuffer);
}

/**
 * The alignment viewer's worker (src/webview/msaWorker, bundled into msa.js as a string): bytes → rows → statistics, off the
 * UI thread. It reads the file from a ReadableStream as it arrives, hands the first rows over
 * as soon as they are parsed (the first screen is drawn while the rest is still on its way),
 * then full batches; it counts every row's columns for consensus, conservation and the
 * sequence logo, and sends statistics over the rows so far every half second and once at the end.
 * It keeps no rows: they are transferred to the UI thread.
 */
import { AlignmentReader, type RowBatch } from '../../core/alignmentReader';
import { ColumnCounts } from '../../core/alignmentStats';
import { batchBuffers, statsBuffers, type FromWorker, type ToWorker } from '../msa/workerProtocol';

interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

/** The first batch: more rows than a screen shows, handed over the moment they are parsed. */
const FIRST_ROWS = 256;
/** Later batches are handed over at least this often while the file arrives. */
const FLUSH_MS = 200;
const STATS_MS = 500;

const cancelled = new Set<number>();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function open(id: number, fileName: string, stream: ReadableStream<Uint8Array>): Promise<void> {
  const started = performance.now();
  let counts: ColumnCounts | undefined;
  const reader = new AlignmentReader({
    fileName,
    firstBatchRows: FIRST_ROWS,
    onBatch: (batch: RowBatch) => {
      counts ??= new ColumnCounts(batch.width);
      counts.addRows(batch.residues, batch.count);
      post({ type: 'rows', id, format: reader.currentFormat ?? 'fasta', batch }, batchBuffers(batch));
    },
  });
  const input = stream.getReader();
  let bytes = 0;
  let lastFlush = 0;
  let lastStats = performance.now();
  try {
    for (;;) {
      const { done, value } = await input.read();
      if (cancelled.has(id)) {
        await input.cancel();
        return;
      }
      if (done) break;
      reader.push(value);
      bytes += value.length;
      const now = performance.now();
      // The first rows at once (the first screen), then whatever arrived every FLUSH_MS.
      if (lastFlush === 0 || now - lastFlush >= FLUSH_MS) {
        const before = reader.rowCount;
        reader.flush();
        if (before > 0) lastFlush = now;
      }
      if (counts && now - lastStats >= STATS_MS) {
        lastStats = now;
        const stats = counts.stats();
        post({ type: 'stats', id, stats, final: false }, statsBuffers(stats));
      }
      // One small message per chunk (~1 MB): cheap, and the percentage is never stale.
      post({ type: 'progress', id, bytes, rows: reader.rowCount });
    }
    const summary = reader.end();
    const parseMs = performance.now() - started;
    if (counts) {
      const stats = counts.stats();
      post({ type: 'stats', id, stats, final: true }, statsBuffers(stats));
    }
    post({ type: 'done', id, format: summary.format, rows: summary.rows, width: summary.width, insertedResidues: summary.insertedResidues, bytes, parseMs });
  } catch (err) {
    await input.cancel().catch(() => undefined);
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    cancelled.delete(id);
  }
}

scope.addEventListener('message', (event) => {
  const m = event.data;
  if (m.type === 'open') void open(m.id, m.fileName, m.stream);
  else if (m.type === 'cancel') cancelled.add(m.id);
});

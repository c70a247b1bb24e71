/**
 * The UI thread's side of the worker: starts it, hands it a file as a ReadableStream, and routes
 * what it sends back to the load that asked. Starting a new load cancels the previous one.
 *
 * The worker's code (src/webview/msaWorker) is bundled into this page's script as a string
 * (esbuild.mjs, workerSource) and started from a blob: URL as the page starts: no fetch of a
 * worker script first. `new Worker(resourceUri)` would be refused anyway: webview resources live
 * on another origin than the webview document (measured in code-server: SecurityError), and a
 * worker script must be same-origin. Hence the CSP's `worker-src blob:`; only this page's
 * nonce'd script can create one.
 */
import type { AlignmentFormat, RowBatch } from '../../core/alignmentReader';
import type { ColumnStats } from '../../core/alignmentStats';
import type { FromWorker, ToWorker } from './workerProtocol';

export interface LoadHandlers {
  rows(format: AlignmentFormat, batch: RowBatch): void;
  stats(stats: ColumnStats, final: boolean): void;
  progress(bytes: number, rows: number): void;
  done(summary: Extract<FromWorker, { type: 'done' }>): void;
  error(message: string): void;
}

export class WorkerLoader {
  private readonly worker: Promise<Worker>;
  private current = 0;
  private handlers: LoadHandlers | undefined;

  constructor(source: string) {
    this.worker = startWorker(source).then((worker) => {
      performance.mark('biojobs:msa:worker');
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
      worker.addEventListener('error', (event) => this.handlers?.error(`The alignment worker failed: ${event.message || 'unknown error'}`));
      return worker;
    });
  }

  /** Reads `stream` as the alignment `fileName`; the previous load, if any, is cancelled. */
  open(fileName: string, stream: ReadableStream<Uint8Array>, handlers: LoadHandlers): void {
    const previous = this.current;
    const id = ++this.current;
    this.handlers = handlers;
    this.worker.then(
      (worker) => {
        if (previous) post(worker, { type: 'cancel', id: previous });
        if (id !== this.current) {
          void stream.cancel();
          return;
        }
        // The stream itself moves to the worker: its chunks reach it without our code touching them.
        post(worker, { type: 'open', id, fileName, stream }, [stream]);
      },
      (err: unknown) => handlers.error(`The alignment worker could not start: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private receive(m: FromWorker): void {
    const h = this.handlers;
    if (!h || m.id !== this.current) return;
    switch (m.type) {
      case 'rows':
        h.rows(m.format, m.batch);
        break;
      case 'stats':
        h.stats(m.stats, m.final);
        break;
      case 'progress':
        h.progress(m.bytes, m.rows);
        break;
      case 'done':
        h.done(m);
        break;
      case 'error':
        h.error(m.message);
        break;
    }
  }
}

function post(worker: Worker, message: ToWorker, transfer: Transferable[] = []): void {
  worker.postMessage(message, transfer);
}

/** Async: a worker the page may not start (its CSP) rejects the promise the loads wait on, rather than throwing as the page starts. */
async function startWorker(source: string): Promise<Worker> {
  const blob = new Blob([source], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  const worker = new Worker(url);
  // The worker has read its script once it runs; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return worker;
}

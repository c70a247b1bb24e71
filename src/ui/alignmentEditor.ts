/**
 * "Open With… → Bio Jobs Alignment Viewer" for local alignment files (.a3m, .aln, .afa, aligned
 * .fasta): the webview of MSA results (dist/webview/msa.js, same shell), fed from the file
 * instead of a job. Read-only, so a CustomReadonlyEditorProvider; it follows the file on disk.
 *
 * The file goes to the webview by reference, never as one message and never as a string here:
 * it is read as a stream and posted in chunks of bytes (transferred as binary, not serialised
 * as text), each post awaited so at most one chunk is in flight (four in flight measured no
 * faster in code-server). The webview hands them to its
 * worker, which parses as they arrive, so the first screen is drawn after the first chunk.
 *
 * Why not let the webview fetch the file as a webview resource (asWebviewUri)? Measured in
 * code-server 4.96: the webview's service worker answers a resource request only after the
 * workbench has read the whole file (~10 s for 104 MB), while the first chunk posted from here
 * arrives in ~0.2 s. The fetch path stays available (`biojobs.alignmentViewer.transfer: "fetch"`,
 * undocumented) so the benchmark can keep comparing both.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { AlignmentHostMessage } from '../shared/alignmentProtocol';
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { saveAlignmentFile } from './alignmentSave';
import { makeNonce, resultShellHtml } from './panels/html';
import { parseWebviewMessage } from './panels/messages';
import { webviewOptions } from './panels/resultPanel';

export const ALIGNMENT_VIEW_TYPE = 'biojobs.alignmentViewer';

/** Editors save in bursts (truncate, write, rename): one re-read after the last event. */
const CHANGE_DEBOUNCE_MS = 150;
/** Bytes per posted chunk; the first is small so the first screen comes sooner (≈ 64 rows of 1,000). */
const CHUNK_BYTES = 1024 * 1024;
const FIRST_CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;

/** The largest file the viewer opens (setting `biojobs.alignmentViewer.maxFileSizeMB`). */
export function alignmentLimitBytes(): number {
  const mb = vscode.workspace.getConfiguration('biojobs').get<number>('alignmentViewer.maxFileSizeMB', 1024);
  return Math.max(1, Math.min(2047, mb)) * MB;
}

/** "large.a3m is 2,048 MB; …" — said before anything is read. */
export function tooLargeMessage(name: string, size: number, limit: number): string {
  const n = (x: number) => Math.round(x / MB).toLocaleString('en-US');
  return `${name} is ${n(size)} MB; the alignment viewer opens files up to ${n(limit)} MB (setting "biojobs.alignmentViewer.maxFileSizeMB").`;
}

class AlignmentDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

type Transfer = 'stream' | 'fetch';

function transferMode(): Transfer {
  return vscode.workspace.getConfiguration('biojobs').get<string>('alignmentViewer.transfer') === 'fetch' ? 'fetch' : 'stream';
}

/**
 * Reads `uri` chunk by chunk: a small first chunk (the first screen, sooner), then 1 MiB ones.
 * Files on disk are read with node; other file systems (remote, virtual) have no streaming read
 * in the API and are read whole first.
 */
async function* chunks(uri: vscode.Uri, signal: { cancelled: boolean }): AsyncGenerator<Uint8Array> {
  if (uri.scheme !== 'file') {
    const all = await vscode.workspace.fs.readFile(uri);
    for (let i = 0; i < all.length && !signal.cancelled; i += CHUNK_BYTES) yield all.subarray(i, i + CHUNK_BYTES);
    return;
  }
  const file = await fs.promises.open(uri.fsPath, 'r');
  try {
    for (let size = FIRST_CHUNK_BYTES; !signal.cancelled; size = CHUNK_BYTES) {
      // A fresh buffer each time: the previous one may still be on its way to the webview.
      const buf = new Uint8Array(size);
      const { bytesRead } = await file.read(buf, 0, size, null);
      if (bytesRead === 0) break;
      yield bytesRead === size ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/**
 * Streams the alignment file `uri` to an alignment viewer page (dist/webview/msa.js):
 * alignmentOpen, the bytes in chunks, alignmentEnd. Stops quietly when the page is gone (a post
 * not delivered) or `signal.cancelled` is set; a read error throws (the caller posts
 * alignmentAbort). Usable by any panel that runs the msa bundle on a file on disk.
 */
export async function streamAlignment(
  webview: vscode.Webview,
  uri: vscode.Uri,
  open: { load: number; title: string; fileName: string; size: number },
  signal: { cancelled: boolean },
): Promise<void> {
  const post = (message: AlignmentHostMessage) => webview.postMessage(message);
  const { load } = open;
  // Not delivered (false) when the webview is hidden: it asks again with `ready` when shown.
  // The first chunk goes right behind alignmentOpen, without waiting for its round trip.
  const opened = post({ type: 'alignmentOpen', ...open });
  let first = true;
  for await (const data of chunks(uri, signal)) {
    if (signal.cancelled) return;
    const delivered = post({ type: 'alignmentChunk', load, data });
    if (first && !(await opened)) return;
    first = false;
    if (!(await delivered)) return;
  }
  if (first && !(await opened)) return;
  if (!signal.cancelled) await post({ type: 'alignmentEnd', load });
}

/** `{ type: 'saveAlignmentFile', format, fileName }` from the page, checked (it is untrusted input). */
function saveRequest(raw: unknown): Extract<WebviewMessage, { type: 'saveAlignmentFile' }> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type !== 'saveAlignmentFile' || (m.format !== 'a3m' && m.format !== 'fasta') || typeof m.fileName !== 'string' || m.fileName.length > 1000) return undefined;
  return { type: 'saveAlignmentFile', format: m.format, fileName: m.fileName };
}

export class AlignmentEditorProvider implements vscode.CustomReadonlyEditorProvider<AlignmentDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  openCustomDocument(uri: vscode.Uri): AlignmentDocument {
    return new AlignmentDocument(uri);
  }

  resolveCustomEditor(document: AlignmentDocument, panel: vscode.WebviewPanel): void {
    const { uri } = document;
    const name = baseName(uri);
    const webview = panel.webview;
    const transfer = transferMode();
    const options = webviewOptions(this.extensionUri);
    // Only with "fetch" may the page read the file's folder; streamed, it reads nothing but our bundles.
    webview.options =
      transfer === 'fetch' ? { ...options, localResourceRoots: [...(options.localResourceRoots ?? []), vscode.Uri.joinPath(uri, '..')] } : options;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = resultShellHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.css')).toString(),
      nonce: makeNonce(),
      workers: true,
    });

    const disposables: vscode.Disposable[] = [];
    let generation = 0;
    let reading: { cancelled: boolean } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const post = (message: AlignmentHostMessage | HostMessage) => webview.postMessage(message);

    /** Sends the file; a newer send (file changed, page reloaded) stops an older one. */
    const send = async (): Promise<void> => {
      const load = ++generation;
      if (reading) reading.cancelled = true;
      const signal = { cancelled: false };
      reading = signal;
      const current = () => load === generation && !signal.cancelled;
      try {
        const { size } = await vscode.workspace.fs.stat(uri);
        const limit = alignmentLimitBytes();
        if (size > limit) {
          this.logger.warn(`[alignment viewer] ${uri.toString(true)}: ${size} bytes, over the ${limit} byte limit`);
          if (current()) await post({ type: 'error', message: tooLargeMessage(name, size, limit) });
          return;
        }
        if (!current()) return;
        if (transfer === 'fetch') {
          await post({ type: 'alignmentOpen', load, title: name, fileName: name, size, uri: webview.asWebviewUri(uri).toString() });
          return;
        }
        await streamAlignment(webview, uri, { load, title: name, fileName: name, size }, signal);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.logger.error(`[alignment viewer] reading ${uri.toString(true)} failed: ${reason}`);
        if (current()) await post({ type: 'alignmentAbort', load, message: `Reading ${name} failed: ${reason}` });
      } finally {
        if (reading === signal) reading = undefined;
      }
    };
    const fail = (what: string) => (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.error(`[alignment viewer] ${what} failed: ${reason}`);
      void vscode.window.showErrorMessage(`${what} failed: ${reason}`);
    };

    disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const save = saveRequest(raw);
        if (save) {
          // Converted from the file on disk: the webview sends no text.
          saveAlignmentFile(uri, save.fileName, save.format, this.logger).catch(fail(`Save as ${save.format.toUpperCase()}`));
          return;
        }
        const parsed = parseWebviewMessage(raw);
        if (!parsed.ok) {
          this.logger.warn(`[alignment viewer] ignored an invalid webview message (${parsed.reason})`);
          return;
        }
        const message = parsed.message;
        if (message.type === 'ready') send().catch(fail('Reading the alignment'));
        else if (message.type === 'log') this.logger[message.level](`[alignment viewer ${name}] ${message.message}`);
      }),
    );

    // Only this file, wherever it is (a non-recursive pattern also works outside the workspace).
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), name));
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => send().catch(fail('Reading the alignment')), CHANGE_DEBOUNCE_MS);
    };
    disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed));

    panel.onDidDispose(() => {
      if (timer) clearTimeout(timer);
      generation++;
      if (reading) reading.cancelled = true;
      for (const d of disposables.splice(0)) d.dispose();
    });
  }
}

/** Registers the custom editor; dispose on deactivation. */
export function registerAlignmentEditor(extensionUri: vscode.Uri, logger: Logger): vscode.Disposable {
  return vscode.window.registerCustomEditorProvider(ALIGNMENT_VIEW_TYPE, new AlignmentEditorProvider(extensionUri, logger), {
    webviewOptions: { retainContextWhenHidden: false },
    supportsMultipleEditorsPerDocument: true,
  });
}

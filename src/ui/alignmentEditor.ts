/**
 * "Open With… → Bio Jobs Alignment Viewer" for local alignment files (.a3m, .aln, .afa, aligned
 * .fasta): the webview of MSA results (dist/webview/msa.js, same shell), fed from the file
 * instead of a job. Read-only, so a CustomReadonlyEditorProvider; it follows the file on disk.
 *
 * The file goes to the webview by reference, never as one message and never as a string here.
 * Where the window talks to this extension host over a websocket (VS Code in the browser, remote
 * windows), the page fetches the file from a loopback link (./fileLinks): the websocket is
 * deflated by the VS Code server at ~10 MB/s, a link through its port proxy carries hundreds of
 * MB/s (docs/decisions.md). Elsewhere, or if the link cannot be fetched, the file is read as a
 * stream and posted in chunks of bytes (./alignmentStream). Either way the webview hands the
 * bytes to its worker, which parses as they arrive, so the first screen is drawn after the first
 * chunk.
 *
 * Why not let the webview fetch the file as a webview resource (asWebviewUri)? Measured in
 * code-server 4.96: the webview's service worker answers a resource request only after the
 * workbench has read the whole file (~10 s for 104 MB), while the first chunk posted from here
 * arrives in ~0.2 s. That path stays available (`biojobs.alignmentViewer.transfer: "fetch"`,
 * undocumented, like "stream" and "link") so the benchmark can keep comparing them.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { AlignmentHostMessage } from '../shared/alignmentProtocol';
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { saveAlignmentFile } from './alignmentSave';
import { streamAlignment, wantsDeflate } from './alignmentStream';
import { overWebsocket, type WebviewFileLink, type WebviewFileLinks } from './fileLinks';
import { makeNonce, resultShellHtml } from './panels/html';
import { parseWebviewMessage } from './panels/messages';
import { webviewOptions } from './panels/resultPanel';

/** Editors save in bursts (truncate, write, rename): one re-read after the last event. */
const CHANGE_DEBOUNCE_MS = 150;
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

/** How the file reaches the page: a loopback link, chunks posted from here, or a webview resource. */
type Transfer = 'link' | 'stream' | 'fetch';

function transferMode(uri: vscode.Uri): Transfer {
  const setting = vscode.workspace.getConfiguration('biojobs').get<string>('alignmentViewer.transfer', 'auto');
  if (setting === 'fetch' || setting === 'stream') return setting;
  // The link serves files from this machine's disk only.
  if (uri.scheme !== 'file') return 'stream';
  return setting === 'link' || overWebsocket() ? 'link' : 'stream';
}

/** `{ type: 'alignmentStreamInstead', load, reason }` from the page, checked (untrusted input). */
function streamInsteadRequest(raw: unknown): { load: number; reason: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type !== 'alignmentStreamInstead' || typeof m.load !== 'number' || typeof m.reason !== 'string') return undefined;
  return { load: m.load, reason: m.reason.slice(0, 500) };
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
    private readonly links: WebviewFileLinks,
  ) {}

  openCustomDocument(uri: vscode.Uri): AlignmentDocument {
    return new AlignmentDocument(uri);
  }

  async resolveCustomEditor(document: AlignmentDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { uri } = document;
    const name = baseName(uri);
    const webview = panel.webview;
    let transfer = transferMode(uri);
    // The link's origin must be in the page's CSP, so it is known before the HTML is.
    const linkOrigin = transfer === 'link' ? await this.links.origin().catch((err: unknown) => this.noLink(err)) : undefined;
    if (!linkOrigin && transfer === 'link') transfer = 'stream';
    const options = webviewOptions(this.extensionUri);
    // Only with "fetch" may the page read the file's folder; streamed, it reads nothing but our bundles.
    webview.options =
      transfer === 'fetch' ? { ...options, localResourceRoots: [...(options.localResourceRoots ?? []), vscode.Uri.joinPath(uri, '..')] } : options;
    const disposables: vscode.Disposable[] = [];
    let generation = 0;
    let reading: { cancelled: boolean } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let link: WebviewFileLink | undefined;
    /** The `alignmentOpen` of the live link: repeated to a page that (re)starts while the file is unchanged. */
    let linkOpen: Extract<AlignmentHostMessage, { type: 'alignmentOpen' }> | undefined;
    /** A fresh link for `load` (the previous one ends) and its open; undefined if a newer load came meanwhile. */
    const linkFor = async (load: number, size: number): Promise<typeof linkOpen> => {
      const fresh = await this.links.link(uri);
      if (load !== generation) {
        fresh.dispose();
        return undefined;
      }
      link?.dispose();
      link = fresh;
      linkOpen = { type: 'alignmentOpen', load, title: name, fileName: name, size, url: fresh.url };
      return linkOpen;
    };

    if (transfer === 'link') {
      // The link goes into the HTML, so the page fetches as it starts rather than after a `ready`
      // round trip (~0.1 s). A file over the limit, or one that cannot be read, is left to the
      // `ready` answer, which says why.
      const size = await vscode.workspace.fs.stat(uri).then(
        (stat) => stat.size,
        () => undefined,
      );
      if (size !== undefined && size <= alignmentLimitBytes()) await linkFor(++generation, size);
    }

    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = resultShellHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.css')).toString(),
      nonce: makeNonce(),
      workers: true,
      connectOrigins: linkOrigin ? [linkOrigin] : [],
      firstMessage: linkOpen,
    });

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
        if (transfer === 'link') {
          // A link per load: the previous one (older file contents, a page since reloaded) ends.
          const open = await linkFor(load, size);
          if (open && current()) await post(open);
          return;
        }
        await streamAlignment(webview, uri, { load, title: name, fileName: name, size }, signal, wantsDeflate());
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
        const instead = streamInsteadRequest(raw);
        if (instead) {
          if (instead.load !== generation || transfer !== 'link') return;
          this.logger.warn(`[alignment viewer] ${name}: the page could not fetch the file's link (${instead.reason}); streaming it instead`);
          // For this editor from now on: a link that failed once would fail again.
          transfer = 'stream';
          link?.dispose();
          link = undefined;
          linkOpen = undefined;
          send().catch(fail('Reading the alignment'));
          return;
        }
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
        if (message.type === 'ready') {
          // Unchanged since the link was made: the same open (a page started from the HTML is already reading it).
          if (transfer === 'link' && linkOpen?.load === generation) void post(linkOpen);
          else send().catch(fail('Reading the alignment'));
        }
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
      link?.dispose();
      for (const d of disposables.splice(0)) d.dispose();
    });
  }

  private noLink(err: unknown): undefined {
    this.logger.warn(`[alignment viewer] no loopback link for webviews (${err instanceof Error ? err.message : String(err)}); files are streamed over postMessage`);
    return undefined;
  }
}

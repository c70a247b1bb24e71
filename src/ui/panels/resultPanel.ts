/**
 * One result webview for one job. The page asks for its data with `ready` once its listener is
 * installed; every `ready` (first load, and each reload after the panel was hidden, since
 * contexts are not retained) is answered with a fresh `show` read through `loadResult`.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { StoredResultFile } from '../../jobs/model';
import type { HostMessage, JobSummaryView, ResultFileView } from '../../shared/protocol';
import { alignmentFile, resultView } from '../../shared/resultViews';
import { safeLabel } from '../../core/safeText';
import { Disposable } from './disposable';
import { copyToClipboard, openResultFile, saveAlignment, saveFasta, saveReport, saveResultFile, saveSnapshot } from './hostActions';
import { overWebsocket, type WebviewFileLink, type WebviewFileLinks } from '../fileLinks';
import { makeNonce, resultShellHtml } from './html';
import { parseWebviewMessage } from './messages';

export interface LoadedResult {
  job: JobSummaryView;
  /** The primary file's view (shared/resultViews.ts); it picks the bundle. */
  view: string;
  /** The job's result folder: the only folder the webview may read. */
  folder: vscode.Uri;
  files: StoredResultFile[];
}

export type ResultLoader = (jobId: string) => Promise<LoadedResult | undefined>;

export interface ResultPanelDeps {
  extensionUri: vscode.Uri;
  loadResult: ResultLoader;
  logger: Logger;
  /** Loopback links for alignments in browser and remote windows (src/ui/fileLinks.ts). */
  links?: WebviewFileLinks;
}

/** dist/webview/<bundle>.js, from the one registry of result views. */
export function bundleFor(view: string | undefined): string {
  return resultView(view).bundle;
}

export function panelTitle(job: Pick<JobSummaryView, 'name'>): string {
  return `${safeLabel(job.name, 60)} — Result`;
}

export function webviewOptions(extensionUri: vscode.Uri, resultFolder?: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'), ...(resultFolder ? [resultFolder] : [])],
  };
}

export class ResultPanel extends Disposable {
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;
  private readonly _onDidPostShow = this._register(new vscode.EventEmitter<void>());
  readonly onDidPostShow = this._onDidPostShow.event;

  /** Each `ready` bumps this; a slower earlier load must not overwrite a newer one. */
  private generation = 0;
  /** The bundle the page runs; a restored panel learns its view only when the result is read. */
  private bundle: string;
  /** The files last shown (the file list's Open / Save act on these names only). */
  private shown?: LoadedResult;
  /** The result folder the webview may read (set with its options). */
  private allowedFolder?: string;
  /** Each page load bumps this; an older one still waiting for the link origin must not win. */
  private pageLoads = 0;
  /** The origin of the loopback links the current page may fetch, when it has one. */
  private linkOrigin?: string;
  /** The alignment's link of the last `show` (ended when the next one is made or the panel closes). */
  private link?: WebviewFileLink;

  constructor(
    readonly jobId: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: ResultPanelDeps,
    /** Already read by `open` (for the title); used for the first `ready` instead of reading again. */
    private preloaded?: LoadedResult,
  ) {
    super();
    const webview = panel.webview;
    // Set on restore too: a deserialized panel must not keep options from an older version.
    webview.options = webviewOptions(deps.extensionUri, preloaded?.folder);
    this.allowedFolder = preloaded?.folder.toString();
    this.bundle = bundleFor(preloaded?.view);
    this.loadPage();
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  private loadPage(): void {
    const load = ++this.pageLoads;
    const links = this.deps.links;
    // The alignment viewer behind a websocket reads its file by a loopback link: its origin goes into the CSP.
    if (this.bundle === 'msa' && links && overWebsocket()) {
      links.origin().then(
        (origin) => this.setHtml(load, origin),
        (err: unknown) => {
          this.deps.logger.warn(`[result ${this.jobId}] no loopback link for the alignment (${err instanceof Error ? err.message : String(err)}); it is read as a webview resource`);
          this.setHtml(load, undefined);
        },
      );
    } else this.setHtml(load, undefined);
  }

  private setHtml(load: number, linkOrigin: string | undefined): void {
    if (this.isDisposed || load !== this.pageLoads) return;
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
    this.linkOrigin = linkOrigin;
    webview.html = resultShellHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${this.bundle}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${this.bundle}.css`)).toString(),
      nonce: makeNonce(),
      // The alignment viewer parses in a Web Worker started from its own bundle.
      workers: this.bundle === 'msa',
      connectOrigins: linkOrigin ? [linkOrigin] : [],
    });
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._onDidDispose.fire();
    this.link?.dispose();
    super.dispose();
    this.panel.dispose();
  }

  private onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.logger.warn(`[result ${this.jobId}] ignored an invalid webview message (${parsed.reason})`);
      return;
    }
    const message = parsed.message;
    const fail = (what: string) => (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.deps.logger.error(`[result ${this.jobId}] ${what} failed: ${reason}`);
      void vscode.window.showErrorMessage(`${what} failed: ${reason}`);
    };
    switch (message.type) {
      case 'ready':
        this.sendResult().catch(fail('Loading the result'));
        break;
      case 'copy':
        copyToClipboard(message.text, message.what).catch(fail('Copy'));
        break;
      case 'saveFasta':
        saveFasta(message.fileName, message.records, this.deps.logger).catch(fail('Save as FASTA'));
        break;
      case 'saveAlignment':
        saveAlignment(message.fileName, message.format, message.text, this.deps.logger).catch(fail(`Save as ${message.format.toUpperCase()}`));
        break;
      case 'exportReport':
        saveReport(message.fileName, message.format, message.text, this.deps.logger).catch(fail(`Export as ${message.format === 'html' ? 'HTML' : 'Markdown'}`));
        break;
      case 'log':
        this.deps.logger[message.level](`[result ${this.jobId} webview] ${message.message}`);
        break;
      case 'saveSnapshot':
        saveSnapshot(message.fileName, message.dataUrl, this.deps.logger).catch(fail('Save PNG'));
        break;
      case 'openResultFile':
      case 'saveResultFile': {
        const shown = this.shown;
        const file = shown?.files.find((f) => f.name === message.name);
        if (!shown || !file) break;
        const uri = vscode.Uri.joinPath(shown.folder, file.name);
        const act = message.type === 'openResultFile' ? openResultFile(uri) : saveResultFile(uri, `${shown.job.name}-${file.name}`, this.deps.logger);
        act.catch(fail(message.type === 'openResultFile' ? 'Open' : 'Save'));
        break;
      }
    }
  }

  private async sendResult(): Promise<void> {
    const generation = ++this.generation;
    const preloaded = this.preloaded;
    this.preloaded = undefined;
    let message: HostMessage;
    let result: LoadedResult | undefined;
    try {
      result = preloaded ?? (await this.deps.loadResult(this.jobId));
      message = result
        ? { type: 'show', job: result.job, view: result.view, files: [] }
        : { type: 'error', message: 'No result is stored for this job (it may have been removed).' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.deps.logger.error(`[result ${this.jobId}] reading the result failed: ${reason}`);
      message = { type: 'error', message: `Reading the result failed: ${reason}` };
    }
    if (this.isDisposed || generation !== this.generation) return;
    if (result && (bundleFor(result.view) !== this.bundle || this.allowedFolder !== result.folder.toString())) {
      // A restored panel started with the default page (or without the job's folder): load the right one; its `ready` gets this result.
      this.bundle = bundleFor(result.view);
      this.preloaded = result;
      this.panel.webview.options = webviewOptions(this.deps.extensionUri, result.folder);
      this.allowedFolder = result.folder.toString();
      this.loadPage();
      return;
    }
    if (result && message.type === 'show') {
      const webview = this.panel.webview;
      const folder = result.folder;
      message.files = result.files.map((f) => ({
        name: f.name,
        mediaType: f.mediaType,
        size: f.size ?? -1,
        view: f.view,
        primary: f.primary,
        uri: webview.asWebviewUri(vscode.Uri.joinPath(folder, f.name)).toString(),
      }));
      await this.linkAlignments(message.files, folder);
      if (this.isDisposed || generation !== this.generation) return;
      this.shown = result;
      this.panel.title = panelTitle(message.job);
    }
    // false when the webview is gone (hidden meanwhile): its next `ready` asks again.
    const delivered = await this.panel.webview.postMessage(message);
    if (delivered && message.type === 'show' && !this.isDisposed) this._onDidPostShow.fire();
  }

  /** Gives the alignment files a loopback link where the page may fetch one (its CSP has the origin). */
  private async linkAlignments(files: ResultFileView[], folder: vscode.Uri): Promise<void> {
    this.link?.dispose();
    this.link = undefined;
    const links = this.deps.links;
    const file = alignmentFile(files);
    if (!links || !this.linkOrigin || !file || folder.scheme !== 'file') return;
    try {
      const link = await links.link(vscode.Uri.joinPath(folder, file.name));
      if (this.isDisposed) return link.dispose();
      this.link = link;
      file.link = link.url;
    } catch (err) {
      this.deps.logger.warn(`[result ${this.jobId}] no loopback link for ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * "Open With… → Bio Jobs Alignment Viewer" for local alignment files (.a3m, .aln, .afa, aligned
 * .fasta): the webview of MSA results (dist/webview/msa.js, same shell and CSP), fed from the
 * file instead of a job. Read-only, so a CustomReadonlyEditorProvider; it follows the file on
 * disk. The webview parses the text itself, so the extension host never holds the parsed copy.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { HostMessage, ShowAlignmentMessage } from '../shared/protocol';
import { saveAlignment } from './panels/hostActions';
import { makeNonce, resultShellHtml } from './panels/html';
import { parseWebviewMessage } from './panels/messages';
import { webviewOptions } from './panels/resultPanel';

export const ALIGNMENT_VIEW_TYPE = 'biojobs.alignmentViewer';

/** Far beyond 10,000 × 1,000 (~10 MB); a webview would struggle with more. */
const MAX_BYTES = 256 * 1024 * 1024;
/** Editors save in bursts (truncate, write, rename): one re-read after the last event. */
const CHANGE_DEBOUNCE_MS = 150;

class AlignmentDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
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
    webview.options = webviewOptions(this.extensionUri);
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = resultShellHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'msa.css')).toString(),
      nonce: makeNonce(),
    });

    const disposables: vscode.Disposable[] = [];
    let generation = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    /** Reads the file and posts it; a slower earlier read never overwrites a newer one. */
    const send = async (): Promise<void> => {
      const mine = ++generation;
      let message: ShowAlignmentMessage | HostMessage;
      try {
        const { size } = await vscode.workspace.fs.stat(uri);
        if (size > MAX_BYTES) {
          message = { type: 'error', message: `${name} is ${Math.round(size / 1048576)} MB; the alignment viewer opens files up to ${MAX_BYTES / 1048576} MB.` };
        } else {
          const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
          message = { type: 'showAlignment', title: name, fileName: name, text };
        }
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.logger.error(`[alignment viewer] reading ${uri.toString(true)} failed: ${reason}`);
        message = { type: 'error', message: `Reading ${name} failed: ${reason}` };
      }
      // Not delivered when the webview is hidden: it asks again with `ready` when shown.
      if (mine === generation) await webview.postMessage(message);
    };
    const fail = (what: string) => (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.error(`[alignment viewer] ${what} failed: ${reason}`);
      void vscode.window.showErrorMessage(`${what} failed: ${reason}`);
    };

    disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseWebviewMessage(raw);
        if (!parsed.ok) {
          this.logger.warn(`[alignment viewer] ignored an invalid webview message (${parsed.reason})`);
          return;
        }
        const message = parsed.message;
        if (message.type === 'ready') send().catch(fail('Reading the alignment'));
        else if (message.type === 'saveAlignment') {
          saveAlignment(message.fileName, message.format, message.text, this.logger).catch(fail(`Save as ${message.format.toUpperCase()}`));
        } else if (message.type === 'log') this.logger[message.level](`[alignment viewer ${name}] ${message.message}`);
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

/**
 * "Open With… → Bio Jobs Structure Viewer" for local .pdb / .cif / .mmcif / .bcif files: the
 * structure webview (dist/webview/structure.js, same shell and CSP as result panels) on a
 * file, plus the PAE / pLDDT JSON beside it when the names say they belong together. The
 * webview reads the files itself through `asWebviewUri` — only this file's folder is added
 * to localResourceRoots — so no big message crosses to the page. Read-only; follows the file
 * on disk.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { companionFiles, structureFormatOf, structureMediaType } from '../core/structure';
import type { ShowStructureMessage, ResultFileView } from '../shared/protocol';
import { saveResultFile, saveSnapshot } from './panels/hostActions';
import { makeNonce, resultShellHtml } from './panels/html';
import { parseWebviewMessage } from './panels/messages';


/** Editors save in bursts (truncate, write, rename): one re-read after the last event. */
const CHANGE_DEBOUNCE_MS = 150;

class StructureDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

export class StructureEditorProvider implements vscode.CustomReadonlyEditorProvider<StructureDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  openCustomDocument(uri: vscode.Uri): StructureDocument {
    return new StructureDocument(uri);
  }

  resolveCustomEditor(document: StructureDocument, panel: vscode.WebviewPanel): void {
    const { uri } = document;
    const name = baseName(uri);
    const folder = vscode.Uri.joinPath(uri, '..');
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media'), folder],
    };
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = resultShellHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'structure.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'structure.css')).toString(),
      nonce: makeNonce(),
    });

    const disposables: vscode.Disposable[] = [];
    let shown: Map<string, vscode.Uri> = new Map();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;

    const ref = async (file: vscode.Uri, mediaType: string, primary: boolean): Promise<ResultFileView> => ({
      name: baseName(file),
      mediaType,
      size: (await vscode.workspace.fs.stat(file)).size,
      view: 'structure',
      primary,
      uri: webview.asWebviewUri(file).toString(),
    });

    /** Tells the page which files to read (it fetches them itself). */
    const send = async (): Promise<void> => {
      const mine = ++generation;
      const format = structureFormatOf(name) ?? 'pdb';
      let siblings: string[] = [];
      try {
        siblings = (await vscode.workspace.fs.readDirectory(folder)).filter(([, type]) => type === vscode.FileType.File).map(([n]) => n);
      } catch {
        // An unreadable folder: the structure alone.
      }
      const files = [await ref(uri, structureMediaType(format), true)];
      for (const companion of companionFiles(name, siblings)) {
        files.push(await ref(vscode.Uri.joinPath(folder, companion), 'application/json', false));
      }
      shown = new Map(files.map((f) => [f.name, f.name === name ? uri : vscode.Uri.joinPath(folder, f.name)]));
      const message: ShowStructureMessage = { type: 'showStructure', title: name, files };
      // Not delivered when the webview is hidden: it asks again with `ready` when shown.
      if (mine === generation) await webview.postMessage(message);
    };
    const fail = (what: string) => (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.error(`[structure viewer] ${what} failed: ${reason}`);
      void vscode.window.showErrorMessage(`${what} failed: ${reason}`);
    };

    disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseWebviewMessage(raw);
        if (!parsed.ok) {
          this.logger.warn(`[structure viewer] ignored an invalid webview message (${parsed.reason})`);
          return;
        }
        const message = parsed.message;
        if (message.type === 'ready') send().catch(fail(`Opening ${name}`));
        else if (message.type === 'saveSnapshot') saveSnapshot(message.fileName, message.dataUrl, this.logger).catch(fail('Save PNG'));
        else if (message.type === 'saveResultFile') {
          // Only a file this editor showed: the name is the page's, the path is ours.
          const source = shown.get(message.name);
          if (source) saveResultFile(source, message.name, this.logger).catch(fail(`Save ${message.name}`));
          else this.logger.warn(`[structure viewer] ignored a request to save ${message.name}, which it does not show`);
        } else if (message.type === 'log') this.logger[message.level](`[structure viewer ${name}] ${message.message}`);
      }),
    );

    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => send().catch(fail(`Reading ${name}`)), CHANGE_DEBOUNCE_MS);
    };
    disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed));

    panel.onDidDispose(() => {
      if (timer) clearTimeout(timer);
      generation++;
      for (const d of disposables.splice(0)) d.dispose();
    });
  }
}

/**
 * The two custom editors (Open With… → Bio Jobs Alignment / Structure Viewer), registered at
 * activation, their code loaded the first time one opens: activation then does not evaluate the
 * editors, their webview plumbing and the alignment reader they bring (measured: leaving the
 * editors, result panels and the submission flow out of activation took it from +58–72 ms to
 * +38 ms over an empty extension; docs/decisions.md). esbuild keeps one bundle and turns each
 * `import()` into a module initialised on first use.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { WebviewFileLinks } from './fileLinks';

export const ALIGNMENT_VIEW_TYPE = 'biojobs.alignmentViewer';
export const STRUCTURE_VIEW_TYPE = 'biojobs.structureViewer';

/** A readonly custom editor provider whose implementation is loaded by `load` on first use. */
function lazyProvider<D extends vscode.CustomDocument>(load: () => Promise<vscode.CustomReadonlyEditorProvider<D>>): vscode.CustomReadonlyEditorProvider<D> {
  let provider: Promise<vscode.CustomReadonlyEditorProvider<D>> | undefined;
  const get = () => (provider ??= load());
  return {
    openCustomDocument: async (uri, context, token) => (await get()).openCustomDocument(uri, context, token),
    resolveCustomEditor: async (document, panel, token) => (await get()).resolveCustomEditor(document, panel, token),
  };
}

export function registerEditors(extensionUri: vscode.Uri, logger: Logger, links: WebviewFileLinks): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(
      ALIGNMENT_VIEW_TYPE,
      lazyProvider(async () => new (await import('./alignmentEditor')).AlignmentEditorProvider(extensionUri, logger, links)),
      { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true },
    ),
    vscode.window.registerCustomEditorProvider(
      STRUCTURE_VIEW_TYPE,
      lazyProvider(async () => new (await import('./structureEditor')).StructureEditorProvider(extensionUri, logger)),
      // The WebGL scene is costly to rebuild; keep it while the tab is in the background.
      { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true },
    ),
  );
}

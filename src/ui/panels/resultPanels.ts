/**
 * All result panels: one per job id (opening it again reveals it), restored after a window
 * reload by a WebviewPanelSerializer from the `{ jobId }` state the webview persists.
 */
import * as vscode from 'vscode';
import type { WebviewState } from '../../shared/protocol';
import { Disposable } from './disposable';
import type { Logger } from '../../core/log';
import type { WebviewFileLinks } from '../fileLinks';
import type { LoadedResult, ResultLoader, ResultPanel, ResultPanelDeps } from './resultPanel';

export type { LoadedResult, ResultLoader } from './resultPanel';

/** The panel's code, loaded with the first panel (activation needs only the serializer; src/ui/editors.ts says why). */
const panelCode = () => import('./resultPanel');

function isWebviewState(state: unknown): state is WebviewState {
  return typeof state === 'object' && state !== null && typeof (state as { jobId?: unknown }).jobId === 'string';
}

export class ResultPanels extends Disposable {
  static readonly viewType = 'biojobs.result';

  private readonly panels = new Map<string, ResultPanel>();
  private readonly opening = new Map<string, Promise<void>>();
  private readonly deps: ResultPanelDeps;

  private readonly _onDidPostShow = this._register(new vscode.EventEmitter<string>());
  /**
   * Test hook (and diagnostics): fires with the job id each time a panel's webview was sent its
   * result (`show`), so an integration test can assert "the panel got its data" without
   * reaching into the webview's iframe.
   */
  readonly onDidPostShow = this._onDidPostShow.event;

  /**
   * Registers the `biojobs.result` serializer, so construct one per extension host (VS Code
   * allows one serializer per view type) and dispose it on deactivation.
   */
  constructor(extensionUri: vscode.Uri, loadResult: ResultLoader, logger: Logger, links?: WebviewFileLinks) {
    super();
    this.deps = { extensionUri, loadResult, logger, links };
    this._register(
      vscode.window.registerWebviewPanelSerializer(ResultPanels.viewType, {
        deserializeWebviewPanel: (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  isOpen(jobId: string): boolean {
    return this.panels.has(jobId);
  }

  /**
   * Shows the result of `jobId`: reveals its panel if open, otherwise reads the result and
   * opens one. Never rejects: a missing or unreadable result is reported to the user and logged.
   */
  open(jobId: string): Promise<void> {
    const existing = this.panels.get(jobId);
    if (existing) {
      existing.reveal();
      return Promise.resolve();
    }
    // Two quick clicks must not open two panels while the first read is in flight.
    let pending = this.opening.get(jobId);
    if (!pending) {
      pending = this.create(jobId).finally(() => this.opening.delete(jobId));
      this.opening.set(jobId, pending);
    }
    return pending;
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    super.dispose();
  }

  private async create(jobId: string): Promise<void> {
    let result: LoadedResult | undefined;
    try {
      result = await this.deps.loadResult(jobId);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.deps.logger.error(`Reading the result of job ${jobId} failed: ${reason}`);
      void vscode.window.showErrorMessage(`Could not read the result: ${reason}`);
      return;
    }
    if (this.isDisposed) return;
    if (!result) {
      void vscode.window.showWarningMessage('No result is stored for this job (it may have been removed).');
      return;
    }
    const code = await panelCode();
    if (this.isDisposed) return;
    const panel = vscode.window.createWebviewPanel(
      ResultPanels.viewType,
      code.panelTitle(result.job),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // ResultPanel sets the full options (scripts, resource roots) itself, for restored panels too.
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [] },
    );
    this.adopt(code.ResultPanel, jobId, panel, result);
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const code = await panelCode();
    if (this.isDisposed || !isWebviewState(state) || this.panels.has(state.jobId)) {
      // Nothing to restore it from (or a duplicate): an empty tab helps nobody.
      this.deps.logger.warn('Closing a restored result panel without a usable job id.');
      panel.dispose();
      return;
    }
    this.adopt(code.ResultPanel, state.jobId, panel, undefined);
  }

  private adopt(Panel: typeof ResultPanel, jobId: string, panel: vscode.WebviewPanel, preloaded: LoadedResult | undefined): void {
    const resultPanel = new Panel(jobId, panel, this.deps, preloaded);
    this.panels.set(jobId, resultPanel);
    resultPanel.onDidPostShow(() => this._onDidPostShow.fire(jobId));
    resultPanel.onDidDispose(() => {
      if (this.panels.get(jobId) === resultPanel) this.panels.delete(jobId);
    });
  }
}

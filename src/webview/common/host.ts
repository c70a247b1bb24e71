/**
 * The typed channel to the extension host. `acquireVsCodeApi` may be called only once per
 * webview, so the handle is cached here and everything else goes through `host()`.
 */
import type { AlignmentViewState, HostMessage, WebviewMessage, WebviewState } from '../../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewMessage): void;
  saveState(state: WebviewState | AlignmentViewState): void;
  /** What the last `saveState` stored (survives the webview being hidden and re-created); unchecked. */
  loadState(): unknown;
}

let cached: Host | undefined;

export function host(): Host {
  if (!cached) {
    const api = acquireVsCodeApi();
    cached = {
      post: (message) => api.postMessage(message),
      saveState: (state) => api.setState(state),
      loadState: () => api.getState(),
    };
  }
  return cached;
}

/** Reports a browser-side problem to the extension's log; never throws (it runs inside error handlers). */
export function logToHost(level: 'info' | 'error', message: string): void {
  try {
    host().post({ type: 'log', level, message: message.slice(0, 2000) });
  } catch {
    // No host to tell: nothing more we can do.
  }
}

/**
 * What a renderer gets: the `show` message with its primary file read (`data`: parsed JSON or text).
 */
export type ShowMessage = Extract<HostMessage, { type: 'show' }> & { fileName: string; data: unknown };

/**
 * Links a webview can fetch a file on the extension host's disk from, over plain HTTP, without
 * the bytes crossing the window's websocket (see src/core/loopbackFileServer.ts for why).
 *
 * The loopback server is reached through `vscode.env.asExternalUri`: a desktop window gets the
 * loopback address itself (or a tunnel to it, in a remote window), VS Code in the browser gets the
 * server's port proxy (code-server: `<origin>/proxy/<port>/`). code-server maps the port only and
 * drops the path, so the server's root is mapped once and each link's path is appended to it.
 */
import * as vscode from 'vscode';
import { LoopbackFileServer } from '../core/loopbackFileServer';
import { cspOrigin } from './panels/html';

export interface WebviewFileLink {
  /** The URL the page fetches. */
  readonly url: string;
  dispose(): void;
}

/**
 * Whether this extension host talks to the window over a websocket (VS Code in the browser, a
 * remote window): where links pay off. A local desktop window posts to webviews without one.
 */
export function overWebsocket(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Web || vscode.env.remoteName !== undefined;
}

export class WebviewFileLinks implements vscode.Disposable {
  private readonly server = new LoopbackFileServer();
  private root: Promise<vscode.Uri> | undefined;

  /** The server's root as the window reaches it; the first call starts the server. */
  base(): Promise<vscode.Uri> {
    if (!this.root) {
      const root = this.server.port().then((port) => vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}/`)));
      // A failed mapping is not kept: the next panel tries again.
      root.catch(() => {
        if (this.root === root) this.root = undefined;
      });
      this.root = root;
    }
    return this.root;
  }

  /** The origin the page's CSP must allow for `connect-src`, or undefined when there is none usable. */
  async origin(): Promise<string | undefined> {
    return cspOrigin((await this.base()).toString(true));
  }

  /** A link to the local file `file` (scheme `file`), live until disposed. */
  async link(file: vscode.Uri): Promise<WebviewFileLink> {
    const base = await this.base();
    const link = this.server.link(file.fsPath);
    const url = base.with({ path: base.path.replace(/\/+$/, '') + link.path, query: '', fragment: '' }).toString(true);
    return { url, dispose: () => link.dispose() };
  }

  dispose(): void {
    this.server.dispose();
    this.root = undefined;
  }
}

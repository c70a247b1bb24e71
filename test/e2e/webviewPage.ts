/**
 * A static stand-in for a VS Code webview, for testing dist/webview/<name>.js in a real browser
 * without VS Code: the extension's real HTML shell (same CSP, nonce, script and style tags;
 * `workers` as the alignment viewer's panels set it), the other bundles of dist/webview (a
 * worker script), files under /files/ standing in for webview resource URIs, a dark theme's
 * `--vscode-*` variables, and a fake `acquireVsCodeApi` that records what the
 * page posts (`window.__posted`) and persists (`window.__state`). If `window.__hostReply` is set
 * (by an init script) the fake host answers `ready` with it synchronously — like a fast host —
 * which only works if the page installed its message listener before posting `ready`.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { makeNonce, resultShellHtml } from '../../src/ui/panels/html';

const THEME_CSS = `:root {
  --vscode-font-family: "Segoe WPC", "Segoe UI", Ubuntu, "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: "DejaVu Sans Mono", "Droid Sans Mono", monospace;
  --vscode-editor-font-size: 13px;
  --vscode-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-border: rgba(255, 255, 255, 0.07);
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-focusBorder: #0078d4;
  --vscode-panel-border: #2b2b2b;
  --vscode-diffEditor-insertedTextBackground: rgba(156, 204, 44, 0.2);
  --vscode-diffEditor-removedTextBackground: rgba(255, 0, 0, 0.2);
  --vscode-errorForeground: #f85149;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-list-focusBackground: #04395e;
  --vscode-charts-green: #89d185;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-debugTokenExpression-name: #c586c0;
  --vscode-debugTokenExpression-string: #ce9178;
  --vscode-debugTokenExpression-number: #b5cea8;
  --vscode-debugTokenExpression-boolean: #4e94ce;
  --vscode-tree-indentGuidesStroke: #585858;
}`;

/** Runs in the page before the bundle: records posts, state, and CSP violations. */
const FAKE_HOST = `
window.__posted = [];
window.__state = undefined;
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage(message) {
    window.__posted.push(JSON.parse(JSON.stringify(message)));
    if (message && message.type === 'ready' && window.__hostReply) {
      window.dispatchEvent(new MessageEvent('message', { data: window.__hostReply }));
    }
  },
  getState: () => window.__state,
  setState: (state) => { window.__state = state; },
});`;

export interface WebviewPage {
  url: string;
  /** Serves `content` at `${url}files/${name}` (a stand-in for a webview resource URI). */
  setFile(name: string, content: string | Uint8Array, type?: string): string;
  /** The same, for result files (the webview URI a panel would get). */
  putFile(name: string, body: string | Uint8Array, type?: string): string;
  close(): Promise<void>;
}

/** A result file served at `/files/<name>`, as contract v2 hands files to a view by webview URI. */
export interface ServedFile {
  type: string;
  body: string | Buffer;
  /** Answer with this status instead (a file the webview cannot read). */
  status?: number;
}

/**
 * Serves `/` (the shell) and the .js/.css of `distDir` on a loopback port, and result files at
 * `/files/<name>`: those given with `setFile`/`putFile`, or the caller's map (read per request).
 */
export async function serveWebview(distDir: string, bundle: string, options: { workers?: boolean } | Map<string, ServedFile> = {}): Promise<WebviewPage> {
  const files = options instanceof Map ? options : undefined;
  const workers = options instanceof Map ? false : (options.workers ?? false);
  const data = new Map<string, { body: string | Uint8Array; type: string }>();
  const server = http.createServer((req, res) => {
    const origin = `http://${req.headers.host ?? ''}`;
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      const nonce = makeNonce();
      // `?first=<json>`: the message the host put into the HTML (the custom editor's link).
      const first = url.searchParams.get('first');
      const firstMessage = first ? (JSON.parse(first) as object) : undefined;
      const html = resultShellHtml({ cspSource: origin, scriptUri: `${origin}/${bundle}.js`, styleUri: `${origin}/${bundle}.css`, nonce, workers, firstMessage })
        .replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`)
        .replace('<body>', '<body class="vscode-dark">')
        .replace('<script nonce', `<script nonce="${nonce}">${FAKE_HOST}</script>\n<script nonce`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/theme.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(THEME_CSS);
    } else if (files && url.pathname.startsWith('/files/') && files.has(decodeURIComponent(url.pathname.slice('/files/'.length)))) {
      const f = files.get(decodeURIComponent(url.pathname.slice('/files/'.length))) as ServedFile;
      res.writeHead(f.status ?? 200, { 'content-type': f.type }).end(f.status ? '' : f.body);
    } else if (/^\/[\w-]+\.(js|css)$/.test(url.pathname) && fs.existsSync(path.join(distDir, url.pathname))) {
      const type = url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css';
      res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(path.join(distDir, url.pathname)));
    } else if (url.pathname.startsWith('/files/') && data.has(decodeURIComponent(url.pathname.slice(7)))) {
      const f = data.get(decodeURIComponent(url.pathname.slice(7)));
      res.writeHead(200, { 'content-type': f?.type ?? 'application/octet-stream' }).end(f?.body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const setFile = (name: string, body: string | Uint8Array, type = 'application/octet-stream') => {
    data.set(name, { body, type });
    return `${url}files/${encodeURIComponent(name)}`;
  };
  return {
    url,
    setFile,
    putFile: setFile,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

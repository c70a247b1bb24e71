/**
 * The result panel's HTML shell. vscode-free so the browser test serves exactly this page.
 * Nothing from a job goes into the HTML: data arrives only by postMessage and is rendered with
 * DOM APIs, so the CSP can forbid inline script and style entirely.
 */
import { randomBytes } from 'node:crypto';

export interface ShellParts {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/results.js and .css, as strings. */
  scriptUri: string;
  styleUri: string;
  /** Fresh for every HTML document (see `makeNonce`). */
  nonce: string;
  /**
   * The page runs a Web Worker whose code is in its own bundle (the alignment viewer): it may
   * start it from a blob: URL (`worker-src blob:`; a webview resource URL is another origin than
   * the page, so `new Worker(url)` is refused).
   */
  workers?: boolean;
  /**
   * Origins the page may also fetch from (`connect-src`): the alignment viewer's loopback file
   * link (src/ui/fileLinks.ts). Each must be a bare `http(s)://host[:port]`.
   */
  connectOrigins?: readonly string[];
  /**
   * A message the page handles as it starts, before its `ready` round trip (the alignment
   * viewer's `alignmentOpen` with a loopback link): JSON in a meta tag, escaped as an attribute.
   */
  firstMessage?: object;
}

/** 128 random bits, base64: unguessable, and valid as a CSP nonce. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

/** Whether `value` is a bare `http(s)://host[:port]`, safe to put in a CSP directive. */
export function isCspOrigin(value: string): boolean {
  return ORIGIN.test(value);
}

/** The `http(s)://host[:port]` of `url` for a CSP directive, or undefined if it has none that is safe there. */
export function cspOrigin(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return isCspOrigin(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

export function contentSecurityPolicy(cspSource: string, nonce: string, workers = false, connectOrigins: readonly string[] = []): string {
  // An origin that is not plainly one would let a CSP directive in: refuse it loudly.
  const bad = connectOrigins.find((o) => !isCspOrigin(o));
  if (bad !== undefined) throw new Error(`Not an origin for the webview's CSP: ${JSON.stringify(bad)}`);
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    // Result files are read by reference (fetch of the job folder's webview URIs).
    [`connect-src ${cspSource}`, ...connectOrigins].join(' '),
    // The alignment viewer's worker: started from a blob of the code in its bundle (a webview
    // resource is another origin, so `new Worker(uri)` is refused).
    ...(workers ? ['worker-src blob:'] : []),
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function resultShellHtml(p: ShellParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce, p.workers, p.connectOrigins))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.firstMessage ? `<meta name="biojobs-first-message" content="${attr(JSON.stringify(p.firstMessage))}">\n` : ''}<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>Result</title>
</head>
<body>
<main id="root"><p class="loading">Loading result…</p></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * Serves chosen files from disk over HTTP on the loopback interface, each under a link of its
 * own that holds an unguessable token, for as long as whoever asked for the link keeps it.
 *
 * Why: in VS Code in the browser (and remote windows) everything the extension host posts to a
 * webview crosses the window's websocket, which the VS Code server deflates at zlib's level 6:
 * ~10 MB/s here, so a 100 MB alignment takes 10 s to arrive. The same bytes through a loopback
 * HTTP server, reached from the browser through the VS Code server's port proxy
 * (`vscode.env.asExternalUri`), arrive at hundreds of MB/s (measured in docs/decisions.md).
 *
 * What it will do, and nothing else: GET (or HEAD) of a path whose last segment is a live token
 * streams that one file as opaque bytes. Any other request gets a bare 404. The token is the only
 * credential (256 random bits, a new one per link; revoking a link also ends its responses in
 * flight), so CORS is open: the page that fetches lives on another origin in some VS Code builds.
 * `no-transform` keeps proxies (code-server's compression middleware) from re-compressing the
 * stream, which would bring back the cost this avoids.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileLink {
  /** `/f/<token>`: appended to wherever the server is reached from (directly or through a proxy). */
  readonly path: string;
  /** Stops serving the file and ends its responses in flight. */
  dispose(): void;
}

interface Entry {
  readonly file: string;
  readonly responses: Set<http.ServerResponse>;
}

const READ_CHUNK = 1024 * 1024;

export class LoopbackFileServer {
  private readonly links = new Map<string, Entry>();
  private server: http.Server | undefined;
  private listening: Promise<number> | undefined;

  /** The port it listens on (127.0.0.1 only); started on first use. */
  port(): Promise<number> {
    this.listening ??= new Promise<number>((resolve, reject) => {
      const server = http.createServer((req, res) => this.answer(req, res));
      // Bodies are streamed for as long as the page reads; no socket timeout cuts a slow reader.
      server.requestTimeout = 0;
      server.once('error', (err) => {
        this.listening = undefined;
        reject(err);
      });
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      this.server = server;
    });
    return this.listening;
  }

  /** A link to `file` (an absolute path on this machine), live until disposed. */
  link(file: string): FileLink {
    const token = randomBytes(32).toString('base64url');
    const entry: Entry = { file, responses: new Set() };
    this.links.set(token, entry);
    return {
      path: `/f/${token}`,
      dispose: () => {
        if (this.links.get(token) !== entry) return;
        this.links.delete(token);
        for (const res of entry.responses) res.destroy();
      },
    };
  }

  /** Number of live links (for tests and the log). */
  get size(): number {
    return this.links.size;
  }

  dispose(): void {
    for (const entry of this.links.values()) for (const res of entry.responses) res.destroy();
    this.links.clear();
    this.server?.close();
    this.server?.closeAllConnections();
    this.server = undefined;
    this.listening = undefined;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    // The token is the last path segment, so a proxy that keeps its own prefix (code-server's
    // /absproxy/<port>/) works as well as one that strips it.
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    const token = pathname.slice(pathname.lastIndexOf('/') + 1);
    const entry = token ? this.links.get(token) : undefined;
    if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 }).end('not found');
      return;
    }
    void this.send(entry, req, res);
  }

  private async send(entry: Entry, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    entry.responses.add(res);
    res.on('close', () => entry.responses.delete(res));
    let size: number;
    try {
      size = (await fsp.stat(entry.file)).size;
    } catch {
      res.writeHead(410, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('gone');
      return;
    }
    if (res.destroyed) return;
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store, no-transform',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    });
    // Nothing to read (HEAD, or an empty file: a read stream cannot be given an empty range).
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    // Capped at the size just sent as content-length, should the file grow meanwhile.
    const stream = createReadStream(entry.file, { highWaterMark: READ_CHUNK, start: 0, end: size - 1 });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }
}

/**
 * The transport under every emulator: a node:http server on loopback plus body/JSON helpers.
 * Only node built-ins, so the emulators run anywhere the tests run (mocha, the extension host, the demo).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and destroys every open socket, including hung requests, then resolves. */
  close(): Promise<void>;
}

export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface ServerOptions {
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  host?: string;
}

export async function startHttpServer(listener: RequestListener, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  // Tracked by hand as well as closeAllConnections(): a socket whose request never got a response
  // (the "hang" fault) must not keep close() or the test process waiting.
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    Promise.resolve(listener(req, res)).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { detail: `emulator error: ${errorMessage(err)}` });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

/** Reads the whole request body; refuses bodies over `limit` bytes (a runaway client, not a real case). */
export function readBody(req: http.IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

export function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A timer that close() can cancel, so a pending "delay" fault never outlives the server. */
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(t);
        resolve(true);
      }, ms);
      this.pending.set(t, () => resolve(false));
    });
  }

  /** Cancels every pending sleep; the sleepers resolve with `false`. */
  cancelAll(): void {
    for (const [t, cancel] of this.pending) {
      clearTimeout(t);
      cancel();
    }
    this.pending.clear();
  }
}

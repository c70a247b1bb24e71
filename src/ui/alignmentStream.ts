/**
 * The bytes of an alignment file, from disk to an alignment viewer page (dist/webview/msa.js):
 * `alignmentOpen`, the file in chunks of bytes (transferred as binary, never one string), then
 * `alignmentEnd`. Each post is awaited, so at most one chunk is in flight (four in flight
 * measured no faster in code-server); the next chunk is read (and compressed) while one travels.
 *
 * Compression: where a websocket carries the extension host's messages (VS Code in the browser,
 * remote windows: code-server here), the VS Code server deflates every message at zlib's default
 * level, and that is what bounds the transfer: ~10 MB/s on this machine, 3–5 MB/s when it is
 * loaded, the same as `zlib.deflateRawSync(chunk, { level: 6 })` on alignment text. Chunks
 * deflated here first at level 1 (on libuv's thread pool) are ~2.3 × smaller and the server's
 * deflate over already-compressed bytes costs a third as much; the page inflates them with the
 * browser's own DecompressionStream. A local desktop window has no websocket, so nothing is
 * compressed there.
 */
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import type { AlignmentHostMessage } from '../shared/alignmentProtocol';
import { overWebsocket } from './fileLinks';

/** Bytes per posted chunk; the first is small so the first screen comes sooner (≈ 64 rows of 1,000). */
const CHUNK_BYTES = 1024 * 1024;
const FIRST_CHUNK_BYTES = 64 * 1024;
/** zlib's fastest level: the point is to do less than the server's level 6, not to compress best. */
const DEFLATE_LEVEL = 1;

const deflateRaw = promisify(zlib.deflateRaw);

/**
 * Whether to deflate the chunks: when the window talks to the extension host over a websocket
 * (web or remote), unless `biojobs.alignmentViewer.compress` (undocumented, for the benchmark's
 * comparison) says "never" or "always".
 */
export function wantsDeflate(): boolean {
  const setting = vscode.workspace.getConfiguration('biojobs').get<string>('alignmentViewer.compress', 'auto');
  if (setting === 'never' || setting === 'always') return setting === 'always';
  return overWebsocket();
}

/**
 * Reads `uri` chunk by chunk: a small first chunk (the first screen, sooner), then 1 MiB ones.
 * Files on disk are read with node; other file systems (remote, virtual) have no streaming read
 * in the API and are read whole first.
 */
async function* chunks(uri: vscode.Uri, signal: { cancelled: boolean }): AsyncGenerator<Uint8Array> {
  if (uri.scheme !== 'file') {
    const all = await vscode.workspace.fs.readFile(uri);
    for (let i = 0; i < all.length && !signal.cancelled; i += CHUNK_BYTES) yield all.subarray(i, i + CHUNK_BYTES);
    return;
  }
  const file = await fs.promises.open(uri.fsPath, 'r');
  try {
    for (let size = FIRST_CHUNK_BYTES; !signal.cancelled; size = CHUNK_BYTES) {
      // A fresh buffer each time: the previous one may still be on its way to the webview.
      const buf = new Uint8Array(size);
      const { bytesRead } = await file.read(buf, 0, size, null);
      if (bytesRead === 0) break;
      yield bytesRead === size ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/** Each chunk a whole raw-deflate stream of its own, so the page can inflate it alone. */
async function deflateChunk(data: Uint8Array): Promise<Uint8Array> {
  const out = await deflateRaw(data, { level: DEFLATE_LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Streams the alignment file `uri` to an alignment viewer page. Stops quietly when the page is
 * gone (a post not delivered) or `signal.cancelled` is set; a read error throws (the caller posts
 * alignmentAbort). Usable by any panel that runs the msa bundle on a file on disk.
 */
export async function streamAlignment(
  webview: vscode.Webview,
  uri: vscode.Uri,
  open: { load: number; title: string; fileName: string; size: number },
  signal: { cancelled: boolean },
  deflate = false,
): Promise<void> {
  const post = (message: AlignmentHostMessage) => webview.postMessage(message);
  const { load } = open;
  // Not delivered (false) when the webview is hidden: it asks again with `ready` when shown.
  // The first chunk goes right behind alignmentOpen, without waiting for its round trip.
  const opened = post({ type: 'alignmentOpen', ...open, ...(deflate ? { encoding: 'deflate-raw' as const } : {}) });
  const source = chunks(uri, signal);
  const nextChunk = async (): Promise<Uint8Array | undefined> => {
    const r = await source.next();
    if (r.done) return undefined;
    return deflate ? deflateChunk(r.value) : r.value;
  };
  let next = nextChunk();
  let first = true;
  try {
    for (let data = await next; data; data = await next) {
      if (signal.cancelled) return;
      const delivered = post({ type: 'alignmentChunk', load, data });
      // Read and compress the next chunk while this one travels.
      next = nextChunk();
      if (first && !(await opened)) return;
      first = false;
      if (!(await delivered)) return;
    }
    if (first && !(await opened)) return;
    if (!signal.cancelled) await post({ type: 'alignmentEnd', load });
  } finally {
    // Stopped early: the read ahead is not wanted, and the file is closed.
    next.catch(() => undefined);
    await source.return(undefined);
  }
}

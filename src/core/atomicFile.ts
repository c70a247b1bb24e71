/** Atomic file writes: write a temp file beside the target, fsync, then rename over it. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` (whole, or streamed chunk by chunk) to a temp file, fsyncs, renames. Returns the bytes written. */
export async function writeFileAtomic(file: string, data: string | Uint8Array | AsyncIterable<Uint8Array>): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w');
  let size = 0;
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      await handle.writeFile(bytes);
      size = bytes.byteLength;
    } else {
      for await (const chunk of data) {
        await handle.write(chunk);
        size += chunk.byteLength;
      }
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return size;
}

export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Names Windows reserves in any folder, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * A file name from a remote result, made safe to join under our own folder: only its last path
 * segment, no control characters, no `..` or leading dots, no reserved device names, no trailing
 * dots or spaces, at most 120 characters (the extension kept).
 */
export function safeFileName(name: string, fallback = 'result'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let cleaned = base
    .normalize('NFC')
    // Controls, bidi and zero-width characters, and what file systems refuse.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:"|?*]/g, '_')
    .replace(/[^\p{L}\p{N}._ ()+=,@-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (cleaned.length > 120) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
    cleaned = cleaned.slice(0, 120 - ext.length) + ext;
  }
  if (!cleaned || RESERVED.test(cleaned)) return cleaned ? `_${cleaned}` : fallback;
  return cleaned;
}

/** Makes `name` unique among `taken` (case-insensitively, as on macOS and Windows) by numbering it. */
export function uniqueFileName(name: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Converts a local alignment file to A3M or aligned FASTA, streaming: read with the viewer's
 * reader, written a batch of rows at a time into a temporary file next to the target, renamed
 * into place at the end. Neither the alignment nor its text is held whole. vscode-free.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { batchToText } from './alignment';
import { AlignmentReader, type RowBatch } from './alignmentReader';

/** Converts `source` (a local alignment file) to `format`, streaming, into `target` (replaced atomically). */
export async function convertAlignmentFile(source: string, sourceName: string, format: 'a3m' | 'fasta', target: string): Promise<number> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const out = fs.createWriteStream(temp);
  const pending: RowBatch[] = [];
  const reader = new AlignmentReader({ fileName: sourceName, onBatch: (b) => pending.push(b) });
  let rows = 0;
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve)));
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      // The format may turn from FASTA to A3M at the first row with insertions: rows before it have none.
      for (const b of pending.splice(0)) await write(batchToText(b, reader.currentFormat ?? 'fasta', format));
    }
    const summary = reader.end();
    for (const b of pending.splice(0)) await write(batchToText(b, summary.format, format));
    rows = summary.rows;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await fs.promises.rename(temp, target);
    return rows;
  } catch (err) {
    out.destroy();
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
}

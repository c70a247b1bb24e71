/**
 * Result files on disk: `<dir>/<jobId>/<name>`, each written atomically as it streams in, with
 * sanitised, unique names; read offline afterwards.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { safeFileName, uniqueFileName, writeFileAtomic } from '../core/atomicFile';
import type { ResultPayload } from '../providers/jobVocabulary';
import type { StoredResultFile } from './model';

export class ResultStore {
  constructor(private readonly dir: string) {}

  /** The job's folder (webviews are allowed to read it, and only it). */
  folder(jobId: string): string {
    return path.join(this.dir, safeFileName(jobId, 'job'));
  }

  /** The path of a stored file (its name is sanitised again: records are data too). */
  pathOf(jobId: string, name: string): string {
    return path.join(this.folder(jobId), safeFileName(name));
  }

  /**
   * Writes every file of a payload, streaming where the provider streams, and returns what was
   * stored. A failure leaves no half file behind (temp files are removed), and earlier files of the
   * same payload are removed too, so a retry starts clean.
   */
  async writeAll(jobId: string, payload: ResultPayload): Promise<StoredResultFile[]> {
    const stored: StoredResultFile[] = [];
    const taken = new Set<string>();
    const primaryIndex = Math.max(0, payload.files.findIndex((f) => f.primary));
    try {
      for (const [i, file] of payload.files.entries()) {
        const name = uniqueFileName(safeFileName(file.name), taken);
        taken.add(name);
        const content = typeof file.content === 'function' ? file.content() : file.content;
        const size = await writeFileAtomic(path.join(this.folder(jobId), name), content);
        stored.push({ name, mediaType: file.mediaType, size, view: file.view, primary: i === primaryIndex });
      }
    } catch (err) {
      await Promise.all(stored.map((f) => fs.rm(this.pathOf(jobId, f.name), { force: true })));
      throw err;
    }
    return stored;
  }

  async readBytes(jobId: string, name: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.pathOf(jobId, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async exists(jobId: string, name: string): Promise<boolean> {
    return fs.access(this.pathOf(jobId, name)).then(
      () => true,
      () => false,
    );
  }

  async remove(jobId: string): Promise<void> {
    await fs.rm(this.folder(jobId), { recursive: true, force: true });
  }
}

/** Result files on disk: `<dir>/<jobId>/<fileName>`, written atomically, read offline afterwards. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readFileIfExists, safeFileName, writeFileAtomic } from '../core/atomicFile';

export class ResultStore {
  constructor(private readonly dir: string) {}

  private folder(jobId: string): string {
    return path.join(this.dir, safeFileName(jobId, 'job'));
  }

  /** Writes the file and returns the sanitised name it was stored under. */
  async write(jobId: string, fileName: string, content: string): Promise<string> {
    const name = safeFileName(fileName);
    await writeFileAtomic(path.join(this.folder(jobId), name), content);
    return name;
  }

  read(jobId: string, fileName: string): Promise<string | undefined> {
    return readFileIfExists(path.join(this.folder(jobId), safeFileName(fileName)));
  }

  async remove(jobId: string): Promise<void> {
    await fs.rm(this.folder(jobId), { recursive: true, force: true });
  }
}

/** Reading a job's stored primary result file as text, the way a panel would. */
import * as assert from 'node:assert/strict';
import { primaryFile, type JobRecord } from '../../../src/jobs/model';
import type { ResultStore } from '../../../src/jobs/results';

export async function readResultText(results: ResultStore, job: JobRecord): Promise<string> {
  const file = primaryFile(job);
  assert.ok(file, `job ${job.name} has a stored result`);
  const bytes = await results.readBytes(job.id, file.name);
  assert.ok(bytes, `${file.name} is on disk`);
  return new TextDecoder().decode(bytes);
}

import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../../../src/core/clock';
import { MemoryLogger } from '../../../src/core/log';
import type { JobRecord } from '../../../src/jobs/model';
import { ResultStore } from '../../../src/jobs/results';
import { JobStore, migrate, STORE_VERSION } from '../../../src/jobs/store';

function job(id: string, createdAt: number, extra: Partial<JobRecord> = {}): JobRecord {
  return { id, providerId: 'codon', name: `job ${id}`, status: 'queued', createdAt, updatedAt: createdAt, ...extra };
}

describe('JobStore', () => {
  let dir: string;
  const clock = new VirtualClock();
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-store-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('persists jobs and loads them in a new instance (reload)', async () => {
    const a = new JobStore(dir, clock, new MemoryLogger());
    await a.load();
    await a.add(job('1', 1), job('2', 2, { remoteId: 'r2' }));
    await a.update('1', { status: 'running', rawStatus: 'processing' });
    const b = new JobStore(dir, clock, new MemoryLogger());
    assert.deepEqual(await b.load(), {});
    assert.equal(b.get('1')?.status, 'running');
    assert.equal(b.findByRemoteId('codon', 'r2')?.id, '2');
    assert.deepEqual(b.byProvider('codon').map((j) => j.id), ['2', '1'], 'newest first');
    const doc = JSON.parse(await fs.readFile(path.join(dir, 'jobs.json'), 'utf8'));
    assert.equal(doc.version, STORE_VERSION);
  });

  it('keeps a corrupt store as a backup and starts clean with a warning', async () => {
    await fs.writeFile(path.join(dir, 'jobs.json'), '{"version":1,"jobs":[{"id":');
    const s = new JobStore(dir, clock, new MemoryLogger());
    const out = await s.load();
    assert.match(out.warning ?? '', /could not load its job list/);
    assert.equal(s.all().length, 0);
    const files = await fs.readdir(dir);
    assert.ok(files.some((f) => f.startsWith('jobs.json.corrupt-')), files.join(','));
  });

  it('refuses a store from a newer version without throwing at load', async () => {
    await fs.writeFile(path.join(dir, 'jobs.json'), JSON.stringify({ version: 99, jobs: [] }));
    const out = await new JobStore(dir, clock, new MemoryLogger()).load();
    assert.match(out.warning ?? '', /newer Bio Jobs \(version 99\)/);
  });

  it('migrates a version-0 bare array and drops malformed records', () => {
    const doc = migrate([job('1', 1), { id: 2 }, job('3', 3, { status: 'bogus' as never })]);
    assert.equal(doc.version, STORE_VERSION);
    assert.deepEqual(doc.jobs.map((j) => j.id), ['1']);
  });

  it('fires one change per write and serialises concurrent writes', async () => {
    const s = new JobStore(dir, clock, new MemoryLogger());
    await s.load();
    const seen: string[][] = [];
    s.onDidChange((e) => seen.push(e.ids));
    await s.add(job('1', 1));
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.update('1', { message: `m${i}` })));
    const reread = new JobStore(dir, clock, new MemoryLogger());
    await reread.load();
    assert.equal(reread.get('1')?.message, 'm19');
    assert.equal(seen.length, 21);
    assert.deepEqual(await fs.readdir(dir), ['jobs.json'], 'no temp files left behind');
  });
});

describe('ResultStore', () => {
  it('writes atomically, reads back, and keeps remote file names inside its folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-results-'));
    const r = new ResultStore(dir);
    const name = await r.write('job-1', '../../etc/passwd', 'hello');
    assert.equal(name, 'passwd');
    assert.equal(await r.read('job-1', name), 'hello');
    assert.ok((await fs.readdir(path.join(dir, 'job-1'))).includes('passwd'));
    await r.remove('job-1');
    assert.equal(await r.read('job-1', name), undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });
});

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

  it('writes the snapshot at start-up only when the journal or a migration changes it', async () => {
    const a = new JobStore(dir, clock, new MemoryLogger());
    await a.load();
    assert.deepEqual(await fs.readdir(dir), [], 'an empty store on a fresh profile writes nothing');
    await a.add(job('1', 1));
    const file = path.join(dir, 'jobs.json');
    // The journal line is folded in by the next start-up: one write.
    await new JobStore(dir, clock, new MemoryLogger()).load();
    const folded = await fs.stat(file);
    // Nothing new since: the snapshot is not written again (same inode: writes replace the file).
    const b = new JobStore(dir, clock, new MemoryLogger());
    await b.load();
    assert.equal((await fs.stat(file)).ino, folded.ino);
    assert.equal(b.get('1')?.name, 'job 1');
    // A version-1 snapshot is rewritten at the current version.
    await fs.writeFile(file, JSON.stringify({ version: 1, jobs: [job('2', 2)] }));
    await new JobStore(dir, clock, new MemoryLogger()).load();
    assert.equal(JSON.parse(await fs.readFile(file, 'utf8')).version, STORE_VERSION);
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
    assert.deepEqual((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temp files left behind');
  });
});

describe('JobStore shared by two windows', () => {
  let dir: string;
  const clock = new VirtualClock();
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-store2-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function open(): Promise<JobStore> {
    const s = new JobStore(dir, clock, new MemoryLogger());
    await s.load();
    return s;
  }

  it('keeps the jobs each window adds (no last-writer-wins loss)', async () => {
    const a = await open();
    const b = await open();
    await a.add(job('from-a', 1));
    await b.add(job('from-b', 2));
    await a.update('from-a', { status: 'running' });
    const fresh = await open();
    assert.deepEqual(fresh.all().map((j) => j.id).sort(), ['from-a', 'from-b']);
    assert.equal(fresh.get('from-a')?.status, 'running');
    assert.ok(a.get('from-b'), 'window A learned of B\'s job when it wrote');
  });

  it('keeps the newer record of a job both windows changed', async () => {
    const a = await open();
    await a.add(job('j', 1));
    const b = await open();
    await clock.advance(10);
    await b.update('j', { status: 'succeeded', result: { files: [{ name: 'r.json', mediaType: 'application/json', view: 'json', primary: true }] } });
    await clock.advance(10);
    await a.update('j', { message: 'seen in A' });
    const fresh = await open();
    assert.equal(fresh.get('j')?.message, 'seen in A', 'A wrote last');
    await clock.advance(10);
    await b.update('j', { message: 'seen in B' });
    assert.equal((await open()).get('j')?.message, 'seen in B');
  });

  it('never brings back a job another window removed', async () => {
    const a = await open();
    await a.add(job('gone', 1), job('kept', 2));
    const b = await open();
    await a.remove('gone');
    await clock.advance(10);
    await b.update('gone', { message: 'B still polls it' });
    await b.update('kept', { message: 'B writes' });
    const fresh = await open();
    assert.equal(fresh.get('gone'), undefined);
    assert.equal(fresh.get('kept')?.message, 'B writes');
    assert.equal(b.get('gone'), undefined, 'B dropped it when it merged');
  });

  it('announces another window\'s writes to a watching store', async () => {
    const a = await open();
    a.watch();
    const seen: string[] = [];
    a.onDidChange((e) => seen.push(...e.ids));
    const b = await open();
    await b.add(job('from-b', 1));
    for (let i = 0; i < 100 && !a.get('from-b'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(a.get('from-b'));
    assert.ok(seen.includes('from-b'));
    a.dispose();
  });
});

describe('ResultStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-results-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('stores text, bytes and streamed files atomically, with sizes, and keeps remote names inside its folder', async () => {
    const r = new ResultStore(dir);
    async function* chunks(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < 4; i++) yield new Uint8Array(1024).fill(i);
    }
    const files = await r.writeAll('job-1', {
      files: [
        { name: '../../etc/passwd', mediaType: 'text/plain', view: 'files', content: 'hello' },
        { name: 'model.bcif', mediaType: 'application/octet-stream', view: 'structure', primary: true, content: new Uint8Array([0, 1, 2, 255]) },
        { name: 'big.bin', mediaType: 'application/octet-stream', view: 'files', content: chunks },
      ],
    });
    assert.deepEqual(files.map((f) => [f.name, f.size, f.primary]), [['passwd', 5, false], ['model.bcif', 4, true], ['big.bin', 4096, false]]);
    assert.deepEqual([...((await r.readBytes('job-1', 'model.bcif')) ?? [])], [0, 1, 2, 255]);
    assert.deepEqual((await fs.readdir(path.join(dir, 'job-1'))).sort(), ['big.bin', 'model.bcif', 'passwd']);
    await r.remove('job-1');
    assert.equal(await r.readBytes('job-1', 'passwd'), undefined);
  });

  it('leaves nothing behind when a streamed file breaks off', async () => {
    const r = new ResultStore(dir);
    async function* broken(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('connection reset');
    }
    await assert.rejects(
      r.writeAll('job-2', { files: [{ name: 'a.txt', mediaType: 'text/plain', view: 'files', content: 'ok' }, { name: 'b.bin', mediaType: 'x', view: 'files', content: broken }] }),
      /connection reset/,
    );
    assert.deepEqual(await fs.readdir(path.join(dir, 'job-2')), []);
  });

  it('makes colliding names unique', async () => {
    const files = await new ResultStore(dir).writeAll('j', {
      files: [
        { name: 'a/result.json', mediaType: 'application/json', view: 'json', content: '1' },
        { name: 'b/RESULT.json', mediaType: 'application/json', view: 'json', content: '2' },
      ],
    });
    assert.deepEqual(files.map((f) => f.name), ['result.json', 'RESULT (2).json']);
  });
});

/** Store version 2: migrating a real version-1 store, journal crash safety, and hostile result names. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { safeFileName } from '../../../src/core/atomicFile';
import { VirtualClock } from '../../../src/core/clock';
import { MemoryLogger } from '../../../src/core/log';
import { primaryFile } from '../../../src/jobs/model';
import { ResultStore } from '../../../src/jobs/results';
import { JobStore, STORE_VERSION } from '../../../src/jobs/store';

const V1 = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'store-v1');

describe('JobStore version 2', () => {
  let dir: string;
  const clock = new VirtualClock(Date.UTC(2026, 11, 1));
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-v2-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('migrates a version-1 store written by the previous release: result files, tombstones, everything else kept', async () => {
    await fs.cp(V1, dir, { recursive: true });
    const store = new JobStore(dir, clock, new MemoryLogger());
    assert.deepEqual(await store.load(), {});
    const codon = store.get('b2222222-2222-4222-8222-222222222222');
    assert.deepEqual(codon?.result, { files: [{ name: 'result.json', mediaType: 'application/json', view: 'codon', primary: true }] });
    assert.equal((codon as unknown as Record<string, unknown>).resultFile, undefined, 'the version-1 fields are gone');
    const msa = store.get('c3333333-3333-4333-8333-333333333333');
    assert.equal(primaryFile(msa!)?.view, 'msa');
    assert.equal(primaryFile(msa!)?.mediaType, 'text/x-a3m');
    // The file it names is really there under the same layout.
    const results = new ResultStore(path.join(dir, 'results'));
    assert.match(new TextDecoder().decode(await results.readBytes(msa!.id, 'msa.a3m')), /^>seed/);
    const lost = store.get('d4444444-4444-4444-8444-444444444444');
    assert.equal(lost?.status, 'unknown');
    assert.deepEqual(lost?.request, { name: 'lost seed', sequence: 'MKT' });
    assert.equal(store.get('e5555555-5555-4555-8555-555555555555')?.resultError, 'unexpected response');
    assert.equal(store.get('a1111111-1111-4111-8111-111111111111'), undefined, 'a removed job stays removed');
    const doc = JSON.parse(await fs.readFile(path.join(dir, 'jobs.json'), 'utf8'));
    assert.equal(doc.version, STORE_VERSION);
    assert.ok(doc.removed['a1111111-1111-4111-8111-111111111111'], 'the tombstone is kept');
  });

  it('skips a torn last journal line (a crash mid-append) and keeps every whole one', async () => {
    const a = new JobStore(dir, clock, new MemoryLogger());
    await a.load();
    await a.add({ id: 'j1', providerId: 'codon', name: 'one', status: 'queued', createdAt: 1, updatedAt: 1 });
    await a.update('j1', { status: 'running' });
    await fs.appendFile(path.join(dir, 'jobs.journal'), '{"put":{"id":"j1","providerId":"codon","na');
    const log = new MemoryLogger();
    const b = new JobStore(dir, clock, log);
    assert.deepEqual(await b.load(), {});
    assert.equal(b.get('j1')?.status, 'running');
    assert.ok(log.lines.some((l) => /Skipped 1 unreadable line/.test(l)));
  });

  it('appends one line per update: the cost does not grow with the number of jobs', async () => {
    const s = new JobStore(dir, clock, new MemoryLogger());
    await s.load();
    const many = Array.from({ length: 10_000 }, (_, i) => ({ id: `j${i}`, providerId: 'codon', name: `job ${i}`, status: 'running' as const, createdAt: i, updatedAt: i }));
    await s.add(...many);
    const reload = new JobStore(dir, clock, new MemoryLogger());
    await reload.load(); // folds the journal into the snapshot
    const journal = path.join(dir, 'jobs.journal');
    await reload.update('j5000', { progress: { percent: 50 } });
    const size = (await fs.stat(journal)).size;
    assert.ok(size < 1_000, `one update appended ${size} bytes`);
    assert.equal(reload.get('j5000')?.progress?.percent, 50);
  });
});

describe('result file names', () => {
  const cases: [string, string][] = [
    ['../../etc/passwd', 'passwd'],
    ['/abs/path/model.pdb', 'model.pdb'],
    ['C:\\Windows\\system.ini', 'system.ini'],
    ['..', 'result'],
    ['...', 'result'],
    ['', 'result'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1', '_com1'],
    ['LPT9.log', '_LPT9.log'],
    ['report\u202Egnp.exe', 'report_gnp.exe'],
    ['bell\u0007and\u001bescape.txt', 'bell_and_escape.txt'],
    ['tab\tnew\nline.txt', 'tab_new_line.txt'],
    ['trailing dot. ', 'trailing dot'],
    ['.hidden', 'hidden'],
    ['a:b*c?d"e<f>g|h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['zero\u200bwidth.json', 'zero_width.json'],
    ['résumé.pdb', 'résumé.pdb'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(safeFileName(input), expected));
  }

  it('keeps the extension when it shortens a long name', () => {
    const name = safeFileName(`${'x'.repeat(300)}.cif`);
    assert.equal(name.length, 120);
    assert.ok(name.endsWith('.cif'));
  });
});

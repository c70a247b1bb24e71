/**
 * The poller against the real loopback emulators, in virtual time: results survive transient
 * answers, one unknown id does not stall a batch, batches stay whole, focus is honoured, finishes
 * are predicted (progress, learned durations), and ambiguous submissions are looked for while running.
 */
import * as assert from 'node:assert/strict';
import type { JobRecord } from '../../../src/jobs/model';
import { submitDraft } from '../../../src/jobs/submit';
import { createOpenProteinProvider } from '../../../src/providers/openprotein/provider';
import type { Fault } from '../../emulators/common';
import { startOpenProteinEmulator, type OpenProteinEmulator, type OpenProteinEmulatorOptions } from '../../emulators/openprotein/server';
import { NEAR_FINISH_MS } from '../../../src/jobs/schedule';
import { codonHarness, type CodonHarness } from '../support/codonHarness';
import { providerHarness, type ProviderHarness } from '../support/providerHarness';

const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';
const STATUS = '/optimise/status';
const RESULT = '/optimise/result';

type OpHarness = ProviderHarness<OpenProteinEmulator>;
const opHarness = (opts: OpenProteinEmulatorOptions = {}, timeoutMs?: number) =>
  providerHarness((now) => startOpenProteinEmulator({ seedJobs: false, ...opts, now }), createOpenProteinProvider, { timeoutMs });

/** Creates `n` codon jobs on the emulator (raw API) and tracks them as submitted from this window. */
async function codonJobs(h: CodonHarness, n: number, prefix = 'job'): Promise<JobRecord[]> {
  const token = h.emulator.issueToken();
  const now = h.clock.now();
  const records: JobRecord[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${h.emulator.url}/optimise`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${prefix}${i}`, sequence: 'ATGAAAGCCTAA', fitness_list: [{ name: 'cai' }] }),
    });
    const { jobid } = (await res.json()) as { jobid: string };
    records.push({ id: `${prefix}-${i}`, providerId: 'codon', remoteId: jobid, name: `${prefix}${i}`, status: 'queued', createdAt: now, updatedAt: now, origin: 'submitted' });
  }
  await h.store.add(...records);
  return records;
}

async function opJob(h: OpHarness, name: string): Promise<JobRecord> {
  return submitDraft(h, h.provider, { name, request: { name, sequence: INSULIN } });
}

async function until(h: { step(ms: number, stepMs?: number): Promise<void> }, done: () => boolean, limitMs: number, stepMs = 500): Promise<boolean> {
  for (let t = 0; t < limitMs; t += stepMs) {
    if (done()) return true;
    await h.step(stepMs, stepMs);
  }
  return done();
}

const ids = (h: CodonHarness) => h.emulator.log.list({ path: STATUS }).map((r) => (r.body as { jobids: string[] }).jobids);

describe('poller', () => {
  let h: CodonHarness | OpHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  describe('results are retried, never lost to a transient answer', () => {
    const transient: [string, Fault][] = [
      ['an HTML maintenance page', { kind: 'status', status: 200, body: '<html><body><h1>Down for maintenance</h1></body></html>', headers: { 'content-type': 'text/html' } }],
      ['a 502 from a proxy', { kind: 'status', status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }],
      ['a 500', { kind: 'status', status: 500 }],
      ['a connection reset', { kind: 'reset' }],
      ['a truncated JSON body', { kind: 'malformed' }],
      ['a hang past the timeout', { kind: 'hang' }],
    ];
    for (const [what, fault] of transient) {
      it(`after ${what} on the result request, the result arrives on a later try`, async () => {
        const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 0 }, timeoutMs: 2000 }));
        const [job] = await codonJobs(c, 1);
        c.emulator.faults.add({ path: RESULT, times: 2, fault });
        c.poller.start();
        assert.ok(await until(c, () => !!c.store.get(job.id)?.result, 120_000, 1000), `result stored (message: ${c.store.get(job.id)?.message})`);
        const done = c.store.get(job.id);
        assert.equal(done?.status, 'succeeded');
        assert.equal(done?.resultError, undefined, 'no result error: the row is a plain success');
        assert.equal(done?.message, undefined, 'the retry note is gone');
        assert.equal(c.emulator.log.count({ path: RESULT }), 3, `two failed tries, one good: ${JSON.stringify(c.emulator.log.list({ path: RESULT }).map((r) => [r.timestamp, r.status, r.fault]))} ${c.log.lines.join('\n')}`);
      });
    }

    it('honours Retry-After on a 503 result answer', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 0 } }));
      const [job] = await codonJobs(c, 1);
      c.emulator.faults.add({ path: RESULT, fault: { kind: 'status', status: 503, headers: { 'retry-after': '45' } } });
      c.poller.start();
      await c.step(2000, 500);
      assert.equal(c.emulator.log.count({ path: RESULT }), 1);
      const first = c.emulator.log.list({ path: RESULT })[0].timestamp;
      assert.ok(await until(c, () => !!c.store.get(job.id)?.result, 120_000, 1000));
      const second = c.emulator.log.list({ path: RESULT })[1].timestamp;
      assert.ok(second - first >= 45_000, `asked again after ${second - first} ms`);
    });

    it('a definite answer (404) sets a result error; Refresh tries again and gets it', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 0 } }));
      const [job] = await codonJobs(c, 1);
      c.emulator.faults.add({ path: RESULT, fault: { kind: 'status', status: 404, body: { detail: 'Job not found' } } });
      c.poller.start();
      assert.ok(await until(c, () => !!c.store.get(job.id)?.resultError, 30_000));
      assert.match(c.store.get(job.id)?.resultError ?? '', /404/);
      await c.step(120_000, 5000);
      assert.equal(c.emulator.log.count({ path: RESULT }), 1, 'no loop after a definite answer');
      c.poller.refresh([job.id]);
      assert.ok(await until(c, () => !!c.store.get(job.id)?.result, 30_000));
      assert.equal(c.store.get(job.id)?.resultError, undefined);
    });
  });

  describe('batches', () => {
    it('one id the API no longer knows (404 for the whole batch) does not stall the others', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 2000, processingMs: 20_000 }, unknownIds: 'reject' }));
      const jobs = await codonJobs(c, 8);
      assert.ok(c.emulator.forget(jobs[5].remoteId as string));
      c.poller.start();
      assert.ok(await until(c, () => jobs.filter((j) => j !== jobs[5]).every((j) => !!c.store.get(j.id)?.result), 120_000), 'the other seven succeed with results');
      const lost = c.store.get(jobs[5].id);
      assert.equal(lost?.status, 'unknown');
      assert.match(lost?.message ?? '', /does not know this job any more \(HTTP 404: Job .* not found\)/);
      // The refused batch was split once; later ticks send the seven together and the lost id alone.
      const calls = c.emulator.log.list({ path: STATUS });
      assert.equal((calls[0].body as { jobids: string[] }).jobids.length, 8);
      assert.equal(calls[0].status, 404);
      const later = calls.slice(8);
      assert.ok(later.length >= 2, `${calls.length} status calls`);
      for (const r of later) {
        const b = (r.body as { jobids: string[] }).jobids;
        assert.ok(b.includes(jobs[5].remoteId as string) ? b.length === 1 && r.status === 404 : r.status === 200, `${b.length} ids → ${r.status}`);
      }
    });

    it('keeps 15 running jobs in one request per tick (no fragmentation) and 250 in 3', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 3_600_000 } }));
      await codonJobs(c, 15);
      c.poller.start();
      await c.step(5 * 60_000, 1000);
      const batches = ids(c);
      assert.ok(batches.length >= 5, `${batches.length} requests`);
      assert.deepEqual(new Set(batches.map((b) => b.length)), new Set([15]), `ids per request: ${batches.map((b) => b.length)}`);
      c.emulator.log.clear();
      await codonJobs(c, 235, 'more');
      await c.step(500, 100);
      assert.deepEqual(ids(c).map((b) => b.length).sort(), [100, 100, 50]);
    });
  });

  describe('focus', () => {
    it('unfocused polls at most a tenth as often; focus refreshes every running job at once', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 3_600_000 } }));
      await codonJobs(c, 5);
      c.poller.start();
      await c.step(5 * 60_000, 1000); // backed off to the cap
      c.emulator.log.clear();
      await c.step(20 * 60_000, 5000);
      const focused = c.emulator.log.count({ path: STATUS });
      c.poller.setFocused(false);
      c.emulator.log.clear();
      await c.step(20 * 60_000, 5000);
      const unfocused = c.emulator.log.count({ path: STATUS });
      assert.ok(focused >= 15, `${focused} focused`);
      assert.ok(unfocused <= focused / 10, `${unfocused} unfocused vs ${focused} focused`);
      c.emulator.log.clear();
      const focusAt = c.clock.now();
      c.poller.setFocused(true);
      await c.step(3000, 100);
      // At once, or once the floor after the last unfocused check has passed: one request with all five.
      const first = c.emulator.log.list({ path: STATUS })[0];
      assert.ok(first && first.timestamp - focusAt <= 3000, 'checked within the floor of regaining focus');
      assert.equal((first.body as { jobids: string[] }).jobids.length, 5, 'one check of all five');
    });
  });

  describe('predicting finishes', () => {
    it('OpenProtein: checks rarely while progress is far from 100 %, and often near it', async () => {
      const o = (h = await opHarness({ timing: { pendingMs: 5000, runningMs: 10 * 60_000 } }));
      const job = await opJob(o, 'slow');
      o.poller.start();
      const end = o.emulator.finishedAt(job.remoteId as string) as number;
      assert.ok(await until(o, () => o.store.get(job.id)?.status === 'succeeded', 15 * 60_000, 1000));
      const seen = o.store.get(job.id)?.updatedAt as number;
      const checks = o.emulator.log.list({ path: `/api/v1/jobs/${job.remoteId}` }).map((r) => r.timestamp);
      const fixed = Math.ceil((end - checks[0]) / 5000);
      assert.ok(checks.length <= fixed / 4, `${checks.length} checks vs ${fixed} for a fixed 5 s poller`);
      assert.ok(seen - end <= 12_000, `finish seen ${seen - end} ms late`);
      const gaps = checks.slice(1).map((t, i) => t - checks[i]);
      assert.ok(gaps.every((g) => g >= 5000), 'never under the 5 s floor');
      assert.ok(Math.max(...gaps) >= 20_000, `rare while far from the end (gaps ${gaps.map((g) => Math.round(g / 1000))} s)`);
      assert.ok(gaps.slice(-2).every((g) => g <= NEAR_FINISH_MS * 1.2), `close checks near the end (gaps ${gaps.map((g) => Math.round(g / 1000))} s)`);
    });

    it('codon: learns how long jobs take and checks around that time', async () => {
      const c = (h = await codonHarness({ timing: { pendingMs: 0, processingMs: 8 * 60_000 } }));
      const first = await codonJobs(c, 5, 'a');
      c.poller.start();
      assert.ok(await until(c, () => first.every((j) => c.store.get(j.id)?.status === 'succeeded'), 20 * 60_000, 2000));
      await c.step(120_000, 2000); // the finishes are no longer recent
      // A second wave, known to take ~8 minutes: quiet for most of it, then close checks.
      const t0 = c.clock.now();
      const second = await codonJobs(c, 5, 'b');
      c.emulator.log.clear();
      assert.ok(await until(c, () => second.every((j) => c.store.get(j.id)?.status === 'succeeded'), 20 * 60_000, 1000));
      const end = c.emulator.finishedAt(second[0].remoteId as string) as number;
      const late = (c.store.get(second[0].id)?.updatedAt as number) - end;
      const times = c.emulator.log.list({ path: STATUS }).map((r) => r.timestamp - t0);
      const early = times.filter((t) => t < 6 * 60_000).length;
      assert.ok(early <= 8, `${early} checks in the first 6 of 8 minutes (${times.map((t) => Math.round(t / 1000))})`);
      assert.ok(late <= 9000, `seen ${late} ms after the finish`);
    });
  });

  describe('ambiguous submissions are looked for while running', () => {
    it('codon: a create whose answer was lost joins its remote job without a second POST', async () => {
      const c = (h = await codonHarness({ timeoutMs: 300 }));
      // The job is created, and the answer never comes: the client times out.
      c.emulator.faults.add({ method: 'POST', path: '/optimise', phase: 'after', fault: { kind: 'hang' } });
      await assert.rejects(submitDraft(c, c.provider, { name: 'gene-abc123', request: { name: 'gene-abc123', sequence: 'ATGAAATAA', fitness_list: [{ name: 'cai' }] } }));
      const [job] = c.store.all();
      assert.equal(job.status, 'unknown');
      c.poller.start();
      assert.ok(await until(c, () => !!c.store.get(job.id)?.remoteId, 60_000, 1000), 'joined while running, no restart');
      assert.equal(c.store.get(job.id)?.remoteId, c.emulator.jobIds()[0]);
      assert.equal(c.emulator.log.count({ method: 'POST', path: '/optimise' }), 1, 'never sent twice');
      assert.ok(await until(c, () => !!c.store.get(job.id)?.result, 60_000, 1000), 'and is followed to its result');
    });

    it('OpenProtein: a create that never reached the API stays unknown (Resubmit / Remove), and keeps being looked for', async () => {
      const o = (h = await opHarness({}, 300));
      o.emulator.faults.add({ method: 'POST', path: '/api/v1/poet/align/msa', phase: 'before', fault: { kind: 'hang' } });
      await assert.rejects(opJob(o, 'lost'));
      const [job] = o.store.all();
      o.poller.start();
      await o.step(10 * 60_000, 5000);
      const looks = o.emulator.log.count({ method: 'GET', path: '/api/v1/jobs' });
      assert.ok(looks >= 3 && looks <= 12, `${looks} looks in 10 minutes`);
      assert.equal(o.store.get(job.id)?.status, 'unknown');
      assert.equal(o.store.get(job.id)?.remoteId, undefined, 'no job was made up');
      assert.ok(o.store.get(job.id)?.request, 'the request is kept for Resubmit');
      assert.match(o.store.get(job.id)?.message ?? '', /keeps looking for it; you can also resubmit or remove it/);
      assert.equal(o.emulator.log.count({ method: 'POST', path: '/api/v1/poet/align/msa' }), 1, 'nothing sent again');
    });
  });
});

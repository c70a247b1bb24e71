/** The OpenProtein provider end to end against its emulator, in virtual time. */
import * as assert from 'node:assert/strict';
import { AuthError } from '../../../../src/core/errors';
import { readResultText } from '../../support/results';
import type { JobRecord } from '../../../../src/jobs/model';
import { recoverSubmissions, submitDraft } from '../../../../src/jobs/submit';
import { createOpenProteinProvider, statusOf } from '../../../../src/providers/openprotein/provider';
import { DEFAULT_FAILURE_MESSAGE } from '../../../emulators/openprotein/jobs';
import { startOpenProteinEmulator, type OpenProteinEmulator, type OpenProteinEmulatorOptions } from '../../../emulators/openprotein/server';
import { providerHarness, type ProviderHarness } from '../../support/providerHarness';
import { scriptedPrompter } from '../../support/codonHarness';

type Harness = ProviderHarness<OpenProteinEmulator>;
const harness = (opts: OpenProteinEmulatorOptions = {}) =>
  providerHarness((now) => startOpenProteinEmulator({ seedJobs: false, ...opts, now }), createOpenProteinProvider);

const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';

async function submit(h: Harness, text: string): Promise<JobRecord[]> {
  const parsed = await h.provider.submission!.parse({ fileName: 'seeds.fasta', text, byteLength: text.length });
  const ctx = { prompter: scriptedPrompter({}), memory: { get: () => undefined, set: async () => undefined }, settings: { get: () => undefined } };
  const drafts = (await h.provider.submission!.prepare(parsed, ctx)) ?? [];
  const jobs: JobRecord[] = [];
  for (const d of drafts) jobs.push(await submitDraft(h, h.provider, d, 'seeds.fasta'));
  return jobs;
}

async function runUntil(h: Harness, done: () => boolean, limitMs = 120_000): Promise<void> {
  for (let t = 0; t < limitMs && !done(); t += 1000) await h.step(1000, 500);
}

describe('OpenProtein provider against the emulator', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('logs in with form fields and checks the credentials', async () => {
    h = await harness();
    assert.match(await h.provider.checkCredentials(), /^\d+ jobs? on the account$/);
    const login = h.emulator.log.list({ path: '/api/v1/login/user-access-token' });
    assert.equal(login.length, 1);
    h.creds.openprotein.password = 'nope';
    h.provider.signOut();
    await assert.rejects(h.provider.checkCredentials(), (e: unknown) => e instanceof AuthError && /OpenProtein\.AI rejected the username or password \(HTTP 401\)/.test(e.message));
  });

  it('submits one job per seed as multipart, follows progress to SUCCESS and saves the A3M', async () => {
    h = await harness({ timing: { pendingMs: 2000, runningMs: 20_000 } });
    const jobs = await submit(h, `>insulin\n${INSULIN}\n>insulin_b\n${INSULIN.slice(24)}\n`);
    assert.equal(jobs.length, 2);
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/api/v1/poet/align/msa' }), 2);
    h.poller.start();
    const progress = new Set<number>();
    await runUntil(h, () => {
      const j = h.store.get(jobs[0].id);
      if (j?.progress?.percent !== undefined) progress.add(j.progress.percent);
      return !!j?.result;
    });
    const done = h.store.get(jobs[0].id);
    assert.equal(done?.status, 'succeeded');
    assert.equal(done?.rawStatus, 'SUCCESS');
    assert.ok(progress.size >= 2, `progress seen: ${[...progress]}`);
    assert.equal(done?.result?.files[0].view, 'msa');
    const a3m = await readResultText(h.results, done!);
    const [header, query] = a3m.split('\n');
    assert.match(header, /^>/);
    assert.equal(query.replace(/[-.a-z]/g, ''), INSULIN, 'the seed is the first row');
    assert.ok(a3m.split('\n>').length > 10);
  });

  it('shows RETRYING as running with the raw status, and FAILURE as failed', async () => {
    h = await harness({ timing: { pendingMs: 1000, runningMs: 10_000, retryingMs: 5000 } });
    const [retry, fail] = await submit(h, `>retry_me\n${INSULIN}\n>will_fail\n${INSULIN}\n`);
    h.poller.start();
    const raw = new Set<string>();
    await runUntil(h, () => {
      raw.add(`${h.store.get(retry.id)?.status}/${h.store.get(retry.id)?.rawStatus}`);
      return !!h.store.get(retry.id)?.result && h.store.get(fail.id)?.status === 'failed';
    });
    assert.ok(raw.has('running/RETRYING'), [...raw].join(', '));
    assert.equal(h.store.get(retry.id)?.status, 'succeeded');
    assert.equal(h.store.get(fail.id)?.rawStatus, 'FAILURE');
  });

  it("carries the API's failure reason (the Job's failure_message) into the job, for the toast, tooltip and panel", async () => {
    h = await harness({ timing: { pendingMs: 1000, runningMs: 10_000 } });
    const finished: JobRecord[] = [];
    h.poller.onDidFinish((j) => finished.push(j));
    const [ok, fail] = await submit(h, `>fine\n${INSULIN}\n>will_fail\n${INSULIN}\n`);
    h.poller.start();
    await runUntil(h, () => h.store.get(fail.id)?.status === 'failed' && !!h.store.get(ok.id)?.result);
    assert.equal(h.store.get(fail.id)?.message, DEFAULT_FAILURE_MESSAGE);
    assert.equal(finished.find((j) => j.id === fail.id)?.message, DEFAULT_FAILURE_MESSAGE, 'the finished event (the toast) has it');
    assert.equal(h.store.get(ok.id)?.message, undefined, 'a success carries no reason');
  });

  it('maps failure_message on FAILURE and CANCELED, and nothing while running', () => {
    const base = { job_id: 'j', job_type: '/align/align', progress_counter: 50, progress_message: 'aligning homologs' };
    assert.equal(statusOf({ ...base, status: 'FAILURE', failure_message: 'OOM: worker exited with code 137' }).message, 'OOM: worker exited with code 137');
    assert.equal(statusOf({ ...base, status: 'FAILURE', failure_message: null }).message, 'aligning homologs', 'the last word of the worker when no reason is given');
    assert.equal(statusOf({ ...base, status: 'CANCELED', failure_message: 'Canceled by the user' }).message, 'Canceled by the user');
    assert.equal(statusOf({ ...base, status: 'RUNNING', failure_message: null }).message, undefined);
  });

  it('offers no cancel: the OpenProtein documents show no cancel endpoint', async () => {
    h = await harness({});
    assert.equal(h.provider.cancel, undefined);
  });

  it('renews the token once on a 401 and polls one job per request within the rate limit', async () => {
    h = await harness({ timing: { pendingMs: 3_600_000 } });
    const jobs = await submit(h, `>a\n${INSULIN}\n>b\n${INSULIN}\n>c\n${INSULIN}\n`);
    h.poller.start();
    await h.step(1000);
    assert.equal(h.emulator.log.list({ path: { prefix: '/api/v1/jobs/' } }).length, 3);
    h.emulator.expireTokens();
    h.poller.refresh();
    await h.step(5000); // never under the 5 s floor, even on Refresh
    assert.equal(h.emulator.log.count({ path: '/api/v1/login/user-access-token' }), 2, 'one re-login');
    // An hour of unchanged jobs: never more than 60 status calls a minute, backing off to 60 s.
    h.emulator.log.clear();
    await h.step(3_600_000, 5000);
    const calls = h.emulator.log.list({ path: { prefix: '/api/v1/jobs/' } }).map((r) => r.timestamp);
    assert.ok(calls.length < jobs.length * 70, `${calls.length} calls`);
    for (let i = 60; i < calls.length; i++) assert.ok(calls[i] - calls[i - 60] >= 60_000, 'rate limit held');
  });

  it('imports MSA jobs only, over pages', async () => {
    h = await harness({ seedJobs: true });
    const remote = [];
    for await (const r of h.provider.listRemote!()) remote.push(r);
    assert.ok(remote.length >= 4, `${remote.length} MSA jobs`);
    assert.ok(remote.every((r) => r.name.startsWith('PoET MSA ')));
    assert.ok(remote.some((r) => r.status === 'running') && remote.some((r) => r.status === 'cancelled') && remote.some((r) => r.status === 'failed'));
  });

  it('recovers an interrupted submission when exactly one untracked job fits', async () => {
    h = await harness();
    const draft = { name: 'p', request: { name: 'p', sequence: INSULIN } };
    const { remoteId } = await h.provider.submission!.submit(draft, 'k');
    const now = h.clock.now();
    await h.store.add({ id: 'x', providerId: 'openprotein', name: 'p', status: 'submitting', createdAt: now, updatedAt: now, request: draft.request });
    await recoverSubmissions(h, new Map([['openprotein', h.provider]]));
    assert.equal(h.store.get('x')?.remoteId, remoteId);
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/api/v1/poet/align/msa' }), 1, 'not sent again');
  });

  it('waits for a result that is not ready yet without pausing the provider', async () => {
    h = await harness({ timing: { pendingMs: 0, runningMs: 0 } });
    const [job] = await submit(h, `>p\n${INSULIN}\n`);
    h.emulator.faults.add({
      method: 'GET',
      path: '/api/v1/poet/align/msa',
      times: 2,
      fault: { kind: 'status', status: 200, body: '', headers: { job_status: 'RUNNING', 'content-type': 'text/plain' } },
    });
    h.poller.start();
    await h.step(60_000, 1000);
    const done = h.store.get(job.id);
    assert.ok(done?.result, 'the result arrived on a later try');
    assert.equal(done?.resultError, undefined);
    assert.equal(h.emulator.log.count({ method: 'GET', path: '/api/v1/poet/align/msa' }), 3);
    assert.ok(h.log.lines.some((l) => /not ready yet \(job_status RUNNING\)/.test(l)));
    assert.deepEqual(h.log.lines.filter((l) => l.startsWith('warn')), [], 'no provider-wide failure or pause');
  });

  it('asks again for a result that is not an alignment, and keeps the real one when it comes', async () => {
    h = await harness({ timing: { pendingMs: 0, runningMs: 0 } });
    const [job] = await submit(h, `>p\n${INSULIN}\n`);
    h.emulator.faults.add({ method: 'GET', path: '/api/v1/poet/align/msa', fault: { kind: 'status', status: 200, body: '<html><title>Maintenance</title></html>', headers: { job_status: 'SUCCESS', 'content-type': 'text/html' } } });
    h.poller.start();
    for (let i = 0; i < 40 && !h.store.get(job.id)?.message; i++) await h.step(500, 500);
    assert.match(h.store.get(job.id)?.message ?? '', /returned no alignment.*Retrying in \d+ s/);
    assert.equal(h.store.get(job.id)?.resultError, undefined, 'not given up');
    await h.step(60_000, 1000);
    const done = h.store.get(job.id);
    assert.ok(done?.result, 'the alignment arrived on a later try');
    assert.match(await readResultText(h.results, done), /^>/);
  });
});

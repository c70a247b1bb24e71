/** The track-only humanization provider against its emulator, in virtual time. */
import * as assert from 'node:assert/strict';
import { AuthError } from '../../../../src/core/errors';
import type { JobRecord } from '../../../../src/jobs/model';
import { createHumanizationProvider } from '../../../../src/providers/humanization/provider';
import { startHumanizationEmulator, type HumanizationEmulator } from '../../../emulators/humanization/server';
import { providerHarness, type ProviderHarness } from '../../support/providerHarness';
import { readResultText } from '../../support/results';

type H = ProviderHarness<HumanizationEmulator>;

async function harness(): Promise<H> {
  const h = await providerHarness((now) => startHumanizationEmulator({ now, seedJobs: false, timing: { pendingMs: 2_000, runningMs: 8_000 } }), createHumanizationProvider);
  h.creds.humanization = { token: h.emulator.demoToken };
  return h;
}

async function track(h: H, remoteId: string): Promise<JobRecord> {
  const now = h.clock.now();
  const job: JobRecord = { id: `local-${remoteId}`, providerId: 'humanization', remoteId, name: remoteId, status: 'queued', createdAt: now, updatedAt: now, origin: 'tracked' };
  await h.store.add(job);
  return job;
}

describe('humanization provider against the emulator', () => {
  let h: H | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is track-only: no submission, list, cancel or events; ids are UUIDs', async () => {
    h = await harness();
    const p = h.provider;
    assert.equal(p.submission, undefined);
    assert.equal(p.listRemote, undefined);
    assert.equal(p.cancel, undefined);
    assert.equal(p.events, undefined);
    assert.match(p.validateRemoteId?.('job_123') ?? '', /is a UUID/);
    assert.equal(p.validateRemoteId?.('3c90c3cc-0d44-4b50-8888-8dd25736052a'), undefined);
    assert.equal(await p.checkCredentials(), 'token accepted');
  });

  it('follows pending → running → completed with timestamps, and stores the report and the structures', async () => {
    h = await harness();
    const remoteId = h.emulator.createJob({ pdb: 'served' });
    const job = await track(h, remoteId);
    h.poller.start();
    await h.step(7_000, 500); // checked at 0 s (pending) and 5 s, the floor
    assert.equal(h.store.get(job.id)?.status, 'running');
    assert.ok(h.store.get(job.id)?.facts?.some((f) => f.label === 'Started'));
    await h.step(30_000, 1000);
    const done = h.store.get(job.id);
    assert.equal(done?.status, 'succeeded');
    assert.deepEqual(done?.result?.files.map((f) => [f.name, f.view]), [['report.json', 'report'], ['structure.pdb', 'structure'], ['complex.pdb', 'structure']]);
    const report = JSON.parse(await readResultText(h.results, done!)) as { job: { id: string }; results: unknown[] };
    assert.equal(report.job.id, remoteId);
    assert.ok(report.results.length > 0);
  });

  it('says why when a structure cannot be fetched, and keeps the report', async () => {
    h = await harness();
    const remoteId = h.emulator.createJob({ pdb: 'unavailable' });
    const job = await track(h, remoteId);
    h.poller.start();
    await h.step(40_000, 1000);
    const done = h.store.get(job.id);
    assert.deepEqual(done?.result?.files.map((f) => f.name), ['report.json', 'notes.json']);
    const notes = JSON.parse(new TextDecoder().decode(await h.results.readBytes(job.id, 'notes.json'))) as Record<string, string>;
    assert.match(notes.structure, /could not be fetched \(.*HTTP 404/);
  });

  it('maps a failure with its error_message, and tolerates missing sections', async () => {
    h = await harness();
    const failed = await track(h, h.emulator.createJob({ outcome: 'failed', errorMessage: 'ANARCI could not number the VL chain' }));
    const partial = await track(h, h.emulator.createJob({ sections: { structure: 'null', stability: 'missing', immunogenicity: 'missing', complex: 'null' } }));
    h.poller.start();
    await h.step(40_000, 1000);
    assert.equal(h.store.get(failed.id)?.status, 'failed');
    assert.equal(h.store.get(failed.id)?.message, 'ANARCI could not number the VL chain');
    assert.deepEqual(h.store.get(partial.id)?.result?.files.map((f) => f.name), ['report.json']);
  });

  it('pauses on a rejected token instead of looping', async () => {
    h = await harness();
    await track(h, h.emulator.createJob());
    h.creds.humanization = { token: 'wrong-token' };
    const problems: string[] = [];
    h.poller.onAuthProblem((p) => problems.push(p.message));
    h.poller.start();
    await h.step(60_000, 1000);
    assert.deepEqual(problems, ['Antibody humanization rejected the token (HTTP 401).']);
    await assert.rejects(h.provider.checkCredentials(), (e: unknown) => e instanceof AuthError);
  });
});

/**
 * The provider contract v2 end to end in virtual time, with the test-only relay provider
 * (track-only, events, two result files one binary) on a real loopback server.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../../../src/core/clock';
import { HttpClient } from '../../../src/core/http';
import { MemoryLogger } from '../../../src/core/log';
import type { JobRecord } from '../../../src/jobs/model';
import { Poller } from '../../../src/jobs/poller';
import { ResultStore } from '../../../src/jobs/results';
import { JobStore } from '../../../src/jobs/store';
import { createRelayProvider, RELAY_ID } from '../../providers/relay/provider';
import { MODEL_BYTES, startRelayServer, type RelayServer } from '../../providers/relay/server';

describe('provider contract v2 (relay: track-only, events, two files)', () => {
  let dir: string;
  let server: RelayServer;
  let clock: VirtualClock;
  let store: JobStore;
  let results: ResultStore;
  let poller: Poller;
  const finished: JobRecord[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-contract-'));
    server = await startRelayServer();
    clock = new VirtualClock(Date.UTC(2026, 11, 1));
    const log = new MemoryLogger();
    const http = new HttpClient({ clock, log, retries: 0, random: () => 0.5, timeoutMs: 5_000 });
    const provider = createRelayProvider({ http, clock, log, credentials: { get: async () => ({ token: 't' }) }, baseUrl: () => server.url });
    store = new JobStore(dir, clock, log);
    await store.load();
    results = new ResultStore(path.join(dir, 'results'));
    poller = new Poller({ store, results, providers: new Map([[RELAY_ID, provider]]), clock, log, random: () => 0.5 });
    finished.length = 0;
    poller.onDidFinish((j) => finished.push(j));
  });

  afterEach(async () => {
    poller.dispose();
    await store.flush();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function track(remoteId: string): Promise<JobRecord> {
    server.addJob(remoteId);
    const now = clock.now();
    const job: JobRecord = { id: `local-${remoteId}`, providerId: RELAY_ID, remoteId, name: remoteId, status: 'queued', createdAt: now, updatedAt: now, origin: 'tracked' };
    await store.add(job);
    return job;
  }

  /** Advances virtual time in small steps, with real time for the sockets, until `done` or the limit. */
  async function until(what: string, done: () => boolean, maxMs = 120_000, stepMs = 100): Promise<void> {
    for (let t = 0; t <= maxMs; t += stepMs) {
      if (done()) return;
      await new Promise((r) => setTimeout(r, 5));
      await clock.advance(stepMs);
      await poller.whenIdle();
    }
    assert.fail(`timed out (virtual ${maxMs} ms) waiting for ${what}`);
  }

  it('follows a job by its events without polling, and stores both files (one binary) when it succeeds', async () => {
    const job = await track('r1');
    poller.start();
    await until('the stream to open', () => server.openStreams('r1') === 1);
    server.push('r1', 'running', 40);
    await until('running 40 %', () => store.get(job.id)?.progress?.percent === 40);
    assert.equal(store.get(job.id)?.status, 'running');
    assert.deepEqual(store.get(job.id)?.facts, [{ label: 'Relay progress', value: '40%' }]);
    server.push('r1', 'done', 100);
    await until('the result to be stored', () => !!store.get(job.id)?.result);
    assert.equal(server.count('status'), 0, 'no status poll while the stream flowed');
    const files = store.get(job.id)?.result?.files ?? [];
    assert.deepEqual(files.map((f) => [f.name, f.mediaType, f.size, f.primary]), [['report.json', 'application/json', JSON.stringify({ id: 'r1', score: 0.93, note: 'relay report' }).length, true], ['model.bin', 'application/octet-stream', 256, false]]);
    assert.deepEqual([...((await results.readBytes(job.id, 'model.bin')) ?? [])], [...MODEL_BYTES]);
    assert.equal(finished.length, 1);
    assert.equal(poller.isScheduled, false, 'nothing left to do: no timer');
  });

  it('polls when the stream ends or drops, and reconnects with backoff', async () => {
    const job = await track('r2');
    poller.start();
    await until('the stream to open', () => server.openStreams('r2') === 1);
    const eventsBefore = server.count('events');
    const t0 = clock.now();
    server.refuseStreams(3);
    server.endStreams('r2');
    await until('the stream to close', () => server.openStreams('r2') === 0);
    await until('a status poll after the stream ended', () => server.count('status') >= 1);
    await until('the stream to be open again', () => server.openStreams('r2') === 1, 60_000);
    const waited = clock.now() - t0;
    assert.equal(server.count('events') - eventsBefore, 4, 'three refused reconnects, then one that held');
    // 1 s + 2 s + 4 s + 8 s of backoff (jitter fixed at 1.0) before the fourth try.
    assert.ok(waited >= 15_000 && waited < 20_000, `reconnected after ${waited} ms`);
    const polls = server.count('status');
    server.push('r2', 'running', 10);
    await until('the pushed update', () => store.get(job.id)?.progress?.percent === 10);
    await until('a while', () => false, 10_000, 500).catch(() => undefined);
    assert.equal(server.count('status'), polls, 'no polling while the stream flows again');
    server.breakStreams('r2');
    await until('a poll after the stream dropped', () => server.count('status') > polls);
  });

  it('is track-only: no submission capability, and a finished job ends its stream', async () => {
    const job = await track('r3');
    const provider = createRelayProvider({ http: new HttpClient({ clock, log: new MemoryLogger() }), clock, log: new MemoryLogger(), credentials: { get: async () => undefined }, baseUrl: () => server.url });
    assert.equal(provider.submission, undefined);
    assert.equal(provider.cancel, undefined);
    poller.start();
    await until('the stream to open', () => server.openStreams('r3') === 1);
    server.push('r3', 'failed');

    await until('failed', () => store.get(job.id)?.status === 'failed');
    await until('the stream to close', () => server.openStreams('r3') === 0);
    await until('the failure to be announced', () => finished.length > 0);
    assert.deepEqual(finished.map((j) => j.status), ['failed'], `finished: ${JSON.stringify(finished)}`);
  });
});

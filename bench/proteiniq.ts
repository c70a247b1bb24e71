/**
 * ProteinIQ figures of issue 12 (part of `npm run bench`; alone: `node out/bench/proteiniq.js`),
 * in real time against the loopback emulator, counted from the emulator's request log (per API
 * key, so each scenario counts only its own requests):
 *   A. one job followed by events: its requests vs the minimum (quote + submit + result + 1 status),
 *      and the time from the job's end at ProteinIQ (completed_at) to the store holding it, and to
 *      its result saved;
 *   B. one job when the stream is unavailable (the provider polls 5 → 10 → 20 → 30 s), beside the
 *      same job under a fixed 5 s poller, in the same run on the same emulator;
 *   C. 200 jobs at once (started elsewhere, then tracked): own 429s, polls under 5 s, and the
 *      busiest 60 s of the key.
 * Every scenario runs the real provider, store and poller on the system clock.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock';
import { HttpClient } from '../src/core/http';
import { nullLogger } from '../src/core/log';
import type { JobRecord } from '../src/jobs/model';
import { Poller } from '../src/jobs/poller';
import { ResultStore } from '../src/jobs/results';
import { JobStore } from '../src/jobs/store';
import { submitDraft } from '../src/jobs/submit';
import { createProteinIqProvider } from '../src/providers/proteiniq/provider';
import type { Provider, SubmitContext } from '../src/providers/types';
import { authFingerprint } from '../test/emulators/common/log';
import { startProteinIqEmulator, type ProteinIqEmulator, type ProteinIqEmulatorOptions } from '../test/emulators/proteiniq/server';
import { median } from './stats';

export type Row = (what: string, value: string, note?: string) => void;

const LYSOZYME = 'KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSR';
const KEYS = { events: 'pq_live_events_s3cret', polled: 'pq_live_polled_s3cret', fixed: 'pq_live_fixed_s3cret', crowd: 'pq_live_crowd_s3cret', webapp: 'pq_live_webapp_s3cret' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const body = (name: string) => ({ tool: 'esmfold', name, input: { inputs: [{ id: 'seqs_1', slotId: 'protein', kind: 'protein', format: 'fasta', content: `>${name}\n${LYSOZYME}`, source: { type: 'text' } }] }, settings: {} });

interface Stack {
  provider: Provider;
  store: JobStore;
  poller: Poller;
  close(): Promise<void>;
}

/** Provider + store + poller on the system clock, as the extension builds them, for one API key. */
async function stack(emulator: ProteinIqEmulator, apiKey: string): Promise<Stack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-bench-piq-'));
  const http = new HttpClient({ clock: systemClock, log: nullLogger });
  const provider = createProteinIqProvider({ http, clock: systemClock, log: nullLogger, credentials: { get: async () => ({ apiKey }) }, baseUrl: () => emulator.url });
  const store = new JobStore(dir, systemClock, nullLogger);
  await store.load();
  const poller = new Poller({ store, results: new ResultStore(path.join(dir, 'results')), providers: new Map([[provider.id, provider]]), clock: systemClock, log: nullLogger });
  return {
    provider,
    store,
    poller,
    async close() {
      poller.dispose();
      await store.flush();
      store.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Submits one FASTA job as the Submit command does (quote, confirmation answered yes). */
async function submitOne(s: Stack, name: string): Promise<JobRecord> {
  const text = `>${name}\n${LYSOZYME}\n`;
  const ctx: SubmitContext = {
    prompter: { pickOne: async (_t, items) => items[0]?.value, pickMany: async () => undefined, confirm: async () => true, ask: async (_t, _p, v) => v },
    memory: { get: () => undefined, set: async () => undefined },
    settings: { get: () => undefined },
  };
  const sub = s.provider.submission!;
  const [draft] = (await sub.prepare(await sub.parse({ fileName: `${name}.fasta`, text, byteLength: text.length }), ctx)) ?? [];
  return submitDraft({ store: s.store, clock: systemClock, log: nullLogger }, s.provider, draft, `${name}.fasta`);
}

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(20);
  }
}

const byKey = (emulator: ProteinIqEmulator, key: string) => {
  const fp = authFingerprint(`Bearer ${key}`);
  return emulator.log.list().filter((e) => e.auth === fp && e.path.startsWith('/api/v1/'));
};

async function emulatorWith(opts: ProteinIqEmulatorOptions): Promise<ProteinIqEmulator> {
  const keys = Object.fromEntries(Object.values(KEYS).map((k) => [k, 'team_demo']));
  return startProteinIqEmulator({ seedJobs: false, apiKeys: keys, workspaces: { team_demo: { name: 'Bench lab', credits: 10_000_000, maxConcurrentJobs: 10_000, dailyLimitMax: 10_000 } }, ...opts });
}

/** A. Events: requests over one job's life, and how soon its end is in the store. */
async function eventsJob(row: Row): Promise<void> {
  const emulator = await emulatorWith({ timing: { pendingMs: 1000, queuedMs: 1000, processingMs: 6000 }, events: { tickMs: 50 } });
  const s = await stack(emulator, KEYS.events);
  const latencies: number[] = [];
  const resultLatencies: number[] = [];
  const counts: number[] = [];
  try {
    s.poller.start();
    for (let i = 0; i < 5; i++) {
      const seen: { id?: string; status?: number; result?: number } = {};
      const sub = s.store.onDidChange(() => {
        const j = seen.id ? s.store.get(seen.id) : undefined;
        if (j?.status === 'succeeded' && seen.status === undefined) seen.status = Date.now();
        if (j?.result && seen.result === undefined) seen.result = Date.now();
      });
      const before = byKey(emulator, KEYS.events).length;
      const job = await submitOne(s, `events-${i}`);
      seen.id = job.id;
      await until('the result', () => !!s.store.get(job.id)?.result, 60_000);
      sub.dispose();
      const ended = Date.parse(emulator.job(job.remoteId!)?.completed_at ?? '');
      latencies.push((seen.status ?? NaN) - ended);
      resultLatencies.push((seen.result ?? NaN) - ended);
      counts.push(byKey(emulator, KEYS.events).length - before);
    }
    const min = 4;
    const worst = Math.max(...counts);
    row('ProteinIQ: requests over one job\'s life, events', `${median(counts)} (worst ${worst}) = ${(worst / min).toFixed(2)}× the minimum of ${min}`, 'quote + submit + events + result; minimum = quote + submit + 1 status + result; goal ≤ 1.2×; 5 jobs');
    row('ProteinIQ: job ends → store shows it (events)', `${median(latencies).toFixed(0)} ms median, ${Math.max(...latencies).toFixed(0)} ms worst`, 'from completed_at at the emulator to the store update, real time; goal ≤ 1 s');
    row('ProteinIQ: job ends → result saved (events)', `${median(resultLatencies).toFixed(0)} ms median, ${Math.max(...resultLatencies).toFixed(0)} ms worst`, 'result request + 3 signed-URL downloads + atomic writes');
  } finally {
    await s.close();
    await emulator.close();
  }
}

/** The same job under a fixed 5 s poller: quote, submit, a status request every 5 s until terminal, the result. */
async function fixedPoller(emulator: ProteinIqEmulator): Promise<number> {
  const call = async (method: string, p: string, b?: unknown) => {
    const res = await fetch(`${emulator.url}${p}`, { method, headers: { authorization: `Bearer ${KEYS.fixed}`, 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
    return (await res.json()) as { id?: string; status?: string };
  };
  let requests = 0;
  await call('POST', '/api/v1/jobs/quote', body('fixed'));
  const job = await call('POST', '/api/v1/jobs', body('fixed'));
  requests += 2;
  for (;;) {
    await sleep(5000);
    const s = await call('GET', `/api/v1/jobs/${job.id}/status`);
    requests++;
    if (['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'BUDGET_EXCEEDED'].includes(s.status ?? '')) break;
  }
  await call('GET', `/api/v1/results/${job.id}`);
  return requests + 1;
}

/** B. Polling (no events) beside a fixed 5 s poller, the same job length, same run. */
async function pollingJob(row: Row): Promise<void> {
  const lengthMs = 120_000;
  const emulator = await emulatorWith({ timing: { pendingMs: 5000, queuedMs: 5000, processingMs: lengthMs - 10_000 }, events: { mode: 'unavailable' } });
  const s = await stack(emulator, KEYS.polled);
  try {
    s.poller.start();
    const baseline = fixedPoller(emulator);
    const job = await submitOne(s, 'polled');
    await until('the polled result', () => !!s.store.get(job.id)?.result, lengthMs + 120_000);
    const fixed = await baseline;
    const ours = byKey(emulator, KEYS.polled);
    const statusPolls = ours.filter((e) => e.path.endsWith('/status')).length;
    const streams = ours.filter((e) => e.path.endsWith('/events')).length;
    row(
      `ProteinIQ: requests over one ${lengthMs / 1000} s job, polling`,
      `${ours.length} vs ${fixed} with a fixed 5 s poller = ${(ours.length / fixed).toFixed(2)}×`,
      `${statusPolls} status polls (5 → 10 → 20 → 30 s) + ${streams} refused stream request(s) + quote + submit + result; goal ≤ 0.5×`,
    );
    const stats = emulator.stats(5000);
    row('ProteinIQ: polls under 5 s / own 429s (one polled job)', `${stats.fastPolls.length} / ${stats.rateLimited}`, 'emulator log, both clients');
  } finally {
    await s.close();
    await emulator.close();
  }
}

/** C. 200 jobs started elsewhere, tracked at once by one key. */
async function crowd(row: Row): Promise<void> {
  const n = 200;
  const emulator = await emulatorWith({ timing: { pendingMs: 5000, queuedMs: 5000, processingMs: 30_000 } });
  const s = await stack(emulator, KEYS.crowd);
  try {
    emulator.setRateLimit({ limit: 100_000 });
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${emulator.url}/api/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.webapp}`, 'content-type': 'application/json' }, body: JSON.stringify(body(`crowd-${i}`)) });
      ids.push(((await res.json()) as { id: string }).id);
    }
    emulator.setRateLimit({ limit: 120 });
    const now = Date.now();
    await s.store.add(...ids.map((remoteId, i): JobRecord => ({ id: `c${i}`, providerId: 'proteiniq', remoteId, name: `crowd-${i}`, status: 'queued', createdAt: now, updatedAt: now, origin: 'tracked' })));
    const t0 = performance.now();
    s.poller.start();
    await until('200 results', () => ids.every((_, i) => !!s.store.get(`c${i}`)?.result), 15 * 60_000);
    const minutes = (performance.now() - t0) / 60_000;
    const ours = byKey(emulator, KEYS.crowd);
    const times = ours.map((e) => e.timestamp).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 60_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const stats = emulator.stats(5000);
    row(
      `ProteinIQ: ${n} jobs at once`,
      `${stats.rateLimited} own 429s, ${stats.fastPolls.length} polls under 5 s, busiest 60 s: ${busiest} requests`,
      `${ours.length} requests (${stats.statusPolls} status polls) in ${minutes.toFixed(1)} min until every result was saved; limit 120 / 60 s`,
    );
  } finally {
    await s.close();
    await emulator.close();
  }
}

export async function proteiniqBench(row: Row): Promise<void> {
  await eventsJob(row);
  // Long and mostly waiting: side by side (separate emulators and keys).
  await Promise.all([pollingJob(row), crowd(row)]);
}

if (require.main === module) {
  proteiniqBench((what, value, note) => console.log(`${what}: ${value}${note ? ` (${note})` : ''}`)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/** The ProteinIQ provider end to end against its emulator, in virtual time (one clock for both). */
import * as assert from 'node:assert/strict';
import { AuthError, ResultNotReadyError, ValidationError } from '../../../../src/core/errors';
import { HttpClient } from '../../../../src/core/http';
import type { JobRecord } from '../../../../src/jobs/model';
import type { ConnectionChange } from '../../../../src/jobs/poller';
import { recoverSubmissions, submitDraft } from '../../../../src/jobs/submit';
import { JobStore } from '../../../../src/jobs/store';
import { createProteinIqProvider } from '../../../../src/providers/proteiniq/provider';
import type { Prompter, ResultPayload, SubmitContext } from '../../../../src/providers/types';
import { startProteinIqEmulator, type ProteinIqEmulator, type ProteinIqEmulatorOptions } from '../../../emulators/proteiniq/server';
import { drive } from '../../support/drive';
import { providerHarness, type ProviderHarness } from '../../support/providerHarness';

type Harness = ProviderHarness<ProteinIqEmulator>;

const LYSOZYME = 'KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSR';
const UBIQUITIN = 'MQIFVKTLTGKTITLEVEPSDTIENVKAKIQDKEGIPPDQQRLIFAGKQLEDGRTLSDYNIQKESTLHLVLRLRGG';

async function harness(opts: ProteinIqEmulatorOptions = {}, timeoutMs?: number): Promise<Harness> {
  const h = await providerHarness((now) => startProteinIqEmulator({ seedJobs: false, ...opts, now }), createProteinIqProvider, { timeoutMs });
  h.creds.proteiniq = { apiKey: h.emulator.apiKey };
  return h;
}

interface Recorded extends Prompter {
  confirms: { message: string; detail: string }[];
  picks: string[];
}

function prompter(answers: { tool?: string; settings?: string; confirm?: boolean } = {}): Recorded {
  const confirms: { message: string; detail: string }[] = [];
  const picks: string[] = [];
  return {
    confirms,
    picks,
    async pickOne(title, items) {
      picks.push(`${title}: ${items.map((i) => i.label).join(', ')}`);
      return items.find((i) => i.label === (answers.tool ?? 'esmfold'))?.value;
    },
    async pickMany() {
      return undefined;
    },
    async confirm(message, detail) {
      confirms.push({ message, detail });
      return answers.confirm ?? true;
    },
    async ask(_title, _prompt, value, validate) {
      const v = answers.settings ?? value;
      const err = validate(v);
      if (err) throw new Error(`settings "${v}" rejected: ${err}`);
      return v;
    },
  };
}

function context(p: Prompter, settings: Record<string, unknown> = {}): SubmitContext {
  const memory = new Map<string, unknown>();
  return {
    prompter: p,
    memory: { get: <T>(k: string) => memory.get(k) as T | undefined, set: async (k, v) => void memory.set(k, v) },
    settings: { get: <T>(k: string) => settings[k] as T | undefined },
  };
}

/** Parse → tool, settings, quote, confirm → write-ahead submit, as the Submit command does. */
async function submit(h: Harness, text: string, p: Prompter = prompter(), settings: Record<string, unknown> = {}, fileName = 'protein.fasta'): Promise<JobRecord> {
  const sub = h.provider.submission!;
  const parsed = await sub.parse({ fileName, text, byteLength: text.length });
  const drafts = await drive(h.clock, Promise.resolve(sub.prepare(parsed, context(p, settings))), 100);
  assert.ok(drafts?.length === 1, 'one draft');
  return drive(h.clock, submitDraft(h, h.provider, drafts[0], fileName), 100);
}

/**
 * One step of virtual time, then real time for the sockets: until the poller is idle, or a moment
 * (a request may wait in the gate for virtual time to pass, which only the next step brings).
 */
async function tick(h: Harness, ms: number): Promise<void> {
  await h.clock.advance(ms);
  await Promise.race([h.poller.whenIdle(), new Promise((r) => setTimeout(r, 10))]);
}

async function step(h: Harness, ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) await tick(h, Math.min(stepMs, ms - t));
}

/** Virtual time in small steps with real time for sockets and streams, until `done`. */
async function until(h: Harness, what: string, done: () => boolean, limitMs = 600_000, stepMs = 250): Promise<void> {
  for (let t = 0; t <= limitMs; t += stepMs) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 2));
    await tick(h, stepMs);
  }
  assert.fail(`timed out (virtual ${limitMs} ms) waiting for ${what}`);
}

async function bytesOf(h: Harness, payload: ResultPayload, stepMs = 250): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of payload.files) {
    let content: string | Uint8Array;
    if (typeof f.content === 'function') {
      const read = (async () => {
        const parts: Uint8Array[] = [];
        for await (const c of (f.content as () => AsyncIterable<Uint8Array>)()) parts.push(c);
        return Buffer.concat(parts);
      })();
      content = await drive(h.clock, read, stepMs, 2000);
    } else content = f.content;
    out.set(f.name, typeof content === 'string' ? content : new TextDecoder().decode(content));
  }
  return out;
}

const apiLog = (h: Harness) => h.emulator.log.list().filter((e) => e.path.startsWith('/api/v1/'));
const route = (h: Harness, method: string, re: RegExp) => h.emulator.log.list().filter((e) => e.method === method && re.test(e.path));

describe('ProteinIQ provider against the emulator', function () {
  this.timeout(60_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('checks the API key by naming the workspace; a wrong key is refused with the API message and code', async () => {
    h = await harness();
    assert.equal(await h.provider.checkCredentials(), 'workspace "Demo lab"');
    h.creds.proteiniq = { apiKey: 'pq_live_demo_wrong' };
    await assert.rejects(h.provider.checkCredentials(), (e: unknown) => e instanceof AuthError && e.message === 'ProteinIQ rejected the API key: Invalid API key (unauthorized, HTTP 401). Set it again with "Bio Jobs: Set Credentials…".');
    h.creds.proteiniq = {};
    await assert.rejects(h.provider.checkCredentials(), /No ProteinIQ API key is set/);
  });

  it('quotes first, submits with the write-ahead key after "Submit", follows the events and stores the structure', async () => {
    h = await harness({ timing: { pendingMs: 2000, queuedMs: 2000, processingMs: 20_000 }, events: { tickMs: 5 } });
    const p = prompter({ settings: '{"num_recycles": 4}' });
    const finished: JobRecord[] = [];
    h.poller.onDidFinish((j) => finished.push(j));
    const job = await submit(h, `>lyso\n${LYSOZYME}\n`, p);

    // The quote came first, then the confirmation with every figure, then the job.
    assert.deepEqual(apiLog(h).slice(0, 2).map((e) => `${e.method} ${e.path}`), ['POST /api/v1/jobs/quote', 'POST /api/v1/jobs']);
    assert.deepEqual(p.confirms.map((c) => c.message), ['Submit "lyso (esmfold)" to ProteinIQ for 50 credits?']);
    assert.equal(
      p.confirms[0].detail,
      [
        'Tool: esmfold · billing: fixed price',
        'Estimated: 50 credits · billable: 50 credits',
        'Available: 10,000 credits (9,950 after this job)',
        'Concurrent jobs: 0 of 5 active · today: 0 of 100 jobs',
        'Settings: {"num_recycles":4}',
      ].join('\n'),
    );
    // Never pay twice: the key sent is the write-ahead record's.
    const [sent] = h.emulator.submissions();
    assert.ok(job.submitKey);
    assert.deepEqual([sent.idempotencyKey, sent.outcome, sent.status, sent.jobId], [job.submitKey, 'created', 202, job.remoteId]);

    h.poller.start();
    const seen = new Set<string>();
    await until(h, 'the result to be stored', () => {
      const j = h.store.get(job.id);
      seen.add(`${j?.status} ${j?.progress?.percent ?? ''}`.trim());
      return !!j?.result;
    });
    const done = h.store.get(job.id)!;
    assert.equal(done.status, 'succeeded');
    assert.equal(done.rawStatus, 'COMPLETED');
    assert.ok([...seen].some((s) => /^running \d+$/.test(s)), `progress seen: ${[...seen].join(', ')}`);
    assert.deepEqual(done.facts, [
      { label: 'Tool', value: 'esmfold' },
      { label: 'Credits used', value: '50' },
      { label: 'Billing', value: 'fixed price, charged' },
      { label: 'Run time', value: '20 s' },
    ]);
    assert.deepEqual(
      done.result?.files.map((f) => [f.name, f.mediaType, f.view, f.primary]),
      [
        ['prediction.pdb', 'chemical/x-pdb', 'structure', true],
        ['plddt.json', 'application/json', 'json', false],
        ['pae.json', 'application/json', 'json', false],
        ['results.json', 'application/json', 'json', false],
      ],
    );
    const pdb = new TextDecoder().decode(await h.results.readBytes(job.id, 'prediction.pdb'));
    assert.equal(pdb.split('\n').filter((l) => l.startsWith('ATOM') && l.slice(12, 16).trim() === 'CA').length, LYSOZYME.length);
    const plddt = JSON.parse(new TextDecoder().decode(await h.results.readBytes(job.id, 'plddt.json'))) as { plddt: number[] };
    assert.equal(plddt.plddt.length, LYSOZYME.length);
    // The events stream carried the whole life: no status poll; quote + submit + events + result.
    const stats = h.emulator.stats();
    assert.equal(stats.statusPolls, 0);
    assert.equal(stats.apiRequests, 4, JSON.stringify(stats.byRoute));
    assert.deepEqual(finished.map((j) => j.status), ['succeeded']);
    assert.equal(h.poller.isScheduled, false);
  });

  it('reads the same files from inline files and from values as from signed URLs', async () => {
    h = await harness({ timing: { pendingMs: 0, queuedMs: 0, processingMs: 1000 }, events: { mode: 'unavailable' } });
    h.poller.dispose(); // the provider alone
    const shapes = new Map<string, Map<string, string>>();
    for (const mode of ['url', 'inline', 'values'] as const) {
      h.emulator.setResultSettings({ mode });
      const job = await submit(h, `>ubq\n${UBIQUITIN}\n`);
      await step(h, 2000);
      const payload = await h.provider.fetchResult(job.remoteId!);
      assert.deepEqual(payload.files.map((f) => [f.name, f.view, f.primary]), [
        ['prediction.pdb', 'structure', true],
        ['plddt.json', 'json', false],
        ['pae.json', 'json', false],
        ['results.json', 'json', false],
      ], mode);
      shapes.set(mode, await bytesOf(h, payload));
      await step(h, 6000); // the next job's quote and result stay apart
    }
    const url = shapes.get('url')!;
    for (const mode of ['inline', 'values']) {
      const other = shapes.get(mode)!;
      assert.equal(other.get('prediction.pdb'), url.get('prediction.pdb'), `${mode}: same structure`);
      assert.deepEqual(JSON.parse(other.get('plddt.json')!), JSON.parse(url.get('plddt.json')!), `${mode}: same pLDDT`);
      const pae = (s: string) => (JSON.parse(s) as [{ predicted_aligned_error: number[][] }])[0].predicted_aligned_error;
      assert.deepEqual(pae(other.get('pae.json')!), pae(url.get('pae.json')!), `${mode}: same PAE`);
      assert.deepEqual(JSON.parse(other.get('results.json')!), JSON.parse(url.get('results.json')!), `${mode}: same values`);
    }
    // A values-only tool: its values as a JSON tree, which opens first.
    const prot = await submit(h, JSON.stringify({ tool: 'protparam', name: 'params', input: { inputs: [{ id: 'seqs_1', slotId: 'protein', kind: 'protein', format: 'fasta', content: `>u\n${UBIQUITIN}`, source: { type: 'text' } }] } }), prompter(), {}, 'job.json');
    await step(h, 2000);
    const values = await h.provider.fetchResult(prot.remoteId!);
    assert.deepEqual(values.files.map((f) => [f.name, f.view, f.primary]), [['results.json', 'json', true]]);
    assert.ok('molecular_weight' in (JSON.parse(values.files[0].content as string) as object) || Object.keys(JSON.parse(values.files[0].content as string) as object).length > 2);
  });

  for (const expiredStatus of [403, 410] as const) {
    it(`refreshes expired download links (${expiredStatus}) by asking for the result again, 5 s after the last ask`, async () => {
      h = await harness({ timing: { pendingMs: 0, queuedMs: 0, processingMs: 1000 }, events: { mode: 'unavailable' }, results: { urlTtlMs: 4000, expiredStatus } });
      h.poller.dispose(); // the provider alone
      const job = await submit(h, `>lyso\n${LYSOZYME}\n`);
      await step(h, 2000);
      const payload = await h.provider.fetchResult(job.remoteId!);
      await h.clock.advance(4500); // every link has expired; the result was asked for 4.5 s ago
      const got = await bytesOf(h, payload, 50);
      assert.match(got.get('prediction.pdb')!, /^ATOM {2}/m);
      const asks = route(h, 'GET', /^\/api\/v1\/results\//);
      assert.equal(asks.length, 2, 'one fresh result for all stale links');
      assert.ok(asks[1].timestamp - asks[0].timestamp >= 5000, `asked again after ${asks[1].timestamp - asks[0].timestamp} ms`);
      const downloads = route(h, 'GET', /^\/storage\//);
      assert.deepEqual(downloads.map((d) => d.status), [expiredStatus, 200, 200, 200]);
      assert.equal(h.emulator.stats().rateLimited, 0);
      // The fresh bytes are the job's: the same as a download right now.
      const again = await bytesOf(h, await drive(h.clock, h.provider.fetchResult(job.remoteId!), 500));
      assert.equal(again.get('prediction.pdb'), got.get('prediction.pdb'));
    });
  }

  it('stops at blocking errors with their message: nothing is created', async () => {
    h = await harness();
    h.emulator.setWorkspace({ credits: 10 });
    const p = prompter();
    const parsed = await h.provider.submission!.parse({ fileName: 'p.fasta', text: `>p\n${LYSOZYME}\n`, byteLength: 100 });
    await assert.rejects(
      h.provider.submission!.prepare(parsed, context(p)),
      (e: unknown) => e instanceof ValidationError && e.message === 'ProteinIQ will not run "p (esmfold)": This job needs 50 credits; the workspace has 10 (insufficient_credits)',
    );
    assert.equal(p.confirms.length, 0);
    assert.equal(route(h, 'POST', /^\/api\/v1\/jobs$/).length, 0);
    assert.equal(h.emulator.jobsCreated(), 0);
  });

  it('asks for confirmation only from the configured credit amount; "Cancel" creates nothing', async () => {
    h = await harness();
    const quiet = prompter();
    await submit(h, `>p\n${LYSOZYME}\n`, quiet, { 'proteiniq.confirmAtCredits': 51 });
    assert.equal(quiet.confirms.length, 0, 'a 50-credit job under a 51-credit threshold goes without asking');
    const declined = prompter({ confirm: false });
    const parsed = await h.provider.submission!.parse({ fileName: 'p.fasta', text: `>p\n${LYSOZYME}\n`, byteLength: 100 });
    assert.equal(await h.provider.submission!.prepare(parsed, context(declined, { 'proteiniq.confirmAtCredits': 50 })), undefined);
    assert.equal(declined.confirms.length, 1);
    assert.equal(h.emulator.jobsCreated(), 1);
  });

  it('sends the default max_reserved_credits with a FASTA job and quotes the reservation of a runtime tool', async () => {
    h = await harness();
    const p = prompter({ tool: 'boltz-2' });
    const job = await submit(h, `>p\n${LYSOZYME}\n`, p, { 'proteiniq.tools': ['esmfold', 'boltz-2'], 'proteiniq.maxReservedCredits': 120 });
    assert.match(p.picks[0], /^ProteinIQ: run which tool\?: esmfold, boltz-2, Other tool…$/);
    assert.match(p.confirms[0].detail, /billing: per minute of runtime/);
    assert.match(p.confirms[0].detail, /reserved now: 120 credits/);
    assert.match(p.confirms[0].detail, /Max reserved credits: 120 \(the job stops when they are spent\)/);
    const created = route(h, 'POST', /^\/api\/v1\/jobs$/)[0];
    assert.deepEqual((created.body as { billing: unknown }).billing, { max_reserved_credits: 120 });
    assert.equal(h.emulator.job(job.remoteId!)?.billing?.reserved_credits, 120);
  });

  it('never pays twice: after a crash between the write-ahead record and the answer, recovery replays the key — one job', async () => {
    h = await harness();
    // The job is created, the answer never comes (the extension dies waiting).
    h.emulator.faults.add([{ method: 'POST', path: '/api/v1/jobs', phase: 'after', fault: { kind: 'hang' } }]);
    const parsed = await h.provider.submission!.parse({ fileName: 'p.fasta', text: `>crash\n${LYSOZYME}\n`, byteLength: 100 });
    const [draft] = (await drive(h.clock, Promise.resolve(h.provider.submission!.prepare(parsed, context(prompter()))), 100))!;
    const lost = submitDraft(h, h.provider, draft, 'p.fasta');
    lost.catch(() => undefined);
    for (let i = 0; i < 200 && h.emulator.jobsCreated() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(h.emulator.jobsCreated(), 1, 'the job exists remotely');
    await h.store.flush();

    // "Restart": a new store read from the same folder, a new provider instance.
    const store = new JobStore(h.dir, h.clock, h.log);
    await store.load();
    const [record] = store.all();
    assert.deepEqual([record.status, record.remoteId, typeof record.submitKey], ['submitting', undefined, 'string']);
    const provider = createProteinIqProvider({ http: new HttpClient({ clock: h.clock, log: h.log, retries: 0, random: () => 0.5, timeoutMs: 5000 }), clock: h.clock, log: h.log, credentials: { get: async () => ({ apiKey: h.emulator.apiKey }) }, baseUrl: () => h.emulator.url });
    await drive(h.clock, recoverSubmissions({ store, clock: h.clock, log: h.log }, new Map([[provider.id, provider]])), 100);
    const recovered = store.get(record.id)!;
    assert.equal(recovered.status, 'queued');
    assert.equal(h.emulator.jobsCreated(), 1, 'exactly one job at ProteinIQ');
    assert.equal(recovered.remoteId, h.emulator.jobIds()[0]);
    const outcomes = h.emulator.submissions().map((s) => [s.outcome, s.status, s.idempotencyKey === record.submitKey]);
    assert.deepEqual(outcomes, [['created', 202, true], ['replayed', 202, true]]);
    await store.flush();
    store.dispose();
  });

  it('keeps an interrupted submission when the key is missing at the restart, and replays it once the key is set', async () => {
    h = await harness();
    h.poller.dispose();
    h.emulator.faults.add([{ method: 'POST', path: '/api/v1/jobs', phase: 'after', fault: { kind: 'hang' } }]);
    const parsed = await h.provider.submission!.parse({ fileName: 'p.fasta', text: `>crash\n${LYSOZYME}\n`, byteLength: 100 });
    const [draft] = (await drive(h.clock, Promise.resolve(h.provider.submission!.prepare(parsed, context(prompter()))), 100))!;
    submitDraft(h, h.provider, draft, 'p.fasta').catch(() => undefined);
    for (let i = 0; i < 200 && h.emulator.jobsCreated() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await h.store.flush();
    const store = new JobStore(h.dir, h.clock, h.log);
    await store.load();
    const [record] = store.all();
    const creds: { now?: Record<string, string> } = {};
    const provider = createProteinIqProvider({ http: new HttpClient({ clock: h.clock, log: h.log, retries: 0, random: () => 0.5, timeoutMs: 5000 }), clock: h.clock, log: h.log, credentials: { get: async () => creds.now }, baseUrl: () => h.emulator.url });
    const providers = new Map([[provider.id, provider]]);
    await drive(h.clock, recoverSubmissions({ store, clock: h.clock, log: h.log }, providers), 100);
    const waiting = store.get(record.id);
    assert.equal(waiting?.status, 'unknown', 'kept, not removed: the first send may have created a job');
    assert.match(waiting?.message ?? '', /No ProteinIQ API key is set/);
    creds.now = { apiKey: h.emulator.apiKey };
    await drive(h.clock, recoverSubmissions({ store, clock: h.clock, log: h.log }, providers), 100);
    assert.equal(store.get(record.id)?.remoteId, h.emulator.jobIds()[0]);
    assert.equal(h.emulator.jobsCreated(), 1);
    await store.flush();
    store.dispose();
  });

  it('polls exactly per the document when events are unavailable: 5 → 10 → 20 → 30 s, never under 5 s', async () => {
    h = await harness({ timing: { pendingMs: 30_000, queuedMs: 30_000, processingMs: 600_000 }, events: { mode: 'unavailable' } });
    const job = await submit(h, `>p\n${LYSOZYME}\n`);
    h.poller.start();
    await step(h, 240_000, 100);
    const submitted = route(h, 'POST', /^\/api\/v1\/jobs$/)[0].timestamp;
    const polls = route(h, 'GET', /\/status$/).map((e) => e.timestamp);
    const gaps = [polls[0] - submitted, ...polls.slice(1).map((t, i) => t - polls[i])];
    // 5 + 10 + 20 + 30 × 6 = 215 s: nine polls in the four minutes.
    const expected = [5000, 10_000, 20_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000];
    assert.equal(gaps.length, expected.length, `gaps ${gaps.join(', ')}`);
    gaps.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) <= 150, `gap ${i}: ${g} ms, expected ${expected[i]} (all: ${gaps.join(', ')})`));
    assert.deepEqual(h.emulator.stats(5000).fastPolls, []);
    // The refused stream is asked for again only after its pause (2 min), not per reconnect.
    assert.equal(route(h, 'GET', /\/events$/).length, 2);
    assert.equal(h.store.get(job.id)?.status, 'running');
    assert.equal(h.emulator.stats().rateLimited, 0);
  });

  it('draws jitter per job: jobs submitted together do not poll in lockstep, and none polls under 5 s', async () => {
    h = await harness({ timing: { pendingMs: 60_000, queuedMs: 60_000, processingMs: 600_000 }, events: { mode: 'unavailable' } });
    let seed = 1;
    (h.poller as unknown as { random: () => number }).random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await submit(h, `>p${i}\n${LYSOZYME}\n`));
    h.poller.start();
    await step(h, 180_000, 100);
    const byJob = new Map<string, number[]>();
    for (const e of route(h, 'GET', /\/status$/)) {
      const id = e.path.split('/')[4];
      byJob.set(id, [...(byJob.get(id) ?? []), e.timestamp]);
    }
    const offsets = [...byJob.values()].map((t) => t.at(-1)! % 30_000);
    assert.ok(new Set(offsets.map((o) => Math.round(o / 500))).size > 1, `last polls (mod 30 s): ${offsets.join(', ')}`);
    assert.deepEqual(h.emulator.stats(5000).fastPolls, []);
  });

  it('200 simultaneous jobs: every request of the key under 120 / 60 s, no 429 of its own, no poll under 5 s', async function () {
    this.timeout(180_000);
    h = await harness({
      timing: { pendingMs: 20_000, queuedMs: 20_000, processingMs: 60_000 },
      workspaces: { team_demo: { credits: 1_000_000, maxConcurrentJobs: 1000, dailyLimitMax: 1000 } },
    });
    h.poller.start();
    const jobs: JobRecord[] = [];
    const submitting = (async () => {
      for (let i = 0; i < 200; i++) {
        const text = `>p${i}\n${LYSOZYME}\n`;
        const sub = h.provider.submission!;
        const drafts = await sub.prepare(await sub.parse({ fileName: 'p.fasta', text, byteLength: text.length }), context(prompter(), { 'proteiniq.confirmAtCredits': 1000 }));
        jobs.push(await submitDraft(h, h.provider, drafts![0], 'p.fasta'));
      }
    })();
    // The poller follows the first jobs while the others are being submitted: all share the key's budget.
    await drive(h.clock, submitting, 1000, 10_000);
    await until(h, 'every result', () => jobs.every((j) => !!h.store.get(j.id)?.result), 3_600_000, 1000);
    const stats = h.emulator.stats(5000);
    assert.equal(stats.jobsCreated, 200);
    assert.equal(stats.rateLimited, 0, JSON.stringify(stats.byRoute));
    assert.deepEqual(stats.fastPolls, []);
    const times = apiLog(h).map((e) => e.timestamp).sort((a, b) => a - b);
    for (let i = 0; i + 120 < times.length; i++) assert.ok(times[i + 120] - times[i] >= 60_000, `121 requests within ${times[i + 120] - times[i]} ms`);
  });

  it('200 jobs tracked by polling (no events): under 120 / 60 s, no 429 of its own, no poll under 5 s, all results', async function () {
    this.timeout(120_000);
    const other = 'pq_live_webapp_s3cret';
    h = await harness({
      apiKeys: { 'pq_live_demo_demo-password': 'team_demo', [other]: 'team_demo' },
      timing: { pendingMs: 20_000, queuedMs: 20_000, processingMs: 120_000 },
      workspaces: { team_demo: { credits: 1_000_000, maxConcurrentJobs: 1000, dailyLimitMax: 1000 } },
      events: { mode: 'unavailable' },
    });
    // Jobs started elsewhere (the web app, another key), then tracked here.
    h.emulator.setRateLimit({ limit: 100_000 });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${h.emulator.url}/api/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tool: 'esmfold', name: `web ${i}`, input: { inputs: [{ id: 's', slotId: 'protein', kind: 'protein', format: 'fasta', content: LYSOZYME, source: { type: 'text' } }] } }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    h.emulator.setRateLimit({ limit: 120 });
    h.emulator.log.clear();
    const now = h.clock.now();
    await h.store.add(...ids.map((remoteId, i): JobRecord => ({ id: `t${i}`, providerId: 'proteiniq', remoteId, name: `web ${i}`, status: 'queued', createdAt: now, updatedAt: now, origin: 'tracked' })));
    h.poller.start();
    await until(h, 'every result', () => ids.every((_, i) => !!h.store.get(`t${i}`)?.result), 3_600_000, 1000);
    const stats = h.emulator.stats(5000);
    assert.equal(stats.rateLimited, 0, JSON.stringify(stats.byRoute));
    assert.deepEqual(stats.fastPolls, []);
    assert.ok(stats.statusPolls >= 200, `${stats.statusPolls} status polls`);
    const times = apiLog(h).map((e) => e.timestamp).sort((a, b) => a - b);
    for (let i = 0; i + 120 < times.length; i++) assert.ok(times[i + 120] - times[i] >= 60_000, `121 requests within ${times[i + 120] - times[i]} ms`);
  });

  it('cancels only while PENDING or QUEUED: refunded is reported, a 409 names the current status', async () => {
    h = await harness({ timing: { pendingMs: 60_000, queuedMs: 60_000, processingMs: 600_000 }, events: { mode: 'unavailable' } });
    h.poller.dispose(); // the provider alone
    const queued = await submit(h, `>a\n${LYSOZYME}\n`);
    assert.deepEqual(await h.provider.cancel!(queued.remoteId!), { message: 'Cancelled at ProteinIQ; the credits were refunded.' });
    assert.equal(h.emulator.job(queued.remoteId!)?.status, 'CANCELLED');
    assert.deepEqual(await h.provider.cancel!(queued.remoteId!), { message: 'ProteinIQ had already cancelled this job.' });
    const running = await submit(h, `>b\n${LYSOZYME}\n`);
    await h.clock.advance(130_000);
    const before = await h.provider.status([running.remoteId!]);
    assert.equal(before.get(running.remoteId!)?.cancellable, false, 'the tree offers no cancel while PROCESSING');
    await assert.rejects(h.provider.cancel!(running.remoteId!), (e: unknown) => e instanceof Error && e.message === 'ProteinIQ did not cancel the job: it is PROCESSING now, and only PENDING or QUEUED jobs can be cancelled.');
  });

  it('lists every remote job to the end with the cursor, with progress, and stops when aborted', async () => {
    const second = 'pq_live_second_s3cret';
    h = await harness({ seedJobs: true, apiKeys: { 'pq_live_demo_demo-password': 'team_demo', [second]: 'team_demo' }, workspaces: { team_demo: { name: 'Demo lab', maxConcurrentJobs: 1000, dailyLimitMax: 1000, credits: 1_000_000 } }, rateLimit: { limit: 10_000 } });
    for (let i = 0; i < 130; i++) {
      const res = await fetch(`${h.emulator.url}/api/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${second}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tool: 'esmfold', name: `bulk ${i}`, input: { inputs: [{ id: 's', slotId: 'protein', kind: 'protein', format: 'fasta', content: LYSOZYME, source: { type: 'text' } }] } }),
      });
      assert.equal(res.status, 202);
    }
    h.emulator.log.clear();
    const progress: number[] = [];
    const remote = [];
    for await (const r of h.provider.listRemote!({ onProgress: (n) => progress.push(n) })) remote.push(r);
    assert.equal(remote.length, 154);
    assert.equal(new Set(remote.map((r) => r.remoteId)).size, 154);
    assert.deepEqual(progress, [100, 154]);
    assert.deepEqual(h.emulator.log.list().map((e) => e.query?.starting_after ? 'next' : 'first'), ['first', 'next']);
    assert.ok(remote.some((r) => r.status === 'failed') && remote.some((r) => r.status === 'cancelled' && r.rawStatus === 'BUDGET_EXCEEDED'));
    const abort = new AbortController();
    const partial = [];
    await assert.rejects(
      (async () => {
        for await (const r of h.provider.listRemote!({ signal: abort.signal, onProgress: () => abort.abort() })) partial.push(r);
      })(),
      (e: unknown) => (e as Error).name === 'AbortError',
    );
    assert.equal(partial.length, 100, 'stopped after the first page');
  });

  describe('errors while polling (events unavailable)', () => {
    let changes: ConnectionChange[];
    async function polling(timeoutMs?: number): Promise<JobRecord> {
      h = await harness({ timing: { pendingMs: 30_000, queuedMs: 30_000, processingMs: 600_000 }, events: { mode: 'unavailable' } }, timeoutMs);
      changes = [];
      h.poller.onConnectionChange((c) => changes.push(c));
      const job = await submit(h, `>p\n${LYSOZYME}\n`);
      h.poller.start();
      await step(h, 6000, 100);
      assert.equal(route(h, 'GET', /\/status$/).length, 1);
      return job;
    }
    const STATUS = { regex: '^/api/v1/jobs/[^/]+/status$' };

    it('401: polling stops until the key changes, with the API message', async () => {
      await polling();
      const problems: string[] = [];
      h.poller.onAuthProblem((p) => problems.push(p.message));
      h.emulator.revokeKey(h.emulator.apiKey);
      await step(h, 60_000, 250);
      assert.deepEqual(problems, ['ProteinIQ rejected the API key: API key has been revoked (unauthorized, HTTP 401). Set it again with "Bio Jobs: Set Credentials…".']);
      const polls = route(h, 'GET', /\/status$/).length;
      await step(h, 120_000, 1000);
      assert.equal(route(h, 'GET', /\/status$/).length, polls, 'no request while the key is refused');
    });

    it('429 rate_limited with Retry-After: a slower poll and a hint, not an outage', async () => {
      const job = await polling();
      h.emulator.faults.add([{ method: 'GET', path: STATUS, fault: { kind: 'status', status: 429, headers: { 'retry-after': '45' }, body: { error: { code: 'rate_limited', message: 'Too many requests' } } } }]);
      await step(h, 12_000, 100);
      const [limited] = route(h, 'GET', /\/status$/).filter((e) => e.status === 429);
      assert.ok(limited, 'the 429 was answered');
      assert.deepEqual(changes.map((c) => [c.ok, c.rateLimited]), [[false, true]]);
      assert.match(changes[0].message, /^ProteinIQ asked to slow down; next check in 45 s\.$/);
      assert.match(h.store.get(job.id)?.message ?? '', /asked to slow down/);
      await step(h, 50_000, 250);
      const after = route(h, 'GET', /\/status$/).filter((e) => e.timestamp > limited.timestamp);
      assert.ok(after.length >= 1 && after[0].timestamp - limited.timestamp >= 45_000, `next poll ${after[0]?.timestamp - limited.timestamp} ms later`);
      assert.equal(h.store.get(job.id)?.message, undefined, 'the hint goes when the poll works again');
    });

    it('500: the job says so with the API message and code, and polling goes on', async () => {
      const job = await polling();
      h.emulator.faults.add([{ method: 'GET', path: STATUS, fault: { kind: 'status', status: 500, body: { error: { code: 'internal_error', message: 'Database unavailable' } } } }]);
      await step(h, 12_000, 100);
      assert.match(h.store.get(job.id)?.message ?? '', /^Last check failed: ProteinIQ could not answer the status of job_\w+: Database unavailable \(internal_error, HTTP 500\)\. Retrying in \d+ s\.$/);
      assert.deepEqual(changes.map((c) => c.ok), [false]);
      await until(h, 'running', () => h.store.get(job.id)?.status === 'running', 200_000);
      assert.deepEqual(changes.map((c) => c.ok), [false, true]);
    });

    it('a hung socket times out and the next poll goes on', async () => {
      const job = await polling(300);
      h.emulator.faults.add([{ method: 'GET', path: STATUS, fault: { kind: 'hang' } }]);
      const hung = route(h, 'GET', /\/status$/).length;
      for (let i = 0; i < 200 && route(h, 'GET', /\/status$/).length === hung; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await h.clock.advance(250);
      }
      await new Promise((r) => setTimeout(r, 400)); // the real-time request timeout
      await h.poller.whenIdle();
      assert.match(h.store.get(job.id)?.message ?? '', /no response within 300 ms/);
      await until(h, 'running', () => h.store.get(job.id)?.status === 'running', 200_000);
    });

    it('a schema break names the missing field', async () => {
      const job = await polling();
      h.emulator.faults.add([{ method: 'GET', path: STATUS, fault: { kind: 'drift' } }]);
      await step(h, 12_000, 100);
      assert.match(h.store.get(job.id)?.message ?? '', /unexpected response: field "status"/);
    });
  });

  it('answers a 409 job_not_completed with a not-ready error carrying its Retry-After', async () => {
    h = await harness({ timing: { pendingMs: 0, queuedMs: 0, processingMs: 60_000 }, events: { mode: 'unavailable' } });
    h.poller.dispose(); // the provider alone
    const job = await submit(h, `>p\n${LYSOZYME}\n`);
    await assert.rejects(h.provider.fetchResult(job.remoteId!), (e: unknown) => e instanceof ResultNotReadyError && e.retryAfterMs === 5000 && e.message === `ProteinIQ has no result for ${job.remoteId} yet (still PROCESSING).`);
  });

  it('waits for Retry-After before asking for a result again', async () => {
    h = await harness({ timing: { pendingMs: 0, queuedMs: 0, processingMs: 2000 }, events: { mode: 'unavailable' } });
    const notYet = { kind: 'status' as const, status: 409, headers: { 'retry-after': '12' }, body: { error: { code: 'job_not_completed', message: 'Job is not yet completed', details: { current_status: 'PROCESSING' } } } };
    h.emulator.faults.add([{ method: 'GET', path: { prefix: '/api/v1/results/' }, times: 2, fault: notYet }]);
    const job = await submit(h, `>p\n${LYSOZYME}\n`);
    const notes = new Set<string>();
    await until(h, 'the result', () => {
      notes.add(h.store.get(job.id)?.message ?? '');
      return !!h.store.get(job.id)?.result;
    }, 120_000);
    const asks = route(h, 'GET', /^\/api\/v1\/results\//);
    assert.deepEqual(asks.map((a) => a.status), [409, 409, 200]);
    for (let i = 1; i < asks.length; i++) assert.ok(asks[i].timestamp - asks[i - 1].timestamp >= 12_000, `asked again after ${asks[i].timestamp - asks[i - 1].timestamp} ms`);
    assert.ok([...notes].some((n) => /^ProteinIQ has no result for job_\w+ yet \(still PROCESSING\)\. Retrying in 12 s\.$/.test(n)), [...notes].join(' | '));
  });
});

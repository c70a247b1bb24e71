/** The codon provider end to end against the loopback emulator, in virtual time. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AuthError, HttpStatusError, TimeoutError, ValidationError } from '../../../../src/core/errors';
import type { JobRecord } from '../../../../src/jobs/model';
import { recoverSubmissions, submitDraft } from '../../../../src/jobs/submit';
import type { SubmitContext } from '../../../../src/providers/types';
import { FAILURE_DETAIL } from '../../../emulators/codon/jobs';
import { codonHarness, scriptedPrompter, type CodonHarness } from '../../support/codonHarness';
import { readResultText } from '../../support/results';

const EXAMPLES = path.resolve(__dirname, '../../../../../examples');
const gene = () => ({ fileName: 'gene.fna', text: readFileSync(path.join(EXAMPLES, 'gene.fna'), 'utf8'), byteLength: 800 });

function ctx(prompter: ReturnType<typeof scriptedPrompter>, memory = new Map<string, unknown>()): SubmitContext {
  return {
    prompter,
    memory: { get: <T>(k: string) => memory.get(k) as T | undefined, set: async (k, v) => void memory.set(k, v) },
    settings: { get: <T>(k: string) => (k === 'codon.defaultFitness' ? (['cai'] as T) : undefined) },
  };
}

async function submitGene(h: CodonHarness, pick = ['cai', 'dna_manufact']): Promise<JobRecord> {
  const parsed = await h.provider.submission!.parse(gene());
  const drafts = await h.provider.submission!.prepare(parsed, ctx(scriptedPrompter({ pick })));
  assert.ok(drafts?.length === 1);
  return submitDraft(h, h.provider, drafts[0], 'gene.fna');
}

describe('codon provider against the emulator', () => {
  let h: CodonHarness;
  afterEach(async () => h?.close());

  it('checks credentials by logging in and reports the build and environment', async () => {
    h = await codonHarness();
    assert.equal(await h.provider.checkCredentials(), 'build 5bae0ba, environment emulator');
    h.creds.codon.password = 'wrong';
    h.provider.signOut();
    await assert.rejects(h.provider.checkCredentials(), (e: unknown) => e instanceof AuthError && /rejected the username or password \(HTTP 401\)/.test(e.message));
  });

  it('asks for fitness metrics (and required parameters), remembers the choice, sends the request', async () => {
    h = await codonHarness();
    const memory = new Map<string, unknown>();
    const prompter = scriptedPrompter({ pick: ['cai', 'gc_content'], ask: ['35', '60'] });
    const drafts = await h.provider.submission!.prepare(await h.provider.submission!.parse(gene()), ctx(prompter, memory));
    const req = drafts?.[0].request as { name: string; sequence: string; fitness_list: Record<string, unknown>[] };
    assert.match(req.name, /^EGFP-[0-9a-f]{6}$/);
    assert.equal(req.sequence.length, 720);
    assert.deepEqual(req.fitness_list, [
      { name: 'cai', weight: 1 },
      { name: 'gc_content', weight: 1, min: 35, max: 60 },
    ]);
    assert.deepEqual(memory.get('codon.lastFitness'), ['cai', 'gc_content']);
  });

  it('runs a job from submit to succeeded in virtual time and saves the result once', async () => {
    h = await codonHarness();
    const finished: JobRecord[] = [];
    h.poller.onDidFinish((j) => finished.push(j));
    const job = await submitGene(h);
    assert.equal(job.status, 'queued');
    assert.ok(job.remoteId);
    h.poller.start();
    const seen = new Set<string>();
    for (let i = 0; i < 40 && h.store.get(job.id)?.status !== 'succeeded'; i++) {
      await h.step(500);
      seen.add(h.store.get(job.id)?.status ?? '');
    }
    await h.step(1000);
    const done = h.store.get(job.id);
    assert.equal(done?.status, 'succeeded');
    assert.ok(seen.has('running'), `saw ${[...seen]}`);
    assert.equal(done?.result?.files[0].view, 'codon');
    const result = JSON.parse(await readResultText(h.results, done!));
    assert.equal(result.results[0].type, 'original');
    assert.equal(result.results.length, 4);
    assert.equal(finished.length, 1);
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/optimise/result' }), 1);
    assert.equal(h.poller.isScheduled, false, 'no timer once nothing runs');
    assert.equal(h.clock.pendingTimers, 0);
  });

  it('asks for all pending jobs in one POST /optimise/status per poll', async () => {
    h = await codonHarness({ timing: { pendingMs: 60_000, processingMs: 60_000 } });
    for (let i = 0; i < 5; i++) await submitGene(h);
    h.emulator.log.clear();
    h.poller.start();
    await h.step(10);
    const calls = h.emulator.log.list({ method: 'POST', path: '/optimise/status' });
    assert.equal(calls.length, 1);
    assert.equal((calls[0].body as { jobids: string[] }).jobids.length, 5);
    // Unchanged statuses back off: 3 s floor doubling; in 60 s far fewer than 20 polls.
    await h.step(60_000, 1000);
    const polls = h.emulator.log.count({ method: 'POST', path: '/optimise/status' });
    const at = h.emulator.log.list({ path: '/optimise/status' }).map((r) => r.timestamp - calls[0].timestamp);
    assert.ok(polls >= 4 && polls <= 8, `${polls} polls in 60 s at ${at}`);
  });

  it('keeps no timer when nothing is active, and one as soon as a job is', async () => {
    h = await codonHarness();
    h.poller.start();
    assert.equal(h.poller.isScheduled, false);
    await submitGene(h);
    assert.equal(h.poller.isScheduled, true);
  });

  it('renews the 60-minute token before it runs out, and once on a 401', async () => {
    h = await codonHarness({ timing: { pendingMs: 3 * 3_600_000, processingMs: 1000 } });
    await submitGene(h);
    h.poller.start();
    await h.step(70 * 60_000, 30_000);
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/login' }), 2, 'logged in again before expiry');
    assert.equal(h.emulator.log.list({ path: '/optimise/status' }).filter((r) => r.status === 401).length, 0);
    h.emulator.expireTokens();
    h.poller.refresh();
    await h.step(3000); // within the 3 s floor after the last check
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/login' }), 3, 'exactly one re-login on a 401');
    assert.equal(h.emulator.log.list({ path: '/optimise/status' }).at(-1)?.status, 200);
  });

  it('pauses polling on rejected credentials and says so, without a login loop', async () => {
    h = await codonHarness({ timing: { pendingMs: 3_600_000 } });
    const job = await submitGene(h);
    const problems: string[] = [];
    h.poller.onAuthProblem((p) => problems.push(p.message));
    h.creds.codon.password = 'changed-elsewhere';
    h.emulator.expireTokens();
    h.poller.start();
    await h.step(120_000, 1000);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /rejected the username or password/);
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/login' }), 2, 'one login with the old password, one failed retry');
    assert.equal(h.poller.isScheduled, false);
    assert.equal(h.store.get(job.id)?.status, 'queued', 'the job is kept');
  });

  it('honours Retry-After on a 429: no status call before it passes', async () => {
    h = await codonHarness({ timing: { pendingMs: 3_600_000 } });
    await submitGene(h);
    h.emulator.faults.add({ method: 'POST', path: '/optimise/status', fault: { kind: 'status', status: 429, headers: { 'retry-after': '40' }, body: { detail: 'Too many requests' } } });
    h.poller.start();
    await h.step(10);
    const first = h.emulator.log.list({ path: '/optimise/status' });
    assert.equal(first.length, 1);
    await h.step(39_000, 1000);
    assert.equal(h.emulator.log.count({ path: '/optimise/status' }), 1, 'silent while Retry-After runs');
    await h.step(2000, 500);
    assert.equal(h.emulator.log.count({ path: '/optimise/status' }), 2);
  });

  it('backs off after a 500 and a reset, tells the job, and recovers', async () => {
    h = await codonHarness({ timing: { pendingMs: 0, processingMs: 1000 } });
    const job = await submitGene(h);
    h.emulator.faults.add([
      { path: '/optimise/status', fault: { kind: 'status', status: 500, body: { detail: 'worker crashed' } } },
      { path: '/optimise/status', fault: { kind: 'reset' } },
    ]);
    h.poller.start();
    await h.step(10);
    assert.match(h.store.get(job.id)?.message ?? '', /Last check failed: .*HTTP 500: worker crashed\. Retrying in \d+ s\./);
    await h.step(60_000, 1000);
    const done = h.store.get(job.id);
    assert.equal(done?.status, 'succeeded');
    assert.equal(done?.message, undefined, 'the failure note is cleared');
  });

  it('stops on a result that breaks the schema, says which field, and does not loop', async () => {
    h = await codonHarness({ timing: { pendingMs: 0, processingMs: 0 } });
    const finished: JobRecord[] = [];
    h.poller.onDidFinish((j) => finished.push(j));
    const job = await submitGene(h);
    h.emulator.faults.add({ path: '/optimise/result', fault: { kind: 'drift', field: 'results.*.score' } });
    h.poller.start();
    await h.step(30_000, 1000);
    const j = h.store.get(job.id);
    assert.equal(j?.status, 'succeeded');
    assert.match(j?.resultError ?? '', /field "results\.0\.score"/);
    assert.equal(finished.length, 1);
    assert.equal(h.emulator.log.count({ path: '/optimise/result' }), 1);
  });

  it("shows why a job failed: the reason from the job's result (the status batch says only \"error\")", async () => {
    h = await codonHarness({ timing: { pendingMs: 1000, processingMs: 5000 }, failWhen: (j) => j.name.startsWith('EGFP') });
    const finished: JobRecord[] = [];
    h.poller.onDidFinish((j) => finished.push(j));
    const job = await submitGene(h);
    h.poller.start();
    for (let i = 0; i < 60 && h.store.get(job.id)?.status !== 'failed'; i++) await h.step(1000, 500);
    assert.equal(h.store.get(job.id)?.status, 'failed');
    assert.equal(h.store.get(job.id)?.message, FAILURE_DETAIL);
    assert.equal(finished[0]?.message, FAILURE_DETAIL, 'the toast gets it');
    assert.equal(h.emulator.log.count({ path: '/optimise/result' }), 1, 'asked once');
  });

  it('marks a malformed status response as a failed check, not a crash', async () => {
    h = await codonHarness({ timing: { pendingMs: 3_600_000 } });
    const job = await submitGene(h);
    h.emulator.faults.add({ path: '/optimise/status', fault: { kind: 'malformed' } });
    h.poller.start();
    await h.step(10);
    assert.match(h.store.get(job.id)?.message ?? '', /not valid JSON/);
    assert.equal(h.store.get(job.id)?.status, 'queued');
  });

  it('a rejected submit leaves nothing behind; a hung submit stays for recovery', async () => {
    h = await codonHarness({ timeoutMs: 300 });
    const parsed = await h.provider.submission!.parse(gene());
    const drafts = (await h.provider.submission!.prepare(parsed, ctx(scriptedPrompter({ pick: ['cai'] }))))!;
    h.emulator.faults.add({ method: 'POST', path: '/optimise', fault: { kind: 'status', status: 400, body: { detail: 'bad fitness' } } });
    await assert.rejects(submitDraft(h, h.provider, drafts[0]), (e: unknown) => e instanceof HttpStatusError && /bad fitness/.test(e.message));
    assert.equal(h.store.all().length, 0);
    h.emulator.faults.add({ method: 'POST', path: '/optimise', fault: { kind: 'hang' } });
    await assert.rejects(submitDraft(h, h.provider, drafts[0]), TimeoutError);
    const [kept] = h.store.all();
    assert.equal(kept.status, 'unknown');
    assert.match(kept.message ?? '', /may or may not have reached Codon optimisation/);
    assert.ok(kept.request, 'the request is kept for a resubmit');
  });

  it('resolves interrupted submissions by name without sending them again', async () => {
    h = await codonHarness();
    const parsed = await h.provider.submission!.parse(gene());
    const [draft] = (await h.provider.submission!.prepare(parsed, ctx(scriptedPrompter({ pick: ['cai'] }))))!;
    // The POST reached the API, then the window died before the job id was saved.
    await h.provider.submission!.submit(draft, 'k1');
    const now = h.clock.now();
    const reached: JobRecord = { id: 'a', providerId: 'codon', name: draft.name, status: 'submitting', createdAt: now - 1000, updatedAt: now, request: draft.request, submitKey: 'k1' };
    const lost: JobRecord = { ...reached, id: 'b', name: 'never-sent-123abc', submitKey: 'k2' };
    await h.store.add(reached, lost);
    h.emulator.log.clear();
    await recoverSubmissions(h, new Map([['codon', h.provider]]));
    assert.equal(h.emulator.log.count({ method: 'POST', path: '/optimise' }), 0, 'nothing submitted twice');
    assert.equal(h.store.get('a')?.status, 'queued');
    assert.ok(h.store.get('a')?.remoteId);
    assert.equal(h.store.get('b')?.status, 'unknown');
    assert.match(h.store.get('b')?.message ?? '', /has no record of it\. Bio Jobs keeps looking for it; you can also resubmit or remove it\./);
  });

  it('lists every page of remote jobs', async () => {
    h = await codonHarness({ seedJobs: 120 });
    const all = [];
    for await (const j of h.provider.listRemote!()) all.push(j);
    assert.equal(all.length, 120);
    assert.equal(new Set(all.map((j) => j.remoteId)).size, 120);
    assert.ok(h.emulator.log.count({ path: '/jobs' }) >= 3);
    assert.ok(all.every((j) => ['queued', 'running', 'succeeded', 'failed'].includes(j.status)));
  });

  it('refuses bad input locally with the residue, line and column', async () => {
    h = await codonHarness();
    await assert.rejects(
      async () => h.provider.submission!.parse({ fileName: 'bad.fna', text: '>g\nATGAAAJCC\n', byteLength: 14 }),
      (e: unknown) => e instanceof ValidationError && /'J' at line 2, column 7/.test(e.message) && e.diagnostics[0].line === 1 && e.diagnostics[0].column === 6,
    );
    assert.equal(h.emulator.log.count(), 0);
  });
});

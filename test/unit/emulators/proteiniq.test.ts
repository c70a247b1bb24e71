/**
 * The ProteinIQ emulator against its document (seeds/003) and what ProteinIQ publishes about
 * results, errors, rate limits and events (see the module comment of test/emulators/proteiniq/
 * server.ts). Shapes are pinned with zod, strictly, so a new field is added here on purpose and
 * the provider's schemas can be checked against the same expectations.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as z from 'zod';
import { authFingerprint } from '../../emulators/common';
import { predictFold } from '../../emulators/proteiniq/fold';
import { buildChain } from '../../emulators/proteiniq/geometry';
import { JOB_STATUSES } from '../../emulators/proteiniq/lifecycle';
import { LYSOZYME_DOC, SEEDED_JOB_COUNT, UBIQUITIN } from '../../emulators/proteiniq/seeds';
import { startProteinIqEmulator, type ProteinIqEmulator, type ProteinIqEmulatorOptions } from '../../emulators/proteiniq/server';
import { place, torsion, type Vec } from '../../emulators/proteiniq/vec';
import { parseArgs } from '../../emulators/run';
import { call as rawCall, type CallOptions, type Res } from '../support/emulatorCall';

/* ------------------------------------------------------------------ shapes */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const JOB_ID = /^job_[a-z0-9]{20}$/;

const billingSchema = z.strictObject({
  mode: z.enum(['fixed', 'runtime']),
  reserved_credits: z.number().int().nullable(),
  final_credits: z.number().int().nullable(),
  rate_credits_per_minute: z.number().nullable(),
  billable_runtime_seconds: z.number().int().nullable(),
  outcome: z.enum(['charged', 'refunded', 'budget_exceeded']).nullable(),
  finalized_at: isoDate.nullable(),
});

/** The document's job resource (billing only when the job has billing metadata). */
const jobSchema = z.strictObject({
  id: z.string().regex(/^job_[a-z0-9]+$/),
  object: z.literal('job'),
  status: z.enum(JOB_STATUSES),
  tool: z.string(),
  name: z.string(),
  credits_used: z.number().int().min(0),
  created_at: isoDate,
  started_at: isoDate.nullable(),
  completed_at: isoDate.nullable(),
  progress: z.number().int().min(0).max(100),
  execution_time_seconds: z.number().nullable(),
  error: z.string().nullable(),
  billing: billingSchema.optional(),
});
type Job = z.infer<typeof jobSchema>;

const errorSchema = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });

const quoteSchema = z.strictObject({
  object: z.literal('job_quote'),
  tool: z.string().nullable(),
  estimated_credits: z.number().int(),
  available_credits: z.number().int(),
  billable_credits: z.number().int(),
  blocking_errors: z.array(z.strictObject({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })),
  limits: z.strictObject({ active_concurrent_jobs: z.number().int(), max_concurrent_jobs: z.number().int(), daily_limit_used: z.number().int(), daily_limit_max: z.number().int() }),
  billing: z.strictObject({ mode: z.enum(['fixed', 'runtime']) }),
});

const listSchema = z.strictObject({ object: z.literal('list'), data: z.array(jobSchema), has_more: z.boolean(), next_cursor: z.string().nullable() });

const urlFile = z.strictObject({ name: z.string(), key: z.string(), content_type: z.string(), url: z.string().url() });
const inlineFile = z.strictObject({ name: z.string(), key: z.string(), content_type: z.string(), encoding: z.enum(['utf-8', 'base64']), content: z.string() });
const resultSchema = z.strictObject({
  object: z.literal('job_result'),
  job_id: z.string(),
  tool: z.string(),
  status: z.enum(['COMPLETED', 'BUDGET_EXCEEDED', 'FAILED']),
  completed_at: isoDate,
  data_source: z.enum(['r2', 'inline']),
  files: z.array(z.union([urlFile, inlineFile])),
  results: z.record(z.string(), z.unknown()),
});
type Result = z.infer<typeof resultSchema>;

const cancelSchema = z.strictObject({ object: z.literal('job_cancellation'), refunded: z.boolean(), job: jobSchema });

/* ------------------------------------------------------------------ helpers */

const T0 = Date.UTC(2026, 5, 12, 8, 0, 0);
const P = '/api/v1';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const KEY = 'pq_live_demo_demo-password';

interface BodyOptions {
  tool?: string;
  name?: string;
  content?: string;
  settings?: Record<string, unknown>;
  billing?: Record<string, unknown>;
}

/** The document's submit body (lysozyme), with overrides. */
function jobBody(o: BodyOptions = {}): Record<string, unknown> {
  return {
    tool: o.tool ?? 'esmfold',
    name: o.name ?? 'Lysozyme ESMFold run',
    input: { inputs: [{ id: 'seqs_1', slotId: 'protein', kind: 'protein', format: 'fasta', content: o.content ?? `>lysozyme\n${LYSOZYME_DOC}`, source: { type: 'text' } }] },
    settings: o.settings ?? {},
    ...(o.billing ? { billing: o.billing } : {}),
  };
}

const errorOf = (r: Res) => errorSchema.parse(r.json).error;

/** An emulator on a hand-driven clock (`clock.t`), torn down after each test. */
function harness(opts: ProteinIqEmulatorOptions = {}) {
  const clock = { t: T0 };
  const h = {
    clock,
    emu: undefined as unknown as ProteinIqEmulator,
    /** With the default API key unless `token` says otherwise. */
    call: (method: string, p: string, o: CallOptions = {}) => rawCall(h.emu.url, method, p, { token: KEY, ...o }),
    anon: (method: string, p: string, o: CallOptions = {}) => rawCall(h.emu.url, method, p, o),
    async submit(body: Record<string, unknown> = jobBody(), headers: Record<string, string> = {}): Promise<Job> {
      const r = await h.call('POST', `${P}/jobs`, { body, headers });
      assert.equal(r.status, 202, r.text);
      return jobSchema.parse(r.json);
    },
    async status(id: string): Promise<Job> {
      const r = await h.call('GET', `${P}/jobs/${id}/status`);
      assert.equal(r.status, 200, r.text);
      return jobSchema.parse(r.json);
    },
    async result(id: string): Promise<Result> {
      const r = await h.call('GET', `${P}/results/${id}`);
      assert.equal(r.status, 200, r.text);
      return resultSchema.parse(r.json);
    },
  };
  beforeEach(async () => {
    clock.t = T0;
    h.emu = await startProteinIqEmulator({ now: () => clock.t, ...opts });
  });
  afterEach(async () => {
    await h.emu.close();
  });
  return h;
}

/** Tests that are not about the per-job pace poll freely. */
const QUICK: ProteinIqEmulatorOptions = { seedJobs: false, rateLimit: { perJobMs: 0 }, timing: { pendingMs: 1000, queuedMs: 1000, processingMs: 10_000 } };
/** Past PENDING + QUEUED + PROCESSING of QUICK. */
const DONE = 12_001;

interface SseEvent {
  id: string;
  event: string;
  data: Job;
}

/** Reads a server-sent event stream to its end: the events and how it ended. */
async function readEvents(url: string, token = KEY): Promise<{ status: number; headers: Headers; events: SseEvent[]; comments: number; end: 'eof' | 'error' }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const events: SseEvent[] = [];
  let comments = 0;
  if (!res.body) return { status: res.status, headers: res.headers, events, comments, end: 'eof' };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const take = () => {
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments++;
        else {
          const colon = line.indexOf(':');
          fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
      }
      if (fields.data !== undefined) events.push({ id: fields.id, event: fields.event, data: jobSchema.parse(JSON.parse(fields.data)) });
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      take();
    }
  } catch {
    return { status: res.status, headers: res.headers, events, comments, end: 'error' };
  }
  return { status: res.status, headers: res.headers, events, comments, end: 'eof' };
}

interface PdbAtom {
  serial: number;
  name: string;
  resName: string;
  resSeq: number;
  xyz: Vec;
  b: number;
  element: string;
}

/** ATOM records by their fixed columns (wwPDB v3.3). */
function parsePdb(text: string): PdbAtom[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('ATOM  '))
    .map((l) => {
      assert.equal(l.length, 80, `an ATOM line is 80 columns: ${l}`);
      return {
        serial: Number(l.slice(6, 11)),
        name: l.slice(12, 16).trim(),
        resName: l.slice(17, 20),
        resSeq: Number(l.slice(22, 26)),
        xyz: [Number(l.slice(30, 38)), Number(l.slice(38, 46)), Number(l.slice(46, 54))],
        b: Number(l.slice(60, 66)),
        element: l.slice(76, 78).trim(),
      };
    });
}

const THREE: Record<string, string> = { A: 'ALA', R: 'ARG', N: 'ASN', D: 'ASP', C: 'CYS', Q: 'GLN', E: 'GLU', G: 'GLY', H: 'HIS', I: 'ILE', L: 'LEU', K: 'LYS', M: 'MET', F: 'PHE', P: 'PRO', S: 'SER', T: 'THR', W: 'TRP', Y: 'TYR', V: 'VAL' };
const dist = (a: Vec, b: Vec) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/* ------------------------------------------------------------------ tests */

describe('proteiniq emulator', () => {
  describe('API keys', () => {
    const h = harness({
      ...QUICK,
      apiKeys: { [KEY]: 'team_demo', pq_live_reader_s3cret: { workspace: 'team_demo', scopes: ['jobs:read'] }, pq_live_other_s3cret: 'team_other' },
      workspaces: { team_other: { name: 'Other lab' } },
    });

    it('answers 401 unauthorized in the error envelope for a missing, malformed, unknown or revoked key', async () => {
      const missing = await h.anon('GET', `${P}/jobs`);
      assert.equal(missing.status, 401);
      assert.equal(errorOf(missing).code, 'unauthorized');
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.equal(missing.headers.get('x-ratelimit-limit'), null, 'no key, no key budget');
      assert.equal((await h.anon('GET', `${P}/jobs`, { headers: { authorization: `Basic ${KEY}` } })).status, 401);
      const unknown = await h.call('GET', `${P}/jobs`, { token: 'pq_live_nobody_x' });
      assert.deepEqual(unknown.json, { error: { code: 'unauthorized', message: 'Invalid API key' } });
      assert.equal((await h.call('POST', '/__control/revoke-key', { body: { key: 'pq_live_other_s3cret' } })).status, 200);
      const revoked = await h.call('GET', `${P}/jobs`, { token: 'pq_live_other_s3cret' });
      assert.deepEqual([revoked.status, errorOf(revoked).message], [401, 'API key has been revoked']);
      assert.equal((await h.call('GET', `${P}/jobs`)).status, 200, 'other keys still work');
    });

    it('takes the Bearer scheme in any case', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) assert.equal((await h.call('GET', `${P}/jobs`, { scheme })).status, 200);
    });

    it('answers 403 forbidden for a key without the route\'s scope', async () => {
      const token = 'pq_live_reader_s3cret';
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 200);
      const r = await h.call('POST', `${P}/jobs`, { token, body: jobBody() });
      assert.equal(r.status, 403);
      assert.deepEqual(errorOf(r).details, { required_scope: 'jobs:write' });
      assert.equal(h.emu.jobsCreated(), 0);
    });

    it('scopes jobs to the key\'s workspace: another workspace\'s job is not_found everywhere', async () => {
      const job = await h.submit();
      const token = 'pq_live_other_s3cret';
      for (const [method, p] of [
        ['GET', `${P}/jobs/${job.id}/status`],
        ['GET', `${P}/jobs/${job.id}/events`],
        ['POST', `${P}/jobs/${job.id}/cancel`],
        ['GET', `${P}/results/${job.id}`],
      ]) {
        const r = await h.call(method, p, { token });
        assert.deepEqual([r.status, errorOf(r).code], [404, 'not_found'], p);
      }
      assert.deepEqual(listSchema.parse((await h.call('GET', `${P}/jobs`, { token })).json).data, []);
    });

    it('GET /api/v1/account names the workspace and shows credits, limits and the key', async () => {
      const r = await h.call('GET', `${P}/account`);
      assert.deepEqual(r.json, {
        object: 'account',
        workspace: { id: 'team_demo', name: 'Demo lab', plan: { tier: 'pro', paid: true }, credits: { available: 10_000 } },
        limits: { active_jobs: 0, concurrent_jobs: { max: 5, remaining: 5 }, public_api_rate_limit: { limit: 120, window_seconds: 60 } },
        api_key: { id: 'key_demo', env: 'LIVE', prefix: 'pq_live_demo', scopes: ['jobs:read', 'jobs:write', 'files:read', 'files:write'] },
      });
      const other = (await h.call('GET', `${P}/account`, { token: 'pq_live_other_s3cret' })).json as { workspace: { name: string } };
      assert.equal(other.workspace.name, 'Other lab');
    });
  });

  describe('rate limits', () => {
    const h = harness({ seedJobs: false, apiKeys: { [KEY]: 'team_demo', pq_live_second_key: 'team_demo' }, timing: { pendingMs: 0, queuedMs: 0, processingMs: 0 } });

    it('allows 120 requests per 60 s per key, with X-RateLimit-* on every answer, then 429 rate_limited + Retry-After', async () => {
      const reset = new Date(T0 + MINUTE).toISOString();
      for (let i = 1; i <= 120; i++) {
        h.clock.t = T0 + (i - 1) * 100;
        const r = await h.call('GET', i % 2 ? `${P}/jobs` : `${P}/jobs/job_unknown/status`);
        assert.equal(r.status, i % 2 ? 200 : 404);
        assert.deepEqual([r.headers.get('x-ratelimit-limit'), r.headers.get('x-ratelimit-remaining'), r.headers.get('x-ratelimit-reset')], ['120', String(120 - i), reset], `request ${i}`);
      }
      h.clock.t = T0 + 45_500;
      const over = await h.call('GET', `${P}/jobs`);
      assert.equal(over.status, 429);
      assert.deepEqual(over.json, { error: { code: 'rate_limited', message: 'Too many requests' } });
      assert.deepEqual([over.headers.get('retry-after'), over.headers.get('x-ratelimit-remaining'), over.headers.get('x-ratelimit-reset')], ['15', '0', reset]);
      assert.equal((await h.call('GET', `${P}/jobs`, { token: 'pq_live_second_key' })).status, 200, 'the budget is per key');
      h.clock.t = T0 + MINUTE;
      const next = await h.call('GET', `${P}/jobs`);
      assert.deepEqual([next.status, next.headers.get('x-ratelimit-remaining'), next.headers.get('x-ratelimit-reset')], [200, '119', new Date(T0 + 2 * MINUTE).toISOString()]);
      const stats = h.emu.stats();
      assert.equal(stats.rateLimited, 1, 'the request log counts own 429s');
    });

    it('paces status and results per key and job: once per 5 s each, else 429 with Retry-After', async () => {
      const job = await h.submit();
      assert.equal((await h.call('GET', `${P}/jobs/${job.id}/status`)).status, 200);
      h.clock.t += 3200;
      const fast = await h.call('GET', `${P}/jobs/${job.id}/status`);
      assert.equal(fast.status, 429);
      assert.equal(errorOf(fast).code, 'rate_limited');
      assert.deepEqual(errorOf(fast).details, { job_id: job.id, min_interval_seconds: 5 });
      assert.equal(fast.headers.get('retry-after'), '2');
      assert.equal(fast.headers.get('x-ratelimit-limit'), '120', 'a paced answer still has the window headers');
      assert.equal((await h.call('GET', `${P}/results/${job.id}`)).status, 200, 'results have their own pace');
      assert.equal((await h.call('GET', `${P}/jobs/${job.id}/status`, { token: 'pq_live_second_key' })).status, 200, 'per key');
      h.clock.t += 1800;
      assert.equal((await h.call('GET', `${P}/jobs/${job.id}/status`)).status, 200, '5 s after the last allowed one');
      assert.equal((await h.call('GET', `${P}/results/${job.id}`)).status, 429);
      assert.deepEqual(
        h.emu.stats().fastPolls.map((f) => f.gapMs),
        [3200, 1800],
        'the log shows both polls under 5 s after the previous one (a refused poll still counts)',
      );
    });

    it('takes a new policy over /__control/rate-limit', async () => {
      assert.deepEqual((await h.anon('POST', '/__control/rate-limit', { body: { limit: 2, perJobMs: 0 } })).json, { limit: 2, windowMs: 60_000, perJobMs: 0 });
      assert.equal((await h.call('GET', `${P}/jobs`)).status, 200);
      assert.equal((await h.call('GET', `${P}/jobs`)).status, 200);
      assert.equal((await h.call('GET', `${P}/jobs`)).status, 429);
      assert.equal((await h.anon('POST', '/__control/rate-limit', { body: { limit: 0 } })).status, 400);
    });
  });

  describe('POST /api/v1/jobs/quote', () => {
    const h = harness({ ...QUICK });

    it('answers the document example with estimates, available credits, limits and billing mode, and creates nothing', async () => {
      const r = await h.call('POST', `${P}/jobs/quote`, { body: { tool: 'esmfold', input: jobBody().input, settings: {} } });
      assert.equal(r.status, 200);
      assert.deepEqual(quoteSchema.parse(r.json), {
        object: 'job_quote',
        tool: 'esmfold',
        estimated_credits: 50,
        available_credits: 10_000,
        billable_credits: 50,
        blocking_errors: [],
        limits: { active_concurrent_jobs: 0, max_concurrent_jobs: 5, daily_limit_used: 0, daily_limit_max: 100 },
        billing: { mode: 'fixed' },
      });
      assert.equal(h.emu.jobIds().length, 0);
      await h.submit();
      const after = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody() })).json);
      assert.deepEqual([after.available_credits, after.limits.active_concurrent_jobs, after.limits.daily_limit_used], [9_950, 1, 1]);
    });

    it('quotes a runtime-billed tool: the reservation is what is billable', async () => {
      const q = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody({ tool: 'boltz-2', billing: { max_reserved_credits: 40 } }) })).json);
      assert.deepEqual([q.billing.mode, q.estimated_credits, q.billable_credits, q.blocking_errors], ['runtime', 180, 40, []]);
    });

    it('lists blocking errors: invalid input with line and column, unknown tool, credits, limits', async () => {
      const bad = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody({ content: '>x\nMKV\nLLJA' }) })).json);
      assert.deepEqual(bad.blocking_errors, [{ code: 'validation_error', message: "input.inputs[0].content: line 3, column 3: 'J' is not an amino acid", details: { field: 'input.inputs[0].content' } }]);
      const unknown = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody({ tool: 'alphafold9' }) })).json);
      assert.deepEqual([unknown.tool, unknown.blocking_errors.map((e) => [e.code, e.details?.field])], ['alphafold9', [['validation_error', 'tool']]]);
      await h.call('POST', '/__control/workspace', { body: { credits: 30, maxConcurrentJobs: 0, dailyLimitMax: 0 } });
      const broke = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody() })).json);
      assert.deepEqual(
        broke.blocking_errors.map((e) => e.code),
        ['insufficient_credits', 'concurrent_job_limit_exceeded', 'daily_limit_exceeded'],
      );
      assert.equal(broke.blocking_errors[0].message, 'This job needs 50 credits; the workspace has 30');
    });

    it('is JSON only: 415 without application/json, 400 invalid_json, 400 for a non-object', async () => {
      const text = await h.call('POST', `${P}/jobs/quote`, { raw: JSON.stringify(jobBody()), headers: { 'content-type': 'text/plain' } });
      assert.deepEqual([text.status, errorOf(text).code], [415, 'unsupported_media_type']);
      const broken = await h.call('POST', `${P}/jobs/quote`, { raw: '{"tool": ', headers: { 'content-type': 'application/json' } });
      assert.deepEqual([broken.status, errorOf(broken).code], [400, 'invalid_json']);
      const array = await h.call('POST', `${P}/jobs/quote`, { body: [1, 2] });
      assert.deepEqual([array.status, errorOf(array).code], [400, 'validation_error']);
    });
  });

  describe('POST /api/v1/jobs', () => {
    const h = harness({ ...QUICK, apiKeys: { [KEY]: 'team_demo', pq_live_other_s3cret: 'team_other' } });

    it('creates a job from the document body: 202, PENDING, fixed billing, credits taken', async () => {
      const r = await h.call('POST', `${P}/jobs`, { body: jobBody() });
      assert.equal(r.status, 202);
      const job = jobSchema.parse(r.json);
      assert.match(job.id, JOB_ID);
      assert.deepEqual(
        { ...job, id: 'x' },
        {
          id: 'x',
          object: 'job',
          status: 'PENDING',
          tool: 'esmfold',
          name: 'Lysozyme ESMFold run',
          credits_used: 50,
          created_at: new Date(T0).toISOString(),
          started_at: null,
          completed_at: null,
          progress: 0,
          execution_time_seconds: null,
          error: null,
          billing: { mode: 'fixed', reserved_credits: null, final_credits: null, rate_credits_per_minute: null, billable_runtime_seconds: null, outcome: null, finalized_at: null },
        },
      );
      assert.deepEqual([h.emu.jobsCreated(), h.emu.jobIds()], [1, [job.id]]);
    });

    it('refuses invalid bodies with 400 validation_error naming every field, and creates nothing', async () => {
      const r = await h.call('POST', `${P}/jobs`, { body: { tool: 'esmfold', input: { inputs: [{ id: 'a', slotId: 'dna', kind: 'protein', format: 'fasta', content: 'MKV', source: { type: 'file', file_id: 'file_1' } }] }, settings: { num_recycles: 99 }, billing: { max_reserved_credits: 0 } } });
      assert.equal(r.status, 400);
      const e = errorOf(r);
      assert.equal(e.code, 'validation_error');
      assert.deepEqual(
        (e.details?.errors as { field: string }[]).map((p) => p.field),
        ['name', 'billing.max_reserved_credits', 'input.inputs[0].slotId', 'input.inputs[0].source.file_id', 'settings.num_recycles'],
      );
      const two = await h.call('POST', `${P}/jobs`, { body: jobBody({ content: `>a\n${UBIQUITIN}\n>b\n${UBIQUITIN}` }) });
      assert.match((errorOf(two).details?.errors as { message: string }[])[0].message, /line 3: a second record; esmfold folds one sequence per job/);
      assert.equal(h.emu.jobsCreated(), 0);
    });

    it('refuses with 402 when credits or limits do not allow the job', async () => {
      await h.call('POST', '/__control/workspace', { body: { credits: 49 } });
      const poor = await h.call('POST', `${P}/jobs`, { body: jobBody() });
      assert.deepEqual([poor.status, errorOf(poor).code, errorOf(poor).details], [402, 'insufficient_credits', { required_credits: 50, available_credits: 49 }]);
      await h.call('POST', '/__control/workspace', { body: { credits: 1000, maxConcurrentJobs: 1 } });
      await h.submit();
      const busy = await h.call('POST', `${P}/jobs`, { body: jobBody() });
      assert.deepEqual([busy.status, errorOf(busy).code], [402, 'concurrent_job_limit_exceeded']);
      h.clock.t += DONE;
      await h.submit();
      assert.equal(h.emu.jobsCreated(), 2);
    });

    it('replays an Idempotency-Key: the stored status and body, exactly one job, whatever happened since', async () => {
      const first = await h.call('POST', `${P}/jobs`, { body: jobBody(), headers: { 'Idempotency-Key': 'fold-lysozyme-001' } });
      assert.equal(first.status, 202);
      h.clock.t += DONE;
      await h.call('POST', '/__control/workspace', { body: { credits: 0 } });
      // Same body, keys in another order and spaced differently: the same request.
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(jobBody()).reverse()), null, 2);
      const again = await h.call('POST', `${P}/jobs`, { raw: reordered, headers: { 'content-type': 'application/json', 'X-Idempotency-Key': 'fold-lysozyme-001' } });
      assert.deepEqual([again.status, again.text], [202, first.text], 'the stored response, byte for byte (the job as created, PENDING)');
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(h.emu.jobsCreated(), 1);
      assert.equal((await h.status((first.json as Job).id)).status, 'COMPLETED', 'the job itself moved on');
      assert.deepEqual(
        h.emu.submissions().map((s) => [s.outcome, s.idempotencyKey, s.status]),
        [
          ['created', 'fold-lysozyme-001', 202],
          ['replayed', 'fold-lysozyme-001', 202],
        ],
      );
    });

    it('answers 409 conflict for the same key with another body; keys are per workspace', async () => {
      await h.submit(jobBody(), { 'Idempotency-Key': 'k-1' });
      const other = await h.call('POST', `${P}/jobs`, { body: jobBody({ name: 'another name' }), headers: { 'Idempotency-Key': 'k-1' } });
      assert.equal(other.status, 409);
      assert.deepEqual(errorOf(other), { code: 'conflict', message: 'This Idempotency-Key was already used with a different request body', details: { idempotency_key: 'k-1' } });
      const elsewhere = await h.call('POST', `${P}/jobs`, { token: 'pq_live_other_s3cret', body: jobBody(), headers: { 'Idempotency-Key': 'k-1' } });
      assert.equal(elsewhere.status, 202, 'another workspace, another key space');
      assert.equal(h.emu.jobsCreated(), 2);
    });

    it('refuses two different key headers, an empty or a too long key; a refused request stores nothing', async () => {
      const bad: Record<string, string>[] = [{ 'Idempotency-Key': 'a', 'X-Idempotency-Key': 'b' }, { 'Idempotency-Key': ' ' }, { 'Idempotency-Key': 'k'.repeat(256) }];
      for (const headers of bad) {
        const r = await h.call('POST', `${P}/jobs`, { body: jobBody(), headers });
        assert.deepEqual([r.status, errorOf(r).code], [400, 'validation_error'], JSON.stringify(headers).slice(0, 60));
      }
      await h.call('POST', '/__control/workspace', { body: { credits: 0 } });
      assert.equal((await h.call('POST', `${P}/jobs`, { body: jobBody(), headers: { 'Idempotency-Key': 'retry-me' } })).status, 402);
      await h.call('POST', '/__control/workspace', { body: { credits: 500 } });
      assert.equal((await h.call('POST', `${P}/jobs`, { body: jobBody(), headers: { 'Idempotency-Key': 'retry-me' } })).status, 202, 'the fixed retry creates the job');
      assert.equal(h.emu.jobsCreated(), 1);
    });

    it('never pays twice: a response lost after the job was created, then the retry with the same key', async () => {
      h.emu.faults.add({ method: 'POST', path: `${P}/jobs`, phase: 'after', fault: { kind: 'reset' } });
      await assert.rejects(h.call('POST', `${P}/jobs`, { body: jobBody(), headers: { 'Idempotency-Key': 'crash-1' } }));
      assert.equal(h.emu.jobsCreated(), 1, 'the server did create it');
      const retry = await h.call('POST', `${P}/jobs`, { body: jobBody(), headers: { 'Idempotency-Key': 'crash-1' } });
      assert.equal(retry.status, 202);
      assert.deepEqual(h.emu.jobIds(), [(retry.json as Job).id]);
      const served = (await h.anon('GET', '/__control/jobs')).json as { created: number; jobs: { idempotency_key: string | null }[] };
      assert.deepEqual([served.created, served.jobs.map((j) => j.idempotency_key)], [1, ['crash-1']]);
      assert.deepEqual((await h.anon('GET', '/__control/stats')).json, { ...h.emu.stats(), fastPolls: [] });
      assert.deepEqual(h.emu.stats().submissions, { created: 1, replayed: 1, conflict: 0, refused: 0 });
    });
  });

  describe('GET /api/v1/jobs', () => {
    const h = harness({ rateLimit: { perJobMs: 0 } });

    it('lists the 24 seeded jobs newest first, 20 per page, with has_more and next_cursor', async () => {
      const r = await h.call('GET', `${P}/jobs`);
      const page = listSchema.parse(r.json);
      assert.equal(page.data.length, 20);
      assert.equal(page.has_more, true);
      assert.equal(page.next_cursor, page.data[19].id);
      const created = page.data.map((j) => Date.parse(j.created_at));
      assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
      assert.equal(page.data[0].status, 'PROCESSING', 'the newest seeded job is still running');
      const rest = listSchema.parse((await h.call('GET', `${P}/jobs?starting_after=${page.next_cursor}`)).json);
      assert.deepEqual([rest.data.length, rest.has_more, rest.next_cursor], [SEEDED_JOB_COUNT - 20, false, null]);
    });

    it('pages to the end with a cursor: every job once, in order, even when new jobs arrive meanwhile', async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `?limit=7&starting_after=${cursor}` : '?limit=7';
        const page = listSchema.parse((await h.call('GET', `${P}/jobs${q}`)).json);
        ids.push(...page.data.map((j) => j.id));
        cursor = page.next_cursor;
        if (++pages === 2) await h.submit();
      } while (cursor);
      assert.equal(pages, 4);
      assert.deepEqual(ids, h.emu.jobIds().slice(1), 'the seeded jobs, each once; the new one is ahead of the cursor');
    });

    it('shows every terminal status among the seeds, with billing and errors', async () => {
      const all = [...listSchema.parse((await h.call('GET', `${P}/jobs?limit=100`)).json).data];
      const by = (s: string) => all.filter((j) => j.status === s);
      for (const s of ['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'BUDGET_EXCEEDED', 'PROCESSING']) assert.ok(by(s).length > 0, s);
      const budget = by('BUDGET_EXCEEDED')[0];
      assert.deepEqual([budget.tool, budget.credits_used, budget.billing?.mode, budget.billing?.outcome, budget.billing?.reserved_credits], ['boltz-2', 5, 'runtime', 'budget_exceeded', 5]);
      assert.match(String(by('FAILED')[0].error), /GPU memory/);
      assert.equal(all.find((j) => j.tool === 'protparam')?.billing, undefined, 'a free job has no billing metadata');
    });

    it('refuses a bad limit or an unknown cursor with 400 validation_error', async () => {
      for (const q of ['limit=0', 'limit=101', 'limit=ten', 'starting_after=job_nothere']) {
        const r = await h.call('GET', `${P}/jobs?${q}`);
        assert.deepEqual([r.status, errorOf(r).code], [400, 'validation_error'], q);
      }
      assert.equal(listSchema.parse((await h.call('GET', `${P}/jobs?limit=100`)).json).data.length, SEEDED_JOB_COUNT);
    });

    it('seeded ids are the same on every start', async () => {
      const first = h.emu.jobIds();
      const again = await startProteinIqEmulator({ now: () => h.clock.t });
      try {
        assert.deepEqual(again.jobIds(), first);
      } finally {
        await again.close();
      }
    });
  });

  describe('job status', () => {
    const h = harness({ ...QUICK });

    it('moves PENDING → QUEUED → PROCESSING (progress in steps of 5) → COMPLETED in virtual time', async () => {
      const { id } = await h.submit();
      const seen: [string, number][] = [];
      for (let t = 0; t <= DONE; t += 500) {
        h.clock.t = T0 + t;
        const j = await h.status(id);
        seen.push([j.status, j.progress]);
        assert.equal(j.progress % 5, 0);
      }
      assert.deepEqual(seen.slice(0, 5), [
        ['PENDING', 0],
        ['PENDING', 0],
        ['QUEUED', 0],
        ['QUEUED', 0],
        ['PROCESSING', 0],
      ]);
      assert.deepEqual(seen[6], ['PROCESSING', 10]);
      assert.deepEqual(seen.at(-2), ['PROCESSING', 95]);
      const done = await h.status(id);
      assert.deepEqual(
        [done.status, done.progress, done.started_at, done.completed_at, done.execution_time_seconds, done.billing?.outcome, done.billing?.final_credits],
        ['COMPLETED', 100, new Date(T0 + 2000).toISOString(), new Date(T0 + 12_000).toISOString(), 10, 'charged', 50],
      );
    });

    it('ends FAILED (with error, refunded), TIMEOUT or BUDGET_EXCEEDED by the job name', async () => {
      const failed = await h.submit(jobBody({ name: 'please FAIL' }));
      const timeout = await h.submit(jobBody({ name: 'timeout case' }));
      const budget = await h.submit(jobBody({ name: 'over budget' }));
      h.clock.t += DONE;
      const f = await h.status(failed.id);
      assert.deepEqual([f.status, f.progress, f.credits_used, f.billing?.outcome], ['FAILED', 50, 0, 'refunded']);
      assert.match(String(f.error), /emulated failure/);
      const t = await h.status(timeout.id);
      assert.deepEqual([t.status, t.error, t.credits_used], ['TIMEOUT', 'The job exceeded its execution time limit', 50]);
      assert.equal((await h.status(budget.id)).status, 'BUDGET_EXCEEDED');
    });

    it('bills a runtime job by the minute and stops it BUDGET_EXCEEDED when the reservation is spent', async () => {
      await h.call('POST', '/__control/timing', { body: { processingMs: 10 * MINUTE } });
      const { id } = await h.submit(jobBody({ tool: 'boltz-2', billing: { max_reserved_credits: 120 } }));
      const held = quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody() })).json).available_credits;
      assert.equal(held, 10_000 - 120, 'the reservation is held');
      h.clock.t = T0 + 2000 + 61_000;
      const running = await h.status(id);
      assert.deepEqual([running.status, running.credits_used, running.billing?.billable_runtime_seconds, running.billing?.rate_credits_per_minute], ['PROCESSING', 61, 61, 60]);
      h.clock.t = T0 + 2000 + 2 * MINUTE;
      const stopped = await h.status(id);
      assert.deepEqual([stopped.status, stopped.credits_used, stopped.billing?.final_credits, stopped.billing?.outcome], ['BUDGET_EXCEEDED', 120, 120, 'budget_exceeded']);
    });

    it('POST /__control/job changes an unfinished job\'s outcome and error; a finished one is refused', async () => {
      const { id } = await h.submit();
      h.clock.t += 8000;
      const r = await h.anon('POST', '/__control/job', { body: { job_id: id, outcome: 'failed', error: 'CUDA error: device-side assert' } });
      assert.equal(r.status, 200);
      h.clock.t += 1;
      const j = await h.status(id);
      assert.deepEqual([j.status, j.error], ['FAILED', 'CUDA error: device-side assert']);
      assert.ok(Date.parse(String(j.completed_at)) >= T0 + 8000, 'it ends now, not in the past');
      assert.equal((await h.anon('POST', '/__control/job', { body: { job_id: id, outcome: 'completed' } })).status, 400);
      assert.equal((await h.anon('POST', '/__control/job', { body: { job_id: 'job_none', outcome: 'failed' } })).status, 400);
    });

    it('gives new jobs the timing set through /__control/timing', async () => {
      assert.deepEqual((await h.anon('POST', '/__control/timing', { body: { preset: 'fast' } })).json, { pendingMs: 100, queuedMs: 100, processingMs: 300 });
      const { id } = await h.submit();
      h.clock.t += 501;
      assert.equal((await h.status(id)).status, 'COMPLETED');
    });
  });

  describe('GET /api/v1/jobs/{id}/events (real time)', () => {
    const h = {
      emu: undefined as unknown as ProteinIqEmulator,
      call: (method: string, p: string, o: CallOptions = {}) => rawCall(h.emu.url, method, p, { token: KEY, ...o }),
    };
    beforeEach(async () => {
      h.emu = await startProteinIqEmulator({ seedJobs: false, timing: { pendingMs: 100, queuedMs: 100, processingMs: 400 }, events: { tickMs: 10 } });
    });
    afterEach(async () => {
      await h.emu.close();
    });
    const submit = async () => jobSchema.parse((await h.call('POST', `${P}/jobs`, { body: jobBody() })).json);

    it('streams status and progress events to the terminal status, then closes', async () => {
      const job = await submit();
      const s = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.equal(s.status, 200);
      assert.deepEqual([s.headers.get('content-type'), s.headers.get('cache-control'), s.headers.get('x-ratelimit-limit')], ['text/event-stream', 'private, no-cache, no-transform', '120']);
      assert.equal(s.end, 'eof');
      const statuses = s.events.filter((e) => e.event === 'status').map((e) => e.data.status);
      assert.deepEqual(statuses, ['PENDING', 'QUEUED', 'PROCESSING', 'COMPLETED']);
      const progress = s.events.filter((e) => e.event === 'progress').map((e) => e.data.progress);
      assert.ok(progress.length >= 5, `progress events: ${progress.join(', ')}`);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
      assert.deepEqual(
        s.events.map((e) => e.id),
        s.events.map((_, i) => String(i + 1)),
      );
      assert.equal(s.events.at(-1)?.data.progress, 100);
    });

    it('sends one event for a finished job and closes; 404 for an unknown job', async () => {
      const job = await submit();
      await new Promise((r) => setTimeout(r, 700));
      const s = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.deepEqual(
        s.events.map((e) => [e.event, e.data.status]),
        [['status', 'COMPLETED']],
      );
      const missing = await h.call('GET', `${P}/jobs/job_nothing/events`);
      assert.deepEqual([missing.status, errorOf(missing).code], [404, 'not_found']);
    });

    it('drops a stream mid-way (EOF without a terminal event), once; the reconnect gets the rest', async () => {
      const job = await submit();
      await h.call('POST', '/__control/events', { body: { mode: 'drop', afterEvents: 2, how: 'end', times: 1 } });
      const dropped = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.deepEqual([dropped.end, dropped.events.length], ['eof', 2]);
      assert.ok(dropped.events.every((e) => !['COMPLETED', 'FAILED'].includes(e.data.status)));
      const again = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.equal(again.events.at(-1)?.data.status, 'COMPLETED');
      assert.deepEqual(h.emu.eventsSettings().mode, 'normal');
    });

    it('can reset the connection mid-stream, or answer 503 when streaming is unavailable', async () => {
      const job = await submit();
      h.emu.setEventsSettings({ mode: 'drop', afterEvents: 1, how: 'reset', times: 1 });
      const cut = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.deepEqual([cut.end, cut.events.length], ['error', 1]);
      await h.call('POST', '/__control/events', { body: { mode: 'unavailable', times: 2 } });
      for (let i = 0; i < 2; i++) {
        const r = await h.call('GET', `${P}/jobs/${job.id}/events`);
        assert.deepEqual([r.status, errorOf(r).code], [503, 'internal_error']);
      }
      assert.equal((await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`)).status, 200);
    });

    it('keeps a quiet stream alive with comments; close() ends streams still open', async () => {
      h.emu.setTiming({ pendingMs: 400 });
      h.emu.setEventsSettings({ heartbeatMs: 100 });
      const job = await submit();
      const s = await readEvents(`${h.emu.url}${P}/jobs/${job.id}/events`);
      assert.ok(s.comments >= 2, `keep-alive comments: ${s.comments}`);
      h.emu.setTiming({ pendingMs: 60_000 });
      const slow = await submit();
      const open = readEvents(`${h.emu.url}${P}/jobs/${slow.id}/events`);
      await new Promise((r) => setTimeout(r, 100));
      const closing = Date.now();
      await h.emu.close();
      assert.ok(Date.now() - closing < 1000, 'close() does not wait for the stream');
      const ended = await open;
      assert.deepEqual([ended.end, ended.events.map((e) => e.data.status)], ['error', ['PENDING']]);
      h.emu = await startProteinIqEmulator({ seedJobs: false }); // for afterEach
    });
  });

  describe('GET /api/v1/results/{id}', () => {
    const h = harness({ ...QUICK, results: { urlTtlMs: 10 * MINUTE } });

    it('is 409 job_not_completed with Retry-After and the current status before a terminal status', async () => {
      const { id } = await h.submit();
      for (const [at, status] of [
        [0, 'PENDING'],
        [1500, 'QUEUED'],
        [5000, 'PROCESSING'],
      ] as const) {
        h.clock.t = T0 + at;
        const r = await h.call('GET', `${P}/results/${id}`);
        assert.equal(r.status, 409);
        assert.deepEqual(r.json, { error: { code: 'job_not_completed', message: 'Job is not yet completed', details: { current_status: status } } });
        assert.equal(r.headers.get('retry-after'), '5');
      }
    });

    it('files by signed URL: a PDB with B-factor = pLDDT, the pLDDT array and the PAE matrix', async () => {
      const { id } = await h.submit();
      h.clock.t += DONE;
      const res = await h.result(id);
      assert.deepEqual([res.status, res.data_source, res.files.map((f) => [f.name, f.content_type])], [
        'COMPLETED',
        'r2',
        [
          ['prediction.pdb', 'chemical/x-pdb'],
          ['plddt.json', 'application/json'],
          ['pae.json', 'application/json'],
        ],
      ]);
      const files = res.files.map((f) => urlFile.parse(f));
      assert.deepEqual(files.map((f) => f.key), ['prediction.pdb', 'plddt.json', 'pae.json'].map((n) => `outputs/${id}/${n}`));
      const [pdbRes, plddtRes, paeRes] = await Promise.all(files.map((f) => fetch(f.url)));
      assert.equal(pdbRes.headers.get('content-type'), 'chemical/x-pdb');
      const pdb = await pdbRes.text();
      const plddt = (await plddtRes.json()) as { residue_number: number[]; plddt: number[]; mean_plddt: number };
      const pae = (await paeRes.json()) as { predicted_aligned_error: number[][]; max_predicted_aligned_error: number }[];
      const n = LYSOZYME_DOC.length;
      assert.deepEqual(plddt.residue_number, Array.from({ length: n }, (_, i) => i + 1));
      assert.ok(plddt.plddt.every((v) => v >= 0 && v <= 100));
      assert.equal(res.results.mean_plddt, plddt.mean_plddt);
      assert.deepEqual(Object.keys(res.results), ['model', 'sequence_length', 'mean_plddt', 'ptm']);
      const atoms = parsePdb(pdb);
      for (const a of atoms) assert.equal(a.b, plddt.plddt[a.resSeq - 1], `B-factor of ${a.name} ${a.resSeq}`);
      const cas = atoms.filter((a) => a.name === 'CA');
      assert.equal(cas.map((a) => a.resName).join(' '), [...LYSOZYME_DOC].map((c) => THREE[c]).join(' '), 'one residue per input residue, in order');
      assert.equal(pae.length, 1);
      assert.equal(pae[0].max_predicted_aligned_error, 31.75);
      assert.equal(pae[0].predicted_aligned_error.length, n);
      assert.ok(pae[0].predicted_aligned_error.every((row, i) => row.length === n && row[i] < 1 && row.every((v) => v >= 0 && v <= 31.75)));
      assert.ok(pdb.startsWith('HEADER    STRUCTURE PREDICTION') && pdb.trimEnd().endsWith('END'));
    });

    it('an expired URL answers 403 (or 410); asking for the result again gives a fresh URL that works', async () => {
      const { id } = await h.submit();
      h.clock.t += DONE;
      const first = urlFile.parse((await h.result(id)).files[0]);
      assert.equal((await fetch(first.url)).status, 200);
      h.clock.t += 10 * MINUTE;
      const expired = await fetch(first.url);
      assert.equal(expired.status, 403);
      assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
      const fresh = urlFile.parse((await h.result(id)).files[0]);
      assert.notEqual(fresh.url, first.url);
      assert.equal((await fetch(fresh.url)).status, 200);
      h.emu.setResultSettings({ expiredStatus: 410 });
      h.clock.t += 10 * MINUTE;
      assert.equal((await fetch(fresh.url)).status, 410);
      const tampered = fresh.url.replace(/signature=[0-9a-f]/, (m) => (m.endsWith('0') ? `${m.slice(0, -1)}1` : `${m.slice(0, -1)}0`));
      const bad = await fetch(tampered);
      assert.equal(bad.status, 403);
      assert.match(await bad.text(), /SignatureDoesNotMatch/);
      assert.equal(h.emu.log.list({ path: { prefix: '/storage/' } }).length, 5, 'downloads are in the request log');
      assert.equal((await fetch(fresh.url)).headers.get('x-ratelimit-limit'), null, 'and not rate limited');
    });

    it('files inline: the PDB as utf-8 text, JSON as base64 — the same bytes as the downloads', async () => {
      const { id } = await h.submit();
      h.clock.t += DONE;
      const byUrl = (await h.result(id)).files.map((f) => urlFile.parse(f));
      const downloads = await Promise.all(byUrl.map(async (f) => (await fetch(f.url)).text()));
      assert.deepEqual((await h.call('POST', '/__control/results', { body: { mode: 'inline' } })).json, { mode: 'inline', urlTtlMs: 10 * MINUTE, expiredStatus: 403, pae: true, paeMaxResidues: 1000 });
      h.clock.t += 5000;
      const res = await h.result(id);
      assert.equal(res.data_source, 'inline');
      const inline = res.files.map((f) => inlineFile.parse(f));
      assert.deepEqual(inline.map((f) => f.encoding), ['utf-8', 'base64', 'base64']);
      assert.deepEqual(
        inline.map((f) => (f.encoding === 'base64' ? Buffer.from(f.content, 'base64').toString('utf8') : f.content)),
        downloads,
      );
    });

    it('values inline: no files; results carry the PDB text, the pLDDT array and the PAE matrix', async () => {
      const { id } = await h.submit();
      h.clock.t += DONE;
      h.emu.setResultSettings({ mode: 'values' });
      const res = await h.result(id);
      assert.deepEqual([res.files, Object.keys(res.results)], [[], ['model', 'sequence_length', 'mean_plddt', 'ptm', 'pdb', 'plddt', 'pae']]);
      assert.equal(parsePdb(String(res.results.pdb)).filter((a) => a.name === 'CA').length, LYSOZYME_DOC.length);
      assert.equal((res.results.pae as number[][]).length, LYSOZYME_DOC.length);
    });

    it('leaves the PAE out when turned off or for chains over paeMaxResidues', async () => {
      const { id } = await h.submit();
      h.clock.t += DONE;
      h.emu.setResultSettings({ paeMaxResidues: 50 });
      assert.deepEqual((await h.result(id)).files.map((f) => f.name), ['prediction.pdb', 'plddt.json']);
      h.emu.setResultSettings({ paeMaxResidues: 1000, pae: false, mode: 'values' });
      h.clock.t += 5000;
      assert.equal((await h.result(id)).results.pae, undefined);
    });

    it('BUDGET_EXCEEDED has a result without files; FAILED, TIMEOUT and CANCELLED have none (404)', async () => {
      const budget = await h.submit(jobBody({ name: 'budget' }));
      const failed = await h.submit(jobBody({ name: 'fail' }));
      const timeout = await h.submit(jobBody({ name: 'timeout' }));
      const cancelled = await h.submit();
      await h.call('POST', `${P}/jobs/${cancelled.id}/cancel`);
      h.clock.t += DONE;
      const b = await h.result(budget.id);
      assert.deepEqual([b.status, b.files, b.results.stopped_at_progress], ['BUDGET_EXCEEDED', [], 50]);
      for (const [job, status] of [
        [failed, 'FAILED'],
        [timeout, 'TIMEOUT'],
        [cancelled, 'CANCELLED'],
      ] as const) {
        const r = await h.call('GET', `${P}/results/${job.id}`);
        assert.deepEqual([r.status, errorOf(r).code, errorOf(r).details], [404, 'not_found', { current_status: status }]);
      }
    });

    it('protparam: values only, computed from the sequence', async () => {
      const { id } = await h.submit(jobBody({ tool: 'protparam', content: `>ubq\n${UBIQUITIN}` }));
      h.clock.t += DONE;
      const r = await h.result(id);
      assert.deepEqual(r.files, []);
      assert.equal(r.results.length, 76);
      assert.equal(r.results.molecular_weight, 8564.84, 'ubiquitin\'s average mass');
      assert.equal(r.results.isoelectric_point, 7.54, 'EMBOSS pKa values (ExPASy\'s scale says 6.56)');
    });
  });

  describe('the predicted structure', () => {
    it('places atoms with NeRF: the asked bond, angle and torsion', () => {
      const a: Vec = [0, 1.2, 0.3];
      const b: Vec = [0.4, 0, 0];
      const c: Vec = [1.9, 0.1, -0.2];
      for (const tors of [-170, -60, 0, 45, 123, 180]) {
        const d = place(a, b, c, 1.53, 110.5, tors);
        assert.ok(Math.abs(dist(c, d) - 1.53) < 1e-9);
        const angle = (Math.acos(((b[0] - c[0]) * (d[0] - c[0]) + (b[1] - c[1]) * (d[1] - c[1]) + (b[2] - c[2]) * (d[2] - c[2])) / (dist(b, c) * dist(c, d))) * 180) / Math.PI;
        assert.ok(Math.abs(angle - 110.5) < 1e-6);
        assert.ok(Math.abs(((torsion(a, b, c, d) - tors + 540) % 360) - 180) < 1e-6, `torsion ${tors}`);
      }
    });

    it('is a protein: 3.8 Å between CAs, L-amino acids, planar peptides, no clashes, deterministic', () => {
      const fold = predictFold(LYSOZYME_DOC);
      const atoms = buildChain(LYSOZYME_DOC, fold);
      assert.deepEqual(buildChain(LYSOZYME_DOC, predictFold(LYSOZYME_DOC)), atoms, 'the same sequence, the same model');
      const res = new Map<number, Record<string, Vec>>();
      for (const a of atoms) res.set(a.resSeq, { ...res.get(a.resSeq), [a.name]: a.xyz });
      for (let i = 1; i < LYSOZYME_DOC.length; i++) {
        const r = res.get(i) as Record<string, Vec>;
        const next = res.get(i + 1) as Record<string, Vec>;
        assert.ok(Math.abs(dist(r.CA, next.CA) - 3.8) < 0.05, `CA ${i}–${i + 1}`);
        assert.ok(Math.abs(Math.abs(torsion(r.CA, r.C, next.N, next.CA)) - 180) < 1e-6, 'trans peptide');
        if (r.CB) assert.ok(Math.abs(torsion(r.C, r.N, r.CA, r.CB) + 123) < 1e-6, 'L chirality (as in real PDB entries)');
      }
      let closest = Infinity;
      for (let i = 0; i < atoms.length; i++) {
        for (let j = i + 1; j < atoms.length; j++) {
          const [a, b] = [atoms[i], atoms[j]];
          if (Math.abs(a.resSeq - b.resSeq) < 2) continue;
          closest = Math.min(closest, dist(a.xyz, b.xyz));
        }
      }
      assert.ok(closest > 2.5, `closest atoms of residues two or more apart: ${closest.toFixed(2)} Å`);
      const helices = fold.ss.match(/H+/g) ?? [];
      assert.ok(helices.length > 0 && fold.ptm > 0.2 && fold.ptm < 0.95, `${fold.ss} pTM ${fold.ptm}`);
      const mean = (s: string) => {
        const v = fold.plddt.filter((_, i) => fold.ss[i] === s);
        return v.reduce((x, y) => x + y, 0) / v.length;
      };
      assert.ok(mean('H') > mean('C'), 'helices are predicted with more confidence than loops');
    });
  });

  describe('POST /api/v1/jobs/{id}/cancel', () => {
    const h = harness({ ...QUICK });

    it('cancels a PENDING or QUEUED job: CANCELLED, refunded, credits back', async () => {
      const pending = await h.submit();
      const queued = await h.submit();
      h.clock.t += 1500;
      for (const job of [pending, queued]) {
        const r = await h.call('POST', `${P}/jobs/${job.id}/cancel`);
        assert.equal(r.status, 200);
        const c = cancelSchema.parse(r.json);
        assert.deepEqual([c.refunded, c.job.status, c.job.credits_used, c.job.billing?.outcome, c.job.completed_at], [true, 'CANCELLED', 0, 'refunded', new Date(T0 + 1500).toISOString()]);
      }
      assert.equal(quoteSchema.parse((await h.call('POST', `${P}/jobs/quote`, { body: jobBody() })).json).available_credits, 10_000);
    });

    it('is 409 conflict with details.current_status once the job runs or has ended', async () => {
      const { id } = await h.submit();
      for (const [t, status] of [
        [5000, 'PROCESSING'],
        [DONE, 'COMPLETED'],
      ] as const) {
        h.clock.t = T0 + t;
        const r = await h.call('POST', `${P}/jobs/${id}/cancel`);
        assert.equal(r.status, 409);
        assert.deepEqual([errorOf(r).code, errorOf(r).details], ['conflict', { current_status: status }]);
      }
      assert.equal((await h.status(id)).status, 'COMPLETED', 'nothing changed');
      const again = await h.submit();
      await h.call('POST', `${P}/jobs/${again.id}/cancel`);
      const twice = await h.call('POST', `${P}/jobs/${again.id}/cancel`);
      assert.deepEqual(errorOf(twice).details, { current_status: 'CANCELLED' });
      assert.equal((await h.call('POST', `${P}/jobs/job_nothing/cancel`)).status, 404);
    });

    it('reports refunded: false when nothing was charged (a free tool)', async () => {
      const { id } = await h.submit(jobBody({ tool: 'protparam' }));
      assert.equal(cancelSchema.parse((await h.call('POST', `${P}/jobs/${id}/cancel`)).json).refunded, false);
    });
  });

  describe('faults, the request log and the control endpoints', () => {
    const h = harness({ ...QUICK });

    it('injects the common faults: 429, 5xx, reset, hang, malformed, drift, delay', async () => {
      const job = await h.submit();
      h.emu.faults.add([
        { method: 'GET', path: `${P}/jobs/${job.id}/status`, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'rate_limited', message: 'Too many requests' } } } },
        { method: 'GET', path: `${P}/jobs/${job.id}/status`, fault: { kind: 'status', status: 502, body: '<html>Bad gateway</html>' } },
      ]);
      const limited = await h.call('GET', `${P}/jobs/${job.id}/status`);
      assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
      assert.deepEqual([(await h.call('GET', `${P}/jobs/${job.id}/status`)).text], ['<html>Bad gateway</html>']);
      assert.equal((await h.call('GET', `${P}/jobs/${job.id}/status`)).status, 200);
      h.emu.faults.add({ path: `${P}/jobs`, fault: { kind: 'reset' } });
      await assert.rejects(h.call('GET', `${P}/jobs`));
      h.emu.faults.add({ path: `${P}/jobs`, fault: { kind: 'hang' } });
      await assert.rejects(h.call('GET', `${P}/jobs`, { signal: AbortSignal.timeout(150) }), (e: Error) => e.name === 'TimeoutError');
      h.emu.faults.add({ path: `${P}/jobs/${job.id}/status`, fault: { kind: 'malformed' } });
      const malformed = await h.call('GET', `${P}/jobs/${job.id}/status`);
      assert.equal(malformed.json, undefined, 'not JSON');
      for (const [method, p, field, body] of [
        ['POST', `${P}/jobs`, 'id', jobBody()],
        ['GET', `${P}/jobs/${job.id}/status`, 'status', undefined],
        ['GET', `${P}/jobs`, 'data.*.status', undefined],
        ['POST', `${P}/jobs/quote`, 'blocking_errors', jobBody()],
      ] as const) {
        h.emu.faults.add({ method, path: p, fault: { kind: 'drift' } });
        const r = await h.call(method, p, body ? { body } : {});
        assert.ok(r.status < 300, p);
        assert.equal(jobSchema.safeParse(r.json).success || listSchema.safeParse(r.json).success || quoteSchema.safeParse(r.json).success, false, `${p} lost ${field}`);
      }
      h.emu.faults.add({ path: `${P}/account`, fault: { kind: 'delay', ms: 120 } });
      const started = Date.now();
      assert.equal((await h.call('GET', `${P}/account`)).status, 200);
      assert.ok(Date.now() - started >= 110);
      const stats = h.emu.stats();
      assert.deepEqual([stats.injected429, stats.rateLimited], [1, 0], 'injected 429s are told apart from own ones');
    });

    it('logs every request with its time, key fingerprint and status; never the key', async () => {
      h.clock.t += 1234;
      const job = await h.submit();
      h.clock.t += 5000;
      await h.status(job.id);
      await h.call('GET', `${P}/results/${job.id}`);
      const log = h.emu.log.list();
      assert.deepEqual(
        log.map((e) => [e.method, e.path, e.status, e.timestamp]),
        [
          ['POST', `${P}/jobs`, 202, T0 + 1234],
          ['GET', `${P}/jobs/${job.id}/status`, 200, T0 + 6234],
          ['GET', `${P}/results/${job.id}`, 409, T0 + 6234],
        ],
      );
      assert.equal(log[0].auth, authFingerprint(`Bearer ${KEY}`));
      assert.ok(!(await h.anon('GET', '/__control/requests')).text.includes('demo-password'));
      assert.deepEqual(h.emu.stats().byRoute, { [`POST ${P}/jobs`]: 1, [`GET ${P}/jobs/{id}/status`]: 1, [`GET ${P}/results/{id}`]: 1 });
    });

    it('POST /__control/reset restores jobs, keys, settings, counters and time', async () => {
      await h.submit(jobBody(), { 'Idempotency-Key': 'once' });
      await h.call('POST', '/__control/revoke-key', { body: { key: KEY } });
      await h.anon('POST', '/__control/results', { body: { mode: 'values' } });
      await h.anon('POST', '/__control/events', { body: { mode: 'unavailable' } });
      await h.anon('POST', '/__control/workspace', { body: { credits: 1 } });
      await h.anon('POST', '/__control/advance', { body: { ms: 5000 } });
      assert.deepEqual((await h.anon('POST', '/__control/reset')).json, { reset: ['faults', 'log', 'state'] });
      assert.deepEqual([h.emu.jobIds(), h.emu.jobsCreated(), h.emu.submissions()], [[], 0, []]);
      assert.equal(h.emu.resultSettings().mode, 'url');
      assert.equal(h.emu.eventsSettings().mode, 'normal');
      assert.equal(h.emu.workspace().credits, 10_000);
      assert.equal(h.emu.clock.offsetMs, 0);
      assert.equal((await h.submit(jobBody(), { 'Idempotency-Key': 'once' })).status, 'PENDING', 'the key works again and is new');
      assert.equal(h.emu.jobsCreated(), 1);
    });

    it('refuses bad control bodies with 400 naming the field', async () => {
      for (const [p, body] of [
        ['/__control/results', { mode: 'ftp' }],
        ['/__control/results', { expiredStatus: 404 }],
        ['/__control/events', { mode: 'maybe' }],
        ['/__control/events', { speed: 1 }],
        ['/__control/workspace', { credits: -1 }],
        ['/__control/revoke-key', { key: 'nope' }],
        ['/__control/job', { outcome: 'completed' }],
      ] as const) {
        const r = await h.anon('POST', p, { body });
        assert.equal(r.status, 400, `${p} ${JSON.stringify(body)}`);
      }
    });

    it('answers unknown routes and methods in the envelope', async () => {
      const missing = await h.call('GET', `${P}/nothing`);
      assert.deepEqual([missing.status, errorOf(missing).code], [404, 'not_found']);
      const method = await h.call('DELETE', `${P}/jobs`);
      assert.deepEqual([method.status, errorOf(method).code], [405, 'method_not_allowed']);
    });
  });

  describe('run.ts', () => {
    it('parses --port proteiniq', () => {
      assert.deepEqual(parseArgs(['--port', 'proteiniq=8789']), { ports: { proteiniq: 8789 }, timing: 'default' });
    });

    it('starts the proteiniq emulator beside the others, with the chosen timing and the demo key', async () => {
      const script = path.join(__dirname, '..', '..', 'emulators', 'run.js');
      const child = spawn(process.execPath, [script, '--timing', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('\n')) resolve(out);
          });
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const urls = JSON.parse(line) as Record<string, string>;
        assert.match(urls.proteiniq, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual((await rawCall(urls.proteiniq, 'GET', '/__control/timing')).json, { pendingMs: 100, queuedMs: 100, processingMs: 300 });
        const account = await rawCall(urls.proteiniq, 'GET', `${P}/account`, { token: KEY });
        assert.equal((account.json as { workspace: { name: string } }).workspace.name, 'Demo lab');
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});

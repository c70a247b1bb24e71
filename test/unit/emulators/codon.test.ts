/**
 * The codon emulator against its document (seeds/002) and the client's own zod schemas: if these
 * pass, what the extension's tests see is what the real API documents.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  apiStatusSchema,
  fitnessListSchema,
  fitnessFunctionSchema,
  jobListSchema,
  loginResponseSchema,
  optimiseResponseSchema,
  optimiseResultSchema,
  statusResponseSchema,
} from '../../../src/providers/codon/schemas';
import { startCodonEmulator, type CodonEmulator, type CodonEmulatorOptions } from '../../emulators/codon/server';
import { translate } from '../../emulators/codon/sequence';
import { fitnessScore, measure, resolveFitnessList, type ResolvedFitness } from '../../emulators/codon/fitness';
import { GENETIC_CODE, SYNONYMS } from '../../emulators/codon/codonTable';
import { evaluate, IncrementalScore, optimise, type OptimisationInput, type ResultSequence } from '../../emulators/codon/optimiser';
import { authFingerprint, seededRandom } from '../../emulators/common';
import { parseArgs } from '../../emulators/run';
import { call, detail, issues, type CallOptions } from '../support/emulatorCall';

/* ------------------------------------------------------------------ helpers */


const T0 = Date.UTC(2026, 4, 11, 12, 0, 0);
const DEMO = { username: 'demo', password: 'demo-password' };

/** An emulator on a hand-driven clock (`clock.t`), torn down after each test. */
function harness(opts: CodonEmulatorOptions = {}) {
  const clock = { t: T0 };
  const h = {
    clock,
    emu: undefined as unknown as CodonEmulator,
    get url() {
      return h.emu.url;
    },
    call: (method: string, p: string, o?: CallOptions) => call(h.emu.url, method, p, o),
    async login(user = DEMO.username, password = DEMO.password): Promise<string> {
      const r = await h.call('POST', `/login?username=${encodeURIComponent(user)}&password=${encodeURIComponent(password)}`);
      assert.equal(r.status, 200, r.text);
      return loginResponseSchema.parse(r.json).token;
    },
    async submit(token: string, body: Record<string, unknown>): Promise<string> {
      const r = await h.call('POST', '/optimise', { token, body });
      assert.equal(r.status, 200, r.text);
      return optimiseResponseSchema.parse(r.json).jobid;
    },
    async statuses(token: string, jobids: string[]) {
      const r = await h.call('POST', '/optimise/status', { token, body: { jobids } });
      assert.equal(r.status, 200, r.text);
      return statusResponseSchema.parse(r.json).results;
    },
  };
  beforeEach(async () => {
    clock.t = T0;
    h.emu = await startCodonEmulator({ now: () => clock.t, ...opts });
  });
  afterEach(async () => {
    await h.emu.close();
  });
  return h;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '123e4567-e89b-12d3-a456-426614174000';

/** The document's request body example 1. */
const EXAMPLE_1 = {
  sequence: 'ATGCGTACGTA',
  '5_utr': 'GGATCGAT',
  '3_utr': 'AAAAAAAA',
  name: 'sequence_id',
  fitness_list: [
    { name: 'dna_manufact', weight: 1.0 },
    { name: 'gc_content', min: 35.0, max: 60.0, weight: 1.0 },
  ],
};

/** The document's request body example 2. */
const EXAMPLE_2 = {
  name: 'complex_sequence_id',
  sequence: [
    { sequence: 'TATAAA', featureType: 'promoter' },
    { sequence: 'ATGCGTACGTA', featureType: 'gene_of_interest' },
    { sequence: 'AAAAAA', featureType: 'poly_a_tail' },
  ],
  fitness_list: [{ name: 'dna_manufact', weight: 1.0 }],
};

/**
 * A 600-nt ORF written with the rarest human codons and two restriction sites in frame
 * (GAA TTC = EcoRI, GGA TCC = BamHI): plenty for an optimiser to fix.
 */
const POOR_CDS = (() => {
  const rare = ['CTA', 'GTA', 'TCG', 'CCG', 'ACG', 'GCG', 'CGT', 'GGT', 'ATA', 'TTA', 'CAA', 'AAT', 'GAT', 'AAA', 'TAT'];
  let s = 'ATG' + 'GAATTC' + 'GGATCC';
  for (let i = 0; s.length < 597; i++) s += rare[(i * 7) % rare.length];
  return s + 'TAA';
})();

const HOURS = 3_600_000;

const EXAMPLES = path.join(__dirname, '..', '..', '..', '..', 'examples');
/** EGFP as in pEGFP-N1 (examples/gene.fna): a gene already optimised for human codon usage. */
const EGFP = readFileSync(path.join(EXAMPLES, 'gene.fna'), 'utf8')
  .split(/\r?\n/)
  .filter((line) => !line.startsWith('>'))
  .join('')
  .trim();
/** The extension's example request (EGFP between IVT components), as the demo submitted it. */
const EXAMPLE_REQUEST = JSON.parse(readFileSync(path.join(EXAMPLES, 'optimise-request.json'), 'utf8')) as Record<string, unknown>;

/** ATG, `codons` random sense codons, TAA: a seeded random ORF. */
function randomCds(seed: string, codons: number): string {
  const sense = [...GENETIC_CODE].filter(([, aa]) => aa !== '*').map(([c]) => c);
  const random = seededRandom(seed);
  let cds = 'ATG';
  for (let i = 0; i < codons; i++) cds += sense[Math.floor(random() * sense.length)];
  return cds + 'TAA';
}

function fitness(list: Record<string, unknown>[]): ResolvedFitness[] {
  const r = resolveFitnessList(list);
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.fitness;
}

const ALL_FITNESS = [{ name: 'cai', weight: 2 }, { name: 'dna_manufact' }, { name: 'gc_content', min: 40, max: 60, weight: 0.5 }, { name: 'u_content', weight: 0.25 }, { name: 'ppy' }];

/**
 * What every optimisation result must satisfy: the original first and unchanged, three candidates
 * with the same protein, each scoring (by the same `evaluate`) at least the original, best first.
 */
function assertSound(input: OptimisationInput, results: ResultSequence[]): void {
  assert.equal(results.length, 4);
  assert.deepEqual(results.map((r) => r.type), ['original', 'optimized', 'optimized', 'optimized']);
  assert.deepEqual(results[0], evaluate('original', input.cds, input));
  const protein = translate(input.cds);
  const candidates = results.slice(1);
  for (const c of candidates) {
    assert.equal(c.sequence.length, input.cds.length);
    assert.equal(translate(c.sequence), protein, 'synonymous changes only');
    assert.deepEqual(c, evaluate('optimized', c.sequence, input), 'scored by evaluate');
    assert.ok(c.score >= results[0].score, `candidate ${c.score} >= original ${results[0].score}`);
  }
  assert.deepEqual(candidates.map((c) => c.score), candidates.map((c) => c.score).sort((a, b) => b - a), 'best first');
}

/* ------------------------------------------------------------------ tests */

describe('codon emulator', () => {
  describe('public endpoints', () => {
    const h = harness();

    it('GET / reports build, environment and firebase', async () => {
      const r = await h.call('GET', '/');
      assert.equal(r.status, 200);
      const s = apiStatusSchema.parse(r.json);
      assert.match(s.build, /^[0-9a-f]{40}$/);
      assert.equal(s.environment, 'emulator');
      assert.equal(s.firebase, true);
    });

    it('GET /fitness lists the documented fitnesses plus gc_content with required min/max numbers', async () => {
      const r = await h.call('GET', '/fitness');
      assert.equal(r.status, 200);
      const list = fitnessListSchema.parse(r.json).fitness_functions;
      const ids = list.map((f) => f.id);
      for (const id of ['cai', 'dna_manufact', 'ppy', 'u_content', 'gc_content']) assert.ok(ids.includes(id), id);
      const gc = list.find((f) => f.id === 'gc_content')!;
      for (const p of ['min', 'max']) assert.deepEqual(gc.parameters.find((x) => x.name === p), { name: p, required: true, type: 'number' });
      for (const f of list) assert.deepEqual(f.parameters.find((x) => x.name === 'weight'), { name: 'weight', required: false, type: 'number' });
    });

    it('GET /fitness/<id> returns one fitness, 404 for an unknown id', async () => {
      const r = await h.call('GET', '/fitness/cai');
      assert.equal(r.status, 200);
      assert.deepEqual(fitnessFunctionSchema.parse(r.json), { id: 'cai', name: 'Codon Adaptation Index', parameters: [{ name: 'weight', required: false, type: 'number' }] });
      const missing = await h.call('GET', '/fitness/nope');
      assert.equal(missing.status, 404);
      assert.match(detail(missing), /nope/);
    });

    it('answers unknown paths 404 and wrong methods 405, FastAPI-style', async () => {
      assert.deepEqual((await h.call('GET', '/nothing')).json, { detail: 'Not Found' });
      const r = await h.call('GET', '/optimise');
      assert.equal(r.status, 405);
      assert.deepEqual(r.json, { detail: 'Method Not Allowed' });
    });
  });

  describe('login and tokens', () => {
    const h = harness({ users: { demo: 'demo-password', other: 'pw2' }, tokenTtlMs: undefined });

    it('logs in with query parameters (as documented) and returns a token', async () => {
      const token = await h.login();
      assert.ok(token.length >= 32);
      assert.notEqual(await h.login(), token, 'each login issues a fresh random token');
    });

    it('also accepts a form body and a JSON body', async () => {
      const form = await h.call('POST', '/login', { raw: 'username=demo&password=demo-password', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(form.status, 200);
      loginResponseSchema.parse(form.json);
      const json = await h.call('POST', '/login', { body: DEMO });
      assert.equal(json.status, 200);
      loginResponseSchema.parse(json.json);
    });

    it('refuses a wrong password or an unknown user with 401 {detail}', async () => {
      for (const q of ['username=demo&password=nope', 'username=ghost&password=demo-password']) {
        const r = await h.call('POST', `/login?${q}`);
        assert.equal(r.status, 401);
        assert.equal(detail(r), 'Incorrect username or password');
        assert.equal(r.headers.get('www-authenticate'), 'Bearer');
      }
    });

    it('answers missing credentials with 422 naming the field', async () => {
      const r = await h.call('POST', '/login?username=demo');
      assert.equal(r.status, 422);
      assert.deepEqual(issues(r).map((i) => i.loc), [['query', 'password']]);
    });

    it('private endpoints need a bearer token: missing, malformed and unknown tokens are 401', async () => {
      assert.equal(detail(await h.call('GET', '/jobs')), 'Not authenticated');
      assert.equal((await h.call('GET', '/jobs', { headers: { authorization: 'Basic abc' } })).status, 401);
      const r = await h.call('GET', '/jobs', { token: 'not-a-token' });
      assert.equal(r.status, 401);
      assert.equal(detail(r), 'Invalid token');
    });

    it('a token lasts 60 minutes on the injected clock', async () => {
      const token = await h.login();
      h.clock.t += 60 * 60_000 - 1;
      assert.equal((await h.call('GET', '/jobs', { token })).status, 200);
      h.clock.t += 1;
      const r = await h.call('GET', '/jobs', { token });
      assert.equal(r.status, 401);
      assert.equal(detail(r), 'Token expired');
      assert.equal((await h.call('GET', '/jobs', { token: await h.login() })).status, 200, 'a fresh login works again');
    });

    it('virtual time from /__control/advance expires tokens too', async () => {
      const token = await h.login();
      const adv = await h.call('POST', '/__control/advance', { body: { ms: 61 * 60_000 } });
      assert.equal(adv.status, 200);
      assert.equal((adv.json as { offsetMs: number }).offsetMs, 61 * 60_000);
      assert.equal((await h.call('GET', '/jobs', { token })).status, 401);
    });

    it('POST /__control/expire-tokens expires live tokens (optionally of one user)', async () => {
      const demo = await h.login();
      const other = await h.login('other', 'pw2');
      const r = await h.call('POST', '/__control/expire-tokens', { body: { user: 'other' } });
      assert.deepEqual(r.json, { expired: 1 });
      assert.equal((await h.call('GET', '/jobs', { token: other })).status, 401);
      assert.equal((await h.call('GET', '/jobs', { token: demo })).status, 200);
      assert.deepEqual((await h.call('POST', '/__control/expire-tokens')).json, { expired: 1 });
      assert.equal((await h.call('GET', '/jobs', { token: demo })).status, 401);
    });
  });

  describe('token TTL option', () => {
    const h = harness({ tokenTtlMs: 5_000 });
    it('honours a configured TTL', async () => {
      const token = await h.login();
      h.clock.t += 4_999;
      assert.equal((await h.call('GET', '/jobs', { token })).status, 200);
      h.clock.t += 1;
      assert.equal((await h.call('GET', '/jobs', { token })).status, 401);
    });
  });

  describe('POST /optimise', () => {
    const h = harness({ seedJobs: 0 });

    it('accepts the document example 1 (string + UTRs) and returns {name, jobid}', async () => {
      const token = await h.login();
      const r = await h.call('POST', '/optimise', { token, body: EXAMPLE_1 });
      assert.equal(r.status, 200);
      const body = optimiseResponseSchema.parse(r.json);
      assert.equal(body.name, 'sequence_id');
      assert.match(body.jobid, UUID);
    });

    it('accepts the document example 2 (component array)', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_2);
      assert.deepEqual(h.emu.jobIds(), [id]);
    });

    it('refuses two gene_of_interest components with 422, creating no job', async () => {
      const token = await h.login();
      const body = { ...EXAMPLE_2, sequence: [...EXAMPLE_2.sequence, { sequence: 'ATGAAA', featureType: 'gene_of_interest' }] };
      const r = await h.call('POST', '/optimise', { token, body });
      assert.equal(r.status, 422);
      const [issue] = issues(r);
      assert.deepEqual(issue.loc, ['body', 'sequence']);
      assert.match(issue.msg, /exactly one component .*gene_of_interest.*found 2/);
      assert.deepEqual(h.emu.jobIds(), []);
    });

    it('refuses a component array without gene_of_interest', async () => {
      const token = await h.login();
      const r = await h.call('POST', '/optimise', { token, body: { ...EXAMPLE_2, sequence: [EXAMPLE_2.sequence[0]] } });
      assert.equal(r.status, 422);
      assert.match(issues(r)[0].msg, /found 0/);
    });

    it('reports every shape error at once, pydantic-style', async () => {
      const token = await h.login();
      const r = await h.call('POST', '/optimise', { token, body: { sequence: 42, fitness_list: [] } });
      assert.equal(r.status, 422);
      assert.deepEqual(
        issues(r).map((i) => [i.type, i.loc.join('.')]),
        [
          ['missing', 'body.name'],
          ['union_type', 'body.sequence'],
          ['too_short', 'body.fitness_list'],
        ],
      );
    });

    it('refuses non-nucleotide characters, naming the position', async () => {
      const token = await h.login();
      const r = await h.call('POST', '/optimise', { token, body: { ...EXAMPLE_1, sequence: 'ATGXCC' } });
      assert.equal(r.status, 422);
      assert.match(issues(r)[0].msg, /invalid nucleotide 'X' at position 4/);
      const comp = await h.call('POST', '/optimise', { token, body: { ...EXAMPLE_2, sequence: [{ sequence: 'AT G', featureType: 'gene_of_interest' }] } });
      assert.deepEqual(issues(comp)[0].loc, ['body', 'sequence', 0, 'sequence']);
    });

    it('refuses broken JSON and a non-object body with 422', async () => {
      const token = await h.login();
      const broken = await h.call('POST', '/optimise', { token, raw: '{"name": ', headers: { 'content-type': 'application/json' } });
      assert.equal(broken.status, 422);
      assert.equal(issues(broken)[0].type, 'json_invalid');
      const list = await h.call('POST', '/optimise', { token, body: [1, 2] });
      assert.equal(issues(list)[0].type, 'model_attributes_type');
      const empty = await h.call('POST', '/optimise', { token });
      assert.deepEqual(issues(empty)[0].loc, ['body']);
    });

    it('checks fitness entries against the catalogue: 400 with a clear detail', async () => {
      const token = await h.login();
      const cases: [unknown[], RegExp][] = [
        [[{ name: 'tastiness' }], /unknown fitness 'tastiness'/],
        [[{ name: 'gc_content', min: 30 }], /'gc_content' requires parameter 'max'/],
        [[{ name: 'gc_content', min: 70, max: 30 }], /min <= max/],
        [[{ name: 'cai', window: 3 }], /'cai' has no parameter 'window'/],
        [[{ name: 'gc_content', min: '30', max: 60 }], /parameter 'min' of 'gc_content' must be of type number/],
        [[{ name: 'cai' }, { name: 'cai' }], /listed more than once/],
        [[{ name: 'cai', weight: -1 }], /weight must be >= 0/],
      ];
      for (const [fitness_list, expected] of cases) {
        const r = await h.call('POST', '/optimise', { token, body: { ...EXAMPLE_1, fitness_list } });
        assert.equal(r.status, 400, JSON.stringify(fitness_list));
        assert.match(detail(r), expected);
      }
      const weight = await h.call('POST', '/optimise', { token, body: { ...EXAMPLE_1, fitness_list: [{ name: 'cai', weight: 'heavy' }] } });
      assert.equal(weight.status, 422, 'a non-number weight is a shape error');
      assert.deepEqual(h.emu.jobIds(), []);
    });

    it('checks the token before the body', async () => {
      const r = await h.call('POST', '/optimise', { body: {} });
      assert.equal(r.status, 401);
    });
  });

  describe('POST /optimise/status and the job state machine', () => {
    const h = harness({ seedJobs: 0, timing: { pendingMs: 1000, processingMs: 2000 } });

    it('answers in request order and moves pending → processing → success in virtual time', async () => {
      const token = await h.login();
      const a = await h.submit(token, EXAMPLE_1);
      h.clock.t += 500;
      const b = await h.submit(token, EXAMPLE_2);
      const at = async () => (await h.statuses(token, [b, a])).map((s) => [s.jobid, s.status]);
      assert.deepEqual(await at(), [
        [b, 'pending'],
        [a, 'pending'],
      ]);
      h.clock.t += 500; // a: 1000 ms
      assert.deepEqual(await at(), [
        [b, 'pending'],
        [a, 'processing'],
      ]);
      h.clock.t += 2000; // a: 3000, b: 2500
      assert.deepEqual(await at(), [
        [b, 'processing'],
        [a, 'success'],
      ]);
      h.clock.t += 500;
      assert.deepEqual(await at(), [
        [b, 'success'],
        [a, 'success'],
      ]);
    });

    it('ends a job whose name contains "fail" in error', async () => {
      const token = await h.login();
      const id = await h.submit(token, { ...EXAMPLE_1, name: 'will_FAIL_please' });
      h.clock.t += 1500;
      assert.equal((await h.statuses(token, [id]))[0].status, 'processing');
      h.clock.t += 1500;
      assert.equal((await h.statuses(token, [id]))[0].status, 'error');
      const r = await h.call('POST', '/optimise/result', { token, body: { jobid: id } });
      const result = optimiseResultSchema.parse(r.json);
      assert.equal(result.status, 'error');
      assert.deepEqual(result.results, []);
      assert.match(String(result.detail), /failed/);
    });

    it('returns an unknown (or another user\'s) valid UUID in place as status "error"', async () => {
      const token = await h.login();
      const mine = await h.submit(token, EXAMPLE_1);
      const results = await h.statuses(token, [UNKNOWN_ID, mine]);
      assert.deepEqual(results[0], { jobid: UNKNOWN_ID, status: 'error', detail: 'Job not found' });
      assert.equal(results[1].jobid, mine);
      const upper = await h.statuses(token, [mine.toUpperCase()]);
      assert.equal(upper[0].status, 'pending', 'UUIDs match case-insensitively and are echoed as sent');
      assert.equal(upper[0].jobid, mine.toUpperCase());
    });

    it('validates jobids: array, at least one, each a UUID', async () => {
      const token = await h.login();
      const empty = await h.call('POST', '/optimise/status', { token, body: { jobids: [] } });
      assert.equal(empty.status, 422);
      assert.equal(issues(empty)[0].type, 'too_short');
      const bad = await h.call('POST', '/optimise/status', { token, body: { jobids: [UNKNOWN_ID, 'not-a-uuid', 7] } });
      assert.equal(bad.status, 422);
      assert.deepEqual(
        issues(bad).map((i) => [i.type, i.loc]),
        [
          ['uuid_parsing', ['body', 'jobids', 1]],
          ['uuid_type', ['body', 'jobids', 2]],
        ],
      );
      assert.equal(issues(await h.call('POST', '/optimise/status', { token, body: { jobids: UNKNOWN_ID } }))[0].type, 'list_type');
      assert.equal(issues(await h.call('POST', '/optimise/status', { token, body: {} }))[0].type, 'missing');
      const many = await h.call('POST', '/optimise/status', { token, body: { jobids: Array(101).fill(UNKNOWN_ID) } });
      assert.equal(issues(many)[0].type, 'too_long');
    });

    it('gives new jobs the timing set through /__control/timing; running jobs keep theirs', async () => {
      const token = await h.login();
      const before = await h.submit(token, EXAMPLE_1);
      const r = await h.call('POST', '/__control/timing', { body: { pendingMs: 10, processingMs: 20 } });
      assert.deepEqual(r.json, { pendingMs: 10, processingMs: 20 });
      assert.deepEqual((await h.call('GET', '/__control/timing')).json, { pendingMs: 10, processingMs: 20 });
      const after = await h.submit(token, EXAMPLE_1);
      h.clock.t += 30;
      assert.deepEqual((await h.statuses(token, [before, after])).map((s) => s.status), ['pending', 'success']);
      assert.deepEqual((await h.call('POST', '/__control/timing', { body: { preset: 'demo' } })).json, { pendingMs: 5000, processingMs: 10000 });
      assert.equal((await h.call('POST', '/__control/timing', { body: { pendingMs: -1 } })).status, 400);
    });

    it('GET /jobs shows created_at "pending" until the job is picked up, then an ISO time', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_1);
      const list = async () => jobListSchema.parse((await h.call('GET', '/jobs', { token })).json).jobs;
      assert.deepEqual(await list(), [{ jobid: id, name: 'sequence_id', status: 'pending', created_at: 'pending' }]);
      h.clock.t += 1000;
      assert.deepEqual(await list(), [{ jobid: id, name: 'sequence_id', status: 'processing', created_at: '2026-05-11T12:00:00.000000' }]);
    });
  });

  describe('options: failWhen and runningStatus', () => {
    const h = harness({ seedJobs: 0, timing: { pendingMs: 0, processingMs: 100 }, failWhen: (j) => j.name.startsWith('x'), runningStatus: 'running' });
    it('uses the configured failure predicate and "running" spelling', async () => {
      const token = await h.login();
      const ok = await h.submit(token, { ...EXAMPLE_1, name: 'fail-but-not-x' });
      const bad = await h.submit(token, { ...EXAMPLE_1, name: 'x1' });
      assert.deepEqual((await h.statuses(token, [ok, bad])).map((s) => s.status), ['running', 'running']);
      h.clock.t += 100;
      assert.deepEqual((await h.statuses(token, [ok, bad])).map((s) => s.status), ['success', 'error']);
    });
  });

  describe('POST /optimise/result', () => {
    const h = harness({ seedJobs: 0, timing: { pendingMs: 100, processingMs: 100 } });

    async function finished(token: string, body: Record<string, unknown>) {
      const id = await h.submit(token, body);
      h.clock.t += 200;
      const r = await h.call('POST', '/optimise/result', { token, body: { jobid: id } });
      assert.equal(r.status, 200, r.text);
      return { id, result: optimiseResultSchema.parse(r.json) };
    }

    it('answers an unfinished job with its status and no results', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_1);
      const r = await h.call('POST', '/optimise/result', { token, body: { jobid: id } });
      assert.deepEqual(r.json, { jobid: id, status: 'pending', results: [] });
    });

    it('404 for an unknown job, 422 for a bad jobid', async () => {
      const token = await h.login();
      const missing = await h.call('POST', '/optimise/result', { token, body: { jobid: UNKNOWN_ID } });
      assert.equal(missing.status, 404);
      assert.equal(detail(missing), 'Job not found');
      const bad = await h.call('POST', '/optimise/result', { token, body: { jobid: 'nope' } });
      assert.equal(bad.status, 422);
      assert.deepEqual(issues(bad)[0].loc, ['body', 'jobid']);
    });

    it('returns the original at index 0 and three optimised candidates with the same protein', async () => {
      const token = await h.login();
      const fitness_list = [{ name: 'cai', weight: 2 }, { name: 'dna_manufact' }, { name: 'gc_content', min: 40, max: 60, weight: 0.5 }, { name: 'u_content', weight: 0.25 }, { name: 'ppy' }];
      const { id, result } = await finished(token, { name: 'poor', sequence: POOR_CDS, fitness_list });
      assert.equal(result.jobid, id);
      assert.equal(result.status, 'success');
      assert.equal(result.results.length, 4);
      assert.deepEqual(result.results.map((r) => r.type), ['original', 'optimized', 'optimized', 'optimized']);
      assert.equal(result.results[0].sequence, POOR_CDS);
      const protein = translate(POOR_CDS);
      for (const r of result.results) {
        assert.equal(translate(r.sequence), protein);
        assert.equal(r.sequence.length, POOR_CDS.length);
        assert.ok(Number.isFinite(r.score));
        assert.ok(Number.isInteger(r.motif_in_cds) && Number.isInteger(r.motif_in_utr));
        assert.deepEqual(
          r.fitness_list.map((f) => [f.name, f.weight]),
          fitness_list.map((f) => [f.name, f.weight ?? 1]),
          'one entry per requested fitness, in request order, weight defaulting to 1.0',
        );
        for (const f of r.fitness_list) assert.ok(f.score >= 0 && f.score <= 1, `${f.name} ${f.score}`);
        const weighted = r.fitness_list.reduce((s, f) => s + (f.weight ?? 1) * f.score, 0);
        assert.ok(Math.abs(weighted - r.score) < 1e-3, 'score is the weighted sum');
      }
      const optimised = result.results.slice(1);
      assert.deepEqual(optimised.map((r) => r.score), [...optimised.map((r) => r.score)].sort((a, b) => b - a), 'best first');
      assert.equal(new Set(optimised.map((r) => r.sequence)).size, 3, 'three different candidates');
      assert.equal(result.results[0].motif_in_cds, 2, 'EcoRI + BamHI in the original');
      for (const r of optimised) {
        assert.equal(r.motif_in_cds, 0, 'the optimiser removes forbidden motifs');
        assert.ok(r.score > result.results[0].score, 'candidates beat the original');
        assert.ok(measure(r.sequence, []).cai > measure(POOR_CDS, []).cai + 0.2);
      }
    });

    it('never scores a candidate below the original: the demo request (examples/optimise-request.json, EGFP)', async () => {
      const token = await h.login();
      const { result } = await finished(token, EXAMPLE_REQUEST);
      const [original, ...optimised] = result.results;
      assert.equal(original.sequence, EGFP);
      for (const r of optimised) {
        assert.ok(r.score >= original.score, `${r.score} >= ${original.score}`);
        assert.equal(translate(r.sequence), translate(EGFP));
      }
      assert.deepEqual(optimised.map((r) => r.score), [...optimised.map((r) => r.score)].sort((a, b) => b - a), 'best first');
      assert.equal(new Set(result.results.map((r) => r.sequence)).size, 4);
    });

    it('is computed from the input: different sequences, different results; the same job, the same result', async () => {
      const token = await h.login();
      const a = await finished(token, { name: 'a', sequence: POOR_CDS, fitness_list: [{ name: 'cai' }] });
      const b = await finished(token, { name: 'b', sequence: POOR_CDS.slice(0, 300), fitness_list: [{ name: 'cai' }] });
      assert.notEqual(a.result.results[1].sequence, b.result.results[1].sequence);
      const again = await h.call('POST', '/optimise/result', { token, body: { jobid: a.id } });
      assert.deepEqual(optimiseResultSchema.parse(again.json), a.result);
    });

    it('steers GC content into the requested range', async () => {
      const token = await h.login();
      for (const [min, max] of [
        [40, 45],
        [58, 62],
      ]) {
        const { result } = await finished(token, { name: 'gc', sequence: POOR_CDS, fitness_list: [{ name: 'gc_content', min, max }] });
        const best = measure(result.results[1].sequence, []);
        assert.ok(best.gcPercent >= min && best.gcPercent <= max, `GC ${best.gcPercent.toFixed(1)} in [${min}, ${max}]`);
        assert.equal(result.results[1].fitness_list[0].score, 1);
      }
    });

    it('counts UTR motifs and keeps the UTRs out of the result sequence (document example 1)', async () => {
      const token = await h.login();
      const { result } = await finished(token, EXAMPLE_1);
      // 3_utr "AAAAAAAA" is a poly-A run of 8: one motif in the UTRs, for every candidate.
      assert.deepEqual(result.results.map((r) => r.motif_in_utr), [1, 1, 1, 1]);
      assert.equal(result.results[0].sequence, 'ATGCGTACGTA');
      for (const r of result.results) assert.ok(r.sequence.endsWith('TA'), 'the trailing partial codon is kept');
    });

    it('optimises only the gene_of_interest of a component array and ignores 5_utr/3_utr there', async () => {
      const token = await h.login();
      const goi = POOR_CDS.slice(0, 150);
      const body = {
        name: 'components',
        '5_utr': 'AAAAAAAAAAAA',
        sequence: [
          { sequence: 'GAATTCTATAAA', featureType: 'promoter' },
          { sequence: goi, featureType: 'gene_of_interest' },
          { sequence: 'A'.repeat(40), featureType: 'poly_a_tail' },
        ],
        fitness_list: [{ name: 'cai' }],
      };
      const { result } = await finished(token, body);
      assert.equal(result.results[0].sequence, goi);
      // promoter: EcoRI site; tail: one poly-A run; the ignored 5_utr would have added one more.
      assert.deepEqual(result.results.map((r) => r.motif_in_utr), [2, 2, 2, 2]);
      for (const r of result.results) assert.equal(translate(r.sequence), translate(goi));
    });

    it('accepts lower case and RNA, answering in upper-case DNA', async () => {
      const token = await h.login();
      const { result } = await finished(token, { name: 'rna', sequence: 'augaaauuuggg', fitness_list: [{ name: 'cai' }] });
      assert.equal(result.results[0].sequence, 'ATGAAATTTGGG');
      for (const r of result.results) assert.match(r.sequence, /^[ACGT]+$/);
    });
  });

  describe('optimiser', () => {
    it('never returns a candidate below an already optimised gene (EGFP, examples/gene.fna)', () => {
      // cai + dna_manufact is the demo's list: it showed the original at 1.96 and candidates 1.94 / 1.46 / 1.42.
      for (const list of [[{ name: 'cai' }, { name: 'dna_manufact' }], EXAMPLE_REQUEST.fitness_list as Record<string, unknown>[], ALL_FITNESS]) {
        const input = { cds: EGFP, utrs: [], fitness: fitness(list), seed: '0b7c7d36-3c8e-4c39-9d55-2f0a7f6b1e01' };
        const results = optimise(input);
        assertSound(input, results);
        assert.equal(new Set(results.map((r) => r.sequence)).size, 4, 'three candidates, different from each other and from the original');
        assert.ok(results[1].score > results[0].score, `EGFP still improves under ${list.map((f) => f.name).join(', ')}`);
      }
    });

    it('never returns a candidate below a random CDS, whatever the fitnesses', () => {
      for (const [k, list] of [[{ name: 'cai' }], [{ name: 'dna_manufact' }, { name: 'gc_content', min: 35, max: 45 }], [{ name: 'u_content' }, { name: 'ppy', weight: 0.5 }], ALL_FITNESS].entries()) {
        const input = { cds: randomCds(`random-cds:${k}`, 1000), utrs: ['GAATTCAAAAAAAAAA'], fitness: fitness(list), seed: `job-${k}` };
        const results = optimise(input);
        assertSound(input, results);
        assert.equal(new Set(results.map((r) => r.sequence)).size, 4);
        assert.ok(results[1].score > results[0].score);
      }
    });

    it('is deterministic per job id (the seed), and the seed matters', () => {
      const input = { cds: EGFP, utrs: [], fitness: fitness(ALL_FITNESS), seed: 'job-a' };
      const a = optimise(input);
      assert.deepEqual(optimise({ ...input }), a);
      const b = optimise({ ...input, seed: 'job-b' });
      assertSound(input, b);
      assert.notDeepEqual(b.slice(1).map((r) => r.sequence), a.slice(1).map((r) => r.sequence));
    });

    it('returns equal-score synonymous variants when nothing scores higher, and the original when nothing can change', () => {
      // dna_manufact alone on a short motif-free CDS: many changes are neutral, none improves.
      const neutral = { cds: 'ATGCGTACGTA', utrs: [], fitness: fitness([{ name: 'dna_manufact' }]), seed: 's' };
      const n = optimise(neutral);
      assertSound(neutral, n);
      assert.equal(new Set(n.map((r) => r.sequence)).size, 4);
      assert.deepEqual(n.map((r) => r.score), [1, 1, 1, 1]);
      // CAI alone where the best codons are already used: nothing scores at least as high but itself.
      const optimum = { cds: 'ATGCTGAAGTGG', utrs: [], fitness: fitness([{ name: 'cai' }]), seed: 's' };
      const o = optimise(optimum);
      assertSound(optimum, o);
      assert.deepEqual(o.map((r) => r.sequence), Array(4).fill(optimum.cds));
      // Met and Trp have one codon each.
      const fixed = { cds: 'ATGTGG', utrs: [], fitness: fitness([{ name: 'dna_manufact' }]), seed: 's' };
      assert.deepEqual(optimise(fixed).map((r) => r.sequence), Array(4).fill('ATGTGG'));
    });

    it('optimises a 100,000-nt CDS (the request limit) soundly', function () {
      this.slow(3000);
      const input = { cds: randomCds('random-cds:100k', 33_332), utrs: [], fitness: fitness(ALL_FITNESS), seed: 'big' };
      assert.equal(input.cds.length, 100_002);
      const results = optimise(input);
      assertSound(input, results);
      assert.ok(results[1].score > results[0].score);
    });

    it('scores incrementally as evaluate does, through changes, rollbacks and clones', () => {
      const list = fitness(ALL_FITNESS);
      const input = { utrs: ['AAAAAAAAA'], fitness: list };
      const full = (cds: string) => {
        const m = measure(cds, input.utrs);
        return list.reduce((sum, f) => sum + f.weight * fitnessScore(f, m), 0);
      };
      // Codons that make sites (GAA TTC, GGA TCC, AAG CTT) and runs, plus a trailing partial codon.
      const pool = ['GAA', 'TTC', 'GGA', 'TCC', 'AAG', 'CTT', 'AAA', 'TTT', 'GGG', 'CCC', 'GGC', 'CTC'];
      const random = seededRandom('incremental');
      for (let trial = 0; trial < 20; trial++) {
        let cds = '';
        for (let i = 0; i < 20 + trial * 10; i++) cds += pool[Math.floor(random() * pool.length)];
        let state = new IncrementalScore(cds + 'AC', input);
        for (let step = 0; step < 200; step++) {
          const at = Math.floor(random() * state.codons.length);
          const synonyms = SYNONYMS.get(GENETIC_CODE.get(state.codons[at])!)!;
          state.replace(at, synonyms[Math.floor(random() * synonyms.length)]);
          if (random() < 0.5) state.commit();
          else state.rollback();
          if (step % 50 === 49) state = state.clone();
          assert.ok(Math.abs(state.score() - full(state.sequence())) < 1e-9, `trial ${trial} step ${step}`);
        }
      }
    });
  });

  describe('GET /jobs (seeded, paginated)', () => {
    const h = harness();

    it('lists the 12 seeded jobs newest first, 10 per page by default', async () => {
      const token = await h.login();
      const first = jobListSchema.parse((await h.call('GET', '/jobs', { token })).json);
      assert.equal(first.jobs.length, 10);
      assert.equal(first.previous, null);
      assert.equal(first.jobs[0].name, 'demo-cds-12');
      assert.equal(first.jobs[0].status, 'processing', 'the newest seeded job is still running');
      const second = jobListSchema.parse((await h.call('GET', `/jobs?start=${first.next}`, { token })).json);
      assert.deepEqual(second.jobs.map((j) => j.name), ['demo-cds-02', 'demo-cds-01']);
      assert.equal(second.next, null);
      assert.equal(second.previous, first.jobs[0].jobid);
      const all = [...first.jobs, ...second.jobs];
      assert.ok(all.some((j) => j.status === 'error' && j.name.includes('fail')), 'one seeded job failed');
      const times = all.map((j) => Date.parse(`${j.created_at}Z`));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    });

    it('walks every page with next and back with previous', async () => {
      const token = await h.login();
      const pages: string[][] = [];
      const cursors: (string | null)[] = [];
      let start: string | null | undefined;
      do {
        const q = start ? `&start=${start}` : '';
        const page = jobListSchema.parse((await h.call('GET', `/jobs?limit=5${q}`, { token })).json);
        pages.push(page.jobs.map((j) => j.jobid));
        cursors.push(page.previous ?? null);
        start = page.next;
      } while (start);
      assert.deepEqual(pages.map((p) => p.length), [5, 5, 2]);
      assert.deepEqual(pages.flat(), h.emu.jobIds());
      assert.equal(new Set(pages.flat()).size, 12);
      assert.deepEqual(cursors, [null, pages[0][0], pages[1][0]], 'previous is the first job of the previous page');
    });

    it('validates limit and start', async () => {
      const token = await h.login();
      for (const [q, type] of [
        ['limit=0', 'greater_than_equal'],
        ['limit=101', 'less_than_equal'],
        ['limit=ten', 'int_parsing'],
      ]) {
        const r = await h.call('GET', `/jobs?${q}`, { token });
        assert.equal(r.status, 422, q);
        assert.equal(issues(r)[0].type, type);
      }
      const r = await h.call('GET', `/jobs?start=${UNKNOWN_ID}`, { token });
      assert.equal(r.status, 400);
      assert.match(detail(r), /start/);
    });

    it('lists only the caller\'s jobs', async () => {
      await h.emu.close();
      h.emu = await startCodonEmulator({ now: () => h.clock.t, users: { demo: 'demo-password', eve: 'pw' } });
      const eve = await h.login('eve', 'pw');
      assert.deepEqual(jobListSchema.parse((await h.call('GET', '/jobs', { token: eve })).json), { jobs: [], next: null, previous: null });
      const id = await h.submit(eve, EXAMPLE_1);
      assert.deepEqual(h.emu.jobIds('eve'), [id]);
      assert.equal(h.emu.jobIds().length, 12);
    });
  });

  describe('GET /jobs/<id>', () => {
    const h = harness({ users: { demo: 'demo-password', eve: 'pw' }, timing: { pendingMs: 10, processingMs: 10 } });

    it('returns the full payload, and the results once finished', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_1);
      const pending = await h.call('GET', `/jobs/${id}`, { token });
      assert.equal(pending.status, 200);
      assert.deepEqual(pending.json, { jobid: id, name: 'sequence_id', status: 'pending', created_at: 'pending', sequence: EXAMPLE_1.sequence, payload: EXAMPLE_1, results: [] });
      h.clock.t += 20;
      const done = (await h.call('GET', `/jobs/${id}`, { token })).json as { status: string; created_at: string; results: unknown[] };
      assert.equal(done.status, 'success');
      assert.equal(done.created_at, '2026-05-11T12:00:00.000000');
      const result = (await h.call('POST', '/optimise/result', { token, body: { jobid: id } })).json as { results: unknown[] };
      assert.deepEqual(done.results, result.results);
      const byQuery = await h.call('GET', `/jobs/?jobid=${id}`, { token });
      assert.deepEqual(byQuery.json, done);
    });

    it('404 for an unknown job and for another user\'s job', async () => {
      const eve = await h.login('eve', 'pw');
      const seeded = h.emu.jobIds()[0];
      assert.equal((await h.call('GET', `/jobs/${seeded}`, { token: await h.login() })).status, 200);
      const other = await h.call('GET', `/jobs/${seeded}`, { token: eve });
      assert.equal(other.status, 404);
      assert.equal(detail(other), 'Job not found');
      assert.equal((await h.call('GET', `/jobs/${UNKNOWN_ID}`, { token: eve })).status, 404);
      assert.equal((await h.call('POST', '/optimise/result', { token: eve, body: { jobid: seeded } })).status, 404);
      assert.equal((await h.statuses(eve, [seeded]))[0].status, 'error');
    });

    it('seeded jobs have stable ids and computed results', async () => {
      const ids = h.emu.jobIds();
      h.clock.t += 10 * HOURS;
      const token = await h.login();
      const again = await startCodonEmulator({ now: () => T0 });
      try {
        assert.deepEqual(again.jobIds(), ids, 'the same ids on every start');
      } finally {
        await again.close();
      }
      const oldest = ids[ids.length - 1];
      const r = optimiseResultSchema.parse((await h.call('POST', '/optimise/result', { token, body: { jobid: oldest } })).json);
      assert.equal(r.results.length, 4);
      assert.equal(translate(r.results[3].sequence), translate(r.results[0].sequence));
    });
  });

  describe('fault injection', () => {
    const h = harness({ seedJobs: 0, timing: { pendingMs: 0, processingMs: 0 } });

    it('status: 429 with Retry-After, once, then normal answers', async () => {
      h.emu.faults.add({ method: 'GET', path: '/', fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' } } });
      const r = await h.call('GET', '/');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '7');
      assert.deepEqual(r.json, { detail: 'Too Many Requests' });
      assert.equal((await h.call('GET', '/')).status, 200);
    });

    it('status: 500/503 with a custom (text) body; times counts down; "always" never runs out', async () => {
      h.emu.faults.add([
        { path: '/fitness', times: 2, fault: { kind: 'status', status: 503, body: '<html>Service Unavailable</html>' } },
        { path: { prefix: '/fitness/' }, times: 'always', fault: { kind: 'status', status: 500 } },
      ]);
      const a = await h.call('GET', '/fitness');
      assert.equal(a.status, 503);
      assert.equal(a.text, '<html>Service Unavailable</html>');
      assert.equal((await h.call('GET', '/fitness')).status, 503);
      assert.equal((await h.call('GET', '/fitness')).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await h.call('GET', '/fitness/cai')).status, 500);
    });

    it('matches by method and by regex', async () => {
      h.emu.faults.add({ method: 'POST', path: { regex: '^/optimise/(status|result)$' }, fault: { kind: 'status', status: 502 } });
      assert.equal((await h.call('GET', '/optimise/status')).status, 405, 'GET does not match a POST rule');
      const token = await h.login();
      assert.equal((await h.call('POST', '/optimise/result', { token, body: { jobid: UNKNOWN_ID } })).status, 502);
    });

    it('reset: the connection is reset and fetch rejects', async () => {
      h.emu.faults.add({ path: '/', fault: { kind: 'reset' } });
      await assert.rejects(h.call('GET', '/'), TypeError);
      assert.equal((await h.call('GET', '/')).status, 200);
    });

    it('hang: no answer until the client gives up; close() still returns promptly', async () => {
      h.emu.faults.add({ path: '/', fault: { kind: 'hang' } });
      const started = Date.now();
      await assert.rejects(h.call('GET', '/', { signal: AbortSignal.timeout(150) }), (err: Error) => err.name === 'TimeoutError');
      assert.ok(Date.now() - started >= 140);
      h.emu.faults.add({ path: '/', fault: { kind: 'hang' } });
      const pending = h.call('GET', '/').catch((err: unknown) => err);
      await new Promise((r) => setTimeout(r, 50));
      const closing = Date.now();
      await h.emu.close();
      assert.ok(Date.now() - closing < 1000, 'close() destroys hung sockets');
      assert.ok((await pending) instanceof Error, 'the hung request fails once the emulator closes');
      h.emu = await startCodonEmulator({ now: () => h.clock.t, seedJobs: 0 }); // for afterEach
    });

    it('malformed: 200 with a body that is not JSON', async () => {
      h.emu.faults.add({ path: '/fitness', fault: { kind: 'malformed' } });
      const r = await h.call('GET', '/fitness');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.throws(() => JSON.parse(r.text), SyntaxError);
    });

    it('drift: the real answer minus a required field, per endpoint, so the client schema fails on it', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_1);
      h.emu.faults.add({ path: '/optimise/status', fault: { kind: 'drift' } });
      const r = await h.call('POST', '/optimise/status', { token, body: { jobids: [id] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { results: [{ jobid: id }] });
      const parsed = statusResponseSchema.safeParse(r.json);
      assert.equal(parsed.success, false);
      assert.deepEqual(parsed.error?.issues[0].path, ['results', 0, 'status']);

      const drifts: [string, string, CallOptions, (json: unknown) => boolean][] = [
        ['GET', '/', {}, (j) => !apiStatusSchema.safeParse(j).success],
        ['POST', '/optimise', { token, body: EXAMPLE_1 }, (j) => !optimiseResponseSchema.safeParse(j).success],
        ['POST', '/optimise/result', { token, body: { jobid: id } }, (j) => !optimiseResultSchema.safeParse(j).success],
        ['GET', '/fitness', {}, (j) => !fitnessListSchema.safeParse(j).success],
        ['GET', '/jobs', { token }, (j) => !jobListSchema.safeParse(j).success],
        ['GET', `/jobs/${id}`, { token }, (j) => (j as Record<string, unknown>).status === undefined],
      ];
      for (const [method, p, opts, broken] of drifts) {
        h.emu.faults.add({ method, path: p, fault: { kind: 'drift' } });
        const d = await h.call(method, p, opts);
        assert.equal(d.status, 200, p);
        assert.ok(broken(d.json), `${method} ${p} drifted: ${d.text.slice(0, 120)}`);
      }
      h.emu.faults.add({ path: '/', fault: { kind: 'drift', field: 'environment' } });
      assert.deepEqual(Object.keys((await h.call('GET', '/')).json as object), ['build', 'firebase']);
    });

    it('delay: answers normally after the wait (real time)', async () => {
      h.emu.faults.add({ path: '/', fault: { kind: 'delay', ms: 120 } });
      const started = Date.now();
      assert.equal((await h.call('GET', '/')).status, 200);
      assert.ok(Date.now() - started >= 110);
    });

    it('phase "after": the endpoint runs (the job exists) but the client sees the fault', async () => {
      const token = await h.login();
      h.emu.faults.add({ method: 'POST', path: '/optimise', phase: 'after', fault: { kind: 'reset' } });
      await assert.rejects(h.call('POST', '/optimise', { token, body: EXAMPLE_1 }));
      assert.equal(h.emu.jobIds().length, 1, 'the lost response still created a job');
      h.emu.faults.add({ method: 'POST', path: '/optimise', fault: { kind: 'status', status: 503 } });
      assert.equal((await h.call('POST', '/optimise', { token, body: EXAMPLE_1 })).status, 503);
      assert.equal(h.emu.jobIds().length, 1, 'phase "before" changes nothing');
    });

    it('is configurable over /__control/faults, and refuses bad rules with a clear error', async () => {
      const add = await h.call('POST', '/__control/faults', {
        body: { rules: [{ method: 'GET', path: { prefix: '/fit' }, times: 2, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } }] },
      });
      assert.equal(add.status, 200);
      assert.equal((add.json as { added: number }).added, 1);
      assert.deepEqual((await h.call('GET', '/__control/faults')).json, {
        faults: [{ method: 'GET', path: { prefix: '/fit' }, remaining: 2, phase: 'before', fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } }],
      });
      assert.equal((await h.call('GET', '/fitness')).status, 429);
      for (const [rule, msg] of [
        [{ path: '/', fault: { kind: 'explode' } }, /kind/],
        [{ fault: { kind: 'reset' } }, /path/],
        [{ path: '/', fault: { kind: 'status', status: 99 } }, /status/],
        [{ path: '/', times: 0, fault: { kind: 'reset' } }, /times/],
        [{ path: { regex: '(' }, fault: { kind: 'reset' } }, /regular expression/i],
      ] as const) {
        const r = await h.call('POST', '/__control/faults', { body: rule });
        assert.equal(r.status, 400, JSON.stringify(rule));
        assert.match((r.json as { error: string }).error, msg);
      }
    });
  });

  describe('request log', () => {
    const h = harness({ seedJobs: 0, timing: { pendingMs: 0, processingMs: 0 } });

    it('starts empty, records method/path/time/status, and not control requests', async () => {
      assert.equal(h.emu.log.count(), 0, 'zero requests were sent');
      await h.call('GET', '/__control/requests');
      assert.equal(h.emu.log.count(), 0);
      h.clock.t += 1234;
      await h.call('GET', '/fitness');
      assert.deepEqual(h.emu.log.list(), [{ seq: 1, method: 'GET', path: '/fitness', query: {}, timestamp: T0 + 1234, auth: null, status: 200 }]);
    });

    it('never stores the token or the password in clear', async () => {
      const token = await h.login();
      await h.call('POST', '/login', { body: DEMO });
      await h.call('GET', '/jobs?limit=3', { token });
      const [login, jsonLogin, jobs] = h.emu.log.list();
      assert.deepEqual(login.query, { username: 'demo', password: '[redacted]' });
      assert.deepEqual(jsonLogin.body, { username: 'demo', password: '[redacted]' });
      assert.equal(jobs.auth, authFingerprint(`Bearer ${token}`));
      assert.match(String(jobs.auth), /^Bearer sha256:[0-9a-f]{12}$/);
      const served = (await h.call('GET', '/__control/requests')).text;
      assert.ok(!served.includes(token) && !served.includes(DEMO.password));
    });

    it('lets a test assert exactly one POST /optimise/status per poll, with the ids it carried', async () => {
      const token = await h.login();
      const ids = [await h.submit(token, EXAMPLE_1), await h.submit(token, EXAMPLE_2)];
      await h.statuses(token, ids);
      const polls = h.emu.log.list({ method: 'POST', path: '/optimise/status' });
      assert.equal(polls.length, 1);
      assert.deepEqual(polls[0].body, { jobids: ids });
      const served = (await h.call('GET', '/__control/requests?method=POST&prefix=/optimise')).json as { requests: { path: string }[] };
      assert.deepEqual(served.requests.map((r) => r.path), ['/optimise', '/optimise', '/optimise/status']);
    });

    it('records which fault answered, and no status for a reset', async () => {
      h.emu.faults.add([
        { path: '/', fault: { kind: 'status', status: 503 } },
        { path: '/', fault: { kind: 'reset' } },
      ]);
      await h.call('GET', '/');
      await h.call('GET', '/').catch(() => undefined);
      const [a, b] = h.emu.log.list();
      assert.deepEqual([a.fault, a.status], ['status', 503]);
      assert.deepEqual([b.fault, b.status], ['reset', undefined]);
    });
  });

  describe('control: reset and clock', () => {
    const h = harness({ timing: { pendingMs: 100, processingMs: 100 } });

    it('POST /__control/reset clears faults, log and state (jobs reseeded, tokens dropped, time and timing restored)', async () => {
      const token = await h.login();
      await h.submit(token, EXAMPLE_1);
      h.emu.faults.add({ path: '/nothing', times: 'always', fault: { kind: 'hang' } });
      await h.call('POST', '/__control/timing', { body: { pendingMs: 1 } });
      await h.call('POST', '/__control/advance', { body: { ms: 5000 } });
      assert.equal(h.emu.jobIds().length, 13);

      const r = await h.call('POST', '/__control/reset');
      assert.deepEqual(r.json, { reset: ['faults', 'log', 'state'] });
      assert.equal(h.emu.jobIds().length, 12);
      assert.equal(h.emu.faults.list().length, 0);
      assert.equal(h.emu.log.count(), 0);
      assert.equal((await h.call('GET', '/jobs', { token })).status, 401, 'tokens are gone');
      assert.deepEqual((await h.call('GET', '/__control/timing')).json, { pendingMs: 100, processingMs: 100 });
      assert.deepEqual((await h.call('GET', '/__control/clock')).json, { now: new Date(T0).toISOString(), nowMs: T0, offsetMs: 0 });
    });

    it('can reset only part, and refuses unknown control endpoints and bad bodies', async () => {
      await h.call('GET', '/');
      h.emu.faults.add({ path: '/x', fault: { kind: 'reset' } });
      assert.deepEqual((await h.call('POST', '/__control/reset', { body: { log: false, state: false } })).json, { reset: ['faults'] });
      assert.equal(h.emu.log.count(), 1);
      assert.equal((await h.call('POST', '/__control/nothing')).status, 404);
      assert.equal((await h.call('POST', '/__control/advance', { body: { ms: -5 } })).status, 400);
      assert.equal((await h.call('POST', '/__control/advance', { raw: '{', headers: { 'content-type': 'application/json' } })).status, 400);
    });

    it('advance moves every job forward in virtual time', async () => {
      const token = await h.login();
      const id = await h.submit(token, EXAMPLE_1);
      await h.call('POST', '/__control/advance', { body: { ms: 200 } });
      assert.equal((await h.statuses(token, [id]))[0].status, 'success');
    });
  });

  describe('run.ts', () => {
    it('parses --port and --timing', () => {
      assert.deepEqual(parseArgs([]), { ports: {}, timing: 'default' });
      assert.deepEqual(parseArgs(['--port', 'codon=8787', '--timing=demo']), { ports: { codon: 8787 }, timing: 'demo' });
      assert.throws(() => parseArgs(['--port', 'nope=1']), /emulator/);
      assert.throws(() => parseArgs(['--timing', 'slow']), /fast, default, demo/);
      assert.throws(() => parseArgs(['--verbose']), /unknown argument/);
    });

    it('prints one JSON line with the URLs, serves, and exits 0 on SIGTERM', async () => {
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
        assert.equal(line.split('\n').filter(Boolean).length, 1);
        const urls = JSON.parse(line) as Record<string, string>;
        assert.deepEqual(Object.keys(urls), ['codon', 'openprotein', 'proteiniq', 'humanization']);
        assert.match(urls.codon, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual((await call(urls.codon, 'GET', '/__control/timing')).json, { pendingMs: 100, processingMs: 300 });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});

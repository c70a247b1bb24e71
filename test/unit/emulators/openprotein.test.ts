/**
 * The OpenProtein.AI (PoET MSA) emulator against its documents (seeds/000, 001) and the API's own
 * Job model. The shapes are pinned here with zod so the client's schemas can be checked against
 * the same expectations: if these pass, what the extension's tests see is what the API documents.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as z from 'zod';
import { authFingerprint } from '../../emulators/common';
import { JOB_STATUSES } from '../../emulators/openprotein/lifecycle';
import { startOpenProteinEmulator, type OpenProteinEmulator, type OpenProteinEmulatorOptions } from '../../emulators/openprotein/server';
import { INSULIN } from '../../emulators/openprotein/seeds';
import { parseArgs } from '../../emulators/run';
import { call as rawCall, detail, issues, type CallOptions, type Res } from '../support/emulatorCall';

/* ------------------------------------------------------------------ shapes */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

const tokenSchema = z.strictObject({ access_token: z.string().min(32), token_type: z.literal('bearer'), expires_in: z.number().int() });

/** The API's Job model as this emulator serves it (strict: a new field must be added here on purpose). */
const jobSchema = z.strictObject({
  job_id: z.string().regex(UUID),
  job_type: z.string(),
  status: z.enum(JOB_STATUSES),
  created_date: isoDate,
  start_date: isoDate.nullable(),
  end_date: isoDate.nullable(),
  prerequisite_job_id: z.string().regex(UUID).nullable(),
  progress_counter: z.number().int().min(0).max(100),
  progress_message: z.string().nullable(),
  failure_message: z.string().nullable(),
  num_records: z.number().int().min(1).nullable(),
  msa_id: z.string().regex(UUID).optional(),
});
type Job = z.infer<typeof jobSchema>;

/* ------------------------------------------------------------------ helpers */

/** The API's own token_type is "bearer" (lower case): send it as a client would. */
const call = (base: string, method: string, p: string, opts: CallOptions = {}): Promise<Res> => rawCall(base, method, p, { scheme: 'bearer', ...opts });

/** The upload as Python requests sends `files={"msa_file": seed.encode()}`: a file part named msa_file. */
function seedForm(text: string, filename = 'msa_file'): FormData {
  const form = new FormData();
  form.append('msa_file', new Blob([text]), filename);
  return form;
}

interface A3mRecord {
  name: string;
  sequence: string;
}

/** A3M as the viewer will read it: ">name" then ONE sequence line per record. */
function parseA3m(text: string): A3mRecord[] {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the text ends with a newline');
  assert.equal(lines.length % 2, 0, 'header + one sequence line per record');
  const out: A3mRecord[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    assert.ok(lines[i].startsWith('>'), `line ${i + 1} is a header: ${lines[i].slice(0, 40)}`);
    out.push({ name: lines[i].slice(1), sequence: lines[i + 1] });
  }
  return out;
}

/** Checks the A3M invariants and returns the records. */
function checkA3m(text: string, query: string, rows: number): A3mRecord[] {
  const records = parseA3m(text);
  assert.equal(records.length, rows);
  assert.equal(records[0].sequence, query, 'the query comes first, unchanged');
  for (const r of records) {
    assert.match(r.sequence, /^[A-Za-z-]+$/, r.name);
    assert.equal(r.sequence.replace(/[a-z]/g, '').length, query.length, `${r.name}: one match column per query residue`);
  }
  for (const r of records.slice(1)) assert.match(r.name, /^UniRef100_(A0A[0-9][A-Z0-9]{5}[0-9]|[OPQ][0-9][A-Z0-9]{3}[0-9])$/);
  assert.equal(new Set(records.map((r) => r.name)).size, rows, 'names are unique');
  return records;
}

const identity = (a: string, query: string): number => {
  const m = a.replace(/[a-z]/g, '');
  let same = 0;
  for (let j = 0; j < query.length; j++) if (m[j] === query[j]) same++;
  return same / query.length;
};

const T0 = Date.UTC(2026, 4, 11, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString();
const DEMO = { username: 'demo', password: 'demo-password' };
const UNKNOWN_ID = '123e4567-e89b-12d3-a456-426614174000';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const P = '/api/v1';

/** An emulator on a hand-driven clock (`clock.t`), torn down after each test. */
function harness(opts: OpenProteinEmulatorOptions = {}) {
  const clock = { t: T0 };
  const h = {
    clock,
    emu: undefined as unknown as OpenProteinEmulator,
    call: (method: string, p: string, o?: CallOptions) => call(h.emu.url, method, p, o),
    async login(username = DEMO.username, password = DEMO.password): Promise<string> {
      const r = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams({ username, password }) });
      assert.equal(r.status, 200, r.text);
      return tokenSchema.parse(r.json).access_token;
    },
    async submit(token: string, text: string, filename?: string, query = ''): Promise<Job> {
      const r = await h.call('POST', `${P}/poet/align/msa${query}`, { token, form: seedForm(text, filename) });
      assert.equal(r.status, 200, r.text);
      return jobSchema.parse(r.json);
    },
    async job(token: string, id: string): Promise<Job> {
      const r = await h.call('GET', `${P}/jobs/${id}`, { token });
      assert.equal(r.status, 200, r.text);
      return jobSchema.parse(r.json);
    },
    async jobs(token: string, query = ''): Promise<Job[]> {
      const r = await h.call('GET', `${P}/jobs${query}`, { token });
      assert.equal(r.status, 200, r.text);
      return z.array(jobSchema).parse(r.json);
    },
    msa: (token: string, id: string) => h.call('GET', `${P}/poet/align/msa?job_id=${id}`, { token }),
  };
  beforeEach(async () => {
    clock.t = T0;
    h.emu = await startOpenProteinEmulator({ now: () => clock.t, ...opts });
  });
  afterEach(async () => {
    await h.emu.close();
  });
  return h;
}

/* ------------------------------------------------------------------ tests */

describe('openprotein emulator', () => {
  describe('login and tokens', () => {
    const h = harness({ users: { demo: 'demo-password', other: 'pw2' }, seedJobs: false });

    it('logs in with form fields, as requests.post(data=…) sends them, and answers a bearer token', async () => {
      const r = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams(DEMO) });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json as object), ['access_token', 'token_type', 'expires_in']);
      const t = tokenSchema.parse(r.json);
      assert.equal(t.token_type, 'bearer');
      assert.equal(t.expires_in, 3600);
      assert.notEqual(await h.login(), t.access_token, 'each login issues a fresh random token');
      const multipart = new FormData();
      multipart.append('username', 'demo');
      multipart.append('password', 'demo-password');
      assert.equal((await h.call('POST', `${P}/login/user-access-token`, { form: multipart })).status, 200, 'a multipart form works too');
    });

    it('takes "<token_type> <access_token>" with the scheme in any case', async () => {
      const token = await h.login();
      for (const scheme of ['bearer', 'Bearer', 'BEARER']) assert.equal((await h.call('GET', `${P}/jobs`, { token, scheme })).status, 200, scheme);
    });

    it('refuses a wrong password or an unknown user with 401 {detail}', async () => {
      for (const creds of [{ username: 'demo', password: 'nope' }, { username: 'ghost', password: 'demo-password' }]) {
        const r = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams(creds) });
        assert.equal(r.status, 401);
        assert.deepEqual(r.json, { detail: 'Incorrect username or password' });
        assert.equal(r.headers.get('www-authenticate'), 'Bearer');
      }
    });

    it('reads only form fields: missing ones, a JSON body or query parameters are 422 naming the fields', async () => {
      const partial = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams({ username: 'demo' }) });
      assert.equal(partial.status, 422);
      assert.deepEqual(issues(partial).map((i) => [i.type, i.loc]), [['missing', ['body', 'password']]]);
      const json = await h.call('POST', `${P}/login/user-access-token`, { body: DEMO });
      assert.deepEqual(issues(json).map((i) => i.loc), [
        ['body', 'username'],
        ['body', 'password'],
      ]);
      const query = await h.call('POST', `${P}/login/user-access-token?username=demo&password=demo-password`);
      assert.equal(query.status, 422);
    });

    it('accepts grant_type "password" only, as OAuth2PasswordRequestForm does', async () => {
      const ok = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams({ ...DEMO, grant_type: 'password', scope: '' }) });
      assert.equal(ok.status, 200);
      const bad = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams({ ...DEMO, grant_type: 'client_credentials' }) });
      assert.equal(bad.status, 422);
      assert.deepEqual(issues(bad)[0].loc, ['body', 'grant_type']);
    });

    it('private endpoints need a token: missing, malformed and unknown tokens are 401', async () => {
      assert.deepEqual((await h.call('GET', `${P}/jobs`)).json, { detail: 'Not authenticated' });
      assert.equal((await h.call('GET', `${P}/jobs`, { headers: { authorization: 'Basic abc' } })).status, 401);
      const r = await h.call('GET', `${P}/jobs`, { token: 'not-a-token' });
      assert.equal(r.status, 401);
      assert.equal(detail(r), 'Could not validate credentials');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    });

    it('a token lasts 60 minutes on the injected clock', async () => {
      const token = await h.login();
      h.clock.t += 60 * MINUTE - 1;
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 200);
      h.clock.t += 1;
      const r = await h.call('GET', `${P}/jobs`, { token });
      assert.equal(r.status, 401);
      assert.equal(detail(r), 'Token has expired');
      assert.equal((await h.call('GET', `${P}/jobs`, { token: await h.login() })).status, 200, 'a fresh login works again');
    });

    it('virtual time from /__control/advance expires tokens too', async () => {
      const token = await h.login();
      const adv = await h.call('POST', '/__control/advance', { body: { ms: 61 * MINUTE } });
      assert.equal((adv.json as { offsetMs: number }).offsetMs, 61 * MINUTE);
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 401);
    });

    it('POST /__control/expire-tokens expires live tokens (optionally of one user)', async () => {
      const demo = await h.login();
      const other = await h.login('other', 'pw2');
      assert.deepEqual((await h.call('POST', '/__control/expire-tokens', { body: { user: 'other' } })).json, { expired: 1 });
      assert.equal((await h.call('GET', `${P}/jobs`, { token: other })).status, 401);
      assert.equal((await h.call('GET', `${P}/jobs`, { token: demo })).status, 200);
      assert.deepEqual((await h.call('POST', '/__control/expire-tokens')).json, { expired: 1 });
      const r = await h.call('GET', `${P}/jobs`, { token: demo });
      assert.equal(detail(r), 'Token has expired');
      assert.equal((await h.call('POST', '/__control/expire-tokens', { body: { user: 5 } })).status, 400);
    });
  });

  describe('token TTL option', () => {
    const h = harness({ tokenTtlMs: 5_000, seedJobs: false });
    it('honours a configured TTL and reports it as expires_in', async () => {
      const r = await h.call('POST', `${P}/login/user-access-token`, { form: new URLSearchParams(DEMO) });
      const { access_token: token, expires_in } = tokenSchema.parse(r.json);
      assert.equal(expires_in, 5);
      h.clock.t += 4_999;
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 200);
      h.clock.t += 1;
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 401);
    });
  });

  describe('POST /api/v1/poet/align/msa', () => {
    const h = harness({ seedJobs: false });

    it('accepts the document example (a bare sequence as the file) and answers a PENDING Job', async () => {
      const token = await h.login();
      const r = await h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm(INSULIN) });
      assert.equal(r.status, 200);
      const job = jobSchema.parse(r.json);
      assert.deepEqual(job, {
        job_id: job.job_id,
        job_type: '/align/align',
        status: 'PENDING',
        created_date: at(0),
        start_date: null,
        end_date: null,
        prerequisite_job_id: null,
        progress_counter: 0,
        progress_message: null,
        failure_message: null,
        num_records: null,
        msa_id: job.job_id,
      });
      assert.deepEqual(h.emu.jobIds(), [job.job_id]);
    });

    it('accepts FASTA, A3M, CSV and wrapped sequences, with is_seed=true spelled as pydantic allows', async () => {
      const token = await h.login();
      for (const text of ['>seed\nMKV\nLLA\n', '#3\t1\n>q\nMKv-LA\n>other\nXXXX\n', 'name,MKVLLA\nx,AAAA\n', 'MKV\nLLA*\n', ';comment\n>a b c\nMKVLLA']) {
        await h.submit(token, text);
      }
      await h.submit(token, '>x\nMKVLLA', undefined, '?is_seed=True&force=false');
      assert.equal(h.emu.jobIds().length, 6);
    });

    it('answers a missing msa_file, a text field instead of a file, or a JSON body with a pydantic 422', async () => {
      const token = await h.login();
      const none = await h.call('POST', `${P}/poet/align/msa`, { token, form: new FormData() });
      assert.equal(none.status, 422);
      assert.deepEqual(issues(none), [{ type: 'missing', loc: ['body', 'msa_file'], msg: 'Field required', input: null }]);
      const field = new FormData();
      field.append('msa_file', INSULIN);
      const text = await h.call('POST', `${P}/poet/align/msa`, { token, form: field });
      assert.equal(text.status, 422);
      assert.equal(issues(text)[0].type, 'value_error');
      assert.match(issues(text)[0].msg, /Expected UploadFile/);
      const json = await h.call('POST', `${P}/poet/align/msa`, { token, body: { msa_file: INSULIN } });
      assert.deepEqual(issues(json)[0].loc, ['body', 'msa_file']);
      const broken = await h.call('POST', `${P}/poet/align/msa`, { token, raw: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
      assert.equal(broken.status, 400);
      assert.equal(detail(broken), 'There was an error parsing the body');
      assert.deepEqual(h.emu.jobIds(), []);
    });

    it('refuses invalid residues with 400 naming the character, position and sequence; creates no job', async () => {
      const token = await h.login();
      const cases: [string, RegExp][] = [
        ['MKV1LA', /invalid character '1' at position 4 of sequence 'query'/],
        ['>my seed\nMKVJLA', /'J' at position 4 of sequence 'my seed'/],
        ['>a\nMK*V', /'\*' at position 3/],
        ['', /msa_file is empty/],
        ['  \n\n', /msa_file is empty/],
        ['>only-a-header\n', /has no residues/],
        ['>gaps\n---..', /has no residues/],
        ['#comment only\n', /has no sequences/],
        ['MKV\0LA', /not a text file/],
      ];
      for (const [text, expected] of cases) {
        const r = await h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm(text) });
        assert.equal(r.status, 400, JSON.stringify(text));
        assert.match(detail(r), expected);
      }
      assert.deepEqual(h.emu.jobIds(), []);
    });

    it('checks only the first record of a seed upload (the rest is discarded)', async () => {
      const token = await h.login();
      await h.submit(token, '>good\nMKVLLA\n>bad\n12345');
    });

    it('refuses a query over 10,000 residues, a bad is_seed, and an MSA too big for the emulator', async () => {
      const token = await h.login();
      const long = await h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm('A'.repeat(10_001)) });
      assert.match(detail(long), /10001 residues; at most 10000/);
      const flag = await h.call('POST', `${P}/poet/align/msa?is_seed=maybe`, { token, form: seedForm(INSULIN) });
      assert.equal(flag.status, 422);
      assert.deepEqual(issues(flag)[0].loc, ['query', 'is_seed']);
      h.emu.setMsaSequences(100_000);
      const big = await h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm('A'.repeat(1000)) });
      assert.equal(big.status, 400);
      assert.match(detail(big), /msa-size/);
    });

    it('checks the token before the body', async () => {
      assert.equal((await h.call('POST', `${P}/poet/align/msa`, { form: new FormData() })).status, 401);
    });
  });

  describe('the job state machine', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 1000, runningMs: 2000, retryingMs: 500 } });

    it('moves PENDING → RUNNING (progress rising, with messages) → SUCCESS in virtual time', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN);
      const seen: Job[] = [];
      for (let t = 0; t <= 3200; t += 100) {
        h.clock.t = T0 + t;
        seen.push(await h.job(token, id));
      }
      const byStatus = (s: string) => seen.filter((j) => j.status === s);
      assert.equal(byStatus('PENDING').length, 10);
      assert.equal(byStatus('RUNNING').length, 20);
      for (const j of byStatus('PENDING')) assert.deepEqual([j.progress_counter, j.progress_message, j.start_date], [0, null, null]);
      const running = byStatus('RUNNING');
      const counters = running.map((j) => j.progress_counter);
      assert.deepEqual(counters, [...counters].sort((a, b) => a - b), 'progress never goes back');
      assert.equal(counters[0], 0);
      assert.ok(counters[counters.length - 1] >= 90 && counters[counters.length - 1] < 100);
      assert.deepEqual([...new Set(running.map((j) => j.progress_message))], [
        'searching UniRef30 (MMseqs2)',
        'searching environmental sequences (ColabFold DB)',
        'aligning homologs',
        'filtering and writing the A3M',
      ]);
      for (const j of running) assert.deepEqual([j.start_date, j.end_date, j.num_records], [at(1000), null, null]);
      const done = seen[seen.length - 1];
      assert.deepEqual(
        { ...done, job_id: undefined, msa_id: undefined },
        {
          job_id: undefined,
          msa_id: undefined,
          job_type: '/align/align',
          status: 'SUCCESS',
          created_date: at(0),
          start_date: at(1000),
          end_date: at(3000),
          prerequisite_job_id: null,
          progress_counter: 100,
          progress_message: null,
          failure_message: null,
          num_records: 64,
        },
      );
    });

    it('fails a seed named "fail" halfway: FAILURE with failure_message, progress frozen at 50', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, `>will FAIL please\n${INSULIN}`);
      h.clock.t = T0 + 1999;
      const last = await h.job(token, id);
      assert.deepEqual([last.status, last.progress_counter], ['RUNNING', 49]);
      h.clock.t = T0 + 2000;
      const failed = await h.job(token, id);
      assert.equal(failed.status, 'FAILURE');
      assert.equal(failed.progress_counter, 50);
      assert.equal(failed.progress_message, null);
      assert.match(String(failed.failure_message), /failed/);
      assert.deepEqual([failed.start_date, failed.end_date, failed.num_records], [at(1000), at(2000), null]);
      h.clock.t += 30 * MINUTE;
      assert.equal((await h.job(token, id)).status, 'FAILURE', 'terminal stays terminal');
    });

    it('also fails when the upload\'s filename says "fail" (a bare sequence has no header)', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN, 'will-fail.fasta');
      h.clock.t = T0 + 5000;
      assert.equal((await h.job(token, id)).status, 'FAILURE');
    });

    it('retries a seed named "retry": RUNNING → RETRYING → RUNNING (attempt 2) → SUCCESS', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN, 'retry-me.fasta');
      const state = async (t: number) => {
        h.clock.t = T0 + t;
        const j = await h.job(token, id);
        return [j.status, j.progress_counter, j.start_date, j.end_date];
      };
      assert.deepEqual(await state(1500), ['RUNNING', 25, at(1000), null]);
      assert.deepEqual(await state(1999), ['RUNNING', 49, at(1000), null]);
      assert.deepEqual(await state(2000), ['RETRYING', 0, at(1000), null]);
      h.clock.t = T0 + 2200;
      assert.match(String((await h.job(token, id)).progress_message), /retrying \(attempt 2\)/);
      assert.deepEqual(await state(2500), ['RUNNING', 0, at(1000), null]);
      assert.deepEqual(await state(3500), ['RUNNING', 50, at(1000), null]);
      assert.deepEqual(await state(4499), ['RUNNING', 99, at(1000), null]);
      assert.deepEqual(await state(4500), ['SUCCESS', 100, at(1000), at(4500)]);
    });

    it('cancels with DELETE /api/v1/jobs/{id}: CANCELED at once, progress frozen, no MSA', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN);
      h.clock.t = T0 + 1500;
      const r = await h.call('DELETE', `${P}/jobs/${id}`, { token });
      assert.equal(r.status, 200);
      const canceled = jobSchema.parse(r.json);
      assert.deepEqual(
        [canceled.status, canceled.progress_counter, canceled.progress_message, canceled.start_date, canceled.end_date],
        ['CANCELED', 25, null, at(1000), at(1500)],
      );
      h.clock.t = T0 + 10_000;
      assert.equal((await h.job(token, id)).status, 'CANCELED', 'it never finishes');
      const msa = await h.msa(token, id);
      assert.deepEqual([msa.status, msa.headers.get('job_status'), msa.text], [200, 'CANCELED', '']);
      const again = await h.call('DELETE', `${P}/jobs/${id}`, { token });
      assert.equal(again.status, 400);
      assert.match(detail(again), /already finished \(CANCELED\)/);
    });

    it('a job canceled while PENDING never started; a finished job cannot be canceled', async () => {
      const token = await h.login();
      const { job_id: queued } = await h.submit(token, INSULIN);
      h.clock.t = T0 + 200;
      const c = jobSchema.parse((await h.call('DELETE', `${P}/jobs/${queued}`, { token })).json);
      assert.deepEqual([c.status, c.start_date, c.end_date, c.progress_counter], ['CANCELED', null, at(200), 0]);
      const { job_id: done } = await h.submit(token, INSULIN);
      h.clock.t += 3000;
      const r = await h.call('DELETE', `${P}/jobs/${done}`, { token });
      assert.equal(r.status, 400);
      assert.equal((await h.job(token, done)).status, 'SUCCESS', 'nothing changed');
      assert.equal((await h.call('DELETE', `${P}/jobs/${UNKNOWN_ID}`, { token })).status, 404);
    });

    it('POST /__control/cancel cancels any user\'s job from outside (as the web app would)', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN);
      h.clock.t = T0 + 1200;
      const r = await h.call('POST', '/__control/cancel', { body: { job_id: id.toUpperCase() } });
      assert.equal(r.status, 200);
      assert.equal(jobSchema.parse(r.json).status, 'CANCELED');
      assert.equal((await h.job(token, id)).status, 'CANCELED');
      assert.match(((await h.call('POST', '/__control/cancel', { body: { job_id: id } })).json as { error: string }).error, /already finished/);
      assert.match(((await h.call('POST', '/__control/cancel', { body: { job_id: UNKNOWN_ID } })).json as { error: string }).error, /no job/);
      assert.equal((await h.call('POST', '/__control/cancel', { body: {} })).status, 400);
    });

    it('gives new jobs the timing set through /__control/timing; submitted jobs keep theirs', async () => {
      const token = await h.login();
      const before = await h.submit(token, INSULIN);
      const r = await h.call('POST', '/__control/timing', { body: { pendingMs: 10, runningMs: 20 } });
      assert.deepEqual(r.json, { pendingMs: 10, runningMs: 20, retryingMs: 500 });
      assert.deepEqual((await h.call('GET', '/__control/timing')).json, { pendingMs: 10, runningMs: 20, retryingMs: 500 });
      const after = await h.submit(token, INSULIN);
      h.clock.t += 30;
      assert.deepEqual([(await h.job(token, before.job_id)).status, (await h.job(token, after.job_id)).status], ['PENDING', 'SUCCESS']);
      assert.deepEqual((await h.call('POST', '/__control/timing', { body: { preset: 'demo' } })).json, { pendingMs: 5000, runningMs: 15000, retryingMs: 5000 });
      for (const body of [{ pendingMs: -1 }, { runningMs: 'slow' }, { preset: 'slow' }, []]) assert.equal((await h.call('POST', '/__control/timing', { body })).status, 400, JSON.stringify(body));
    });

    it('answers a submission with the state at that instant (RUNNING when pendingMs is 0)', async () => {
      const token = await h.login();
      h.emu.setTiming({ pendingMs: 0 });
      const job = await h.submit(token, INSULIN);
      assert.deepEqual([job.status, job.start_date], ['RUNNING', at(0)]);
    });
  });

  describe('option: outcomeOf', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 0, runningMs: 100, retryingMs: 0 }, outcomeOf: (s) => (s.query.startsWith('MX') ? 'failure' : 'success') });
    it('decides the outcome with the configured predicate', async () => {
      const token = await h.login();
      const ok = await h.submit(token, '>fail-but-not-MX\nMKV');
      const bad = await h.submit(token, 'MXV');
      h.clock.t += 100;
      assert.deepEqual([(await h.job(token, ok.job_id)).status, (await h.job(token, bad.job_id)).status], ['SUCCESS', 'FAILURE']);
    });
  });

  describe('GET /api/v1/poet/align/msa (the result)', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 100, runningMs: 100, retryingMs: 100 } });

    async function finished(token: string, text: string, query = ''): Promise<{ id: string; res: Res }> {
      const { job_id: id } = await h.submit(token, text, undefined, query);
      h.clock.t += 1000;
      const res = await h.msa(token, id);
      assert.equal(res.status, 200, res.text);
      return { id, res };
    }

    it('always sends the job_status header: empty body until SUCCESS, then the A3M as text', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN);
      const pending = await h.msa(token, id);
      assert.deepEqual([pending.status, pending.headers.get('job_status'), pending.text], [200, 'PENDING', '']);
      assert.match(String(pending.headers.get('content-type')), /^text\/plain/);
      h.clock.t += 150;
      const running = await h.msa(token, id);
      assert.deepEqual([running.status, running.headers.get('job_status'), running.text], [200, 'RUNNING', '']);
      h.clock.t += 50;
      const done = await h.msa(token, id);
      assert.equal(done.headers.get('job_status'), 'SUCCESS');
      assert.match(String(done.headers.get('content-type')), /^text\/plain; charset=utf-8/);
      checkA3m(done.text, INSULIN, 64);
    });

    it('sends job_status FAILURE and RETRYING with an empty body', async () => {
      const token = await h.login();
      const failed = await finished(token, `>fail\n${INSULIN}`);
      assert.deepEqual([failed.res.headers.get('job_status'), failed.res.text], ['FAILURE', '']);
      const { job_id: id } = await h.submit(token, `>retry\n${INSULIN}`);
      h.clock.t += 150 + 50;
      const retrying = await h.msa(token, id);
      assert.deepEqual([retrying.headers.get('job_status'), retrying.text], ['RETRYING', '']);
    });

    it('is an A3M computed from the seed: query first, equal match columns, insertions in lower case, a real family', async () => {
      const token = await h.login();
      const { res } = await finished(token, INSULIN);
      const records = checkA3m(res.text, INSULIN, 64);
      assert.equal(records[0].name, 'query', 'a bare sequence is named "query"');
      const homologs = records.slice(1);
      assert.ok(homologs.some((r) => /[a-z]/.test(r.sequence)), 'some rows have insertions');
      assert.ok(homologs.some((r) => /^-+[A-Z]/.test(r.sequence)), 'some hits are local (leading gaps)');
      assert.ok(homologs.some((r) => /[A-Z]-+[A-Z]/.test(r.sequence.replace(/[a-z]/g, ''))), 'some rows have deletions');
      const ids = homologs.map((r) => identity(r.sequence, INSULIN));
      assert.deepEqual(ids.map((x) => x > 0 && x < 1), Array(63).fill(true), 'homologs differ from the query but resemble it');
      assert.ok(Math.max(...ids) > 0.6 && Math.min(...ids) < Math.max(...ids));
      // Conserved columns exist: the most conserved column keeps the query's residue far more often than the least.
      const keep = [...INSULIN].map((aa, j) => homologs.filter((r) => r.sequence.replace(/[a-z]/g, '')[j] === aa).length);
      assert.ok(Math.max(...keep) - Math.min(...keep) > 20, 'columns differ in conservation');
    });

    it('uses the first record of a FASTA/A3M upload (ungapped, upper case) and keeps its header', async () => {
      const token = await h.login();
      const { res } = await finished(token, '>sp|P01308|INS_HUMAN Insulin\nMALWMRLLPL-LAL\nlalwgpd\n>second\nMKVLLA\n');
      const records = checkA3m(res.text, 'MALWMRLLPLLALLALWGPD', 64);
      assert.equal(records[0].name, 'sp|P01308|INS_HUMAN Insulin');
      assert.ok(!records.some((r) => r.name === 'second'), 'the rest of a seed upload is discarded');
    });

    it('is deterministic in the seed: the same seed twice gives the same MSA, another seed another', async () => {
      const token = await h.login();
      const a = (await finished(token, INSULIN)).res.text;
      const b = (await finished(token, INSULIN)).res.text;
      const c = (await finished(token, INSULIN.slice(0, 60))).res.text;
      assert.equal(a, b);
      assert.notEqual(a, c);
      checkA3m(c, INSULIN.slice(0, 60), 64);
    });

    it('sizes new MSAs with /__control/msa-size; num_records reports the rows', async () => {
      const token = await h.login();
      assert.deepEqual((await h.call('GET', '/__control/msa-size')).json, { sequences: 64 });
      const before = await h.submit(token, INSULIN);
      assert.deepEqual((await h.call('POST', '/__control/msa-size', { body: { sequences: 10 } })).json, { sequences: 10 });
      const after = await h.submit(token, INSULIN);
      h.clock.t += 1000;
      checkA3m((await h.msa(token, after.job_id)).text, INSULIN, 10);
      assert.equal((await h.job(token, after.job_id)).num_records, 10);
      assert.equal((await h.job(token, before.job_id)).num_records, 64, 'a submitted job keeps its size');
      h.emu.setMsaSequences(1);
      const alone = await finished(token, 'MKV');
      assert.equal(alone.res.text, '>query\nMKV\n', 'one row: just the query');
      for (const body of [{ sequences: 0 }, { sequences: 100_001 }, { sequences: 2.5 }, {}]) assert.equal((await h.call('POST', '/__control/msa-size', { body })).status, 400, JSON.stringify(body));
    });

    it('serves a 10,000 × 1,000 alignment for the large-MSA views', async function () {
      this.timeout(60_000);
      const token = await h.login();
      h.emu.setMsaSequences(10_000);
      const query = [...Array(1000)].map((_, i) => 'ACDEFGHIKLMNPQRSTVWY'[(i * 7 + (i >> 3)) % 20]).join('');
      const started = Date.now();
      const { id, res } = await finished(token, `>big\n${query}`);
      const elapsed = Date.now() - started;
      checkA3m(res.text, query, 10_000);
      assert.equal((await h.job(token, id)).num_records, 10_000);
      assert.ok(elapsed < 15_000, `made and served in ${elapsed} ms`);
    });

    it('with is_seed=false, the uploaded alignment is the result; an unaligned upload is 400', async () => {
      const token = await h.login();
      const msa = '>q\nMKVLLA\n>h1\nMK-LLA\n>h2\nMRvaVLLA.\n';
      const { id, res } = await finished(token, msa, '?is_seed=false');
      assert.equal(res.text, '>q\nMKVLLA\n>h1\nMK-LLA\n>h2\nMRvaVLLA\n');
      assert.equal((await h.job(token, id)).num_records, 3);
      const bad = await h.call('POST', `${P}/poet/align/msa?is_seed=false`, { token, form: seedForm('>q\nMKVLLA\n>h\nMKV\n') });
      assert.equal(bad.status, 400);
      assert.match(detail(bad), /sequence 2 \('h'\) has 3 match columns, the first has 6/);
      const invalid = await h.call('POST', `${P}/poet/align/msa?is_seed=0`, { token, form: seedForm('>q\nMKV\n>h\nM1V\n') });
      assert.match(detail(invalid), /'1' at position 2 of sequence 'h'/);
    });

    it('422 without job_id; 404 for an unknown or another user\'s job', async () => {
      const token = await h.login();
      const missing = await h.call('GET', `${P}/poet/align/msa`, { token });
      assert.equal(missing.status, 422);
      assert.deepEqual(issues(missing)[0].loc, ['query', 'job_id']);
      const unknown = await h.msa(token, UNKNOWN_ID);
      assert.deepEqual([unknown.status, unknown.json, unknown.headers.get('job_status')], [404, { detail: 'Job not found' }, null]);
      const { job_id: id } = await h.submit(token, INSULIN);
      const another = h.emu.issueToken('demo');
      assert.equal((await h.msa(another, id)).status, 200, 'the same user with another token sees it');
      assert.equal((await h.msa(token, id.toUpperCase())).status, 200, 'ids match case-insensitively');
    });
  });

  describe('users see only their own jobs', () => {
    const h = harness({ users: { demo: 'demo-password', eve: 'pw' }, timing: { pendingMs: 0, runningMs: 0, retryingMs: 0 } });
    it('answers 404 for another user\'s job everywhere, and lists nothing of theirs', async () => {
      const demo = await h.login();
      const eve = await h.login('eve', 'pw');
      const { job_id: id } = await h.submit(demo, INSULIN);
      assert.equal((await h.call('GET', `${P}/jobs/${id}`, { token: eve })).status, 404);
      assert.equal((await h.msa(eve, id)).status, 404);
      assert.equal((await h.call('DELETE', `${P}/jobs/${id}`, { token: eve })).status, 404);
      assert.deepEqual(await h.jobs(eve), []);
      assert.equal((await h.jobs(demo)).length, 7, 'six seeded + one submitted');
    });
  });

  describe('GET /api/v1/jobs (seeded)', () => {
    const h = harness();

    it('lists the six seeded jobs newest first: one of each terminal status, a prompt job, one RUNNING', async () => {
      const token = await h.login();
      const list = await h.jobs(token);
      assert.deepEqual(
        list.map((j) => [j.job_type, j.status]),
        [
          ['/align/align', 'RUNNING'],
          ['/align/align', 'SUCCESS'],
          ['/align/align', 'CANCELED'],
          ['/align/align', 'FAILURE'],
          ['/align/prompt', 'SUCCESS'],
          ['/align/align', 'SUCCESS'],
        ],
      );
      const created = list.map((j) => Date.parse(j.created_date));
      assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
      const [running, , canceled, failed, prompt, first] = list;
      assert.ok(running.progress_counter > 0 && running.progress_counter < 100 && running.progress_message !== null, 'the running one shows progress');
      assert.equal(prompt.prerequisite_job_id, first.job_id);
      assert.equal(prompt.msa_id, undefined);
      assert.match(String(failed.failure_message), /emulated failure/);
      assert.ok(canceled.end_date !== null && canceled.progress_counter > 0);
      assert.equal(first.num_records, 64);
    });

    it('the seeded running job finishes in virtual time and its MSA is the insulin family', async () => {
      const token = await h.login();
      const [running] = await h.jobs(token);
      h.clock.t += 5 * MINUTE;
      assert.equal((await h.job(token, running.job_id)).status, 'SUCCESS');
      const res = await h.msa(token, running.job_id);
      assert.equal(parseA3m(res.text)[0].name, 'insulin-rerun');
      checkA3m(res.text, INSULIN, 64);
      const prompt = (await h.jobs(token, '?job_type=/align/prompt'))[0];
      const notMsa = await h.msa(token, prompt.job_id);
      assert.equal(notMsa.status, 400);
      assert.match(detail(notMsa), /\/align\/prompt job, not an MSA job/);
    });

    it('filters by status, job_type (repeatable) and more_recent_than', async () => {
      const token = await h.login();
      assert.deepEqual((await h.jobs(token, '?status=SUCCESS')).map((j) => j.job_type), ['/align/align', '/align/prompt', '/align/align']);
      assert.equal((await h.jobs(token, '?status=RETRYING')).length, 0);
      assert.equal((await h.jobs(token, '?job_type=/align/align')).length, 5);
      assert.equal((await h.jobs(token, '?job_type=/align/align&job_type=/align/prompt')).length, 6);
      assert.equal((await h.jobs(token, '?job_type=/poet')).length, 0);
      assert.equal((await h.jobs(token, `?more_recent_than=${at(-6 * HOUR)}`)).length, 3);
      assert.equal((await h.jobs(token, '?more_recent_than=2026-05-11')).length, 3, 'a date is midnight UTC');
      assert.equal((await h.jobs(token, '?status=SUCCESS&job_type=/align/align&more_recent_than=2026-05-11')).length, 1);
    });

    it('pages with page_size/page_offset (and the limit/offset aliases)', async () => {
      const token = await h.login();
      const all = (await h.jobs(token)).map((j) => j.job_id);
      assert.deepEqual(all, h.emu.jobIds());
      assert.deepEqual((await h.jobs(token, '?page_size=2')).map((j) => j.job_id), all.slice(0, 2));
      assert.deepEqual((await h.jobs(token, '?page_size=4&page_offset=4')).map((j) => j.job_id), all.slice(4));
      assert.deepEqual((await h.jobs(token, '?limit=3&offset=1')).map((j) => j.job_id), all.slice(1, 4));
      assert.deepEqual((await h.jobs(token, '?page_size=0')).length, 0);
      assert.deepEqual((await h.jobs(token, '?page_offset=10')).length, 0);
    });

    it('reports every bad query parameter at once, pydantic-style', async () => {
      const token = await h.login();
      const r = await h.call('GET', `${P}/jobs?status=DONE&more_recent_than=yesterday&page_size=1001&page_offset=-1`, { token });
      assert.equal(r.status, 422);
      assert.deepEqual(
        issues(r).map((i) => [i.type, i.loc.join('.')]),
        [
          ['enum', 'query.status'],
          ['datetime_from_date_parsing', 'query.more_recent_than'],
          ['less_than_equal', 'query.page_size'],
          ['greater_than_equal', 'query.page_offset'],
        ],
      );
      assert.match(issues(r)[0].msg, /'PENDING', 'RETRYING', 'RUNNING', 'SUCCESS', 'FAILURE' or 'CANCELED'/);
      assert.equal(issues(await h.call('GET', `${P}/jobs?limit=ten`, { token }))[0].type, 'int_parsing');
    });

    it('GET /api/v1/jobs/{id}: the Job, case-insensitive; 404 for unknown; a trailing slash on the list works', async () => {
      const token = await h.login();
      const [first] = await h.jobs(token);
      assert.deepEqual(await h.job(token, first.job_id.toUpperCase()), first);
      const r = await h.call('GET', `${P}/jobs/${UNKNOWN_ID}`, { token });
      assert.deepEqual([r.status, r.json], [404, { detail: 'Job not found' }]);
      assert.equal((await h.call('GET', `${P}/jobs/not-a-uuid`, { token })).status, 404);
      assert.equal((await h.jobs(token, '/')).length, 6);
    });

    it('seeded jobs have stable ids on every start', async () => {
      const again = await startOpenProteinEmulator({ now: () => T0 });
      try {
        assert.deepEqual(again.jobIds(), h.emu.jobIds());
      } finally {
        await again.close();
      }
    });

    it('answers unknown paths 404 and wrong methods 405, FastAPI-style', async () => {
      assert.deepEqual((await h.call('GET', '/nothing')).json, { detail: 'Not Found' });
      const r = await h.call('PUT', `${P}/poet/align/msa`);
      assert.deepEqual([r.status, r.json], [405, { detail: 'Method Not Allowed' }]);
    });
  });

  describe('fault injection', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 0, runningMs: 0, retryingMs: 0 } });

    it('status: 429 with Retry-After, once, then normal answers', async () => {
      const token = h.emu.issueToken();
      h.emu.faults.add({ method: 'GET', path: `${P}/jobs`, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' } } });
      const r = await h.call('GET', `${P}/jobs`, { token });
      assert.deepEqual([r.status, r.headers.get('retry-after'), r.json], [429, '7', { detail: 'Too Many Requests' }]);
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 200);
    });

    it('status: 500/503 with a text body; times counts down; "always" never runs out', async () => {
      const token = h.emu.issueToken();
      h.emu.faults.add([
        { path: `${P}/poet/align/msa`, method: 'GET', times: 2, fault: { kind: 'status', status: 503, body: '<html>Service Unavailable</html>' } },
        { path: { prefix: `${P}/jobs/` }, times: 'always', fault: { kind: 'status', status: 500 } },
      ]);
      const a = await h.msa(token, UNKNOWN_ID);
      assert.deepEqual([a.status, a.text], [503, '<html>Service Unavailable</html>']);
      assert.equal((await h.msa(token, UNKNOWN_ID)).status, 503);
      assert.equal((await h.msa(token, UNKNOWN_ID)).status, 404);
      for (let i = 0; i < 3; i++) assert.equal((await h.call('GET', `${P}/jobs/${UNKNOWN_ID}`, { token })).status, 500);
    });

    it('reset: the connection is reset and fetch rejects', async () => {
      h.emu.faults.add({ path: `${P}/login/user-access-token`, fault: { kind: 'reset' } });
      await assert.rejects(h.login(), TypeError);
      await h.login();
    });

    it('hang: no answer until the client gives up; close() still returns promptly', async () => {
      const token = h.emu.issueToken();
      h.emu.faults.add({ path: `${P}/jobs`, fault: { kind: 'hang' } });
      await assert.rejects(h.call('GET', `${P}/jobs`, { token, signal: AbortSignal.timeout(150) }), (err: Error) => err.name === 'TimeoutError');
      h.emu.faults.add({ path: `${P}/jobs`, fault: { kind: 'hang' } });
      const pending = h.call('GET', `${P}/jobs`, { token }).catch((err: unknown) => err);
      await new Promise((r) => setTimeout(r, 50));
      const closing = Date.now();
      await h.emu.close();
      assert.ok(Date.now() - closing < 1000, 'close() destroys hung sockets');
      assert.ok((await pending) instanceof Error);
      h.emu = await startOpenProteinEmulator({ now: () => h.clock.t, seedJobs: false }); // for afterEach
    });

    it('malformed: 200 with a body that is not JSON', async () => {
      const token = h.emu.issueToken();
      await h.submit(token, INSULIN);
      h.emu.faults.add({ path: `${P}/jobs`, fault: { kind: 'malformed' } });
      const r = await h.call('GET', `${P}/jobs`, { token });
      assert.equal(r.status, 200);
      assert.throws(() => JSON.parse(r.text), SyntaxError);
    });

    it('drift: the real answer minus a required field, per JSON endpoint', async () => {
      const token = h.emu.issueToken();
      const { job_id: id } = await h.submit(token, INSULIN);
      h.emu.setTiming({ pendingMs: 1000 });
      const { job_id: cancellable } = await h.submit(token, INSULIN);
      const drifts: [string, string, CallOptions, string][] = [
        ['POST', `${P}/login/user-access-token`, { form: new URLSearchParams(DEMO) }, 'access_token'],
        ['POST', `${P}/poet/align/msa`, { token, form: seedForm(INSULIN) }, 'job_id'],
        ['GET', `${P}/jobs/${id}`, { token }, 'status'],
        ['DELETE', `${P}/jobs/${cancellable}`, { token }, 'status'],
      ];
      for (const [method, p, opts, field] of drifts) {
        h.emu.faults.add({ method, path: p, fault: { kind: 'drift' } });
        const d = await h.call(method, p, opts);
        assert.equal(d.status, 200, p);
        assert.ok(!(field in (d.json as object)), `${method} ${p} lost ${field}: ${d.text.slice(0, 160)}`);
        assert.ok(Object.keys(d.json as object).length > 1, 'the rest is still there');
      }
      h.emu.faults.add({ method: 'GET', path: `${P}/jobs`, fault: { kind: 'drift' } });
      const list = (await h.call('GET', `${P}/jobs`, { token })).json as Record<string, unknown>[];
      assert.ok(list.length === 3 && list.every((j) => !('status' in j) && 'job_id' in j));
      assert.equal(z.array(jobSchema).safeParse(list).success, false);
      h.emu.faults.add({ path: `${P}/jobs/${id}`, fault: { kind: 'drift', field: 'progress_counter' } });
      assert.ok(!('progress_counter' in ((await h.call('GET', `${P}/jobs/${id}`, { token })).json as object)));
    });

    it('delay: answers normally after the wait (real time)', async () => {
      h.emu.faults.add({ path: `${P}/login/user-access-token`, fault: { kind: 'delay', ms: 120 } });
      const started = Date.now();
      await h.login();
      assert.ok(Date.now() - started >= 110);
    });

    it('phase "after": the submission runs (the job exists) but the client sees the fault', async () => {
      const token = h.emu.issueToken();
      h.emu.faults.add({ method: 'POST', path: `${P}/poet/align/msa`, phase: 'after', fault: { kind: 'reset' } });
      await assert.rejects(h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm(INSULIN) }));
      assert.equal(h.emu.jobIds().length, 1, 'the lost response still created a job');
      h.emu.faults.add({ method: 'POST', path: `${P}/poet/align/msa`, fault: { kind: 'status', status: 503 } });
      assert.equal((await h.call('POST', `${P}/poet/align/msa`, { token, form: seedForm(INSULIN) })).status, 503);
      assert.equal(h.emu.jobIds().length, 1, 'phase "before" changes nothing');
    });

    it('is configurable over /__control/faults from another process', async () => {
      const add = await h.call('POST', '/__control/faults', { body: { rules: [{ method: 'GET', path: { regex: '^/api/v1/jobs' }, times: 2, fault: { kind: 'status', status: 502 } }] } });
      assert.equal((add.json as { added: number }).added, 1);
      const token = h.emu.issueToken();
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 502);
      assert.equal((await h.call('GET', `${P}/jobs/${UNKNOWN_ID}`, { token })).status, 502);
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 200);
      assert.equal((await h.call('POST', '/__control/faults', { body: { path: '/', fault: { kind: 'explode' } } })).status, 400);
    });
  });

  describe('request log', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 0, runningMs: 0, retryingMs: 0 } });

    it('starts empty, records method/path/query/time/status, and not control requests', async () => {
      assert.equal(h.emu.log.count(), 0, 'zero requests were sent');
      await h.call('GET', '/__control/requests');
      assert.equal(h.emu.log.count(), 0);
      h.clock.t += 1234;
      const token = h.emu.issueToken();
      await h.call('GET', `${P}/jobs?status=SUCCESS`, { token });
      assert.deepEqual(h.emu.log.list(), [{ seq: 1, method: 'GET', path: `${P}/jobs`, query: { status: 'SUCCESS' }, timestamp: T0 + 1234, auth: authFingerprint(`bearer ${token}`), status: 200 }]);
    });

    it('never stores the token or the password in clear', async () => {
      const token = await h.login();
      await h.call('GET', `${P}/jobs`, { token });
      const [login, jobs] = h.emu.log.list();
      assert.deepEqual(login.body, { username: 'demo', password: '[redacted]' });
      assert.match(String(jobs.auth), /^bearer sha256:[0-9a-f]{12}$/);
      const served = (await h.call('GET', '/__control/requests')).text;
      assert.ok(!served.includes(token) && !served.includes(DEMO.password));
    });

    it('shows one upload and one poll per call, so a test can count them', async () => {
      const token = h.emu.issueToken();
      const { job_id: id } = await h.submit(token, INSULIN);
      await h.job(token, id);
      await h.msa(token, id);
      const served = (await h.call('GET', `/__control/requests?prefix=${P}/`)).json as { requests: { method: string; path: string; status: number; query: Record<string, string> }[] };
      assert.deepEqual(
        served.requests.map((r) => [r.method, r.path, r.status]),
        [
          ['POST', `${P}/poet/align/msa`, 200],
          ['GET', `${P}/jobs/${id}`, 200],
          ['GET', `${P}/poet/align/msa`, 200],
        ],
      );
      assert.deepEqual(served.requests[2].query, { job_id: id });
    });

    it('records which fault answered', async () => {
      h.emu.faults.add([
        { path: `${P}/jobs`, fault: { kind: 'status', status: 503 } },
        { path: `${P}/jobs`, fault: { kind: 'reset' } },
      ]);
      const token = h.emu.issueToken();
      await h.call('GET', `${P}/jobs`, { token });
      await h.call('GET', `${P}/jobs`, { token }).catch(() => undefined);
      const [a, b] = h.emu.log.list();
      assert.deepEqual([a.fault, a.status, b.fault, b.status], ['status', 503, 'reset', undefined]);
    });
  });

  describe('control: reset and clock', () => {
    const h = harness({ timing: { pendingMs: 100, runningMs: 100, retryingMs: 100 } });

    it('POST /__control/reset restores jobs (reseeded), tokens, timing, MSA size and time; clears faults and log', async () => {
      const token = await h.login();
      await h.submit(token, INSULIN);
      h.emu.faults.add({ path: '/nothing', times: 'always', fault: { kind: 'hang' } });
      await h.call('POST', '/__control/timing', { body: { pendingMs: 1 } });
      await h.call('POST', '/__control/msa-size', { body: { sequences: 5 } });
      await h.call('POST', '/__control/advance', { body: { ms: 5000 } });
      assert.equal(h.emu.jobIds().length, 7);

      assert.deepEqual((await h.call('POST', '/__control/reset')).json, { reset: ['faults', 'log', 'state'] });
      assert.equal(h.emu.jobIds().length, 6);
      assert.equal(h.emu.faults.list().length, 0);
      assert.equal(h.emu.log.count(), 0);
      assert.equal((await h.call('GET', `${P}/jobs`, { token })).status, 401, 'tokens are gone');
      assert.deepEqual((await h.call('GET', '/__control/timing')).json, { pendingMs: 100, runningMs: 100, retryingMs: 100 });
      assert.deepEqual((await h.call('GET', '/__control/msa-size')).json, { sequences: 64 });
      assert.deepEqual((await h.call('GET', '/__control/clock')).json, { now: at(0), nowMs: T0, offsetMs: 0 });
    });

    it('can reset only part, and refuses unknown control endpoints', async () => {
      const token = await h.login();
      await h.submit(token, INSULIN);
      assert.deepEqual((await h.call('POST', '/__control/reset', { body: { state: false } })).json, { reset: ['faults', 'log'] });
      assert.equal(h.emu.jobIds().length, 7);
      assert.equal((await h.call('POST', '/__control/nothing')).status, 404);
    });

    it('advance moves every job forward in virtual time', async () => {
      const token = await h.login();
      const { job_id: id } = await h.submit(token, INSULIN);
      await h.call('POST', '/__control/advance', { body: { ms: 200 } });
      assert.equal((await h.job(token, id)).status, 'SUCCESS');
    });
  });

  describe('run.ts', () => {
    it('parses --port for openprotein', () => {
      assert.deepEqual(parseArgs(['--port', 'openprotein=8788', '--port=codon=8787']), { ports: { openprotein: 8788, codon: 8787 }, timing: 'default' });
      assert.throws(() => parseArgs(['--port', 'openprotein=70000']), /not a port/);
    });

    it('prints one JSON line with both URLs; the openprotein one serves with the chosen timing', async () => {
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
        assert.deepEqual(Object.keys(urls), ['codon', 'openprotein', 'proteiniq', 'humanization']);
        assert.match(urls.openprotein, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual((await call(urls.openprotein, 'GET', '/__control/timing')).json, { pendingMs: 100, runningMs: 300, retryingMs: 100 });
        const login = await call(urls.openprotein, 'POST', `${P}/login/user-access-token`, { form: new URLSearchParams(DEMO) });
        assert.equal(login.status, 200);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});

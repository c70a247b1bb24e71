/**
 * The humanization emulator against its document (seeds/004): the documented shapes pinned with
 * zod (strict where the document lists the fields), the values checked against what they claim
 * (mutations turn the parent into the design, numbering and liabilities sit on the sequence, the
 * PDB has the chains and the pLDDT it announces), the lifecycle in virtual time, tokens, partial
 * results, drift, hostile text and the shared faults.
 */
import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { isRecord } from '../../emulators/common';
import { PARENT, STRATEGIES, GERMLINE, SEGMENTS, mutate, regionsOf } from '../../emulators/humanization/antibody';
import { oasisOf } from '../../emulators/humanization/analysis';
import { HOSTILE_KEY, HOSTILE_STRINGS } from '../../emulators/humanization/hostile';
import { imgtLabels, kabatLabels } from '../../emulators/humanization/numbering';
import { startHumanizationEmulator, type HumanizationEmulator, type HumanizationEmulatorOptions } from '../../emulators/humanization/server';
import { parseArgs } from '../../emulators/run';
import { call, detail, issues, type CallOptions, type Res } from '../support/emulatorCall';

/* ------------------------------------------------------------------ shapes */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuid = z.string().regex(UUID);
/** The document's example format: "2023-11-07T05:31:56Z". */
const ts = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

const jobSchema = z.strictObject({
  id: uuid,
  variant_id: uuid,
  job_type: z.literal('humanization'),
  status: z.string(),
  error_message: z.string().nullable(),
  created_at: ts,
  started_at: ts.nullable(),
  completed_at: ts.nullable(),
  submitted_by: uuid,
  canceled_at: ts.nullable(),
});

const open = z.record(z.string(), z.unknown());
const rowSchema = z.strictObject({
  id: uuid,
  job_id: uuid,
  strategy: z.string(),
  humanized_vh: z.string(),
  humanized_vl: z.string(),
  oasis_score: open,
  mutations: open,
  liabilities: open,
  created_at: ts,
  numbering: open,
  vhh_analysis: open.nullable(),
  scfv_analysis: open.nullable(),
  fc_analysis: open.nullable(),
});
const structureSchema = z.strictObject({
  id: uuid,
  job_id: uuid,
  pdb_storage_path: z.string().nullable(),
  model_used: z.string(),
  confidence_score: z.number(),
  per_residue_plddt: open,
  cdr_analysis: z.array(open),
  created_at: ts,
  humanization_result_id: uuid,
});
const stabilitySchema = z.strictObject({
  id: uuid,
  job_id: uuid,
  variant_id: uuid,
  created_at: ts,
  ddg_matrix: open,
  solubility_score: z.number(),
  aggregation_score: z.number(),
  thermostability_score: z.number(),
  melting_temp_predicted: z.number(),
  developability_score: z.number(),
  stabilizing_mutations: z.array(open),
  model_versions: open,
  structure_result_id: uuid,
});
const immunogenicitySchema = z.strictObject({
  id: uuid,
  job_id: uuid,
  variant_id: uuid,
  created_at: ts,
  mhc1_epitopes: z.array(open),
  mhc2_epitopes: z.array(open),
  bcell_epitopes: z.array(open),
  deimmunization_suggestions: z.array(open),
  risk_score: z.number(),
  mhc1_risk: z.number(),
  mhc2_risk: z.number(),
  bcell_risk: z.number(),
  model_versions: open,
});
const complexSchema = z.strictObject({
  id: uuid,
  job_id: uuid,
  variant_id: uuid,
  antigen_id: uuid,
  model_used: z.string(),
  created_at: ts,
  pdb_storage_path: z.string().nullable(),
  confidence_score: z.number(),
  iptm: z.number(),
  per_chain_plddt: open,
  interface_residues: open,
});
const responseSchema = z.strictObject({
  job: jobSchema,
  results: z.array(rowSchema),
  structure_result: structureSchema.nullable().optional(),
  stability_result: stabilitySchema.nullable().optional(),
  immunogenicity_result: immunogenicitySchema.nullable().optional(),
  complex_result: complexSchema.nullable().optional(),
});
type Response = z.infer<typeof responseSchema>;

const mutationSchema = z.strictObject({ position: z.number().int(), imgt: z.string(), from: z.string().length(1), to: z.string().length(1), region: z.string() });
const liabilitySchema = z.strictObject({ type: z.string(), motif: z.string(), position: z.number().int(), imgt: z.string(), region: z.string(), risk: z.enum(['high', 'medium', 'low']) });
const numberedSchema = z.strictObject({ position: z.string(), residue: z.string().length(1), region: z.string() });

/* ------------------------------------------------------------------ helpers */

const T0 = Date.UTC(2026, 4, 11, 12, 0, 0);
const SEC = 1000;
const MINUTE = 60 * SEC;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const UNKNOWN = '123e4567-e89b-12d3-a456-426614174000';

interface Harness {
  clock: { t: number };
  emu: HumanizationEmulator;
  call(method: string, p: string, o?: CallOptions): Promise<Res>;
  get(id: string, token?: string): Promise<Response>;
  create(body?: Record<string, unknown>): Promise<string>;
}

function harness(opts: HumanizationEmulatorOptions = {}): Harness {
  const clock = { t: T0 };
  const h: Harness = {
    clock,
    emu: undefined as unknown as HumanizationEmulator,
    call: (method: string, p: string, o?: CallOptions): Promise<Res> => call(h.emu.url, method, p, o),
    async get(id: string, token = h.emu.demoToken): Promise<Response> {
      const r = await h.call('GET', `/jobs/${id}`, { token });
      assert.equal(r.status, 200, r.text);
      return responseSchema.parse(r.json);
    },
    async create(body: Record<string, unknown> = {}): Promise<string> {
      const r = await h.call('POST', '/__control/jobs', { body });
      assert.equal(r.status, 200, r.text);
      return (r.json as { id: string }).id;
    },
  };
  beforeEach(async () => {
    clock.t = T0;
    h.emu = await startHumanizationEmulator({ now: () => clock.t, ...opts });
  });
  afterEach(async () => {
    await h.emu.close();
  });
  return h;
}

/** Every string in a JSON value with its dotted path. */
function strings(v: unknown, path = ''): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}.${i}`));
  if (isRecord(v)) return Object.entries(v).flatMap(([k, x]) => strings(x, path ? `${path}.${k}` : k));
  return [];
}

const rec = (v: unknown): Record<string, unknown> => {
  assert.ok(isRecord(v), `expected an object, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return v;
};

/* ------------------------------------------------------------------ tests */

describe('humanization emulator', () => {
  describe('the antibody', () => {
    it('is muMAb4D5 and its designs, each a same-length variant checked residue by residue', () => {
      assert.equal(PARENT.vh.length, 120);
      assert.equal(PARENT.vl.length, 107);
      for (const s of STRATEGIES) {
        assert.equal(s.vh.length, 120, s.strategy);
        assert.equal(s.vl.length, 107, s.strategy);
        assert.match(s.vh + s.vl, /^[ACDEFGHIKLMNPQRSTVWY]+$/);
      }
      // humAb4D5-8 (trastuzumab) as published.
      assert.equal(STRATEGIES[0].vh, 'EVQLVESGGGLVQPGGSLRLSCAASGFNIKDTYIHWVRQAPGKGLEWVARIYPTNGYTRYADSVKGRFTISADTSKNTAYLQMNSLRAEDTAVYYCSRWGGDGFYAMDYWGQGTLVTVSS');
      assert.equal(mutate('ACD', ['C2A', 'A2C']), 'ACD', 'applied in order');
      assert.throws(() => mutate('ACD', ['G2A']), /residue 2 is C, not G/);
      for (const c of ['vh', 'vl'] as const) assert.equal(GERMLINE[c].length, SEGMENTS[c].reduce((a, b) => a + b, 0));
    });

    it('numbers the chains as IMGT does (VH lacks 10 and 73; VK lacks 73, 81, 82; CDRs filled from both ends)', () => {
      const h = imgtLabels('vh');
      const l = imgtLabels('vl');
      assert.equal(h.length, 120);
      assert.equal(l.length, 107);
      assert.ok(!h.includes('10') && !h.includes('73') && h.includes('81'));
      assert.ok(l.includes('10') && !l.includes('73') && !l.includes('81') && !l.includes('82'));
      const cdr = (labels: string[], seq: string, a: number, b: number) => [...seq].filter((_, i) => parseFloat(labels[i]) >= a && parseFloat(labels[i]) <= b).join('');
      const d = STRATEGIES[0];
      assert.equal(cdr(h, d.vh, 27, 38), 'GFNIKDTY');
      assert.equal(cdr(h, d.vh, 56, 65), 'IYPTNGYT');
      assert.equal(cdr(h, d.vh, 105, 117), 'SRWGGDGFYAMDY');
      assert.equal(cdr(l, d.vl, 27, 38), 'QDVNTA');
      assert.equal(cdr(l, d.vl, 56, 65), 'SAS');
      assert.equal(cdr(l, d.vl, 105, 117), 'QQHYTTPPT');
      // Short CDRs leave the middle empty: VK CDR2 of 3 is 56, 57, 65; CDR3 of 9 skips 110–113.
      assert.deepEqual(l.slice(49, 52), ['56', '57', '65']);
      assert.deepEqual(l.slice(88, 97), ['105', '106', '107', '108', '109', '114', '115', '116', '117']);
      const k = kabatLabels('vh');
      assert.equal(k.length, 120);
      assert.equal(d.vh[k.indexOf('52A')], 'P');
      assert.equal(d.vh[k.indexOf('71')], 'A', 'the famous Kabat H71 back-mutation');
    });
  });

  describe('tokens', () => {
    const h = harness();

    it('takes Bearer in any case; refuses a missing, non-Bearer or unknown token with 401 and WWW-Authenticate', async () => {
      const id = h.emu.seeded.full;
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) assert.equal((await h.call('GET', `/jobs/${id}`, { token: 'demo-token', scheme })).status, 200, scheme);
      const none = await h.call('GET', `/jobs/${id}`);
      assert.equal(none.status, 401);
      assert.deepEqual(none.json, { detail: 'Not authenticated' });
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await h.call('GET', `/jobs/${id}`, { headers: { authorization: 'Basic ZGVtbzpkZW1v' } })).status, 401);
      const wrong = await h.call('GET', `/jobs/${id}`, { token: 'not-a-token' });
      assert.equal(wrong.status, 401);
      assert.equal(detail(wrong), 'Invalid authentication credentials');
    });

    it('issued tokens expire after their TTL on the emulator clock; expire-tokens expires the static ones too, reset revives them', async () => {
      const r = await h.call('POST', '/__control/tokens', { body: { ttl_ms: 10 * MINUTE } });
      const { token, user, expires_at } = r.json as { token: string; user: string; expires_at: string };
      assert.equal(user, 'demo');
      assert.equal(expires_at, new Date(T0 + 10 * MINUTE).toISOString());
      h.clock.t += 10 * MINUTE - 1;
      assert.equal((await h.call('GET', `/jobs/${h.emu.seeded.full}`, { token })).status, 200);
      h.clock.t += 1;
      const expired = await h.call('GET', `/jobs/${h.emu.seeded.full}`, { token });
      assert.equal(expired.status, 401);
      assert.equal(detail(expired), 'Token has expired');

      assert.deepEqual((await h.call('POST', '/__control/expire-tokens', { body: { user: 'demo' } })).json, { expired: 1 });
      assert.equal(detail(await h.call('GET', `/jobs/${h.emu.seeded.full}`, { token: 'demo-token' })), 'Token has expired');
      assert.equal((await h.call('GET', `/jobs/${h.emu.seeded['other-user']}`, { token: 'other-token' })).status, 200, 'other users untouched');
      await h.call('POST', '/__control/reset', { body: { state: true } });
      assert.equal((await h.call('GET', `/jobs/${h.emu.seeded.full}`, { token: 'demo-token' })).status, 200);
      assert.equal((await h.call('POST', '/__control/tokens', { body: { ttl_ms: 'soon' } })).status, 400);
    });

    it('checks auth first, then the id (422 uuid_parsing), then existence (404), then ownership (403)', async () => {
      assert.equal((await h.call('GET', '/jobs/not-a-uuid')).status, 401);
      const bad = await h.call('GET', '/jobs/not-a-uuid', { token: 'demo-token' });
      assert.equal(bad.status, 422);
      assert.deepEqual(
        issues(bad).map((i) => [i.type, i.loc]),
        [['uuid_parsing', ['path', 'job_id']]],
      );
      assert.match(issues(bad)[0].msg, /^Input should be a valid UUID, invalid character: .*found `n` at 1/);
      assert.match(issues(await h.call('GET', '/jobs/abc', { token: 'demo-token' }))[0].msg, /invalid length: expected length 32 for simple format, found 3/);
      const missing = await h.call('GET', `/jobs/${UNKNOWN}`, { token: 'demo-token' });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { detail: 'Job not found' });
      const foreign = await h.call('GET', `/jobs/${h.emu.seeded['other-user']}`, { token: 'demo-token' });
      assert.equal(foreign.status, 403);
      assert.deepEqual(foreign.json, { detail: 'Not authorized to access this job' });
      assert.equal((await h.call('GET', `/jobs/${h.emu.seeded.full.toUpperCase()}`, { token: 'demo-token' })).status, 200, 'ids are case-insensitive');
    });

    it('answers unknown paths and methods as FastAPI does', async () => {
      assert.deepEqual((await h.call('GET', '/jobs', { token: 'demo-token' })).json, { detail: 'Not Found' });
      assert.equal((await h.call('DELETE', `/jobs/${h.emu.seeded.full}`, { token: 'demo-token' })).status, 405);
    });
  });

  describe('lifecycle', () => {
    const h = harness({ seedJobs: false, timing: { pendingMs: 10 * SEC, runningMs: 100 * SEC } });

    it('pending → running (parts appear in order) → completed, with the timestamps of each step', async () => {
      const id = await h.create({ label: 'walk' });
      let r = await h.get(id);
      assert.deepEqual(r.job, { ...r.job, status: 'pending', created_at: iso(T0), started_at: null, completed_at: null, canceled_at: null, error_message: null });
      assert.deepEqual(r.results, []);
      for (const k of ['structure_result', 'stability_result', 'immunogenicity_result', 'complex_result'] as const) assert.equal(r[k], null, k);

      h.clock.t += 10 * SEC;
      r = await h.get(id);
      assert.equal(r.job.status, 'running');
      assert.equal(r.job.started_at, iso(T0 + 10 * SEC));
      assert.deepEqual(r.results, []);

      h.clock.t += 40 * SEC; // 40 % of the run
      r = await h.get(id);
      assert.equal(r.results.length, STRATEGIES.length);
      assert.equal(r.results[0].created_at, iso(T0 + 50 * SEC));
      assert.equal(r.structure_result, null);

      h.clock.t += 20 * SEC; // 60 %
      r = await h.get(id);
      assert.ok(r.structure_result);
      assert.equal(r.stability_result, null);

      h.clock.t += 20 * SEC; // 80 %
      r = await h.get(id);
      assert.ok(r.stability_result && r.immunogenicity_result);
      assert.equal(r.complex_result, null);

      h.clock.t += 20 * SEC;
      r = await h.get(id);
      assert.equal(r.job.status, 'completed');
      assert.equal(r.job.completed_at, iso(T0 + 110 * SEC));
      assert.ok(r.complex_result);
    });

    it('a failed job says why, ends halfway and keeps the humanization rows only', async () => {
      const id = await h.create({ outcome: 'failed', error_message: 'Numbering failed: ANARCI found no V domain in VL' });
      h.clock.t += 10 * SEC + 50 * SEC - 1;
      assert.equal((await h.get(id)).job.status, 'running');
      h.clock.t += 1;
      const r = await h.get(id);
      assert.equal(r.job.status, 'failed');
      assert.equal(r.job.error_message, 'Numbering failed: ANARCI found no V domain in VL');
      assert.equal(r.job.completed_at, iso(T0 + 60 * SEC));
      assert.equal(r.results.length, STRATEGIES.length);
      assert.equal(r.structure_result, null);
      assert.equal(r.complex_result, null);
    });

    it('cancel stops the job where it was (canceled_at, no completed_at); a finished job cannot be canceled', async () => {
      const id = await h.create();
      h.clock.t += 10 * SEC + 65 * SEC;
      const c = await h.call('POST', '/__control/cancel', { body: { job_id: id } });
      assert.equal(c.status, 200);
      assert.equal((c.json as { status: string }).status, 'canceled');
      h.clock.t += 10 * MINUTE;
      const r = await h.get(id);
      assert.equal(r.job.status, 'canceled');
      assert.equal(r.job.canceled_at, iso(T0 + 75 * SEC));
      assert.equal(r.job.completed_at, null);
      assert.ok(r.structure_result, '60 % reached before the cancellation');
      assert.equal(r.stability_result, null);
      const again = await h.call('POST', '/__control/cancel', { body: { job_id: id } });
      assert.equal(again.status, 400);
      assert.match((again.json as { error: string }).error, /already finished \(canceled\)/);
    });

    it('any raw status string can be set, and cleared again', async () => {
      const id = await h.create();
      for (const raw of ['queued', 'ARCHIVED', 'needs_review', '']) {
        assert.equal((await h.call('POST', '/__control/status', { body: { job_id: id, status: raw } })).status, 200);
        assert.equal((await h.get(id)).job.status, raw);
      }
      await h.call('POST', '/__control/status', { body: { job_id: id, status: null } });
      assert.equal((await h.get(id)).job.status, 'pending');
      assert.equal((await h.call('POST', '/__control/status', { body: { job_id: id, status: 3 } })).status, 400);
      assert.equal((await h.call('POST', '/__control/status', { body: { job_id: UNKNOWN, status: 'x' } })).status, 400);
    });

    it('timing presets and the jobs list are control endpoints; bad control bodies are 400 naming the field', async () => {
      assert.deepEqual((await h.call('POST', '/__control/timing', { body: { preset: 'fast' } })).json, { pendingMs: 100, runningMs: 400 });
      const id = await h.create({ timing: { runningMs: 0 } });
      h.clock.t += 100;
      assert.equal((await h.get(id)).job.status, 'completed');
      const list = (await h.call('GET', '/__control/jobs')).json as { jobs: { id: string; status: string; label: string }[] };
      assert.deepEqual(list.jobs.map((j) => [j.id, j.status]), [[id, 'completed']]);
      for (const [body, field] of [
        [{ outcome: 'maybe' }, 'outcome'],
        [{ sections: { structure: 'gone' } }, 'sections.structure'],
        [{ sections: { docking: 'null' } }, 'sections.docking'],
        [{ pdb: 'ftp' }, 'pdb'],
        [{ drift: 'yes' }, 'drift'],
        [{ timing: { runningMs: -1 } }, 'timing.runningMs'],
      ] as const) {
        const r = await h.call('POST', '/__control/jobs', { body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match((r.json as { error: string }).error, new RegExp(`^${field.replace('.', '\\.')}:`));
      }
    });
  });

  describe('a complete report', () => {
    const h = harness();

    it('has one row per strategy whose mutations turn the parent into the design', async () => {
      const r = await h.get(h.emu.seeded.full);
      assert.equal(r.job.status, 'completed');
      assert.deepEqual(r.results.map((x) => x.strategy), ['cdr_grafting', 'germline_guided', 'oasis_optimised', 'liability_removal']);
      for (const row of r.results) {
        const m = row.mutations;
        assert.deepEqual(m.parent, { name: 'muMAb4D5', vh: PARENT.vh, vl: PARENT.vl });
        for (const c of ['vh', 'vl'] as const) {
          const list = z.array(mutationSchema).parse(m[c]);
          const applied = mutate(PARENT[c], list.map((x) => `${x.from}${x.position}${x.to}`));
          assert.equal(applied, c === 'vh' ? row.humanized_vh : row.humanized_vl, `${row.strategy} ${c}`);
          const labels = imgtLabels(c);
          const regions = regionsOf(c);
          for (const x of list) {
            assert.equal(x.imgt, labels[x.position - 1]);
            assert.equal(x.region, regions[x.position - 1]);
          }
        }
        assert.equal(m.total, (m.vh as unknown[]).length + (m.vl as unknown[]).length);
      }
      assert.equal((r.results[0].mutations.vh as unknown[]).length, 30, 'humAb4D5-8 differs from muMAb4D5 at 30 VH positions');
    });

    it('numbers each residue of the design and flags its liabilities where they are', async () => {
      const r = await h.get(h.emu.seeded.full);
      for (const row of r.results) {
        assert.equal(row.numbering.scheme, 'imgt');
        for (const c of ['vh', 'vl'] as const) {
          const seq = c === 'vh' ? row.humanized_vh : row.humanized_vl;
          const numbered = z.array(numberedSchema).parse(row.numbering[c]);
          assert.equal(numbered.map((n) => n.residue).join(''), seq);
          for (const l of z.array(liabilitySchema).parse(row.liabilities[c])) {
            assert.equal(seq.slice(l.position - 1, l.position - 1 + l.motif.length), l.motif, `${row.strategy} ${l.type}`);
            assert.equal(numbered[l.position - 1].position, l.imgt);
          }
        }
      }
      const sites = (i: number) => (r.results[i].liabilities.vh as { motif: string; position: number }[]).map((l) => `${l.motif}${l.position}`);
      // Trastuzumab's known heavy-chain liabilities: N55-G56 deamidation, D102-G103 isomerisation, M107.
      assert.ok(['NG55', 'DG102', 'M107'].every((s) => sites(0).includes(s)), sites(0).join(' '));
      assert.ok(['NG55', 'DG102', 'M107'].every((s) => !sites(3).includes(s)), 'removed by liability_removal');
      const counts = r.results[0].liabilities.counts as Record<string, number>;
      assert.equal(counts.high, (r.results[0].liabilities.vh as { risk: string }[]).concat(r.results[0].liabilities.vl as { risk: string }[]).filter((l) => l.risk === 'high').length);
    });

    it('scores humanness higher for the designs than for the parent, and higher again for the germline-guided ones', async () => {
      const r = await h.get(h.emu.seeded.full);
      const identity = r.results.map((x) => x.oasis_score.oasis_identity as number);
      for (const v of identity) assert.ok(v > 0.6 && v < 1, String(v));
      const parent = oasisOf(PARENT).oasis_identity;
      assert.ok(parent < 0.5 && identity.every((v) => v > parent + 0.2), `parent ${parent}`);
      assert.ok(identity[2] > identity[1] && identity[1] > identity[0], identity.join(' '));
      assert.equal(rec(r.results[0].oasis_score.vh).germline, 'IGHV3-23*01');
      assert.ok(r.results[0].vhh_analysis && r.results[1].scfv_analysis && r.results[3].fc_analysis, 'analyses on some rows');
      assert.equal(r.results[2].vhh_analysis, null);
    });

    it('has a structure whose pLDDT, CDRs and PDB agree with each other', async () => {
      const r = await h.get(h.emu.seeded.full);
      const s = r.structure_result;
      assert.ok(s);
      assert.equal(s.humanization_result_id, r.results[0].id);
      const plddt = s.per_residue_plddt as { H: number[]; L: number[] };
      assert.equal(plddt.H.length, 120);
      assert.equal(plddt.L.length, 107);
      const all = [...plddt.H, ...plddt.L];
      assert.ok(all.every((v) => v > 50 && v < 100));
      assert.equal(s.confidence_score, Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 10) / 10);
      const cdrs = s.cdr_analysis as { cdr: string; sequence: string; mean_plddt: number }[];
      assert.deepEqual(cdrs.map((c) => c.cdr), ['H1', 'H2', 'H3', 'L1', 'L2', 'L3']);
      assert.equal(cdrs[2].sequence, 'SRWGGDGFYAMDY');
      assert.equal(Math.min(...cdrs.map((c) => c.mean_plddt)), cdrs[2].mean_plddt, 'CDR-H3 is the least confident');

      const url = s.pdb_storage_path ?? '';
      assert.ok(url.startsWith(`${h.emu.url}/storage/v1/object/structures/`), url);
      const pdb = await h.call('GET', new URL(url).pathname, { token: 'demo-token' });
      assert.equal(pdb.status, 200);
      assert.equal(pdb.headers.get('content-type'), 'chemical/x-pdb');
      const ca = pdb.text.split('\n').filter((l) => l.startsWith('ATOM') && l.slice(12, 16) === ' CA ');
      assert.deepEqual([ca.filter((l) => l[21] === 'H').length, ca.filter((l) => l[21] === 'L').length], [120, 107]);
      assert.deepEqual(ca.filter((l) => l[21] === 'H').map((l) => Number(l.slice(60, 66))), plddt.H, 'B-factor column = pLDDT');
      assert.equal((await h.call('GET', new URL(url).pathname)).status, 401, 'storage needs the token too');
      assert.equal((await h.call('GET', new URL(url).pathname, { token: 'other-token' })).status, 403);
    });

    it('has stability with a ddG matrix (zero at the wild type) and stabilising mutations that are in it', async () => {
      const r = await h.get(h.emu.seeded.full);
      const s = r.stability_result;
      assert.ok(s);
      const m = s.ddg_matrix as { positions: string[]; wild_type: string[]; amino_acids: string[]; values: number[][] };
      assert.equal(m.values.length, m.positions.length);
      assert.equal(m.amino_acids.join(''), 'ACDEFGHIKLMNPQRSTVWY');
      m.positions.forEach((p, i) => {
        const seq = p[0] === 'H' ? r.results[0].humanized_vh : r.results[0].humanized_vl;
        assert.equal(seq[Number(p.slice(1)) - 1], m.wild_type[i], p);
        assert.equal(m.values[i][m.amino_acids.indexOf(m.wild_type[i])], 0);
      });
      for (const sm of s.stabilizing_mutations as { mutation: string; chain: string; position: number; ddg_kcal_mol: number }[]) {
        assert.ok(sm.ddg_kcal_mol < 0);
        const row = m.positions.indexOf(`${sm.chain}${sm.position}`);
        assert.equal(m.values[row][m.amino_acids.indexOf(sm.mutation.slice(-1))], sm.ddg_kcal_mol);
      }
      assert.ok(s.melting_temp_predicted > 60 && s.melting_temp_predicted < 85);
    });

    it('has immunogenicity epitopes that are slices of the analysed design, and suggestions that name real residues', async () => {
      const r = await h.get(h.emu.seeded.full);
      const im = r.immunogenicity_result;
      assert.ok(im);
      const seq = (chain: unknown) => (chain === 'H' ? r.results[0].humanized_vh : r.results[0].humanized_vl);
      for (const e of [...im.mhc1_epitopes, ...im.mhc2_epitopes, ...im.bcell_epitopes] as { chain: string; start: number; end: number; peptide: string }[]) {
        assert.equal(seq(e.chain).slice(e.start - 1, e.end), e.peptide);
      }
      for (const s of im.deimmunization_suggestions as { chain: string; position: number; from: string; epitope: string }[]) {
        assert.equal(seq(s.chain)[s.position - 1], s.from);
        assert.ok(seq(s.chain).includes(s.epitope));
      }
      for (const k of ['risk_score', 'mhc1_risk', 'mhc2_risk', 'bcell_risk'] as const) assert.ok(im[k] >= 0 && im[k] <= 1);
    });

    it('has a complex with the HER2 epitope on chain A and a downloadable PDB with chains H, L and A', async () => {
      const r = await h.get(h.emu.seeded.full);
      const c = r.complex_result;
      assert.ok(c);
      assert.equal(c.model_used, 'boltz-2');
      assert.ok(c.iptm > 0 && c.iptm < 1);
      assert.deepEqual(Object.keys(c.per_chain_plddt), ['H', 'L', 'A']);
      const antigen = (c.interface_residues as { A: { position: number; residue: string }[] }).A;
      assert.equal(antigen.map((a) => a.residue).join(''), 'PEADQ' + 'DPPF' + 'KFPDEEGACQP');
      assert.equal(antigen[0].position, 557);
      const pdb = await h.call('GET', new URL(c.pdb_storage_path ?? '').pathname, { token: 'demo-token' });
      assert.equal(pdb.status, 200);
      const chains = new Set(pdb.text.split('\n').filter((l) => l.startsWith('ATOM')).map((l) => l[21]));
      assert.deepEqual([...chains], ['H', 'L', 'A']);
      assert.ok(pdb.text.includes('PRO A 557'), 'mature HER2 numbering');
    });
  });

  describe('partial results and structures that cannot be fetched', () => {
    const h = harness();

    it('seeded: a part may be null or missing altogether', async () => {
      const r = (await h.call('GET', `/jobs/${h.emu.seeded.partial}`, { token: 'demo-token' })).json as Record<string, unknown>;
      assert.equal(r.structure_result, null);
      assert.ok(!('complex_result' in r));
      assert.ok(isRecord(r.stability_result) && isRecord(r.immunogenicity_result));
    });

    it('POST /__control/options changes each part of an existing job', async () => {
      const id = h.emu.seeded.full;
      for (const mode of ['null', 'missing', 'present'] as const) {
        const sections = { structure: mode, stability: mode, immunogenicity: mode, complex: mode };
        assert.equal((await h.call('POST', '/__control/options', { body: { job_id: id, sections } })).status, 200);
        const r = (await h.call('GET', `/jobs/${id}`, { token: 'demo-token' })).json as Record<string, unknown>;
        for (const k of ['structure_result', 'stability_result', 'immunogenicity_result', 'complex_result']) {
          if (mode === 'missing') assert.ok(!(k in r), k);
          else if (mode === 'null') assert.equal(r[k], null, k);
          else assert.ok(isRecord(r[k]), k);
        }
      }
    });

    it('pdb modes: unavailable (404 at the URL), a bare storage path (served under /storage/v1/object/), none (null)', async () => {
      const unavailable = await h.get(h.emu.seeded['pdb-unavailable']);
      const url = unavailable.structure_result?.pdb_storage_path ?? '';
      const gone = await h.call('GET', new URL(url).pathname, { token: 'demo-token' });
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.json, { detail: 'Object not found' });

      h.emu.setOptions(h.emu.seeded.full, { pdb: 'storage_path' });
      const bare = (await h.get(h.emu.seeded.full)).structure_result?.pdb_storage_path ?? '';
      assert.match(bare, /^structures\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.pdb$/);
      assert.equal((await h.call('GET', `/storage/v1/object/${bare}`, { token: 'demo-token' })).status, 200);

      h.emu.setOptions(h.emu.seeded.full, { pdb: 'none' });
      const none = await h.get(h.emu.seeded.full);
      assert.equal(none.structure_result?.pdb_storage_path, null);
      assert.equal(none.complex_result?.pdb_storage_path, null);
      assert.equal((await h.call('GET', `/storage/v1/object/${bare}`, { token: 'demo-token' })).status, 404);
      assert.equal((await h.call('GET', '/storage/v1/object/other/thing.pdb', { token: 'demo-token' })).status, 404);
    });

    it('seeded jobs cover every status at start', async () => {
      const statuses: Record<string, string> = {};
      for (const [name, id] of Object.entries(h.emu.seeded)) {
        const token = name === 'other-user' ? 'other-token' : 'demo-token';
        statuses[name] = ((await h.call('GET', `/jobs/${id}`, { token })).json as { job: { status: string } }).job.status;
      }
      assert.deepEqual(statuses, {
        full: 'completed',
        partial: 'completed',
        failed: 'failed',
        canceled: 'canceled',
        drift: 'completed',
        hostile: 'completed',
        'pdb-unavailable': 'completed',
        running: 'running',
        pending: 'pending',
        'other-user': 'completed',
      });
    });
  });

  describe('schema drift', () => {
    const h = harness();

    it('keeps job trackable but adds unknown fields, empties open objects and changes types', async () => {
      const r = (await h.call('GET', `/jobs/${h.emu.seeded.drift}`, { token: 'demo-token' })).json as Record<string, unknown>;
      const job = rec(r.job);
      jobSchema.extend({ priority: z.number(), queue: open, pipeline_version: z.string() }).parse(job);
      assert.ok(Array.isArray(r.warnings));
      const rows = r.results as Record<string, unknown>[];
      assert.deepEqual(rows[0].oasis_score, {});
      assert.deepEqual(rows[0].numbering, {});
      assert.ok(Array.isArray(rows[0].mutations) && (rows[0].mutations as string[]).every((m) => /^[HL]:[A-Z]\d+[A-Z]$/.test(m)));
      assert.equal(rows[1].oasis_score, 0.83);
      assert.equal(rec(rows[1].numbering).scheme, 'kabat');
      assert.equal(rows[2].humanized_vl, null);
      assert.equal(rows[3].created_at, 1731000000);
      const s = rec(r.structure_result);
      assert.equal(typeof s.confidence_score, 'string');
      assert.ok(Array.isArray(s.per_residue_plddt) && (s.per_residue_plddt as unknown[]).length === 227);
      assert.ok((s.cdr_analysis as unknown[]).includes(null));
      const st = rec(r.stability_result);
      assert.ok(isRecord(st.ddg_matrix) && isRecord(st.ddg_matrix['H:55']));
      assert.equal(st.melting_temp_predicted, '71.4 °C');
      assert.deepEqual(r.complex_result, {});
    });
  });

  describe('hostile text', () => {
    const h = harness();

    it('puts a payload in every string field but job.status, and a hostile key in every object', async () => {
      const r = (await h.call('GET', `/jobs/${h.emu.seeded.hostile}`, { token: 'demo-token' })).json as Record<string, unknown>;
      const all = strings(r);
      assert.ok(all.length > 500, String(all.length));
      for (const [path, s] of all) {
        if (path === 'job.status') assert.equal(s, 'completed');
        else assert.ok(HOSTILE_STRINGS.some((p) => s.includes(p)), `${path}: ${s.slice(0, 60)}`);
      }
      for (const p of HOSTILE_STRINGS) assert.ok(all.some(([, s]) => s.includes(p)), `payload ${JSON.stringify(p)} occurs`);
      assert.ok(HOSTILE_KEY in rec(r.job) && HOSTILE_KEY in rec(r.structure_result));
      assert.ok(strings(r).some(([, s]) => s.includes('\u202E')) && strings(r).some(([, s]) => s.includes('\u001b')));
    });
  });

  describe('faults', () => {
    const h = harness();

    it('429 + Retry-After, 5xx, reset and malformed JSON on GET /jobs/{id}; a drift fault drops job.status', async () => {
      const p = `/jobs/${h.emu.seeded.full}`;
      h.emu.faults.add([
        { path: p, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' } } },
        { path: p, fault: { kind: 'status', status: 503 } },
        { path: p, fault: { kind: 'malformed' } },
        { path: p, fault: { kind: 'drift' } },
      ]);
      const limited = await h.call('GET', p, { token: 'demo-token' });
      assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
      assert.equal((await h.call('GET', p, { token: 'demo-token' })).status, 503);
      const broken = await h.call('GET', p, { token: 'demo-token' });
      assert.equal(broken.status, 200);
      assert.equal(broken.json, undefined, 'not parseable');
      const drifted = (await h.call('GET', p, { token: 'demo-token' })).json as { job: Record<string, unknown> };
      assert.ok(!('status' in drifted.job) && 'id' in drifted.job);
      h.emu.faults.add({ path: p, fault: { kind: 'reset' } });
      await assert.rejects(h.call('GET', p, { token: 'demo-token' }));
      const log = h.emu.log.list({ path: p });
      assert.deepEqual(log.map((e) => e.fault ?? null), ['status', 'status', 'malformed', 'drift', 'reset']);
      assert.ok(log.every((e) => e.auth?.startsWith('Bearer sha256:')), 'tokens are logged as fingerprints');
    });
  });

  describe('run.ts', () => {
    it('parses --port humanization', () => {
      assert.deepEqual(parseArgs(['--port', 'humanization=8789']), { ports: { humanization: 8789 }, timing: 'default' });
    });
  });
});

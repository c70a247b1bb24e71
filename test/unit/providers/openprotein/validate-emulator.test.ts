/**
 * What reaches the OpenProtein emulator is what the file holds: every accepted OpenProtein case of
 * test/fixtures/inputs goes through the provider (parse → prepare → submit) to the loopback
 * emulator. An aligned file must arrive as ONE is_seed=false upload whose alignment — which the
 * emulator returns as the job's result — has every row of the file; seeds must arrive one job per
 * record with the record's residues as the query. Codon FASTA cases go through the codon provider
 * and the `/optimise` body's `sequence` is compared with the file.
 */
import assert from 'node:assert/strict';
import { createCodonProvider } from '../../../../src/providers/codon/provider';
import { createOpenProteinProvider } from '../../../../src/providers/openprotein/provider';
import type { SubmitContext } from '../../../../src/providers/types';
import { startCodonEmulator, type CodonEmulator } from '../../../emulators/codon/server';
import { startOpenProteinEmulator, type OpenProteinEmulator } from '../../../emulators/openprotein/server';
import { CASES, runCase } from '../../core/inputCorpus.test';
import { scriptedPrompter } from '../../support/codonHarness';
import { providerHarness, type ProviderHarness } from '../../support/providerHarness';

/** Records of an A3M/FASTA text: header and residues (whitespace removed). */
function records(text: string): { header: string; residues: string }[] {
  const out: { header: string; residues: string }[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('>')) out.push({ header: line.slice(1).trim(), residues: '' });
    else if (out.length && !/^[;#]/.test(line)) out[out.length - 1].residues += line.replace(/\s/g, '');
  }
  return out;
}

const ctx = (): SubmitContext => ({
  prompter: scriptedPrompter({ pick: ['cai'] }),
  memory: { get: () => undefined, set: async () => undefined },
  settings: { get: () => undefined },
});

describe('accepted corpus files reach the emulators as the file holds them', function () {
  this.timeout(60_000);

  describe('OpenProtein', () => {
    let h: ProviderHarness<OpenProteinEmulator>;
    before(async () => {
      h = await providerHarness((now) => startOpenProteinEmulator({ seedJobs: false, timing: { pendingMs: 0, runningMs: 0, retryingMs: 0 }, now }), createOpenProteinProvider);
    });
    after(async () => h?.close());

    for (const c of CASES.filter((x) => x.provider === 'openprotein' && x.outcome !== 'refuse')) {
      it(c.file, async () => {
        const { check, text } = await runCase(c);
        assert.ok(check?.payload);
        const fileName = c.file.split('/').pop() ?? c.file;
        const parsed = await h.provider.submission!.parse({ fileName, text, byteLength: text.length });
        const drafts = (await h.provider.submission!.prepare(parsed, ctx())) ?? [];
        assert.equal(drafts.length, c.jobs ?? 1, 'one job per intent');
        h.emulator.log.clear();
        const ids: string[] = [];
        for (const d of drafts) ids.push((await h.provider.submission!.submit(d, `k-${ids.length}`)).remoteId);
        const posts = h.emulator.log.list({ method: 'POST', path: '/api/v1/poet/align/msa' });
        assert.equal(posts.length, drafts.length);
        await h.step(2000, 500);

        const aligned = check.payload.kind === 'msa';
        for (const post of posts) assert.equal(post.query.is_seed, aligned ? 'false' : 'true');
        const results = await Promise.all(ids.map(async (id) => String((await h.provider.fetchResult(id)).files[0].content)));
        if (aligned && check.payload.kind === 'msa') {
          // The emulator returns an is_seed=false upload as the result, minus '.' (A3M insertion gaps).
          const sent = records(check.payload.upload).map((r) => ({ header: r.header, residues: r.residues.replace(/\./g, '') }));
          assert.deepEqual(records(results[0]), sent);
          assert.equal(sent.length, check.payload.rows);
        } else if (check.payload.kind === 'seeds') {
          check.payload.seeds.forEach((seed, i) => {
            const query = records(results[i])[0].residues.replace(/[-.a-z]/g, '');
            assert.equal(query, seed.sequence, `the query of job ${i + 1} is the record's sequence`);
          });
        }
      });
    }
  });

  describe('codon', () => {
    let h: ProviderHarness<CodonEmulator>;
    before(async () => {
      h = await providerHarness((now) => startCodonEmulator({ now }), createCodonProvider);
    });
    after(async () => h?.close());

    for (const c of CASES.filter((x) => x.provider === 'codon' && x.outcome !== 'refuse')) {
      it(c.file, async () => {
        const { check, text } = await runCase(c);
        assert.ok(check?.payload);
        const fileName = c.file.split('/').pop() ?? c.file;
        const parsed = await h.provider.submission!.parse({ fileName, text, byteLength: text.length });
        const [draft] = (await h.provider.submission!.prepare(parsed, ctx())) ?? [];
        h.emulator.log.clear();
        await h.provider.submission!.submit(draft, 'k');
        const [post] = h.emulator.log.list({ method: 'POST', path: '/optimise' });
        assert.equal(post.status, 200, JSON.stringify(post.body).slice(0, 300));
        const body = post.body as { sequence: unknown };
        if (check.payload.kind === 'json') {
          const expected = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
          // The emulator's request log copies bodies by assignment, which cannot keep a "__proto__"
          // key; that the payload keeps it is asserted in core/inputCorpus.test.ts.
          if (Object.prototype.hasOwnProperty.call(expected, '__proto__')) delete expected.__proto__;
          assert.deepEqual(body, expected);
        }
        else if (check.payload.kind === 'fasta') assert.equal(body.sequence, check.payload.sequence);
      });
    }
  });
});

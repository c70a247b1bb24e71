/**
 * Every case of test/fixtures/inputs through the real extension host (13 s; the issue asks for a
 * sample, the whole corpus is cheap enough): the Submit command on the file, the Problems panel, the one question
 * before sending, and what reaches the emulators. The whole corpus runs against the validators
 * and emulators in the unit tests (test/unit/core/inputCorpus.test.ts: outcomes, positions, and the sent payloads against the files);
 * this proves the same outcomes hold where the user meets them. A provider not offered for the
 * file's type at all (codon for a Stockholm .sto) is a refusal too: nothing is asked or sent.
 *   refuse → an error in Problems at the case's line:column naming its words; no request, no job.
 *   warn   → the warnings in Problems (one at the case's position); one modal with their count
 *            before anything is sent; Cancel sends nothing; "Submit Anyway" sends the jobs.
 *   accept → no warning, the jobs the file holds (a count question first when more than one).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Prompter } from '../../src/providers/types';
import type { BioJobsTestApi } from '../../src/ui/testApi';
import { startCodonEmulator, type CodonEmulator } from '../emulators/codon/server';
import { startOpenProteinEmulator, type OpenProteinEmulator } from '../emulators/openprotein/server';
import { CASES, INPUTS, type InputCase } from '../fixtures/inputCases';
import { activateBioJobs, until } from './support';

const LABEL = { codon: 'Codon optimisation', openprotein: 'OpenProtein.AI' } as const;
const CREATE = { codon: '/optimise', openprotein: '/api/v1/poet/align/msa' } as const;

describe('the input corpus through the real extension host', function () {
  this.timeout(120_000);
  let codon: CodonEmulator;
  let openprotein: OpenProteinEmulator;
  let api: BioJobsTestApi;
  let provider: InputCase['provider'] = 'codon';
  let answer = false;
  let offered = true;
  const questions: { message: string; detail: string }[] = [];
  const earlier = new Set<string>();

  before(async () => {
    codon = await startCodonEmulator({ timing: { pendingMs: 60_000, processingMs: 60_000 } });
    openprotein = await startOpenProteinEmulator({ timing: { pendingMs: 60_000, runningMs: 60_000 } });
    const config = vscode.workspace.getConfiguration('biojobs');
    await config.update('codon.baseUrl', codon.url, vscode.ConfigurationTarget.Global);
    await config.update('openprotein.baseUrl', openprotein.url, vscode.ConfigurationTarget.Global);
    api = await activateBioJobs();
    for (const j of api.services.store.all()) earlier.add(j.id);
    const prompter: Prompter = {
      pickOne: async (_t, items) => {
        const item = items.find((i) => i.label === LABEL[provider]);
        offered = item !== undefined;
        return item?.value;
      },
      // The fitness question for a bare sequence: the pre-picked metrics, else the first.
      pickMany: async (_t, items) => {
        const picked = items.filter((i) => i.picked);
        return (picked.length ? picked : items.slice(0, 1)).map((i) => i.value);
      },
      confirm: async (message, detail) => {
        questions.push({ message, detail });
        return answer;
      },
      ask: async () => undefined,
    };
    api.setPrompter(prompter);
    await api.services.credentials.store('codon', { username: 'demo', password: 'demo-password' });
    await api.services.credentials.store('openprotein', { username: 'demo', password: 'demo-password' });
  });

  after(async () => {
    // The other suites share this store: the jobs sent here would go on being polled against
    // emulators that are gone (and put their providers into an outage), so they leave with them.
    const mine = api?.services.store.all().filter((j) => !earlier.has(j.id)) ?? [];
    if (mine.length) await api.services.store.remove(...mine.map((j) => j.id));
    await codon?.close();
    await openprotein?.close();
  });

  it('covers every provider and outcome', () => {
    for (const p of ['codon', 'openprotein'] as const) {
      for (const o of ['accept', 'warn', 'refuse'] as const) assert.ok(CASES.some((c) => c.provider === p && c.outcome === o), `${p} ${o}`);
    }
  });

  const created = (c: InputCase) => (c.provider === 'codon' ? codon : openprotein).log.count({ method: 'POST', path: CREATE[c.provider] });
  const where = (d: vscode.Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;

  async function submit(c: InputCase, yes: boolean): Promise<void> {
    provider = c.provider;
    answer = yes;
    questions.length = 0;
    offered = true;
    await vscode.commands.executeCommand('biojobs.submitFile', vscode.Uri.file(path.join(INPUTS, c.file)));
  }

  for (const c of CASES) {
    it(`${c.file}: ${c.outcome}${c.words.length ? ` (${c.words.slice(0, 2).join(' · ')})` : ''}`, async () => {
      const uri = vscode.Uri.file(path.join(INPUTS, c.file));
      const jobsBefore = api.services.store.byProvider(c.provider).length;
      const sentBefore = created(c);
      await submit(c, false);
      const diags = vscode.languages.getDiagnostics(uri);
      const shown = JSON.stringify(diags.map((d) => `${where(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.message}`));

      if (c.outcome === 'refuse' && !offered) {
        assert.match(c.file, /\.sto$/, 'only a file type the provider does not take is not offered');
        assert.equal(created(c), sentBefore, 'nothing sent');
        return;
      }
      if (c.outcome === 'refuse') {
        const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.ok(errors.length >= 1, `an error in Problems: ${shown}`);
        assert.equal(where(errors[0]), c.at, shown);
        for (const w of c.words) assert.ok(errors[0].message.toLowerCase().includes(w.toLowerCase()), `"${w}" in ${errors[0].message}`);
        assert.equal(questions.length, 0, 'nothing asked');
        assert.equal(created(c), sentBefore, 'nothing sent');
        assert.equal(api.services.store.byProvider(c.provider).length, jobsBefore, 'no job recorded');
        return;
      }

      const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning);
      const jobs = c.jobs ?? 1;
      if (c.outcome === 'warn') {
        assert.ok(warnings.some((d) => where(d) === c.at), `a warning at ${c.at}: ${shown}`);
        const all = warnings.map((d) => d.message).join('\n').toLowerCase();
        for (const w of c.words) assert.ok(all.includes(w.toLowerCase()), `"${w}" in ${shown}`);
        assert.equal(questions.length, 1, 'one question before sending');
        const n = warnings.length;
        assert.match(`${questions[0].message}\n${questions[0].detail}`, new RegExp(`\\b${n} warnings?\\b`), `the question counts the ${n} warning(s): ${questions[0].message}\n${questions[0].detail}`);
        assert.equal(created(c), sentBefore, 'Cancel sends nothing');
        assert.equal(api.services.store.byProvider(c.provider).length, jobsBefore, 'Cancel records nothing');
      } else {
        assert.equal(warnings.length, 0, `no warning: ${shown}`);
        assert.equal(questions.length, jobs > 1 ? 1 : 0, jobs > 1 ? 'the count is asked' : 'nothing asked');
        if (jobs > 1) assert.match(questions[0].message, new RegExp(`Submit ${jobs} jobs`));
      }
      if (c.outcome === 'warn' || jobs > 1) await submit(c, true);
      await until(`${jobs} job(s) created at the emulator`, () => created(c) === sentBefore + jobs, 15_000);
      assert.equal(api.services.store.byProvider(c.provider).length, jobsBefore + jobs);
    });
  }
});

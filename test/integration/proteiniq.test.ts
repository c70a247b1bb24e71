/** ProteinIQ in a real extension host: quote → confirm → submit → events → result stored → Open Result. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/jobs/model';
import type { Prompter } from '../../src/providers/types';
import type { BioJobsTestApi as BioJobsApi } from '../../src/ui/testApi';
import { startProteinIqEmulator, type ProteinIqEmulator } from '../emulators/proteiniq/server';
import { activateBioJobs, until, workspaceFile } from './support';

const LYSOZYME = 'KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSR';

describe('ProteinIQ in VS Code', function () {
  this.timeout(60_000);
  let emulator: ProteinIqEmulator;
  let api: BioJobsApi;
  const confirmations: { message: string; detail: string }[] = [];
  const picks: string[] = [];

  before(async () => {
    emulator = await startProteinIqEmulator({ timing: { pendingMs: 300, queuedMs: 300, processingMs: 1500 }, events: { tickMs: 20 } });
    await vscode.workspace.getConfiguration('biojobs').update('proteiniq.baseUrl', emulator.url, vscode.ConfigurationTarget.Global);
    api = await activateBioJobs();
    const prompter: Prompter = {
      pickOne: async (title, items) => {
        picks.push(title);
        return items.find((i) => i.label === 'ProteinIQ' || i.label === 'esmfold')?.value;
      },
      pickMany: async (_t, items) => items.filter((i) => i.picked).map((i) => i.value),
      confirm: async (message, detail) => {
        confirmations.push({ message, detail });
        return true;
      },
      ask: async (_t, _p, value) => value,
    };
    api.setPrompter(prompter);
    await api.services.credentials.store('proteiniq', { apiKey: emulator.apiKey });
  });

  after(async () => {
    await emulator?.close();
  });

  it('names the workspace when the API key is checked', async () => {
    assert.equal(await api.services.providers.get('proteiniq')?.checkCredentials(), 'workspace "Demo lab"');
  });

  it('quotes, asks, submits with the write-ahead key, follows the events and opens the stored structure', async () => {
    const uri = workspaceFile('lysozyme.faa');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`>lysozyme\n${LYSOZYME}\n`));
    emulator.log.clear();
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitFile', uri)) ?? [];
    assert.equal(jobs.length, 1);
    assert.ok(picks.includes('ProteinIQ: run which tool?'), picks.join(' | '));
    assert.equal(confirmations.at(-1)?.message, 'Submit "lysozyme (esmfold)" to ProteinIQ for 50 credits?');
    assert.match(confirmations.at(-1)?.detail ?? '', /Estimated: 50 credits · billable: 50 credits\nAvailable: [\d,]+ credits \([\d,]+ after this job\)\nConcurrent jobs: \d+ of 5 active · today: \d+ of 100 jobs/);
    const api1 = emulator.log.list().filter((e) => e.path.startsWith('/api/v1/'));
    assert.deepEqual(api1.slice(0, 2).map((e) => `${e.method} ${e.path}`), ['POST /api/v1/jobs/quote', 'POST /api/v1/jobs']);
    const record = api.services.store.get(jobs[0].id);
    assert.equal(emulator.submissions().at(-1)?.idempotencyKey, record?.submitKey, 'the Idempotency-Key is the write-ahead key');

    const done = await until('the job to succeed with its result saved', () => {
      const j = api.services.store.get(jobs[0].id);
      return j?.status === 'succeeded' && j.result ? j : undefined;
    });
    assert.equal(emulator.stats().statusPolls, 0, 'followed by its events, not polled');
    assert.deepEqual(done.result?.files.map((f) => [f.name, f.view, f.primary]), [
      ['prediction.pdb', 'structure', true],
      ['plddt.json', 'json', false],
      ['pae.json', 'json', false],
      ['results.json', 'json', false],
    ]);
    assert.deepEqual(done.facts?.slice(0, 2), [
      { label: 'Tool', value: 'esmfold' },
      { label: 'Credits used', value: '50' },
    ]);
    const node = api.tree.getChildren().find((n) => n.kind === 'provider' && n.providerId === 'proteiniq');
    assert.ok(node, 'a ProteinIQ node in the tree');
    assert.ok(api.tree.getChildren(node).some((n) => n.kind === 'job' && n.jobId === done.id));

    const shown = new Promise<string>((resolve) => api.panels.onDidPostShow(resolve));
    await vscode.commands.executeCommand('biojobs.openResult', done.id);
    assert.equal(await shown, done.id);
    assert.equal(api.panels.isOpen(done.id), true);
  });

  it('refuses a JSON job body with a bad residue at its line and column before anything is sent', async () => {
    const uri = workspaceFile('bad-job.json');
    const text = JSON.stringify({ tool: 'esmfold', name: 'bad', input: { inputs: [{ id: 's', slotId: 'protein', kind: 'protein', format: 'fasta', content: '>p\nMKV1L', source: { type: 'text' } }] } }, null, 2);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    emulator.log.clear();
    await vscode.commands.executeCommand('biojobs.submitFile', uri, { providerId: 'proteiniq' });
    const [diag] = vscode.languages.getDiagnostics(uri);
    assert.match(diag?.message ?? '', /'1'/);
    assert.equal(text.split('\n')[diag.range.start.line][diag.range.start.character], '1');
    assert.equal(emulator.log.count(), 0, 'nothing was sent, not even a quote');
  });

  it('imports the workspace\'s jobs to the end of the list', async () => {
    const imported = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.importRemoteJobs', 'proteiniq')) ?? [];
    assert.ok(imported.length >= 24, `${imported.length} imported`);
    assert.ok(imported.every((j) => j.providerId === 'proteiniq'));
  });
});

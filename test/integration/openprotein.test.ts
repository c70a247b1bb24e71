/** OpenProtein.AI (PoET MSA) in a real extension host: seeds → jobs → succeeded → alignment panel. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BioJobsTestApi as BioJobsApi } from '../../src/ui/testApi';
import type { JobRecord } from '../../src/jobs/model';
import type { Prompter } from '../../src/providers/types';
import { startOpenProteinEmulator, type OpenProteinEmulator } from '../emulators/openprotein/server';
import { until, workspaceFile, activateBioJobs } from './support';

const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';

describe('OpenProtein PoET MSA in VS Code', function () {
  this.timeout(120_000);
  let emulator: OpenProteinEmulator;
  let api: BioJobsApi;
  const confirmations: string[] = [];

  before(async () => {
    emulator = await startOpenProteinEmulator({ timing: { pendingMs: 200, runningMs: 800 } });
    await vscode.workspace.getConfiguration('biojobs').update('openprotein.baseUrl', emulator.url, vscode.ConfigurationTarget.Global);
    api = await activateBioJobs();
    const prompter: Prompter = {
      pickOne: async (_t, items) => items.find((i) => i.label === 'OpenProtein.AI')?.value,
      pickMany: async (_t, items) => items.filter((i) => i.picked).map((i) => i.value),
      confirm: async (message) => {
        confirmations.push(message);
        return true;
      },
      ask: async () => undefined,
    };
    api.setPrompter(prompter);
    await api.services.credentials.store('openprotein', { username: 'demo', password: 'demo-password' });
  });

  after(async () => {
    await emulator?.close();
  });

  it('submits one job per seed after a confirmation and opens the finished MSA', async () => {
    const uri = workspaceFile('insulin-pair.fasta');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`>insulin\n${INSULIN}\n>insulin_chain_b\n${INSULIN.slice(24, 54)}\n`));
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitFile', uri)) ?? [];
    assert.equal(jobs.length, 2);
    assert.match(confirmations.at(-1) ?? '', /^Submit 2 jobs to OpenProtein\.AI\?$/);
    assert.equal(emulator.log.count({ method: 'POST', path: '/api/v1/poet/align/msa' }), 2);

    const submittedAt = Date.now();
    // The first check of a new job follows what this extension host learned of earlier
    // OpenProtein jobs' durations (src/jobs/schedule.ts): halfway to the shortest of them, then
    // ≤ 14 s apart; a job this emulator finishes in 1 s may be seen tens of seconds later.
    const done = await until(
      'the MSA job to succeed with its alignment saved',
      () => {
        const j = api.services.store.get(jobs[0].id);
        return j?.status === 'succeeded' && j.result ? j : undefined;
      },
      45_000,
    ).catch((err: Error) => {
      // Say what the job and the emulator saw, so a failure in CI can be read from its log.
      const j = api.services.store.get(jobs[0].id);
      const requests = emulator.log.list().map((e) => `${Math.round(e.timestamp - submittedAt)} ms ${e.method} ${e.path} → ${e.status ?? '?'}`);
      throw new Error(`${err.message}; the job is ${j?.status} (${j?.rawStatus ?? ''} ${j?.message ?? ''}), result ${j?.result ? 'stored' : 'none'}; requests: ${requests.join(' | ')}`);
    });
    assert.equal(done.result?.files[0].view, 'msa');
    const node = api.tree.getChildren().find((n) => n.kind === 'provider' && n.providerId === 'openprotein');
    assert.ok(node, 'an OpenProtein.AI node in the tree');
    assert.ok(api.tree.getChildren(node).some((n) => n.kind === 'job' && n.jobId === done.id));

    const shown = new Promise<string>((resolve) => api.panels.onDidPostShow(resolve));
    await vscode.commands.executeCommand('biojobs.openResult', done.id);
    assert.equal(await shown, done.id);
    assert.equal(api.panels.isOpen(done.id), true);
  });

  it('refuses a bad amino acid with its line and column before anything is sent', async () => {
    const uri = workspaceFile('bad-protein.faa');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('>p\nMKVL\nMK1L\n'));
    emulator.log.clear();
    await vscode.commands.executeCommand('biojobs.submitFile', uri);
    const diags = vscode.languages.getDiagnostics(uri);
    assert.match(diags[0]?.message ?? '', /Invalid amino acid '1' at line 3, column 3/);
    assert.equal(emulator.log.count(), 0);
  });

  it('imports the account\'s MSA jobs', async () => {
    const imported = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.importRemoteJobs', 'openprotein')) ?? [];
    assert.ok(imported.length >= 4, `${imported.length} imported`);
    assert.ok(imported.every((j) => j.providerId === 'openprotein'));
  });
});

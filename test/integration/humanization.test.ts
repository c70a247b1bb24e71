/** Antibody humanization (track-only) in a real extension host: track by id → completed → report panel. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/jobs/model';
import type { BioJobsTestApi } from '../../src/ui/testApi';
import { startHumanizationEmulator, type HumanizationEmulator } from '../emulators/humanization/server';
import { activateBioJobs, until } from './support';

describe('antibody humanization in VS Code', function () {
  this.timeout(60_000);
  let emulator: HumanizationEmulator;
  let api: BioJobsTestApi;

  before(async () => {
    emulator = await startHumanizationEmulator({ seedJobs: false, timing: { pendingMs: 300, runningMs: 1200 } });
    await vscode.workspace.getConfiguration('biojobs').update('humanization.baseUrl', emulator.url, vscode.ConfigurationTarget.Global);
    api = await activateBioJobs();
    await api.services.credentials.store('humanization', { token: emulator.demoToken });
  });

  after(async () => {
    await emulator?.close();
  });

  it('is not offered for submission or import, and refuses an id that is not a UUID', async () => {
    const p = api.services.providers.get('humanization');
    assert.ok(p);
    assert.equal(p.submission, undefined);
    assert.equal(p.listRemote, undefined);
    const node = api.tree.getTreeItem({ kind: 'provider', providerId: 'humanization' });
    assert.doesNotMatch(String(node.contextValue), /canList|canSubmit/);
    const before = api.services.store.byProvider('humanization').length;
    await vscode.commands.executeCommand('biojobs.trackJob', 'humanization', 'job_123');
    assert.equal(api.services.store.byProvider('humanization').length, before, 'nothing tracked');
  });

  it('tracks a job by id to completed and opens its report', async () => {
    const remoteId = emulator.createJob({ pdb: 'served' });
    const job = await vscode.commands.executeCommand<JobRecord>('biojobs.trackJob', 'humanization', remoteId);
    assert.ok(job);
    const done = await until('the report to be stored', () => {
      const j = api.services.store.get(job.id);
      return j?.status === 'succeeded' && j.result ? j : undefined;
    }, 40_000);
    assert.equal(done.result?.files[0].view, 'report');
    const item = api.tree.getTreeItem({ kind: 'job', jobId: job.id });
    assert.match(String((item.tooltip as vscode.MarkdownString).value), /Completed:/);
    const shown = new Promise<string>((resolve) => api.panels.onDidPostShow(resolve));
    await vscode.commands.executeCommand('biojobs.openResult', job.id);
    assert.equal(await shown, job.id);
  });
});

/**
 * The provider contract v2 in a real extension host, with a provider that exists only in tests
 * (test/providers/relay: track-only, status pushed by events, two result files, one binary).
 * Registering it touched nothing in src/ui or src/jobs: it is added through the test hook.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/jobs/model';
import type { BioJobsTestApi } from '../../src/ui/testApi';
import { createRelayProvider, RELAY_ID } from '../providers/relay/provider';
import { MODEL_BYTES, startRelayServer, type RelayServer } from '../providers/relay/server';
import { activateBioJobs, until } from './support';

describe('provider contract v2 in VS Code (test-only relay provider)', function () {
  this.timeout(60_000);
  let server: RelayServer;
  let api: BioJobsTestApi;

  before(async () => {
    server = await startRelayServer();
    api = await activateBioJobs();
    api.addProvider((deps) => createRelayProvider({ ...deps, baseUrl: () => server.url }));
  });

  after(async () => {
    await server?.close();
  });

  it('is not offered for submission, has no cancel, and is tracked by id', async () => {
    server.addJob('relay-1');
    const job = await vscode.commands.executeCommand<JobRecord>('biojobs.trackJob', RELAY_ID, 'relay-1');
    assert.ok(job, 'the job is tracked');
    const node = api.tree.getChildren().find((n) => n.kind === 'provider' && n.providerId === RELAY_ID);
    assert.ok(node, 'the relay provider has a node in the tree');
    const item = api.tree.getTreeItem({ kind: 'job', jobId: job.id });
    assert.doesNotMatch(String(item.contextValue), /cancellable/);
    // Submitting to it is refused by its capabilities, not by its id.
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'relay.fasta');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('>p\nMKV\n'));
    await vscode.commands.executeCommand('biojobs.submitFile', uri, { providerId: RELAY_ID });
    assert.equal(api.services.store.byProvider(RELAY_ID).length, 1, 'nothing was submitted');
  });

  it('follows pushed updates into the tree, stores both files and opens them in a panel', async () => {
    const job = api.services.store.findByRemoteId(RELAY_ID, 'relay-1');
    assert.ok(job);
    await until('the events stream to open', () => server.openStreams('relay-1') === 1);
    server.push('relay-1', 'running', 40);
    await until('the tree to show 40 %', () => /Running · 40%/.test(String(api.tree.getTreeItem({ kind: 'job', jobId: job.id }).description)) || undefined);
    const tooltip = api.tree.getTreeItem({ kind: 'job', jobId: job.id }).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Relay progress: 40%/);
    server.push('relay-1', 'done', 100);
    const done = await until('the result to be stored', () => api.services.store.get(job.id)?.result && api.services.store.get(job.id));
    assert.equal(server.count('status'), 0, 'never polled while the stream flowed');
    assert.deepEqual(done.result?.files.map((f) => f.name), ['report.json', 'model.bin']);
    const bytes = await api.services.results.readBytes(job.id, 'model.bin');
    assert.deepEqual([...(bytes ?? [])], [...MODEL_BYTES]);

    const shown = new Promise<string>((resolve) => api.panels.onDidPostShow(resolve));
    await vscode.commands.executeCommand('biojobs.openResult', job.id);
    assert.equal(await shown, job.id);

    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'relay-result');
    await vscode.commands.executeCommand('biojobs.saveResult', job.id, target);
    const saved = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, 'model.bin'));
    assert.deepEqual([...saved], [...MODEL_BYTES], 'both files saved into the workspace, bytes intact');
  });
});

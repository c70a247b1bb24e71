/**
 * The codon provider end to end in a real VS Code extension host: commands, tree, Problems panel,
 * result panel, against the loopback emulator started in this process.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { BioJobsTestApi as BioJobsApi } from '../../src/ui/testApi';
import type { JobRecord } from '../../src/jobs/model';
import type { Prompter } from '../../src/providers/types';
import type { TreeNode } from '../../src/ui/tree';
import { startCodonEmulator, type CodonEmulator } from '../emulators/codon/server';
import { until, workspaceFile, activateBioJobs } from './support';

const PASSWORD = 'demo-password';

function prompter(answers: { provider?: string; fitness?: string[]; confirm?: boolean }): Prompter {
  return {
    pickOne: async (_t, items) => items.find((i) => i.label === answers.provider)?.value ?? items[0]?.value,
    // The fitness question picks the given metric ids; any other (e.g. import) takes the pre-picked items.
    pickMany: async (title, items) =>
      (/fitness/i.test(title) && answers.fitness ? items.filter((i) => answers.fitness?.includes(i.description ?? '')) : items.filter((i) => i.picked)).map((i) => i.value),
    confirm: async () => answers.confirm ?? true,
    ask: async () => undefined,
  };
}

describe('codon optimisation in VS Code', function () {
  this.timeout(60_000);
  let emulator: CodonEmulator;
  let api: BioJobsApi;

  before(async () => {
    emulator = await startCodonEmulator({ timing: { pendingMs: 300, processingMs: 700 } });
    await vscode.workspace.getConfiguration('biojobs').update('codon.baseUrl', emulator.url, vscode.ConfigurationTarget.Global);
    api = await activateBioJobs();
    api.setPrompter(prompter({ provider: 'Codon optimisation', fitness: ['cai', 'dna_manufact'] }));
  });

  after(async () => {
    await emulator?.close();
  });

  it('sets credentials only after a successful login, into SecretStorage', async () => {
    const { credentials, providers } = api.services;
    const codon = providers.get('codon');
    assert.ok(codon);
    await credentials.withPending('codon', { username: 'demo', password: 'nope' }, async () => {
      codon.signOut();
      await assert.rejects(codon.checkCredentials(), /rejected the username or password/);
    });
    await credentials.withPending('codon', { username: 'demo', password: PASSWORD }, async () => {
      codon.signOut();
      assert.match(await codon.checkCredentials(), /^build 5bae0ba, environment emulator$/);
    });
    await credentials.store('codon', { username: 'demo', password: PASSWORD });
    assert.equal(credentials.has('codon'), true);
  });

  it('submits gene.fna, shows it in the tree, reaches succeeded and opens the result panel', async () => {
    emulator.log.clear();
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitFile', workspaceFile('gene.fna'))) ?? [];
    assert.equal(jobs.length, 1);
    const [job] = jobs;
    assert.match(job.name, /^EGFP-[0-9a-f]{6}$/);
    const sent = emulator.log.list({ method: 'POST', path: '/optimise' });
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0].body as { fitness_list: { name: string }[] }).fitness_list.map((f) => f.name), ['cai', 'dna_manufact']);

    const tree = api.tree;
    const roots = tree.getChildren();
    const codonNode = roots.find((n) => n.kind === 'provider' && n.providerId === 'codon');
    assert.ok(codonNode, 'the tree has a Codon optimisation node');
    const item = () => {
      const node = tree.getChildren(codonNode).find((n): n is Extract<TreeNode, { kind: 'job' }> => n.kind === 'job' && n.jobId === job.id);
      return node && tree.getTreeItem(node);
    };
    assert.equal(item()?.label, job.name);

    const done = await until('the job to succeed with its result saved', () => {
      const j = api.services.store.get(job.id);
      return j?.status === 'succeeded' && j.result ? j : undefined;
    });
    assert.equal(done.rawStatus, 'success');
    const it = item();
    assert.match(String(it?.description), /^Succeeded · just now$/);
    assert.match(String(it?.contextValue), /\bhasResult\b/);
    assert.equal((it?.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.equal(it?.command?.command, 'biojobs.openResult');

    const shown = new Promise<string>((resolve) => api.panels.onDidPostShow(resolve));
    await vscode.commands.executeCommand('biojobs.openResult', job.id);
    assert.equal(await shown, job.id, 'the panel received the result after its ready handshake');
    assert.equal(api.panels.isOpen(job.id), true);
  });

  it('refuses a bad residue with a Problems entry at its line and column, sending nothing', async () => {
    emulator.log.clear();
    const uri = workspaceFile('bad-residue.fna');
    const jobsBefore = api.services.store.all().length;
    await vscode.commands.executeCommand('biojobs.submitFile', uri);
    const diags = vscode.languages.getDiagnostics(uri);
    assert.ok(diags.length >= 1, 'a Problems entry');
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0].message, /^Invalid nucleotide '.' at line \d+, column \d+/);
    const m = /line (\d+), column (\d+)/.exec(diags[0].message);
    assert.equal(diags[0].range.start.line + 1, Number(m?.[1]));
    assert.equal(diags[0].range.start.character + 1, Number(m?.[2]));
    assert.equal(emulator.log.count(), 0, 'the emulator saw zero requests');
    assert.equal(api.services.store.all().length, jobsBefore, 'no job recorded');
  });

  it('refuses two genes and two gene_of_interest components, pointing at the second', async () => {
    emulator.log.clear();
    await vscode.commands.executeCommand('biojobs.submitFile', workspaceFile('two-genes.fasta'));
    const two = vscode.languages.getDiagnostics(workspaceFile('two-genes.fasta'));
    assert.match(two[0]?.message ?? '', /has 2 sequences; codon optimisation takes one coding sequence per job/);
    await vscode.commands.executeCommand('biojobs.submitFile', workspaceFile('two-goi.json'));
    const goi = vscode.languages.getDiagnostics(workspaceFile('two-goi.json'));
    assert.match(goi[0]?.message ?? '', /has 2 gene_of_interest components; exactly one is allowed/);
    const text = (await vscode.workspace.openTextDocument(workspaceFile('two-goi.json'))).getText();
    const secondGoi = text.lastIndexOf('"gene_of_interest"');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('two-goi.json'));
    assert.ok(goi[0].range.start.line <= doc.positionAt(secondGoi).line && goi[0].range.start.line > doc.positionAt(text.indexOf('"gene_of_interest"')).line);
    assert.equal(emulator.log.count(), 0);
  });

  it('refuses empty, binary and 500 MB files with a specific message, sending nothing', async () => {
    const folder = workspaceFile('.');
    const make = async (name: string, fill: (file: string) => Promise<void>) => {
      const uri = vscode.Uri.joinPath(folder, name);
      await fill(uri.fsPath);
      return uri;
    };
    const empty = await make('empty.fna', (f) => fs.writeFile(f, ''));
    const binary = await make('binary.fasta', (f) => fs.writeFile(f, Buffer.from([0x3e, 0x67, 0x0a, 0x00, 0x01, 0x02, 0x41])));
    // Sparse: 500 MB on paper, nothing on disk; the size check must refuse it before any read.
    const huge = await make('huge.fna', async (f) => {
      await fs.writeFile(f, '>g\nATG\n');
      await fs.truncate(f, 500 * 1024 * 1024);
    });
    emulator.log.clear();
    const before = api.services.store.all().length;
    const cases: [vscode.Uri, RegExp][] = [
      [empty, /^empty\.fna is empty$/],
      [binary, /^binary\.fasta looks like a binary file, not text: it has a NUL byte at offset 3/],
      [huge, /^huge\.fna is 500\.0 MiB; the limit is 50 MiB/],
    ];
    for (const [uri, message] of cases) {
      await vscode.commands.executeCommand('biojobs.submitFile', uri);
      const diags = vscode.languages.getDiagnostics(uri);
      assert.match(diags[0]?.message ?? '(no diagnostic)', message);
    }
    assert.equal(emulator.log.count(), 0);
    assert.equal(api.services.store.all().length, before);
    for (const [uri] of cases) await fs.rm(uri.fsPath);
  });

  it('submits a JSON /optimise body as-is', async () => {
    emulator.log.clear();
    const uri = workspaceFile('optimise-request.json');
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitFile', uri)) ?? [];
    assert.equal(jobs.length, 1);
    const body = emulator.log.list({ method: 'POST', path: '/optimise' })[0]?.body;
    assert.deepEqual(body, JSON.parse(await fs.readFile(uri.fsPath, 'utf8')));
  });

  it('checks a JSON body against the fitness catalogue before sending: an unknown metric is pointed at, nothing is posted', async () => {
    const uri = workspaceFile('optimise-typo.json');
    const body = JSON.parse(await fs.readFile(workspaceFile('optimise-request.json').fsPath, 'utf8')) as { fitness_list: { name: string }[] };
    body.fitness_list[0].name = 'caii';
    const text = JSON.stringify(body, null, 2);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    emulator.log.clear();
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitFile', uri)) ?? [];
    assert.equal(jobs.length, 0);
    const diags = vscode.languages.getDiagnostics(uri);
    const typo = diags.find((d) => /caii/.test(d.message));
    assert.ok(typo, `a diagnostic names the unknown metric: ${diags.map((d) => d.message).join(' | ')}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(typo.range.start.line, doc.positionAt(text.indexOf('"caii"')).line);
    assert.equal(emulator.log.count({ method: 'POST' }), 0, 'nothing sent to find out');
    assert.deepEqual(emulator.log.list().map((r) => `${r.method} ${r.path}`), ['GET /fitness'], 'only the public catalogue was read');
  });

  it('submits the selected FASTA record', async () => {
    const uri = workspaceFile('two-genes.fasta');
    const editor = await vscode.window.showTextDocument(uri);
    const lines = editor.document.getText().split(/\r?\n/);
    const second = lines.findIndex((l, i) => i > 0 && l.startsWith('>'));
    editor.selection = new vscode.Selection(second, 0, editor.document.lineCount - 1, 0);
    emulator.log.clear();
    const jobs = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.submitSelection')) ?? [];
    assert.equal(jobs.length, 1);
    assert.match(jobs[0].name, /^mCherry-[0-9a-f]{6}$/);
    assert.equal(emulator.log.count({ method: 'POST', path: '/optimise' }), 1);
  });

  it('imports remote jobs from every page and adds only untracked ones', async () => {
    const before = api.services.store.all().length;
    const imported = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.importRemoteJobs')) ?? [];
    assert.equal(imported.length, 12, 'the 12 seeded jobs');
    assert.equal(api.services.store.all().length, before + 12);
    const again = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.importRemoteJobs')) ?? [];
    assert.equal(again.length, 0);
  });

  it('tracks the job ids of a file after one confirmation; a malformed id goes to Problems with its line', async () => {
    const ids = ['6f1c2a8e-0b7d-4c3e-9a51-2d4e8f6b1c30', '7f1c2a8e-0b7d-4c3e-9a51-2d4e8f6b1c31'];
    const uri = workspaceFile('lab-ids.txt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# ids from the sheet\n${ids[0]}\nnot-a-uuid\n${ids[1]}, ${ids[0]}\n`));
    const before = api.services.store.all().length;
    const tracked = (await vscode.commands.executeCommand<JobRecord[]>('biojobs.trackJobsFromFile', uri, 'codon')) ?? [];
    assert.deepEqual(tracked.map((j) => j.remoteId), ids);
    assert.equal(api.services.store.all().length, before + 2);
    const diags = vscode.languages.getDiagnostics(uri);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 2);
    assert.match(diags[0].message, /"not-a-uuid" is not a Codon optimisation job id/);
    for (const j of tracked) await vscode.commands.executeCommand('biojobs.removeJob', j.id);
  });

  it('copies a job id and removes a job with its result', async () => {
    const job = api.services.store.all().find((j) => j.result);
    assert.ok(job?.remoteId);
    await vscode.commands.executeCommand('biojobs.copyJobId', job.id);
    assert.equal(await vscode.env.clipboard.readText(), job.remoteId);
    await vscode.commands.executeCommand('biojobs.removeJob', job.id);
    assert.equal(api.services.store.get(job.id), undefined);
    assert.equal(await api.services.results.exists(job.id, job.result?.files[0].name ?? ''), false);
  });

  it('keeps the password out of the job store, global state and settings', async () => {
    await api.services.store.flush();
    // The snapshot (absent until a start-up has something to fold in) and the journal the session appended to.
    const read = (f: string) => fs.readFile(f, 'utf8').catch(() => '');
    const storeText = (await read(api.services.store.file)) + (await read(api.services.store.journal));
    assert.ok(storeText.includes('"providerId"'), 'the store files hold the jobs');
    assert.ok(!storeText.includes(PASSWORD));
    const state = JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k)));
    assert.ok(!state.includes(PASSWORD));
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('biojobs')).includes(PASSWORD));
  });
});

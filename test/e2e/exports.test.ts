/**
 * Nothing is exported to other extensions: a second extension, installed beside the packaged
 * Bio Jobs in a real workbench, activates it and reads what `activate()` returned.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, repoRoot, Workbench } from './harness';

const PROBE_JS = `
const vscode = require('vscode');
const fs = require('fs');
exports.activate = async () => {
  const out = process.env.BIOJOBS_PROBE_OUT;
  const ext = vscode.extensions.getExtension('biojobs.bio-jobs');
  let result;
  try {
    const api = ext ? await ext.activate() : 'not installed';
    result = { found: !!ext, type: api === undefined ? 'undefined' : typeof api, keys: api && typeof api === 'object' ? Object.keys(api) : [], exportsAfter: ext && ext.exports === undefined ? 'undefined' : typeof (ext && ext.exports) };
  } catch (err) {
    result = { error: String(err) };
  }
  fs.writeFileSync(out, JSON.stringify(result));
};
`;

function packProbe(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'exports-probe', displayName: 'Exports probe', publisher: 'someone-else', version: '0.0.1', license: 'MIT', engines: { vscode: '^1.96.0' }, main: './extension.js', activationEvents: ['onStartupFinished'] }),
  );
  fs.writeFileSync(path.join(dir, 'extension.js'), PROBE_JS);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
  fs.writeFileSync(path.join(dir, 'README.md'), 'probe');
  const vsix = path.join(dir, 'probe.vsix');
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--allow-missing-repository', '--no-dependencies', '--out', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

describe('e2e: exports to other extensions', function () {
  this.timeout(120_000);
  let wb: Workbench | undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-probe-'));
  const out = path.join(scratch, 'probe.json');

  after(async () => {
    await wb?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a second extension that activates Bio Jobs gets nothing back', async () => {
    wb = await openWorkbench({ extraVsix: [packProbe(path.join(scratch, 'probe'))], env: { BIOJOBS_PROBE_OUT: out } });
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(fs.existsSync(out), 'the probe extension ran');
    const probe = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(probe, { found: true, type: 'undefined', keys: [], exportsAfter: 'undefined' });
  });
});

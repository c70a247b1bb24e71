#!/usr/bin/env node
// Runs the UI tests (test/e2e/**): packages the extension into .vscode-test/bio-jobs.vsix (the
// artefact users install), makes sure code-server and Chromium are there, then runs mocha over
// out/test/e2e/**/*.test.js. Each test file opens its own workbench through test/e2e/harness.ts.
//
// Builds nothing: run `npm run build && tsc -p .` first (npm test does).
// Options: --grep PATTERN, --timeout SEC (overall, default 600), --no-package (reuse the .vsix).
// Screenshots land in test-results/e2e/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { parseArgs } from './lib/args.mjs';
import { run } from './lib/proc.mjs';
import { repoRoot, vsixPath } from './lib/paths.mjs';

export async function runE2e({ grep, timeoutMs = 600_000, pack = true } = {}) {
  if (!existsSync(path.join(repoRoot, 'out', 'test', 'e2e'))) throw new Error('out/test/e2e is missing: run `tsc -p .` first');
  await ensureCodeServer();
  if (pack || !existsSync(vsixPath)) await packageVsix();

  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [
    mocha,
    '--no-config', // .mocharc.json is the unit tests' config
    '--no-package',
    '--ui', 'bdd',
    '--reporter', 'spec',
    '--timeout', '120000',
    // Each test file starts its own code-server: one file at a time on a 2-core machine.
    '--jobs', '1',
    '--exit', // a forgotten handle must not hang CI; the harness has already cleaned up
    ...(grep ? ['--grep', grep] : []),
    'out/test/e2e/**/*.test.js',
  ];
  try {
    await run(process.execPath, args, {
      cwd: repoRoot,
      timeoutMs,
      env: { ...process.env, BIOJOBS_VSIX: vsixPath },
      label: 'e2e tests',
    });
    return 0;
  } catch (err) {
    // mocha's own report (already printed) says which tests failed; only add what it can't.
    if (err.exitCode === undefined || err.exitCode === null) console.error(err.message);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2), { string: ['grep', 'timeout'], boolean: ['no-package'] });
  try {
    process.exitCode = await runE2e({
      grep: args.grep,
      timeoutMs: Number(args.timeout ?? process.env.BIOJOBS_E2E_TIMEOUT ?? 600) * 1000,
      pack: !args['no-package'],
    });
  } catch (err) {
    console.error(`run-e2e: ${err.message}`);
    process.exitCode = 1;
  }
}

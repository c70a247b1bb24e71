#!/usr/bin/env node
// "Never pay twice" (issue 12, point 3) with a real crash of the real extension host:
//   1. this process starts the ProteinIQ emulator (so it outlives the crash) with a fault: the first
//      POST /api/v1/jobs creates the job and never answers;
//   2. phase 1 (test/integration/proteiniq-crash.test.ts) submits a FASTA file; once the write-ahead
//      record is on disk and the job exists remotely, the extension host kills itself (SIGKILL);
//   3. code-server and Chromium are stopped, then started again on the same profile (user data,
//      global storage, secrets in the browser profile);
//   4. phase 2: recovery replays the record's Idempotency-Key; the record gets its job, and the
//      emulator shows exactly one job created (and one replay).
// Builds nothing: run `npm run build && tsc -p .` first. Exit code 0 when both phases hold.
//   node scripts/crash-proteiniq.mjs [--keep]
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { format } from 'node:util';
import { launchChromium, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { removeDir } from './lib/proc.mjs';
import { repoRoot } from './lib/paths.mjs';

const RESULT_PREFIX = 'BIOJOBS_TEST_RESULT ';
const require = createRequire(import.meta.url);
const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const emulatorModule = path.join(repoRoot, 'out', 'test', 'emulators', 'proteiniq', 'server.js');
const keep = process.argv.includes('--keep');

for (const [file, how] of [[testsEntry, 'tsc -p .'], [emulatorModule, 'tsc -p .'], [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build']]) {
  if (!existsSync(file)) {
    console.error(`crash-proteiniq: ${path.relative(repoRoot, file)} is missing: run \`${how}\` first`);
    process.exit(1);
  }
}

const { startProteinIqEmulator } = require(emulatorModule);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'biojobs-crash-'));
const workspace = path.join(scratch, 'workspace');
const userDataDir = path.join(scratch, 'user-data');
const extensionsDir = path.join(scratch, 'extensions');
const chromiumDir = path.join(scratch, 'chromium');
const marker = path.join(scratch, 'crash-marker.json');
mkdirSync(workspace, { recursive: true });

/** One window: code-server + Chromium on the fixed profile, running the tests of one phase. */
async function runPhase(phase, emulatorUrl, { expectCrash }) {
  const server = await startCodeServer({
    workspace,
    userDataDir,
    extensionsDir,
    scratchDir: path.join(scratch, 'code-server'),
    settings: { 'biojobs.proteiniq.baseUrl': emulatorUrl },
    env: { BIOJOBS_CRASH_PHASE: String(phase), BIOJOBS_CRASH_MARKER: marker, BIOJOBS_TEST_GREP: 'ProteinIQ crash' },
  });
  let context;
  try {
    context = await launchChromium(chromiumDir);
    const page = context.pages()[0] ?? (await context.newPage());
    let result;
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_level, messages) => {
        const text = Array.isArray(messages) ? format(...messages) : String(messages);
        for (const line of text.replace(/\s+$/, '').split('\n')) {
          if (/^(Resolv(ing|ed) connection token|Creating a socket|Ignoring fetching|Updating additional|\[Service Worker\]|Creation of workbench)/.test(line)) continue;
          if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
          console.log(`[phase ${phase}] ${line}`);
        }
      });
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.goto(
      workbenchUrl(server.baseUrl, {
        folder: workspace,
        payload: [
          ['extensionDevelopmentPath', remoteUri(server.baseUrl, repoRoot)],
          ['extensionTestsPath', remoteUri(server.baseUrl, testsEntry)],
          ['skipWelcome', 'true'],
        ],
      }),
    );
    if (expectCrash) {
      // The extension host never reports back: it is dead. The marker says it got that far.
      const deadline = Date.now() + 90_000;
      while (!existsSync(marker)) {
        if (Date.now() > deadline) throw new Error('phase 1 never reached the crash point');
        await Promise.race([exited.then((code) => { throw new Error(`phase 1 finished (exit ${code}) instead of crashing`); }), new Promise((r) => setTimeout(r, 100))]);
      }
      await new Promise((r) => setTimeout(r, 500)); // let the SIGKILL land before the window goes
      return undefined;
    }
    const code = await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error('phase 2 did not finish within 120 s')), 120_000))]);
    return { code, ...(result ?? { passed: 0, failed: 1, pending: 0 }) };
  } finally {
    await context?.close().catch(() => {});
    await server.stop();
  }
}

let emulator;
let ok = false;
try {
  emulator = await startProteinIqEmulator({ seedJobs: false, timing: { pendingMs: 300, queuedMs: 300, processingMs: 1500 } });
  emulator.faults.add([{ method: 'POST', path: '/api/v1/jobs', phase: 'after', times: 1, fault: { kind: 'hang' } }]);
  console.log(`crash-proteiniq: emulator at ${emulator.url}; phase 1 (submit, then SIGKILL)`);
  await runPhase(1, emulator.url, { expectCrash: true });
  const { id, submitKey } = JSON.parse(readFileSync(marker, 'utf8'));
  const afterCrash = emulator.submissions();
  console.log(`crash-proteiniq: crashed with record ${id} (key ${submitKey}); ProteinIQ has ${emulator.jobsCreated()} job(s); submissions: ${afterCrash.map((s) => s.outcome).join(', ')}`);
  if (emulator.jobsCreated() !== 1 || afterCrash.length !== 1) throw new Error('expected exactly one created job and no answer before the crash');

  console.log('crash-proteiniq: phase 2 (restart on the same profile)');
  const r = await runPhase(2, emulator.url, { expectCrash: false });
  const subs = emulator.submissions();
  console.log(`crash-proteiniq: ProteinIQ has ${emulator.jobsCreated()} job(s); submissions: ${subs.map((s) => `${s.outcome} ${s.status}`).join(', ')}`);
  ok = r.code === 0 && r.failed === 0 && r.passed === 1 && emulator.jobsCreated() === 1 && subs.every((s) => s.idempotencyKey === submitKey);
  console.log(RESULT_PREFIX + JSON.stringify({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, pending: 0 }));
} catch (err) {
  console.error(`crash-proteiniq: ${err.message}`);
  console.log(RESULT_PREFIX + JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
} finally {
  await emulator?.close();
  if (keep) console.log(`kept ${scratch}`);
  else removeDir(scratch);
}
process.exitCode = ok ? 0 : 1;

#!/usr/bin/env node
// Runs the integration tests (test/integration/**) inside a real VS Code extension host:
// code-server serves the workbench, headless Chromium opens it with `extensionDevelopmentPath`
// (this repository) and `extensionTestsPath` (out/test/integration/index.js); the tests' output and
// exit code come back through the workbench's automation hooks.
//
// Builds nothing: run `npm run build && tsc -p .` first (npm test does).
//
// Options (each also as an environment variable, for callers that cannot pass arguments):
//   --workspace DIR   folder to open (BIOJOBS_TEST_WORKSPACE); default: a temp copy of examples/
//   --settings JSON   user settings.json, a JSON object or @file.json (BIOJOBS_TEST_SETTINGS),
//                     e.g. '{"biojobs.codon.baseUrl":"http://127.0.0.1:4010"}' for an emulator
//   --env JSON        extra environment for the extension host (BIOJOBS_TEST_ENV)
//   --grep PATTERN    only tests whose title matches (BIOJOBS_TEST_GREP)
//   --timeout SEC     overall limit, start to finish (BIOJOBS_TEST_TIMEOUT, default 300)
//   --keep            keep the scratch folder (logs, user data) for debugging
//   --verbose         also relay the workbench's own connection lines
// Exit code: 0 when all tests passed, 1 otherwise. The extension host's own logs are saved to
// test-results/integration-logs/ when a run fails.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchChromium, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { parseArgs, readJsonOption } from './lib/args.mjs';
import { removeDir } from './lib/proc.mjs';
import { repoRoot, resultsDir } from './lib/paths.mjs';

export const RESULT_PREFIX = 'BIOJOBS_TEST_RESULT ';

/**
 * The workbench's own lines that codeAutomationLog also carries: connecting to the server and
 * the disabled gallery. Everything else is relayed (test output, extension host errors).
 */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token \(/,
  /^Creating a socket \(renderer-/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache$/,
  /^\[Service Worker\] registered$/,
  /^Creation of workbench contribution '[^']+' took \d+ms\.$/,
];

/**
 * @returns {Promise<{ exitCode: number, passed: number, failed: number, pending: number }>}
 */
export async function runIntegration({ workspace, settings = {}, env = {}, grep, timeoutMs = 300_000, keep = false, verbose = false, out = (l) => console.log(l) } = {}) {
  const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  for (const [file, how] of [[testsEntry, 'tsc -p .'], [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build']]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${how}\` first`);
  }

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'biojobs-integration-'));
  const folder = workspace ? path.resolve(workspace) : defaultWorkspace(scratch);
  let server;
  let context;
  const deadline = Date.now() + timeoutMs;
  try {
    server = await startCodeServer({
      workspace: folder,
      settings,
      env: { ...env, ...(grep ? { BIOJOBS_TEST_GREP: grep } : {}) },
      scratchDir: path.join(scratch, 'code-server'),
      timeoutMs: Math.min(60_000, deadline - Date.now()),
    });
    context = await launchChromium(path.join(scratch, 'chromium'));
    const page = context.pages()[0] ?? (await context.newPage());

    let result;
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_level, messages) => {
        // `messages` are console.log's arguments, format string first ("  %d passing (%s)", 2, …).
        const text = Array.isArray(messages) ? format(...messages) : String(messages);
        for (const line of text.replace(/\s+$/, '').split('\n')) {
          if (!verbose && WORKBENCH_NOISE.some((re) => re.test(line))) continue;
          if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
          out(line);
        }
      });
      void page.exposeFunction('codeAutomationExit', (code, logs) => resolve({ code, logs }));
    });
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the workbench page crashed'))));

    const url = workbenchUrl(server.baseUrl, {
      folder,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server.baseUrl, repoRoot)],
        ['extensionTestsPath', remoteUri(server.baseUrl, testsEntry)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url, { timeout: Math.max(1, deadline - Date.now()) });
    const { code, logs } = await Promise.race([exited, crashed, timeout(deadline - Date.now(), `integration tests did not finish within ${timeoutMs / 1000} s`)]);

    // A run that exits 0 without reporting had no tests or lost its output: not a pass.
    if (!result) {
      out(`integration: the test runner reported no results (exit code ${code})`);
      result = { passed: 0, failed: 1, pending: 0 };
    }
    const exitCode = code === 0 && result.failed === 0 ? 0 : 1;
    if (exitCode !== 0) saveLogs(logs, out);
    return { exitCode, ...result };
  } finally {
    await context?.close().catch(() => {});
    await server?.stop();
    if (keep) out(`kept ${scratch}`);
    else removeDir(scratch);
  }
}

/** A temp copy of examples/ so tests may write into their workspace without touching the repo. */
function defaultWorkspace(scratch) {
  const dir = path.join(scratch, 'workspace');
  mkdirSync(dir, { recursive: true });
  const examples = path.join(repoRoot, 'examples');
  if (existsSync(examples)) cpSync(examples, dir, { recursive: true });
  return dir;
}

function saveLogs(logs, out) {
  if (!Array.isArray(logs) || !logs.length) return;
  const dir = path.join(resultsDir, 'integration-logs');
  rmSync(dir, { recursive: true, force: true });
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue; // never write outside the folder
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  out(`workbench logs saved in ${path.relative(process.cwd(), dir)}/`);
}

function timeout(ms, message) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), Math.max(0, ms)).unref());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2), { string: ['workspace', 'settings', 'env', 'grep', 'timeout'], boolean: ['keep', 'verbose'] });
  try {
    const { exitCode } = await runIntegration({
      workspace: args.workspace ?? process.env.BIOJOBS_TEST_WORKSPACE,
      settings: readJsonOption(args.settings ?? process.env.BIOJOBS_TEST_SETTINGS, '--settings'),
      env: readJsonOption(args.env ?? process.env.BIOJOBS_TEST_ENV, '--env'),
      grep: args.grep ?? process.env.BIOJOBS_TEST_GREP,
      timeoutMs: Number(args.timeout ?? process.env.BIOJOBS_TEST_TIMEOUT ?? 300) * 1000,
      keep: args.keep,
      verbose: args.verbose,
    });
    process.exitCode = exitCode;
  } catch (err) {
    console.error(`run-integration: ${err.message}`);
    console.log(RESULT_PREFIX + JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
    process.exitCode = 1;
  }
}

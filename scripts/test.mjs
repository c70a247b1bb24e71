#!/usr/bin/env node
// `npm test`: everything from a fresh clone to a verdict.
//
//   node scripts/test.mjs                  all stages
//   node scripts/test.mjs unit             only unit tests (after compiling)
//   node scripts/test.mjs integration e2e  any subset of: unit integration e2e bench chaos
//
// Installs what is missing first (npm ci when node_modules is absent or older than the lock file;
// code-server and Debian's Chromium for the VS Code stages), then runs typecheck, lint, build,
// unit tests (mocha in node), integration tests (mocha in a real VS Code extension host), e2e
// tests (Playwright on the workbench) and a smoke run of the benchmark (`npm run bench --
// --smoke`: the alignment viewer bench at tiny sizes in the workbench, its checks counted as
// tests, so the bench cannot rot), and the short crash suite (the extension host killed at each
// step of a job's life, scripts/run-chaos.mjs --short; the full one is `npm run test:chaos`). A failing stage is reported and the others still run
// where their inputs exist. The very last line is the verdict, for humans and CI alike:
//   N passed, N failed[, N skipped]
// counting tests of the test stages; a failed typecheck, lint, build or install counts as
// one failure. The exit code is 1 when anything failed.
import path from 'node:path';
import process from 'node:process';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { ensureDeps } from './lib/deps.mjs';
import { repoRoot } from './lib/paths.mjs';
import { parseCounts, runStage } from './lib/stage.mjs';

const TEST_STAGES = ['unit', 'integration', 'e2e', 'bench', 'chaos'];
const node = process.execPath;
const npmRun = (script) => ['npm', ['run', '--silent', script]];

/** Each stage: the command, its time limit, and whether it reports test counts. */
const STAGES = {
  typecheck: { cmd: npmRun('typecheck'), timeoutMs: 10 * 60_000 },
  lint: { cmd: npmRun('lint'), timeoutMs: 10 * 60_000 },
  build: { cmd: npmRun('build'), timeoutMs: 5 * 60_000 },
  // Emits out/ (tests and the integration runner) even when there are type errors, which the
  // typecheck stage reports; so its failure only counts when typecheck did not run or passed.
  compile: { cmd: [node, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']], timeoutMs: 10 * 60_000 },
  unit: {
    cmd: [node, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', '.mocharc.json', '--reporter', 'spec']],
    timeoutMs: 15 * 60_000,
    tests: true,
  },
  integration: { cmd: [node, [path.join(repoRoot, 'scripts', 'run-integration.mjs')]], timeoutMs: 10 * 60_000, tests: true },
  e2e: { cmd: [node, [path.join(repoRoot, 'scripts', 'run-e2e.mjs')]], timeoutMs: 20 * 60_000, tests: true },
  // Prints BIOJOBS_TEST_RESULT with its checks; packages the extension itself.
  bench: { cmd: [node, [path.join(repoRoot, 'out', 'bench', 'bench.js'), '--smoke']], timeoutMs: 10 * 60_000, tests: true },
  chaos: { cmd: [node, [path.join(repoRoot, 'scripts', 'run-chaos.mjs'), '--short']], timeoutMs: 8 * 60_000, tests: true },
};

const results = []; // { name, status: 'passed'|'failed'|'skipped', passed, failed, pending, ms, note }

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !TEST_STAGES.includes(w));
  if (unknown.length) {
    console.error(`unknown stage ${unknown.join(', ')}; stages: ${TEST_STAGES.join(', ')}`);
    process.exit(2);
  }
  const full = wanted.length === 0;
  const selected = full ? TEST_STAGES : wanted;
  const needsVsCode = selected.some((s) => s !== 'unit');
  const started = Date.now();

  // 1. Install. Without dependencies nothing else can run.
  if (!(await step('install', () => ensureDeps({ log: (m) => console.log(m) })))) return finish(started);
  const haveVsCode = needsVsCode ? await step('code-server', () => ensureCodeServer({ log: (m) => console.error(`[code-server] ${m}`) })) : false;

  // 2. Checks and builds.
  const typecheckOk = full ? await stage('typecheck') : undefined;
  if (full) await stage('lint');
  const buildOk = needsVsCode ? await stage('build') : undefined;
  await stage('compile', { countFailure: typecheckOk !== false });

  // 3. Tests. Unit tests run on whatever compiled; VS Code stages need the bundle and code-server.
  for (const name of selected) {
    if (name === 'unit') await stage('unit');
    else if (!buildOk) skip(name, 'build failed');
    else if (!haveVsCode) skip(name, 'code-server is not installed');
    else await stage(name);
  }
  return finish(started);
}

/** Runs an in-process step (installs). Returns true on success. */
async function step(name, fn) {
  banner(name);
  const t = Date.now();
  try {
    await fn();
    results.push({ name, status: 'passed', ms: Date.now() - t });
    return true;
  } catch (err) {
    console.error(`${name} failed: ${err.message}`);
    results.push({ name, status: 'failed', failed: 1, ms: Date.now() - t, note: 'install failed' });
    return false;
  }
}

/** Runs one stage as a child process and records its outcome. Returns true when it passed. */
async function stage(name, { countFailure = true } = {}) {
  const { cmd, timeoutMs, tests } = STAGES[name];
  banner(name);
  const env = { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) };
  const r = await runStage(cmd[0], cmd[1], { cwd: repoRoot, env, timeoutMs });
  const exit = r.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exit code ${r.code}`;

  if (!tests) {
    const ok = r.code === 0;
    results.push({
      name,
      status: ok ? 'passed' : countFailure ? 'failed' : 'failed (counted under typecheck)',
      failed: ok || !countFailure ? 0 : 1,
      ms: r.ms,
      note: ok ? '' : exit,
    });
    return ok;
  }

  let counts = parseCounts(r.output);
  let note = '';
  if (!counts && name === 'unit' && /No test files found/.test(r.output)) {
    counts = { passed: 0, failed: 0, pending: 0 };
    note = 'no unit test files';
  } else if (!counts) {
    // Crashed before reporting: one failure, so a broken runner never looks green.
    counts = { passed: 0, failed: 1, pending: 0 };
    note = `no test report (${exit})`;
  } else if (r.code !== 0 && counts.failed === 0) {
    // All tests passed but the runner failed afterwards (cleanup, timeout): that is a failure too.
    counts.failed = 1;
    note = exit;
  }
  results.push({ name, status: counts.failed ? 'failed' : 'passed', ...counts, ms: r.ms, note });
  return counts.failed === 0;
}

function skip(name, why) {
  banner(name);
  console.log(`skipped: ${why}`);
  results.push({ name, status: 'skipped', note: why, ms: 0 });
}

function finish(started) {
  const sum = (k) => results.reduce((n, r) => n + (r[k] ?? 0), 0);
  const passed = sum('passed');
  const failed = sum('failed');
  const pending = sum('pending');

  console.log('\n── summary ' + '─'.repeat(50));
  for (const r of results) {
    const mark = r.status === 'passed' ? '✔' : r.status === 'skipped' ? '–' : '✘';
    const counts = STAGES[r.name]?.tests && r.status !== 'skipped' ? `${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} skipped` : ''}` : r.status;
    console.log(`${mark} ${r.name.padEnd(12)} ${counts.padEnd(32)} ${(r.ms / 1000).toFixed(1).padStart(6)} s${r.note ? `  ${r.note}` : ''}`);
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

function banner(text) {
  console.log(`\n━━ ${text} ${'━'.repeat(Math.max(3, 56 - text.length))}`);
}

main().catch((err) => {
  // A bug in this script must still end with a verdict line.
  console.error(err);
  results.push({ name: 'test.mjs', status: 'failed', failed: 1, ms: 0, note: err.message });
  finish(Date.now());
});

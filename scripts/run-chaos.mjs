#!/usr/bin/env node
/* global fetch */
// The crash suite (`npm run test:chaos`; a short variant is a stage of `npm test`). In a real
// VS Code extension host (code-server + headless Chromium, see run-integration.mjs), a job is
// submitted as a user would and the extension host process is killed (SIGKILL, found by its command
// line) at one step of the job's life; code-server is then started again on the same profile and
// the agent (test/chaos/agent.ts) waits until every job has settled. Steps:
//
//   after-wal        the write-ahead record is on disk, the create request never reaches the API
//   during-submit    the API created the job; its answer never comes
//   before-save      the answer came; the process dies inside the store write that saves the id
//   during-poll      a status request is under way
//   during-result    the result request is under way
//   during-store     a store write is under way (a status change); a torn journal line is left too
//
// Holding a request uses the emulators' `hang`/`delay` faults; holding a store write replaces the
// journal with a FIFO, whose open blocks until the process is killed (then the real journal is
// put back, as a crash would leave it). Against the emulators' creation logs it counts lost jobs,
// duplicate remote jobs, corrupt stores and incomplete results — all must be 0.
//
//   node scripts/run-chaos.mjs [--short] [--repeat N] [--write] [--keep]
//     --short   each step once, the providers alternating (~3 min; the `npm test` stage)
//     --repeat  full run: every step × both providers, N times (default 2)
//     --write   write the figures into docs/reliability.md
// Prints mocha-style "N passing / N failing" (one test per crash) for scripts/test.mjs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { launchChromium, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { parseArgs } from './lib/args.mjs';
import { removeDir } from './lib/proc.mjs';
import { repoRoot } from './lib/paths.mjs';

const require = createRequire(import.meta.url);
const out = path.join(repoRoot, 'out');
const STEPS = ['after-wal', 'during-submit', 'before-save', 'during-poll', 'during-result', 'during-store'];
const PROVIDERS = ['codon', 'openprotein'];
const CODON = { submit: '/optimise', status: '/optimise/status', result: '/optimise/result', file: 'gene.fna' };
const OP = { submit: '/api/v1/poet/align/msa', status: { prefix: '/api/v1/jobs/' }, result: '/api/v1/poet/align/msa', file: 'chaos-seed.fasta' };
const STORAGE = ['User', 'globalStorage', 'biojobs.bio-jobs'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A deadline for Promise.race: its timer does not keep the process alive once the race is won. */
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());

async function until(what, fn, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The driver's HTTP endpoint the agent reports to; `onSettled` answers with the next action. */
function startDriver(onSettled) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      try {
        let answer = { error: 'unknown' };
        if (req.url === '/settled') answer = await onSettled(JSON.parse(body));
        else if (req.url === '/log') {
          // What an agent says between its reports (e.g. a submission that ended before the kill).
          const { session, message } = JSON.parse(body);
          console.log(`  session ${session}: the extension host says: ${String(message).slice(0, 500)}`);
          answer = {};
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      } catch (err) {
        res.writeHead(500);
        res.end(String(err));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

/** The extension host of a code-server process group, by its command line. */
function extensionHostPid(pgid) {
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== pgid) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes('--type=extensionHost')) return Number(name);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { string: ['repeat'], boolean: ['short', 'write', 'keep'] });
  for (const f of [path.join(out, 'test', 'chaos', 'agent.js'), path.join(repoRoot, 'dist', 'extension.js')]) {
    if (!existsSync(f)) throw new Error(`${path.relative(repoRoot, f)} is missing: run \`npm run build && tsc -p .\` first`);
  }
  const { startCodonEmulator } = require(path.join(out, 'test', 'emulators', 'codon', 'server.js'));
  const { startOpenProteinEmulator } = require(path.join(out, 'test', 'emulators', 'openprotein', 'server.js'));
  const { JobStore } = require(path.join(out, 'src', 'jobs', 'store.js'));

  const scenarios = [];
  if (args.short) STEPS.forEach((step, i) => scenarios.push({ step, provider: PROVIDERS[i % 2] }));
  else for (let r = 0; r < Number(args.repeat ?? 2); r++) for (const provider of PROVIDERS) for (const step of STEPS) scenarios.push({ step, provider });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'biojobs-chaos-'));
  const workspace = path.join(scratch, 'workspace');
  cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  writeFileSync(path.join(workspace, OP.file), '>chaos_seed\nMALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN\n');
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const storage = path.join(userDataDir, ...STORAGE);
  const codon = await startCodonEmulator({ seedJobs: 0, timing: { pendingMs: 500, processingMs: 1500 } });
  const op = await startOpenProteinEmulator({ seedJobs: false, msaSequences: 32, timing: { pendingMs: 500, runningMs: 1500 } });
  const emulators = { codon, openprotein: op };
  const paths = { codon: CODON, openprotein: OP };

  const results = []; // the scenarios run: { step, provider, jobId, error? }
  let session = 0;
  const reports = [];
  let onReport = () => {};

  const driver = await startDriver(async (report) => {
    // An extension host the workbench restarted after the kill, before the server stopped: ignore it.
    if (report.session !== session) return { action: 'wait' };
    const before = new Set((reports.at(-1)?.jobs ?? []).map((j) => j.id));
    const fresh = report.jobs.filter((j) => !before.has(j.id) && j.id !== 'torn-by-chaos');
    const last = results.at(-1);
    if (last && !last.jobId && fresh.length) last.jobId = fresh[0].id;
    if (last) {
      const left = report.atStart.find((j) => j.id === last.jobId);
      last.leftBehind = left ? `${left.status}${left.remoteId ? '' : ', no remote id'}${left.hasResult ? ', result saved' : ''}` : 'no record';
      last.settledMs = report.settledMs;
      console.log(`  session ${session}: found ${last.leftBehind}; settled in ${(report.settledMs / 1000).toFixed(1)} s (credentials kept: ${report.hadCredentials})`);
    }
    reports.push(report);
    const sc = scenarios.shift();
    if (!sc) {
      onReport({ done: true });
      return { action: 'done' };
    }
    await arm(sc);
    onReport({ sc });
    return { action: 'submit', provider: sc.provider, file: paths[sc.provider].file };
  });

  /** Sets the emulator up so the step can be held. */
  async function arm(sc) {
    const em = emulators[sc.provider];
    const p = paths[sc.provider];
    em.faults.clear();
    sc.logFrom = em.log.list().length;
    const longRun = sc.provider === 'codon' ? { pendingMs: 1500, processingMs: 8000 } : { pendingMs: 1500, runningMs: 8000 };
    const shortRun = sc.provider === 'codon' ? { pendingMs: 500, processingMs: 1500 } : { pendingMs: 500, runningMs: 1500 };
    em.setTiming(['during-poll', 'during-store'].includes(sc.step) ? longRun : shortRun);
    if (sc.step === 'after-wal') em.faults.add({ method: 'POST', path: p.submit, phase: 'before', fault: { kind: 'hang' } });
    if (sc.step === 'during-submit') em.faults.add({ method: 'POST', path: p.submit, phase: 'after', fault: { kind: 'hang' } });
    if (sc.step === 'before-save') em.faults.add({ method: 'POST', path: p.submit, fault: { kind: 'delay', ms: 1500 } });
    if (sc.step === 'during-result') em.faults.add({ method: sc.provider === 'codon' ? 'POST' : 'GET', path: p.result, fault: { kind: 'hang' } });
    if (sc.step === 'during-store') em.faults.add({ path: p.status, fault: { kind: 'delay', ms: 1500 } });
  }

  const newEntries = (sc, filter) => emulators[sc.provider].log.list(filter).filter((e) => e.seq > sc.logFrom);
  const submits = (sc) => newEntries(sc, { method: 'POST', path: paths[sc.provider].submit });

  /** Waits (watching the emulator log and the store files) until the step is held. */
  async function hold(sc) {
    const p = paths[sc.provider];
    const journal = path.join(storage, 'jobs.journal');
    switch (sc.step) {
      case 'after-wal':
      case 'during-submit':
        await until('the create request to arrive', () => submits(sc).length > 0);
        await sleep(300);
        return;
      case 'before-save':
        await until('the create request to arrive', () => submits(sc).length > 0);
        sc.fifo = swapJournal(journal);
        await until('the create answer to be sent', () => submits(sc)[0]?.status === 200, 10_000);
        await sleep(700);
        return;
      case 'during-poll':
        await until('the job id to be saved', () => submits(sc)[0]?.status === 200);
        emulators[sc.provider].faults.add({ method: sc.provider === 'codon' ? 'POST' : 'GET', path: p.status, fault: { kind: 'hang' } });
        await until('a status request to hang', () => newEntries(sc, { path: p.status }).some((e) => e.fault === 'hang'), 60_000);
        await sleep(200);
        return;
      case 'during-result':
        await until('the result request to hang', () => newEntries(sc, { path: p.result }).some((e) => e.fault === 'hang'), 60_000);
        await sleep(200);
        return;
      case 'during-store':
        await until('the job id to be saved', () => submits(sc)[0]?.status === 200);
        await sleep(300);
        sc.fifo = swapJournal(journal);
        await until('a status answer that changes the job', () => newEntries(sc, { path: p.status }).some((e) => e.fault === 'delay' && e.status === 200), 30_000);
        await sleep(700);
        return;
    }
  }

  /** Moves the journal aside and puts a FIFO in its place: the next append blocks in open(). */
  function swapJournal(journal) {
    const held = `${journal}.held`;
    if (existsSync(journal)) renameSync(journal, held);
    else writeFileSync(held, '');
    execFileSync('mkfifo', [journal]);
    return { journal, held };
  }

  function restoreJournal(sc) {
    if (!sc.fifo) return;
    rmSync(sc.fifo.journal, { force: true });
    renameSync(sc.fifo.held, sc.fifo.journal);
    // A crash mid-append can leave half a line: the store must skip it, not lose the rest.
    if (sc.step === 'during-store') appendFileSync(sc.fifo.journal, '{"put":{"id":"torn-by-chaos","providerId":"co');
  }

  const started = Date.now();
  let failedSessions = 0;
  let held; // the scenario whose journal was swapped, put back once the server is down
  try {
    for (;;) {
      session++;
      const sessionStarted = Date.now();
      const reported = new Promise((resolve) => (onReport = resolve));
      const cs = await startCodeServer({
        workspace,
        userDataDir,
        extensionsDir,
        scratchDir: path.join(scratch, `cs-${session}`),
        settings: { 'biojobs.codon.baseUrl': codon.url, 'biojobs.openprotein.baseUrl': op.url, 'biojobs.notifications': 'failures' },
        env: { BIOJOBS_CHAOS: JSON.stringify({ driver: driver.url, session }) },
      });
      const context = await launchChromium(path.join(scratch, 'chromium'));
      let sc;
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
        await page.exposeFunction('codeAutomationLog', (_l, m) => {
          const text = Array.isArray(m) ? m.join(' ') : String(m);
          if (/error|fail/i.test(text) && !/Resolving|socket|gallery/i.test(text)) console.log(`  [ext host ${session}] ${text.slice(0, 300)}`);
        });
        const url = workbenchUrl(cs.baseUrl, {
          folder: workspace,
          payload: [
            ['extensionDevelopmentPath', remoteUri(cs.baseUrl, repoRoot)],
            ['extensionTestsPath', remoteUri(cs.baseUrl, path.join(out, 'test', 'chaos', 'agent.js'))],
            ['skipWelcome', 'true'],
          ],
        });
        await page.goto(url, { timeout: 60_000 });
        const got = await Promise.race([reported, deadline(180_000).then(() => ({ timeout: true }))]);
        if (got.timeout) throw new Error('the agent did not report within 180 s');
        if (got.done) {
          await Promise.race([exited, deadline(30_000)]);
          break;
        }
        sc = got.sc;
        results.push(sc);
        await hold(sc);
        const pid = extensionHostPid(cs.pid);
        if (!pid) throw new Error('no extension host process found');
        process.kill(pid, 'SIGKILL');
        console.log(`  session ${session}: killed the extension host (pid ${pid}) ${sc.step}, ${sc.provider} (${((Date.now() - sessionStarted) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failedSessions++;
        console.log(`  session ${session}: ${err.message}`);
        if (sc) sc.error = err.message;
        if (failedSessions > 2) throw err;
      } finally {
        held = sc?.fifo ? sc : undefined;
        await context.close().catch(() => {});
        await cs.stop();
        if (held) restoreJournal(held);
      }
    }
    return await verdict({ results, reports, emulators, storage, JobStore, started, write: args.write, short: args.short });
  } finally {
    driver.server.close();
    await codon.close();
    await op.close();
    if (args.keep) console.log(`kept ${scratch}`);
    else removeDir(scratch);
  }
}

/** Counts against the emulators and the store left on disk; prints one line per crash. */
async function verdict({ results, reports, emulators, storage, JobStore, started, write, short }) {
  const final = reports.at(-1);
  const corruptFiles = existsSync(storage) ? readdirSync(storage).filter((f) => f.includes('.corrupt-')) : [];
  // Load the store as the extension would (a copy: loading compacts).
  const copy = mkdtempSync(path.join(os.tmpdir(), 'biojobs-chaos-store-'));
  for (const f of existsSync(storage) ? readdirSync(storage) : []) {
    if (statSync(path.join(storage, f)).isFile()) copyFileSync(path.join(storage, f), path.join(copy, f));
  }
  const warnings = [];
  const store = new JobStore(copy, { now: () => Date.now(), setTimeout, clearTimeout, sleep }, { info() {}, debug() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });
  const loaded = await store.load();
  const jobs = store.all();
  removeDir(copy);

  let lost = 0;
  let duplicates = 0;
  let wrongState = 0;
  let incomplete = 0;
  const lines = [];
  for (const providerId of PROVIDERS) {
    const em = emulators[providerId];
    const remote = em.jobIds();
    const tracked = new Map(jobs.filter((j) => j.providerId === providerId && j.remoteId).map((j) => [j.remoteId, j]));
    const untracked = remote.filter((id) => !tracked.has(id));
    // Every remote job came from one submission of this suite: an untracked one is lost (or a duplicate).
    lost += untracked.length;
    const byRemote = new Map();
    for (const j of jobs.filter((x) => x.providerId === providerId && x.remoteId)) byRemote.set(j.remoteId, (byRemote.get(j.remoteId) ?? 0) + 1);
    duplicates += [...byRemote.values()].filter((n) => n > 1).length;
    // Creations: each POST that created a job; more creations than scenarios reaching the API would be a silent resubmit.
    const creates = em.log.list({ method: 'POST', path: providerId === 'codon' ? CODON.submit : OP.submit }).length;
    const scenarios = results.filter((r) => r.provider === providerId).length;
    duplicates += Math.max(0, creates - scenarios);
    for (const j of tracked.values()) {
      const truth = await remoteStatus(em, providerId, j.remoteId);
      if (truth !== j.status) {
        wrongState++;
        lines.push(`    ${providerId} ${j.name}: store says ${j.status}, the API ${truth}`);
      }
      if (j.status === 'succeeded' && !j.result?.files?.length) {
        incomplete++;
        lines.push(`    ${providerId} ${j.name}: no result`);
      }
      for (const f of j.result?.files ?? []) {
        const file = path.join(storage, 'results', j.id, f.name);
        const ok = existsSync(file) && statSync(file).size === f.size && f.size > 0 && validResult(readFileSync(file, 'utf8'), providerId);
        if (!ok) {
          incomplete++;
          lines.push(`    ${providerId} ${j.name}: ${f.name} incomplete`);
        }
      }
    }
  }
  const corrupt = corruptFiles.length + (loaded.warning ? 1 : 0);
  let passed = 0;
  let failed = 0;
  console.log('');
  for (const r of results) {
    const job = jobs.find((j) => j.id === r.jobId);
    const ok = !r.error;
    if (ok) passed++;
    else failed++;
    console.log(`  ${ok ? '✔' : '✘'} kill ${r.step} (${r.provider})${r.error ? `: ${r.error}` : ''}: left ${r.leftBehind ?? '?'} → ${job ? `${job.status}${job.remoteId ? '' : ' (no remote job)'}` : 'no record'}`);
  }
  const totals = { crashes: results.length, lost, duplicates, corrupt, wrongState, incomplete, unsettled: final?.unsettled?.length ?? -1 };
  const good = lost === 0 && duplicates === 0 && corrupt === 0 && wrongState === 0 && incomplete === 0 && totals.unsettled === 0;
  if (good) passed++;
  else failed++;
  console.log(`  ${good ? '✔' : '✘'} after ${results.length} crashes: ${lost} lost, ${duplicates} duplicate remote jobs, ${corrupt} corrupt stores, ${wrongState} jobs not in the API's state, ${incomplete} incomplete results, ${totals.unsettled} unsettled`);
  for (const l of lines) console.log(l);
  const unknown = jobs.filter((j) => j.status === 'unknown' && !j.remoteId);
  console.log(`  ${unknown.length} submission(s) that never reached an API stay "unknown" with Resubmit / Remove (${unknown.map((j) => j.providerId).join(', ') || 'none'})`);
  console.log(`\n  ${passed} passing (${Math.round((Date.now() - started) / 1000)}s)`);
  if (failed) console.log(`  ${failed} failing`);
  if (write) {
    const table = [
      '| step | provider | left on disk by the crash | after restart |',
      '|---|---|---|---|',
      ...results.map((r) => {
        const j = jobs.find((x) => x.id === r.jobId);
        return `| ${r.step} | ${r.provider} | ${r.leftBehind ?? '–'} | ${r.error ? `not run: ${r.error}` : j ? `${j.status}${j.remoteId ? '' : ' (no remote job: Resubmit / Remove)'}` : 'see totals'} |`;
      }),
    ].join('\n');
    const body = `## Crash suite (${short ? 'short' : 'full'} run)\n\nMeasured by \`npm run test:chaos${short ? ' -- --short' : ''} -- --write\` on ${new Date().toISOString().slice(0, 10)}: the extension host (code-server ${'4.96.4'}) killed with SIGKILL at each step, restarted on the same profile each time.\n\n- crashes: ${results.length}; lost jobs: ${lost}; duplicate remote jobs: ${duplicates}; corrupt stores: ${corrupt}; jobs not in the API's state: ${wrongState}; incomplete results: ${incomplete}; unsettled: ${totals.unsettled}\n- submissions that never reached an API, kept as \`unknown\` with Resubmit / Remove: ${unknown.length}\n\n${table}\n`;
    const { writeSection } = require(path.join(out, 'bench', 'converge.js'));
    await writeSection(path.join(repoRoot, 'docs', 'reliability.md'), 'chaos', body);
  }
  return failed ? 1 : 0;
}

function validResult(text, providerId) {
  if (providerId === 'openprotein') return /^>/.test(text) && text.trimEnd().split('\n').length >= 2;
  try {
    return Array.isArray(JSON.parse(text).results);
  } catch {
    return false;
  }
}

/** The API's own word on a job, mapped like the provider maps it. */
async function remoteStatus(em, providerId, remoteId) {
  const token = em.issueToken();
  if (providerId === 'codon') {
    const res = await fetch(`${em.url}/optimise/status`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ jobids: [remoteId] }) });
    const s = (await res.json()).results[0].status;
    return { pending: 'queued', processing: 'running', success: 'succeeded', error: 'failed' }[s] ?? 'unknown';
  }
  const res = await fetch(`${em.url}/api/v1/jobs/${remoteId}`, { headers: { authorization: `Bearer ${token}` } });
  const s = (await res.json()).status;
  return { PENDING: 'queued', RUNNING: 'running', RETRYING: 'running', SUCCESS: 'succeeded', FAILURE: 'failed', CANCELED: 'cancelled' }[s] ?? 'unknown';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(`run-chaos: ${err.stack ?? err.message}`);
    console.log('  0 passing\n  1 failing');
    process.exitCode = 1;
  }
}

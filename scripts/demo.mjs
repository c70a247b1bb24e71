#!/usr/bin/env node
// `npm run demo`: try Bio Jobs without accounts. Starts the provider emulators and a real VS Code
// (code-server) in the browser with the packaged extension installed and pointed at them, opened
// on a copy of examples/. Ctrl-C (or SIGTERM) stops everything.
//
//   npm run demo                      http://127.0.0.1:8080/ (or the next free port)
//   npm run demo -- --port 9000       a given port (also BIOJOBS_DEMO_PORT)
//   npm run demo -- --host 0.0.0.0    listen beyond loopback (no password: trusted networks only)
//   npm run demo -- --timing fast     emulator job timing preset (default: demo)
//   npm run demo -- --check           start everything, check the page answers 200, stop, exit
//
// Installs what it needs first, like npm test: npm ci when needed, code-server, a fresh build,
// the .vsix. Everything it writes goes to .demo/ (git-ignored), recreated on each start.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { installExtension, startCodeServer, workbenchUrl } from './code-server.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { parseArgs } from './lib/args.mjs';
import { ensureDeps } from './lib/deps.mjs';
import { onCleanup, run, runCleanups, shuttingDown, stopGroup, trackGroup } from './lib/proc.mjs';
import { repoRoot, vsixPath } from './lib/paths.mjs';

const demoDir = path.join(repoRoot, '.demo');
const emulatorsEntry = path.join(repoRoot, 'out', 'test', 'emulators', 'run.js');
const log = (m) => console.error(`[demo] ${m}`);

async function main() {
  const args = parseArgs(process.argv.slice(2), { string: ['port', 'host', 'timing'], boolean: ['check'] });
  const host = args.host ?? process.env.BIOJOBS_DEMO_HOST ?? '127.0.0.1';
  const requestedPort = args.port ?? process.env.BIOJOBS_DEMO_PORT;

  // 1. Install and build: the demo always shows the current sources.
  await ensureDeps({ log });
  await ensureCodeServer({ log: (m) => log(`code-server: ${m}`) });
  log('building…');
  await run('npm', ['run', '--silent', 'build'], { cwd: repoRoot, capture: true, timeoutMs: 5 * 60_000, label: 'npm run build' });
  // The emulators are compiled with the tests. Type errors elsewhere don't stop tsc emitting,
  // so only a missing output is fatal.
  await run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: repoRoot, capture: true, timeoutMs: 5 * 60_000, label: 'tsc' }).catch(
    (err) => log(`tsc reported errors (continuing with what it emitted):\n${err.message.split('\n').slice(1, 6).join('\n')}`),
  );
  await packageVsix({ log });

  // 2. A fresh demo folder: workspace copy, extensions, user data.
  rmSync(demoDir, { recursive: true, force: true, maxRetries: 3 });
  const workspace = path.join(demoDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  if (existsSync(path.join(repoRoot, 'examples'))) cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  const extensionsDir = path.join(demoDir, 'extensions');
  await installExtension(vsixPath, extensionsDir);

  // 3. Emulators, then VS Code pointed at them.
  const emulators = await startEmulators(args.timing ?? 'demo');
  const settings = {};
  for (const [id, url] of Object.entries(emulators.urls)) settings[`biojobs.${id}.baseUrl`] = url;

  const port = requestedPort ? Number(requestedPort) : await freePort(host, 8080, 8099);
  const server = await startCodeServer({
    workspace,
    extensionsDir,
    userDataDir: path.join(demoDir, 'user-data'),
    scratchDir: path.join(demoDir, 'scratch'),
    settings,
    host,
    port,
  });
  onCleanup(() => server.stop());
  const url = workbenchUrl(server.baseUrl, { folder: workspace });

  if (args.check) {
    const status = await httpStatus(url);
    await server.stop();
    await emulators.stop();
    if (status !== 200) throw new Error(`${url} answered ${status}, not 200`);
    console.log(`demo check ok: ${url} answered 200; emulators: ${JSON.stringify(emulators.urls)}`);
    return;
  }

  console.log('\nBio Jobs demo is running.');
  console.log(`  VS Code:    ${url}`);
  for (const [id, u] of Object.entries(emulators.urls)) console.log(`  emulator:   ${id.padEnd(12)} ${u}`);
  if (!Object.keys(emulators.urls).length) console.log('  emulators:  none (out/test/emulators/run.js is missing)');
  if (host !== '127.0.0.1' && host !== 'localhost') console.log(`  warning:    listening on ${host} without a password`);
  console.log('Press Ctrl-C to stop.\n');

  // Stay up until a signal (lib/proc.mjs stops everything) or until a part dies on its own.
  const died = await Promise.race([server.exited, emulators.exited]);
  if (shuttingDown()) return new Promise(() => {}); // stopped by us: the signal handler exits
  throw new Error(`${died} stopped unexpectedly`);
}

/** Spawns the emulators and reads their one JSON line of base URLs. */
async function startEmulators(timing) {
  if (!existsSync(emulatorsEntry)) {
    log(`warning: ${path.relative(repoRoot, emulatorsEntry)} does not exist: starting without emulators`);
    return { urls: {}, stop: async () => {}, exited: new Promise(() => {}) };
  }
  const child = spawn(process.execPath, [emulatorsEntry, '--timing', timing], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const untrack = trackGroup(child.pid);
  const stop = async () => {
    await stopGroup(child.pid);
    untrack();
  };
  onCleanup(stop);
  child.stderr.on('data', (d) => process.stderr.write(`[emulators] ${d}`));
  const exited = new Promise((resolve) => child.on('exit', () => resolve('the emulators')));
  try {
    const urls = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error('the emulators printed no URLs within 30 s')), 30_000);
      child.stdout.on('data', (d) => {
        buf += d;
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(buf.slice(0, nl)));
        } catch {
          reject(new Error(`the emulators' first line is not JSON: ${buf.slice(0, nl)}`));
        }
      });
      child.on('exit', (code) => reject(new Error(`the emulators exited (${code}) before printing their URLs`)));
    });
    return { urls, stop, exited };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The first port in [from, to] that `host` can listen on. */
async function freePort(host, from, to) {
  for (let port = from; port <= to; port++) {
    const free = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${to} on ${host}: pass --port`);
}

async function httpStatus(url) {
  const res = await globalThis.fetch(url, { signal: globalThis.AbortSignal.timeout(15_000) });
  await res.arrayBuffer();
  return res.status;
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(`demo: ${err.message}`);
    await runCleanups();
    process.exit(1);
  },
);

// Starts a real VS Code (code-server) and headless Chromium for tests and the demo.
//
//   const cs = await startCodeServer({ workspace, settings });   // → { port, baseUrl, stop() }
//   const context = await launchChromium(dir);                    // Playwright BrowserContext
//
// Both write into $HOME unless told otherwise, so each gets a scratch folder for TMPDIR and the
// XDG_* directories; both are killed as a whole process group on stop, failure, timeout or when
// this node process exits (see lib/proc.mjs). Facts behind the flags: ../shared/notes/vscode-testing.md
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { onCleanup, removeDir, run, stopGroup, trackGroup } from './lib/proc.mjs';
import { chromiumPath } from './lib/paths.mjs';

const LISTENING = /HTTP server listening on (http:\/\/[^\s/]+)\//;

/** Settings every test window gets: no welcome page, no telemetry, no extension updates. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

/** TMPDIR / XDG_* inside `scratch`, so nothing lands in the user's home. */
export function scratchEnv(scratch) {
  const env = {};
  for (const [name, sub] of [['TMPDIR', 'tmp'], ['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_RUNTIME_DIR', 'runtime']]) {
    env[name] = path.join(scratch, sub);
    mkdirSync(env[name], { recursive: true, mode: 0o700 });
  }
  return env;
}

/**
 * Starts code-server and resolves once it listens: { baseUrl, port, stop(), exited, logPath, … }.
 * `exited` resolves when the server process ends (for callers that outlive a test).
 * @param {object} o
 * @param {string} [o.workspace]      folder opened by default (absolute)
 * @param {string} [o.userDataDir]    default: fresh folder in the scratch dir
 * @param {string} [o.extensionsDir]  default: fresh folder in the scratch dir
 * @param {object} [o.settings]       user settings.json content (merged over BASE_SETTINGS)
 * @param {object} [o.env]            extra environment for code-server and its extension host
 * @param {string} [o.host]           default 127.0.0.1
 * @param {number} [o.port]           default 0 = any free port
 * @param {string} [o.scratchDir]     default: a new temp folder, removed on stop()
 * @param {number} [o.timeoutMs]      how long to wait for "listening" (default 60 s)
 * @param {(line: string) => void} [o.onLog]  every output line (the log file always gets them)
 */
export async function startCodeServer(o = {}) {
  const { entry } = await ensureCodeServer();
  const ownScratch = !o.scratchDir;
  const scratch = o.scratchDir ?? mkdtempSync(path.join(os.tmpdir(), 'biojobs-code-server-'));
  const userDataDir = o.userDataDir ?? path.join(scratch, 'user-data');
  const extensionsDir = o.extensionsDir ?? path.join(scratch, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...o.settings }, null, 2) + '\n');

  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `${o.host ?? '127.0.0.1'}:${o.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(o.workspace ? [o.workspace] : []),
  ];
  const env = {
    ...process.env,
    ...scratchEnv(scratch),
    EXTENSIONS_GALLERY: '{}', // no marketplace: stops a failing (harmless) gallery lookup
    ...o.env,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, don't talk to that VS Code
  const logPath = path.join(scratch, 'code-server.log');
  const logFile = createWriteStream(logPath);

  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  const untrack = trackGroup(pgid);
  const exited = new Promise((resolve) => child.on('exit', () => resolve('code-server')));
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      await stopGroup(pgid);
      untrack();
      logFile.end();
      if (ownScratch && !o.keepScratch) removeDir(scratch);
    })());

  try {
    const baseUrl = await new Promise((resolve, reject) => {
      const tail = [];
      const timer = setTimeout(() => reject(new Error(`code-server did not start listening within ${(o.timeoutMs ?? 60_000) / 1000} s\n${tail.join('\n')}`)), o.timeoutMs ?? 60_000);
      const onLine = (line) => {
        logFile.write(line + '\n');
        tail.push(line);
        if (tail.length > 40) tail.shift();
        o.onLog?.(line);
        const m = LISTENING.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      lines(child.stdout, onLine);
      lines(child.stderr, onLine);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start code-server: ${err.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${tail.join('\n')}`));
      });
    });
    return { baseUrl, port: Number(new URL(baseUrl).port), pid: pgid, userDataDir, extensionsDir, scratch, logPath, exited, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (~1 s). */
export async function installExtension(vsix, extensionsDir) {
  const { entry } = await ensureCodeServer();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'biojobs-install-ext-'));
  try {
    await run(process.execPath, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
      capture: true,
      timeoutMs: 120_000,
      env: { ...process.env, ...scratchEnv(scratch), EXTENSIONS_GALLERY: '{}' },
      label: `code-server --install-extension ${path.basename(vsix)}`,
    });
  } finally {
    removeDir(scratch);
  }
}

/**
 * The workbench URL. `payload` is VS Code's list of [key, value] pairs, e.g. extensionTestsPath;
 * paths on the server are given as vscode-remote://host:port/abs/path.
 */
export function workbenchUrl(baseUrl, { folder, payload } = {}) {
  const url = new URL(baseUrl);
  if (folder) url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** `vscode-remote://` URI of a path on the code-server machine. */
export function remoteUri(baseUrl, absPath) {
  return `vscode-remote://${new URL(baseUrl).host}${absPath}`;
}

const CHROMIUM_ARGS = [
  '--no-sandbox', // we are root in a container
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // The network is closed: without these Chromium keeps dialling Google services.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Debian Chromium through playwright-core (never Playwright's own browser download).
 * Returns a persistent BrowserContext; close it with `context.close()` (also done on exit).
 */
export async function launchChromium(userDataDir, { viewport = { width: 1400, height: 900 }, headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  mkdirSync(userDataDir, { recursive: true });
  const scratch = path.join(userDataDir, '..', `${path.basename(userDataDir)}-scratch`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...scratchEnv(scratch) },
    viewport,
    // Our own cleanup closes the browser; Playwright's handlers would race it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const forget = onCleanup(() => context.close());
  context.on('close', () => {
    forget();
    removeDir(scratch);
  });
  return context;
}

function lines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && onLine(buf));
}

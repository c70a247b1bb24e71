// Child-process helpers shared by the test, e2e and demo scripts.
//
// Everything long-lived is started in its own process group (`detached: true` = setsid) so that
// one signal to the group reaches the grandchildren too: code-server forks an extension host,
// file watchers and pty hosts, and killing only its pid would leave those behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import process from 'node:process';

/** Runs a command to completion, streaming its output (or capturing it when `capture`). */
export function run(cmd, args, { cwd, env, timeoutMs = 10 * 60_000, capture = false, label } = {}) {
  const name = label ?? `${cmd} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    const untrack = trackGroup(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      // SIGTERM first: the child may own process groups of its own (a test run owns a
      // code-server) that only its exit handlers can stop.
      void stopGroup(child.pid).finally(() => reject(new Error(`${name}: timed out after ${Math.round(timeoutMs / 1000)} s`)));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      untrack();
      reject(new Error(`${name}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      untrack();
      if (code === 0) resolve({ stdout, stderr });
      else {
        const tail = (stderr || stdout).trim().split('\n').slice(-30).join('\n');
        const err = new Error(`${name}: exited with ${code ?? signal}${tail ? `\n${tail}` : ''}`);
        err.exitCode = code;
        reject(err);
      }
    });
  });
}

/**
 * Removes a scratch folder. A browser that is still flushing its profile can make this fail with
 * ENOTEMPTY; a leftover temp folder is not worth failing a test run for, so it only warns.
 */
export function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (err) {
    console.error(`warning: could not remove ${dir}: ${err.message}`);
  }
}

/** Sends `signal` to a whole process group; a group that is already gone is fine. */
export function killGroup(pgid, signal = 'SIGTERM') {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/**
 * True while any process of the group is still running. Killed processes stay as zombies until
 * reaped, and `kill(-pgid, 0)` succeeds on zombies, so read /proc instead.
 */
export function groupAlive(pgid) {
  for (const pid of listPids()) {
    const stat = readStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/** Stops a process group politely, then firmly: SIGTERM, wait up to `graceMs`, SIGKILL. */
export async function stopGroup(pgid, { graceMs = 5000 } = {}) {
  if (!pgid || !groupAlive(pgid)) return;
  killGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return;
    await sleep(100);
  }
  killGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < hardDeadline) await sleep(100);
}

function listPids() {
  try {
    return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
}

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup on exit. Process groups we started are killed when this node process ends for any
// reason we can see: normal exit, an uncaught error, or SIGINT/SIGTERM/SIGHUP (Ctrl-C, CI
// cancelling the job, a closed terminal). Async cleanups (closing a browser) run first on signals.

const groups = new Set();
const asyncCleanups = new Set();
let signalled = false;

/** True once a signal started the shutdown: processes ending now are expected to. */
export const shuttingDown = () => signalled;

/** Remembers a process group so it is killed if we exit without stopping it. Returns an untrack function. */
export function trackGroup(pgid) {
  installHandlers();
  groups.add(pgid);
  return () => groups.delete(pgid);
}

/** Registers an async cleanup (e.g. closing Chromium) to run before exit on a signal. */
export function onCleanup(fn) {
  installHandlers();
  asyncCleanups.add(fn);
  return () => asyncCleanups.delete(fn);
}

let installed = false;
function installHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (signalled) return; // a second Ctrl-C while cleaning up: let the cleanup finish
      signalled = true;
      console.error(`\n${sig} received: cleaning up…`);
      void runCleanups().finally(() => process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[sig]));
    });
  }
}

/** Runs every registered cleanup and stops every tracked group (for fatal-error paths). */
export async function runCleanups() {
  const limit = sleep(10_000); // never hang on the way out
  await Promise.race([Promise.allSettled([...asyncCleanups].map((fn) => fn())), limit]);
  await Promise.allSettled([...groups].map((g) => stopGroup(g, { graceMs: 3000 })));
}

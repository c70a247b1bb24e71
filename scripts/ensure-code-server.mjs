#!/usr/bin/env node
// Installs code-server (a real VS Code: workbench + node extension host, served to a browser)
// into .vscode-test/code-server-<version>/, idempotently, on a machine that reaches only the npm
// registry and Debian's packages. See ../shared/notes/vscode-testing.md for why each step exists:
// in short, code-server's postinstall downloads things from outside, so we do its work by hand.
//
// Usage: node scripts/ensure-code-server.mjs        (prints the install folder)
//        import { ensureCodeServer } from './ensure-code-server.mjs'
//
// A finished install is marked by .complete.json; without it the folder is rebuilt from scratch
// in a staging folder and renamed into place at the end, so an interrupted run never leaves a
// half-installed VS Code that later runs would trust.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync, copyFileSync, chmodSync, symlinkSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { run } from './lib/proc.mjs';
import { cacheDir, chromiumPath } from './lib/paths.mjs';

export const CODE_SERVER_VERSION = '4.96.4'; // = VS Code 1.96.4, runs on node 20

const MARKER = '.complete.json';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
// Native modules of VS Code's server. kerberos fetches a prebuilt binary from outside unless
// built from source; @parcel/watcher ships its binary in a registry package, so it is not.
const NATIVE_FROM_SOURCE = ['kerberos'];
const NATIVE_PREBUILT = ['@parcel/watcher', '@vscode/spdlog', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

/** Where code-server lives once installed. */
export function codeServerLayout(dir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`)) {
  const pkg = path.join(dir, 'node_modules', 'code-server');
  return { dir, pkg, entry: path.join(pkg, 'out', 'node', 'entry.js'), vscodeDir: path.join(pkg, 'lib', 'vscode') };
}

/**
 * Makes sure code-server and the Debian tools the tests need are installed.
 * Returns the layout ({ dir, entry, ... }); start it with `node <entry>`.
 */
export async function ensureCodeServer({ log = (m) => console.error(`[code-server] ${m}`) } = {}) {
  const layout = codeServerLayout();
  const marker = readMarker(layout.dir);
  if (marker) {
    // Chromium is needed by every run, not just the install: a warm cache on a new machine
    // (e.g. a restored .vscode-test) must still get it.
    await ensureDebianPackages({ need: ['chromium'], log });
    return layout;
  }

  const started = Date.now();
  await ensureDebianPackages({ need: ['chromium', 'rg', 'krb5'], log });
  const staging = `${layout.dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await install(codeServerLayout(staging), log);
    rmSync(layout.dir, { recursive: true, force: true });
    renameSync(staging, layout.dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s: ${layout.dir}`);
  return layout;
}

function readMarker(dir) {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
    // Native modules are built for one node ABI; a different node needs a rebuild.
    if (m.version === CODE_SERVER_VERSION && m.modules === process.versions.modules && m.arch === process.arch) return m;
  } catch {
    // missing or unreadable: not installed
  }
  return undefined;
}

async function install(layout, log) {
  const { dir, vscodeDir } = layout;
  // Output is captured and shown only on failure (the built-in extensions' postinstall alone
  // prints a line per file it removes).
  const npm = (args, opts = {}) =>
    run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { timeoutMs: 15 * 60_000, capture: true, ...opts });
  const fromSource = { ...process.env, npm_config_build_from_source: 'true' };

  // A package.json of its own, or npm would walk up and install into the repository.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');

  log(`npm install code-server@${CODE_SERVER_VERSION} (without its postinstall)…`);
  await npm(['install', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir });

  // argon2 is loaded at start-up even with --auth none.
  log('building argon2 from source…');
  await npm(['rebuild', 'argon2'], { cwd: dir, env: fromSource });

  log('installing VS Code server dependencies…');
  await dropGitResolved(path.join(vscodeDir, 'npm-shrinkwrap.json'), log);
  await npm(['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir });
  log('building native modules…');
  await npm(['rebuild', ...NATIVE_FROM_SOURCE], { cwd: vscodeDir, env: fromSource });
  await npm(['rebuild', ...NATIVE_PREBUILT], { cwd: vscodeDir });

  // @vscode/ripgrep's postinstall downloads rg; Debian's is the same program.
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(which('rg'), path.join(rgDir, 'rg'));
  chmodSync(path.join(rgDir, 'rg'), 0o755);

  // The symlinks code-server's postinstall.sh creates.
  link('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  log('installing built-in extensions’ dependencies…');
  await npm(['install', '--omit=dev'], { cwd: path.join(vscodeDir, 'extensions') });

  // Smoke check before trusting the folder: code-server loads and reports its version. It
  // writes into $HOME even for --version, so give it a scratch home.
  const scratch = path.join(dir, '.scratch');
  mkdirSync(scratch, { recursive: true });
  const { stdout } = await run(process.execPath, [layout.entry, '--version'], {
    capture: true,
    timeoutMs: 60_000,
    env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch, TMPDIR: scratch },
  });
  rmSync(scratch, { recursive: true, force: true });
  // It may log a line first ("Wrote default config file"), so look for the version line.
  if (!stdout.split('\n').some((l) => l.startsWith(`${CODE_SERVER_VERSION} `))) throw new Error(`code-server --version printed ${JSON.stringify(stdout.trim())}`);

  writeFileSync(
    path.join(dir, MARKER),
    JSON.stringify({ version: CODE_SERVER_VERSION, modules: process.versions.modules, arch: process.arch, installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
}

/**
 * VS Code's shrinkwrap pins some packages (@vscode/proxy-agent) to a git URL, which this machine
 * cannot reach. If the registry's tarball of the same version has the same integrity hash it is
 * the same bytes, so dropping `resolved` lets npm take it from the registry. Anything else is an
 * error: we never swap in different code silently.
 */
async function dropGitResolved(shrinkwrapPath, log) {
  const shrinkwrap = JSON.parse(readFileSync(shrinkwrapPath, 'utf8'));
  let changed = false;
  for (const [key, entry] of Object.entries(shrinkwrap.packages ?? {})) {
    if (!entry.resolved || entry.resolved.startsWith('https://registry.npmjs.org/')) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const { stdout } = await run('npm', ['view', `${name}@${entry.version}`, 'dist.integrity'], { capture: true, timeoutMs: 120_000 });
    const registryIntegrity = stdout.trim();
    if (!entry.integrity || registryIntegrity !== entry.integrity) {
      throw new Error(
        `${name}@${entry.version} in ${shrinkwrapPath} resolves to ${entry.resolved}, and the registry's ` +
          `tarball has a different integrity (${registryIntegrity || 'none'} vs ${entry.integrity || 'none'}): refusing to substitute it.`,
      );
    }
    log(`${name}@${entry.version}: registry tarball has the pinned integrity, using it instead of ${entry.resolved}`);
    delete entry.resolved;
    changed = true;
  }
  if (changed) writeFileSync(shrinkwrapPath, JSON.stringify(shrinkwrap, null, 2) + '\n');
}

function link(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch {
    // absent: fine
  }
  symlinkSync(target, linkPath);
}

/** Absolute path of a program on PATH, or undefined. */
export function which(program) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', program);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const CHECKS = {
  chromium: () => existsSync(chromiumPath),
  rg: () => Boolean(which('rg')),
  krb5: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
};

/**
 * Installs the Debian packages the tests need when one of the `need`ed tools is missing. CI
 * machines start fresh, so as root we install them; otherwise we say exactly what is missing.
 */
export async function ensureDebianPackages({ need, log }) {
  const missing = need.filter((n) => !CHECKS[n]());
  if (!missing.length) return;
  const command = `apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing ${missing.join(', ')}; install them with: sudo sh -c '${command}'`);
  }
  log(`missing ${missing.join(', ')}: ${command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt run (an unattended upgrade, a parallel job) may hold the lock: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  // A mirror that fails to refresh is not fatal by itself: the install below says whether the
  // packages could be found.
  await run('apt-get', [...lock, 'update', '-qq'], { env, timeoutMs: 10 * 60_000 }).catch((err) => log(`warning: ${err.message}`));
  await run('apt-get', [...lock, 'install', '-y', '-qq', ...DEBIAN_PACKAGES], { env, timeoutMs: 15 * 60_000 });
  const still = need.filter((n) => !CHECKS[n]());
  if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
}

// Run as a script: install, then print the folder (stdout) so shell scripts can use it.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { dir } = await ensureCodeServer();
    console.log(dir);
  } catch (err) {
    console.error(`ensure-code-server: ${err.message}`);
    process.exit(1);
  }
}

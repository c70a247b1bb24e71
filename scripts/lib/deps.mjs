// Installs the project's npm dependencies when they are missing or older than the lock file, so
// `npm test` and `npm run demo` work on a fresh clone (CI starts from one).
import { statSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';
import { repoRoot } from './paths.mjs';

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Why `npm ci` is needed, or undefined when node_modules matches package-lock.json. */
export function depsOutOfDate() {
  const installed = mtime(path.join(repoRoot, 'node_modules', '.package-lock.json'));
  if (installed === undefined) return 'node_modules is missing';
  if ((mtime(path.join(repoRoot, 'package-lock.json')) ?? 0) > installed) return 'package-lock.json is newer than node_modules';
  return undefined;
}

export async function ensureDeps({ log = (m) => console.error(m) } = {}) {
  const why = depsOutOfDate();
  if (!why) return false;
  log(`${why}: npm ci`);
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, timeoutMs: 15 * 60_000 });
  return true;
}

#!/usr/bin/env node
// Packages the extension into .vscode-test/bio-jobs.vsix with vsce: the same artefact a user
// installs in desktop VS Code, so the e2e tests and the demo exercise what ships. Builds nothing:
// dist/ must be current (`npm run build`). --no-dependencies because esbuild already bundled them.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { run } from './lib/proc.mjs';
import { repoRoot, vsixPath } from './lib/paths.mjs';

export async function packageVsix({ out = vsixPath, log = (m) => console.error(`[vsix] ${m}`) } = {}) {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const main = manifest.main && path.join(repoRoot, manifest.main);
  if (main && !existsSync(main)) throw new Error(`${manifest.main} is missing: run \`npm run build\` first`);

  // This package is installed locally (tests, demo), never shown by a marketplace, so README's
  // relative links need no rewriting to absolute repository URLs (which vsce can only derive
  // from a GitHub/GitLab "repository" and otherwise refuses to package).
  const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out];
  // Publishing metadata must not block a test build (vsce would prompt, and CI has no stdin);
  // say what is missing instead.
  if (!manifest.repository) {
    log('package.json has no "repository": packaging with --allow-missing-repository');
    args.push('--allow-missing-repository');
  }
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(path.join(repoRoot, f)))) {
    log('no LICENSE file: packaging with --skip-license');
    args.push('--skip-license');
  }
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, ...args], { cwd: repoRoot, capture: true, timeoutMs: 120_000, label: 'vsce package' });
  log(`${path.relative(process.cwd(), out)} (${Math.round(statSync(out).size / 1024)} KiB)`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await packageVsix();
  } catch (err) {
    console.error(`package-vsix: ${err.message}`);
    process.exit(1);
  }
}

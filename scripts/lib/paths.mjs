// Well-known locations, all relative to the repository root so scripts work from any cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Downloads and installs that are not the project's own dependencies (git-ignored). */
export const cacheDir = path.join(repoRoot, '.vscode-test');

/** Screenshots and logs from UI tests (git-ignored). */
export const resultsDir = path.join(repoRoot, 'test-results');

/** The packaged extension the e2e tests and the demo install. */
export const vsixPath = path.join(cacheDir, 'bio-jobs.vsix');

export const chromiumPath = '/usr/bin/chromium';

/**
 * The extension's entry point (dist/extension.js): loads the real extension (dist/main.js, built
 * from extension.ts) with a V8 code cache, then hands over to its `activate`.
 *
 * Why: compiling the 250 KB bundle and compiling each function the first time it runs were ~40 %
 * of loading it (docs/decisions.md, "Activation"). V8 can save that work and take it back on the
 * next start — what VS Code does for its own code and Node 22's module compile cache does. The
 * cache is made once per bundle, a few seconds after the first activation (off the user's path,
 * with the functions activation and the first tree rows used), kept in the extension's global
 * storage under the bundle's content hash, and used on every later activation. V8 checks its
 * version and flags and says when it rejects a cache; then a new one is made. Node built-ins only.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Script } from 'node:vm';
import type * as vscode from 'vscode';

type Main = typeof import('./extension');

/** After activation and the first tree rows: the cache then holds the functions they compiled. */
const CACHE_AFTER_MS = 2000;
const CACHE_DIR = 'code-cache';

let main: Main | undefined;

/**
 * Runs the CommonJS module `file` as Node would, compiled with the V8 code cache kept for its
 * content in `cacheDir` when there is one V8 accepts. `save` (absent when the cache was used)
 * writes a cache of what has been compiled so far and removes caches of other contents.
 */
export function loadWithCodeCache<T>(file: string, cacheDir: string): { exports: T; save?: () => Promise<void> } {
  const source = readFileSync(file, 'utf8');
  // V8 checks only the source's length against a cache: the name must change with the content.
  const key = createHash('sha256').update(source).digest('hex').slice(0, 32);
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    /* no cache yet */
  }
  // The CommonJS wrapper Node itself compiles a module in; `require` is this module's, so VS Code
  // resolves `vscode` for this extension.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapper, { filename: file, cachedData });
  const mod = { exports: {} as T };
  (script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void)(mod.exports, require, mod, file, path.dirname(file));
  if (cachedData && !script.cachedDataRejected) return { exports: mod.exports };
  return {
    exports: mod.exports,
    save: async () => {
      const data = script.createCachedData();
      await fsp.mkdir(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, data);
      await fsp.rename(tmp, cacheFile);
      // Caches of earlier versions of the bundle are of no use any more.
      for (const f of await fsp.readdir(cacheDir)) if (f !== path.basename(cacheFile)) await fsp.rm(path.join(cacheDir, f), { force: true });
    },
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<unknown> {
  const loaded = loadWithCodeCache<Main>(path.join(__dirname, 'main.js'), path.join(context.globalStorageUri.fsPath, CACHE_DIR));
  main = loaded.exports;
  const api = await main.activate(context);
  const save = loaded.save;
  if (save) {
    const timer = setTimeout(() => void save().catch(() => undefined), CACHE_AFTER_MS);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }
  return api;
}

export function deactivate(): void {
  main?.deactivate();
}

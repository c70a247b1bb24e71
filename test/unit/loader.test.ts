/**
 * The extension's loader: a bundle run through a V8 code cache kept per content (src/loader.ts).
 * Each load runs in a fresh node process, as each activation is a fresh extension host: within one
 * process V8's in-memory compilation cache answers a second compile of the same source and never
 * looks at the cache file.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const loaderJs = path.resolve(__dirname, '../../src/loader.js');

interface Loaded {
  answer: number;
  where: string;
  /** A cache was to be made (none, or V8 rejected it). */
  made: boolean;
}

/** Loads `file` in a fresh process and, when no cache was used, writes one (as activation does 2 s later). */
function loadFresh(file: string, cacheDir: string): Loaded {
  const script = `
    const { loadWithCodeCache } = require(${JSON.stringify(loaderJs)});
    const l = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
    const out = { answer: l.exports.answer(), where: l.exports.where(), made: !!l.save };
    Promise.resolve(l.save && l.save()).then(() => process.stdout.write(JSON.stringify(out)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Loaded;
}

describe('loader: the bundle with a V8 code cache', () => {
  let dir: string;
  let cacheDir: string;
  let file: string;
  const write = (answer: number) =>
    fs.writeFileSync(file, `const path = require('node:path');\nexports.answer = () => ${answer};\nexports.where = () => path.basename(__dirname) + '/' + path.basename(__filename);\n`);
  const caches = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-loader-'));
    cacheDir = path.join(dir, 'code-cache');
    file = path.join(dir, 'main.js');
    write(41);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the module as Node would (its require, __dirname, __filename), keeps a cache, and the next start uses it', () => {
    const first = loadFresh(file, cacheDir);
    assert.deepEqual(first, { answer: 41, where: `${path.basename(dir)}/main.js`, made: true });
    assert.equal(caches().length, 1);
    assert.match(caches()[0], /^main-[0-9a-f]{32}\.bin$/);
    assert.deepEqual(loadFresh(file, cacheDir), { ...first, made: false });
  });

  it('does not use the cache of another content of the same length, and removes it when the new one is made', () => {
    loadFresh(file, cacheDir);
    const old = caches();
    write(42); // same length: V8's own check would not tell them apart
    assert.deepEqual(loadFresh(file, cacheDir), { answer: 42, where: `${path.basename(dir)}/main.js`, made: true });
    assert.equal(caches().length, 1);
    assert.notDeepEqual(caches(), old);
  });

  it('runs the module from source when the cache is damaged, and makes a new one', () => {
    loadFresh(file, cacheDir);
    const [name] = caches();
    fs.writeFileSync(path.join(cacheDir, name), Buffer.from('not a code cache at all'));
    assert.deepEqual(loadFresh(file, cacheDir), { answer: 41, where: `${path.basename(dir)}/main.js`, made: true });
    assert.equal(loadFresh(file, cacheDir).made, false);
  });
});

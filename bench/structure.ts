/**
 * Structure viewer benchmark (part of `npm run bench`; alone: `node out/bench/structure.js`).
 *
 * Node: reading residues + pLDDT from a 5,000-residue PDB and its mmCIF, a 1,000-residue PAE.
 * Headless Chromium, WebGL through SwiftShader (software; --disable-gpu as in CI), the shipped
 * minified dist/webview/structure.js in the real shell and CSP, the file served as a webview
 * URI is:
 *   - from the file's bytes in the page to the first frame (the Cα trace) and to the frame
 *     with the cartoon, for a 5,000-residue, 4-chain model with a ligand;
 *   - the same-run baseline: one draw of 100,000 triangles on a bare WebGL2 canvas in the same
 *     Chromium (what software rendering costs on this machine at this moment), so the figures
 *     can be read against the machine's load.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parsePae } from '../src/core/pae';
import { readMmcif, readPdb } from '../src/core/structure';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser';
import { syntheticPae, syntheticStructure, toMmcif, toPdb } from '../test/e2e/structureFixture';
import { serveWebview } from '../test/e2e/webviewPage';
import { median, timeIt } from './stats';

export type Row = (what: string, value: string, note?: string) => void;

const root = path.resolve(__dirname, '../..');
const RUNS = 3;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function buildBundle(dir: string): Promise<void> {
  await esbuild.build({
    entryPoints: { structure: path.join(root, 'src/webview/structure/main.ts') },
    outdir: dir,
    bundle: true,
    minify: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    legalComments: 'none',
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
}

/** One draw of `triangles` small triangles on a bare WebGL2 canvas, timed to a readPixels (which waits for the draw). */
const GL_BASELINE = (triangles: number) => `(() => {
  const c = document.createElement('canvas'); c.width = 1000; c.height = 700; document.body.append(c);
  const gl = c.getContext('webgl2');
  const v = new Float32Array(${triangles} * 9); let s = 1; const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < ${triangles}; i++) { const x = r() * 1.4 - 0.7, y = r() * 1.4 - 0.7, z = r() * 2 - 1; for (let k = 0; k < 3; k++) { v[i * 9 + k * 3] = x + (r() - 0.5) * 0.02; v[i * 9 + k * 3 + 1] = y + (r() - 0.5) * 0.02; v[i * 9 + k * 3 + 2] = z; } }
  const sh = (t, src) => { const o = gl.createShader(t); gl.shaderSource(o, src); gl.compileShader(o); return o; };
  const p = gl.createProgram();
  gl.attachShader(p, sh(gl.VERTEX_SHADER, '#version 300 es\\nin vec3 a; out float d; void main(){ d = a.z; gl_Position = vec4(a, 1.0); }'));
  gl.attachShader(p, sh(gl.FRAGMENT_SHADER, '#version 300 es\\nprecision highp float; in float d; out vec4 o; void main(){ o = vec4(0.2, 0.5 + 0.5 * d, 0.9, 1.0); }'));
  gl.linkProgram(p); gl.useProgram(p);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer()); gl.bufferData(gl.ARRAY_BUFFER, v, gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0); gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0); gl.enable(gl.DEPTH_TEST);
  const draw = () => { gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT); gl.drawArrays(gl.TRIANGLES, 0, ${triangles} * 3); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); };
  draw();
  const t = performance.now(); draw(); return performance.now() - t;
})()`;

async function browser(row: Row, pdb: string): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    row('structure viewer in Chromium', 'skipped', `${CHROMIUM} is missing`);
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-structure-bench-'));
  const dist = path.join(scratch, 'dist');
  await buildBundle(dist);
  const server = await serveWebview(dist, 'structure');
  const uri = server.putFile('bench.pdb', pdb, 'chemical/x-pdb');
  const env = { ...process.env, TMPDIR: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch, HOME: scratch };
  let chrome: Browser | undefined;
  try {
    chrome = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env });
    const first: number[] = [];
    const cartoon: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await chrome.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript((reply) => ((globalThis as unknown as { __hostReply: unknown }).__hostReply = reply), {
        type: 'showStructure',
        title: 'bench.pdb',
        files: [{ name: 'bench.pdb', mediaType: 'chemical/x-pdb', size: pdb.length, view: 'structure', primary: true, uri }],
      });
      await page.goto(server.url);
      await page.locator('.stage[data-drawn="model"]').waitFor({ timeout: 300_000 });
      const [a, b] = await page.evaluate(() =>
        ['biojobs:structure:fileToFrame', 'biojobs:structure:fileToModel'].map((n) => (globalThis as unknown as { performance: { getEntriesByName(n: string): { duration: number }[] } }).performance.getEntriesByName(n)[0]?.duration ?? NaN),
      );
      first.push(a);
      cartoon.push(b);
      baseline.push(await page.evaluate(GL_BASELINE(100_000)));
      await context.close();
    }
    row('5,000 residues (4 chains, 39,449 atoms): file in the page → first frame (Cα trace)', ms(median(first)), `software WebGL, 1280 × 800, median of ${RUNS}: ${first.map(ms).join(', ')}`);
    row('5,000 residues: file in the page → cartoon frame', ms(median(cartoon)), `the trace is replaced; median of ${RUNS}: ${cartoon.map(ms).join(', ')}`);
    row('same-run baseline: one WebGL draw of 100,000 triangles (bare canvas)', ms(median(baseline)), `SwiftShader on this machine now; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  } finally {
    await chrome?.close();
    await server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function structureBench(row: Row): Promise<void> {
  const model = syntheticStructure({ residues: 5000, chains: 4, ligand: true });
  const pdb = toPdb(model);
  const cif = toMmcif(model);
  row(`read residues + pLDDT of a 5,000-residue PDB (${(pdb.length / 1048576).toFixed(1)} MB), node`, `${timeIt(5, () => readPdb(pdb)).toFixed(1)} ms`, 'median of 5');
  row(`the same as mmCIF (${(cif.length / 1048576).toFixed(1)} MB), node`, `${timeIt(5, () => readMmcif(cif)).toFixed(1)} ms`, 'median of 5');
  const paeJson = JSON.stringify([{ predicted_aligned_error: syntheticPae(syntheticStructure({ residues: 1000, chains: 2 })) }]);
  row(`read a 1,000 × 1,000 PAE (${(paeJson.length / 1048576).toFixed(1)} MB JSON), node`, `${timeIt(3, () => parsePae(JSON.parse(paeJson))).toFixed(0)} ms`, 'JSON.parse + checks, median of 3');
  await browser(row, pdb);
}

if (require.main === module) {
  const rows: string[][] = [];
  structureBench((what, value, note = '') => {
    rows.push([what, value, note]);
    console.log(`${what}: ${value} ${note}`);
  }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

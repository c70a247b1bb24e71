/**
 * Humanization report benchmark (part of `npm run bench`; alone: `node out/bench/report.js`).
 *
 * The response is what the humanization emulator answers over HTTP for its complete seeded job
 * (four strategies, all four analyses, ~70 KB), with its two PDB files. Measured:
 *   - node: reading the response into the report model, and writing the Markdown export;
 *   - headless Chromium, the shipped (minified) dist/webview/report.js in the real shell and CSP,
 *     a fresh page per run: "render" from the JSON parsed in the view to the frame that shows
 *     the page painted (model, DOM for every section, canvases, layout, paint), and "total" from
 *     the show message to that frame (fetching the file by its URI included); next to the same
 *     for an empty response (job only, no results) as the same-run baseline. Structure files
 *     are read after that frame and timed apart.
 * The machine's load average is printed with the figures: on a shared 2-core machine other work
 * only adds wall time, so the best run is given beside the median, and the main thread's CPU
 * time (Chrome's ThreadTime) as a figure that waiting for a core does not inflate.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { exportReport } from '../src/webview/report/model/export';
import { buildReport } from '../src/webview/report/model/report';
import { startHumanizationEmulator } from '../test/emulators/humanization/server';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser';
import { serveWebview, type ServedFile } from '../test/e2e/webviewPage';
import { median, timeIt } from './stats';

export type Row = (what: string, value: string, note?: string) => void;

const root = path.resolve(__dirname, '../..');
const RUNS = 7;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/* Browser globals inside page.evaluate (the bench compiles with the node libs only). */
declare const window: { __hostReply?: unknown };
declare const performance: { getEntriesByName(name: string): { duration: number; startTime: number }[] };

async function buildBundle(dir: string): Promise<void> {
  await esbuild.build({
    entryPoints: { report: path.join(root, 'src/webview/report/main.ts') },
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

const job = { id: 'bench', providerId: 'humanization', providerLabel: 'Antibody humanization', name: 'muMAb4D5 humanisation', status: 'succeeded', createdAt: 0, updatedAt: 0 };

interface Run {
  render: number;
  total: number;
  structures: number;
  /** CPU time of the page's main thread for the whole load (Chrome's ThreadTime metric), ms. */
  cpu: number;
}

export async function reportBench(row: Row): Promise<void> {
  const emu = await startHumanizationEmulator();
  const files = new Map<string, ServedFile>();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-report-bench-'));
  const dist = path.join(scratch, 'dist');
  try {
    const auth = { authorization: `Bearer ${emu.demoToken}` };
    const text = await (await fetch(`${emu.url}/jobs/${emu.seeded.full}`, { headers: auth })).text();
    const json = JSON.parse(text) as Record<string, { pdb_storage_path: string }>;
    const raw = JSON.parse(text) as unknown;
    row('read the full humanization response into the report model, node', ms(timeIt(20, () => buildReport(raw))), `median of 20; ${(text.length / 1024).toFixed(0)} KB, 4 strategies, all parts`);
    const model = buildReport(raw);
    row('write the Markdown export, node', ms(timeIt(20, () => exportReport(model, { jobName: 'x', provider: 'p', status: 's', exportedAt: '' }, 'markdown'))), 'median of 20');

    files.set('full/report.json', { type: 'application/json', body: text });
    files.set('empty/report.json', { type: 'application/json', body: JSON.stringify({ job: { id: emu.seeded.full, status: 'completed' }, results: [] }) });
    const list = (dir: string) => [{ name: 'report.json', mediaType: 'application/json', size: 1, view: 'report', primary: true, uri: `files/${dir}/report.json` }];
    const fullFiles = list('full');
    for (const part of ['structure_result', 'complex_result']) {
      const url = json[part].pdb_storage_path;
      const name = url.split('/').pop() as string;
      files.set(`full/${name}`, { type: 'chemical/x-pdb', body: await (await fetch(url, { headers: auth })).text() });
      fullFiles.push({ name, mediaType: 'chemical/x-pdb', size: 1, view: 'structure', primary: false, uri: `files/full/${name}` });
    }

    await buildBundle(dist);
    const server = await serveWebview(dist, 'report', files);
    const profile = path.join(scratch, 'profile');
    const env = { ...process.env, TMPDIR: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch, HOME: scratch };
    const chrome = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 }, env, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const once = async (fileList: typeof fullFiles): Promise<Run> => {
      const page: Page = await chrome.newPage();
      const cdp = await chrome.newCDPSession(page);
      await cdp.send('Performance.enable');
      const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
      const absolute = fileList.map((f) => ({ ...f, uri: `${server.url}${f.uri}` }));
      await page.addInitScript((m) => (window.__hostReply = m), { type: 'show', job, view: 'report', files: absolute });
      const cpu0 = await threadTime();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName('biojobs:report:total').length > 0 && performance.getEntriesByName('biojobs:report:structures').length > 0);
      const r = await page.evaluate(() => {
        const d = (n: string) => performance.getEntriesByName(n)[0]?.duration ?? NaN;
        const at = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
        return { render: d('biojobs:report:render'), total: d('biojobs:report:total'), structures: at('biojobs:report:structures') - at('biojobs:report:show') };
      });
      const cpu = ((await threadTime()) - cpu0) * 1000;
      await page.close();
      return { ...r, cpu };
    };
    try {
      await once(fullFiles); // warm the browser's disk cache and compiler once
      const full: Run[] = [];
      const empty: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        full.push(await once(fullFiles));
        empty.push(await once(list('empty')));
      }
      const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      const stat = (runs: Run[], k: keyof Run) => `${ms(median(runs.map((r) => r[k])))} (best ${ms(Math.min(...runs.map((r) => r[k])))})`;
      row('report view: full response, data in the view → all sections painted', stat(full, 'render'), `median of ${RUNS} fresh pages; empty response: ${stat(empty, 'render')}; load average ${load}`);
      row('report view: full response, show message → all sections painted', stat(full, 'total'), `file fetched by its URI; empty response: ${stat(empty, 'total')}`);
      row('report view: show message → both PDB files read into their slots', stat(full, 'structures'), `after the paint; 908 + 1,312 atoms`);
      row('report view: main-thread CPU time of the whole page load', stat(full, 'cpu'), `Chrome ThreadTime, bundle start-up included; empty response: ${stat(empty, 'cpu')}`);
    } finally {
      await chrome.close();
      await server.close();
    }
  } finally {
    await emu.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  reportBench((what, value, note) => console.log(`${what}: ${value}${note ? ` (${note})` : ''}`)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

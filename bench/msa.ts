/**
 * Alignment viewer benchmark (part of `npm run bench`; alone: `node out/bench/msa.js`).
 *
 * Node: parsing a 10,000 × 1,000 A3M / aligned FASTA, column statistics, writing A3M.
 * Headless Chromium (the shipped, minified dist/webview/msa.js in the real shell and CSP):
 *   - first paint: from posting the 10 MB alignment to the page until the frame after the
 *     viewer's first draw (parse, layout and drawing included; the host → webview transfer in
 *     VS Code is not);
 *   - scrolling: 300 animation frames, each moving the view 53 px down (and every third 40 px
 *     right); per frame the viewer's own work (its requestAnimationFrame callback, timed by a
 *     wrapper installed before the page loads) and the interval between frames.
 * Chromium runs with --disable-gpu (software raster), as in CI: a real GPU only helps.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { columnStats, parseAlignment, toA3m } from '../src/core/alignment';
import { syntheticAlignment } from '../test/e2e/alignmentFixture';
import { serveWebview } from '../test/e2e/webviewPage';
import { median, percentile, timeIt } from './stats';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser';

export type Row = (what: string, value: string, note?: string) => void;

const root = path.resolve(__dirname, '../..');
const SEQUENCES = 10_000;
const COLUMNS = 1000;
const FRAME_MS = 1000 / 60;

const ms = (x: number) => `${x.toFixed(1)} ms`;

function nodeParsing(row: Row, a3m: string, fasta: string): void {
  const mb = (a3m.length / 1048576).toFixed(1);
  row(`parse ${SEQUENCES.toLocaleString('en-US')} × ${COLUMNS.toLocaleString('en-US')} A3M (${mb} MB), node`, ms(timeIt(5, () => parseAlignment(a3m, { fileName: 'x.a3m' }))), 'median of 5; insertions cut out and kept');
  row('parse the same as aligned FASTA, node', ms(timeIt(5, () => parseAlignment(fasta, { fileName: 'x.afa' }))), 'median of 5');
  const aln = parseAlignment(a3m, { fileName: 'x.a3m' });
  row('consensus + conservation of all columns, node', ms(timeIt(5, () => columnStats(aln))), 'median of 5');
  row('write it back as A3M, node', ms(timeIt(5, () => toA3m(aln))), 'median of 5');
}

/** The shipped bundle: minified, as `npm run package` builds it. */
async function buildBundle(dir: string): Promise<void> {
  await esbuild.build({
    entryPoints: { msa: path.join(root, 'src/webview/msa/main.ts') },
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

/** Installed before the page's own scripts: times every requestAnimationFrame callback the page registers. */
const FRAME_PROBE = `
window.__work = [];
window.__raf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) => window.__raf((t) => {
  const start = performance.now();
  callback(t);
  window.__work.push({ start, end: performance.now() });
});`;

interface FirstPaint {
  drawn: number;
  frame: number;
  measures: Record<string, number>;
}

async function firstPaint(page: Page): Promise<FirstPaint> {
  return page.evaluate(`(async () => {
    const work = window.__work;
    work.length = 0;
    const t0 = performance.now();
    window.postMessage({ type: 'showAlignment', title: 'bench.a3m', fileName: 'bench.a3m', text: window.__text }, '*');
    // Polled once per frame: the first frame that finds a draw is the one after it was painted.
    const frame = await new Promise((resolve) => {
      const check = () => (work.length ? resolve(performance.now()) : window.__raf(check));
      window.__raf(check);
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // column statistics, after the frame
    const measures = {};
    for (const e of performance.getEntriesByType('measure')) measures[e.name] = e.duration;
    return { drawn: work[0].end - t0, frame: frame - t0, measures };
  })()`);
}

interface ScrollRun {
  /** The viewer's work per frame (ms). */
  work: number[];
  /** Intervals between consecutive frames (ms). */
  intervals: number[];
}

async function scroll(page: Page, steps: number): Promise<ScrollRun> {
  return page.evaluate(`(async () => {
    const el = document.querySelector('.viewer');
    const work = window.__work;
    await new Promise((resolve) => setTimeout(resolve, 200));
    work.length = 0;
    const stamps = [];
    await new Promise((resolve) => {
      let i = 0;
      const step = (t) => {
        stamps.push(t);
        if (i++ >= ${steps}) return resolve();
        el.scrollTop += 53;
        if (i % 3 === 0) el.scrollLeft += 40;
        window.__raf(step);
      };
      window.__raf(step);
    });
    return {
      work: work.map((w) => w.end - w.start),
      intervals: stamps.slice(1).map((t, i) => t - stamps[i]),
    };
  })()`);
}

function reportScroll(row: Row, label: string, run: ScrollRun): void {
  const dropped = run.intervals.filter((x) => x > FRAME_MS * 1.5).length;
  row(
    `${label}: viewer work per frame p50 / p95 / max`,
    `${run.work.length ? `${ms(percentile(run.work, 50))} / ${ms(percentile(run.work, 95))} / ${ms(Math.max(...run.work))}` : 'no frames'}`,
    `${run.work.length} draws`,
  );
  row(
    `${label}: frame interval p50 / p95 / max`,
    `${ms(percentile(run.intervals, 50))} / ${ms(percentile(run.intervals, 95))} / ${ms(Math.max(...run.intervals))}`,
    `${run.intervals.length} frames, ${dropped} longer than 1.5 frames`,
  );
}

async function browser(row: Row, a3m: string): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    row('alignment viewer in Chromium', 'skipped', `${CHROMIUM} is missing`);
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-msa-bench-'));
  const dist = path.join(scratch, 'dist');
  // Its size is in bench.ts's bundle rows.
  await buildBundle(dist);
  const server = await serveWebview(dist, 'msa');
  const env = { ...process.env, TMPDIR: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch, HOME: scratch };
  const chrome = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
  });
  const open = async (deviceScaleFactor: number): Promise<Page> => {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor });
    const page = await context.newPage();
    await page.addInitScript(FRAME_PROBE);
    await page.goto(server.url);
    await page.waitForFunction('window.__posted && window.__posted.length > 0');
    // Off the clock: the 10 MB crosses from node into the page first.
    await page.evaluate((text) => ((globalThis as unknown as { __text: string }).__text = text), a3m);
    return page;
  };
  const close = (page: Page) => page.context().close();
  try {
    const runs: FirstPaint[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await open(1);
      runs.push(await firstPaint(page));
      await close(page);
    }
    const pick = (f: (r: FirstPaint) => number) => median(runs.map(f));
    row('parse 10,000 × 1,000 A3M in the webview (Chromium)', ms(pick((r) => r.measures['biojobs:msa:parse'] ?? NaN)), 'median of 3 page loads');
    row('first paint after posting 10,000 × 1,000 A3M to the webview', ms(pick((r) => r.frame)), `first draw done at ${ms(pick((r) => r.drawn))}; 1280 × 800, median of 3`);
    row('column statistics in the webview', ms(pick((r) => r.measures['biojobs:msa:stats'] ?? NaN)), 'after first paint, in 8 ms slices: the conservation track follows');

    const page = await open(1);
    await firstPaint(page);
    reportScroll(row, 'scroll 300 frames, 12 px cells', await scroll(page, 300));
    // Overview: 2 px cells put ~250,000 cells in view; they are painted as pixels.
    await page.locator('.viewer').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('-');
    reportScroll(row, 'scroll 300 frames, 2 px overview', await scroll(page, 300));
    await close(page);

    const hidpi = await open(2);
    const fp = await firstPaint(hidpi);
    row('first paint, devicePixelRatio 2', ms(fp.frame), '2560 × 1600 device pixels');
    reportScroll(row, 'scroll 300 frames, 12 px cells, devicePixelRatio 2', await scroll(hidpi, 300));
    await close(hidpi);
  } finally {
    await chrome.close();
    await server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function msaBench(row: Row): Promise<void> {
  const a3m = syntheticAlignment({ sequences: SEQUENCES, columns: COLUMNS });
  const fasta = syntheticAlignment({ sequences: SEQUENCES, columns: COLUMNS, insertions: false });
  nodeParsing(row, a3m, fasta);
  await browser(row, a3m);
}

if (require.main === module) {
  msaBench((what, value, note) => console.log(`${what}: ${value}${note ? ` (${note})` : ''}`)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

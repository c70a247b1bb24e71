/**
 * Alignment viewer benchmark, part of `npm run bench`; `npm run bench -- --smoke` runs only this,
 * at tiny sizes, as a test (`npm test` does, so it cannot rot).
 *
 * Real time, in the real workbench: code-server + headless Chromium with the packaged extension
 * (as the UI tests run it). For each generated alignment (temp folder) the clock starts when the
 * user presses the mouse on "Bio Jobs Alignment Viewer" in Open With… and stops when the viewer
 * has drawn the first rows (the page's marker, set in the frame after that draw), then when every
 * row is read and when the statistics over all rows are drawn. Next to each: the raw read of the
 * same file in the same run (`cat file > /dev/null`, page cache warm) and the ratio.
 * Memory: the extension host's resident size (peak during the load minus before), the Chromium
 * renderer processes of the window (workbench and webview share one process in code-server: its
 * growth is an upper bound for the webview) and the webview frame's JS heap. Scrolling: 300
 * frames, the viewer's own work per frame (its draw, timed by itself) and the frame intervals,
 * against the same on a 10-row alignment.
 * Node: the streaming reader's throughput on 100 MB next to reading the same bytes from disk.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { syntheticBlocks } from '../test/e2e/alignmentFixture';
import { openWorkbench, type Workbench } from '../test/e2e/harness';
import { median, percentile } from './stats';

export type Row = (what: string, value: string, note?: string) => void;

const root = path.resolve(__dirname, '../..');
const VIEWER = 'Bio Jobs Alignment Viewer';
const MB = 1024 * 1024;

interface Case {
  label: string;
  file: string;
  sequences: number;
  columns: number;
  /** Open it this many more times for the first rows alone, and judge the median. */
  repeatFirstRows?: number;
  /** Targets of issue 11 (undefined: measured, no target). */
  target?: { firstRowsMs?: number; rawReadRatio?: number; statsMs?: number; hostMB?: number; webviewMB?: number; scrollP95?: boolean };
}

export interface CaseResult {
  label: string;
  sequences: number;
  columns: number;
  bytes: number;
  rawReadMs: number;
  /** `readFileSync` of the file in a node process of its own, median of 3: the raw read the parse target uses. */
  nodeReadMs: number;
  firstRowsMs: number;
  firstRowsRatio: number;
  /** All first-rows samples (this open and the repeats), when repeated; firstRowsMs is then their median. */
  firstRowsSamples?: number[];
  loadedMs: number;
  statsMs: number;
  hostDeltaMB: number;
  rendererDeltaMB: number;
  webviewHeapMB: number;
  scroll: { workP50: number; workP95: number; workMax: number; intervalP95: number; frames: number; slowFrames: number };
  /** Milliseconds from the click: the webview document started, its worker ran, the host's alignmentOpen arrived, the first rows came from the worker. */
  phases: { pageStarted: number; workerStarted: number; fileOpened: number; firstBatch: number; viewerBuilt: number; drawCalled: number };
  targets: Record<string, { target: string; met: boolean }>;
}

export interface MsaResults {
  cases: CaseResult[];
  baselineScroll?: CaseResult['scroll'];
  /** Every row read (ms from the click) per way of carrying the file (TRANSFER_MODES), alternated. */
  transfer: { file: string; modes: Record<string, number[]> }[];
  /** First rows of the 10-row file, opened again after the first open (ms from the click). */
  baselineFirstRows?: number[];
  /** Node parse throughput; `ratio` is against `rawReadMs` (readFileSync), the issue's baseline. */
  parse: { file: string; bytes: number; rawReadMs: number; streamReadMs: number; byteScanMs: number; parseMs: number; ratio: number }[];
  failures: string[];
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
const n = (x: number) => x.toLocaleString('en-US');

function writeWorkspaceSettings(dir: string, settings: Record<string, unknown>): void {
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings));
}

function writeAlignment(file: string, sequences: number, columns: number, insertions = true): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const block of syntheticBlocks({ sequences, columns, insertions })) fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `fs.readFileSync(file)` in a fresh node process, median of 3: the raw read the parse target is
 * judged against (and of the order of the issue's own "raw file read" figures: 0.40 s for 10^8
 * residues), where `cat` of a cached file only copies pages the kernel already holds.
 */
function nodeRead(file: string): number {
  const script = 'const t = performance.now(); require("fs").readFileSync(process.argv[1]); console.log(performance.now() - t);';
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push(Number(execFileSync(process.execPath, ['-e', script, file], { encoding: 'utf8' }).trim()));
  return median(times);
}

/** `cat file > /dev/null`, median of 3 (the first also warms the page cache). */
function rawRead(file: string): number {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    execFileSync('sh', ['-c', 'cat "$0" > /dev/null', file]);
    if (i > 0) times.push(performance.now() - t);
  }
  return median(times);
}

// ---------------------------------------------------------------------------------------------
// Processes (Linux /proc)

function rssMB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmd: string }[] {
  const out: { pid: number; ppid: number; cmd: string }[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, cmd: fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function extensionHostPid(serverPid: number): number | undefined {
  const all = processes();
  const mine = new Set([serverPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!mine.has(p.pid) && mine.has(p.ppid)) grew = mine.add(p.pid).size > 0;
  }
  return all.find((p) => mine.has(p.pid) && /--type=extensionHost/.test(p.cmd))?.pid;
}

function rendererPids(scratch: string): number[] {
  const profile = `--user-data-dir=${path.join(scratch, 'chromium')}`;
  return processes()
    .filter((p) => p.cmd.includes(profile) && p.cmd.includes('--type=renderer'))
    .map((p) => p.pid);
}

/** Samples the peak resident size of the extension host and of the renderers until stopped. */
function sampler(hostPid: number, scratch: string): { stop(): { host: number; renderers: number } } {
  let host = rssMB(hostPid);
  let renderers = 0;
  const take = () => {
    host = Math.max(host, rssMB(hostPid));
    renderers = Math.max(renderers, rendererPids(scratch).reduce((sum, pid) => sum + rssMB(pid), 0));
  };
  take();
  const timer = setInterval(take, 50);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { host, renderers };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The workbench

async function closeEditors(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors');
  await wb.page.waitForTimeout(1500);
}

/** The page's `performance`, as far as used here (this file compiles without the DOM library). */
interface PagePerformance {
  timeOrigin: number;
  now(): number;
  memory?: { usedJSHeapSize: number };
}

interface ScrollRun {
  work: number[];
  intervals: number[];
}

async function scroll(wb: Workbench, steps: number): Promise<ScrollRun> {
  const viewer = wb.webviewFrame().locator('.viewer');
  return viewer.evaluate(async (el, count) => {
    const view = el as unknown as { scrollTop: number; scrollLeft: number };
    const log = (globalThis as unknown as { biojobsMsaFrames: { times: Float32Array; count: number } }).biojobsMsaFrames;
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): number }).requestAnimationFrame;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = log.count;
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      let i = 0;
      const step = (t: number) => {
        stamps.push(t);
        if (i++ >= count) return resolve();
        view.scrollTop += 53;
        if (i % 3 === 0) view.scrollLeft += 40;
        raf(step);
      };
      raf(step);
    });
    const work: number[] = [];
    for (let k = before; k < log.count; k++) work.push(log.times[k % log.times.length]);
    return { work, intervals: stamps.slice(1).map((t, i) => t - stamps[i]) };
  }, steps);
}

function scrollFigures(run: ScrollRun): CaseResult['scroll'] {
  return {
    workP50: percentile(run.work, 50),
    workP95: percentile(run.work, 95),
    workMax: Math.max(...run.work),
    intervalP95: percentile(run.intervals, 95),
    frames: run.work.length,
    slowFrames: run.intervals.filter((x) => x > 25).length,
  };
}

/**
 * Makes the final click of Open With… and starts the clock at its mousedown (the page's clock);
 * `marker(name)` waits for the viewer's marker and says when it was set, from that mousedown.
 */
async function timedClick(wb: Workbench, click: () => Promise<void>, timeoutMs: number): Promise<{ t0: number; marker: (name: string) => Promise<number> }> {
  await wb.page.evaluate(() => {
    // Page globals only: this function runs in the browser (no module imports there).
    const w = globalThis as unknown as { __benchT0: number; performance: PagePerformance; addEventListener(t: string, f: () => void, o: object): void };
    w.__benchT0 = 0;
    w.addEventListener('mousedown', () => (w.__benchT0 = w.performance.timeOrigin + w.performance.now()), { capture: true, once: true });
  });
  await click();
  const t0 = await wb.page.evaluate(() => (globalThis as unknown as { __benchT0: number }).__benchT0);
  const html = wb.webviewFrame().locator('html');
  const marker = async (name: string): Promise<number> => {
    await wb.webviewFrame().locator(`html[data-${name}]`).waitFor({ state: 'attached', timeout: timeoutMs });
    const value = (await html.getAttribute(`data-${name}`)) ?? '';
    return Number(value.split(' ')[1]) - t0;
  };
  return { t0, marker };
}

/** Opens `file` once more with Open With…, and says when the viewer's marker `name` was set, from the click. */
async function openTimed(wb: Workbench, file: string, name: 'msa-first-rows' | 'msa-loaded', timeoutMs: number): Promise<number> {
  const { marker } = await timedClick(wb, await wb.openWith(path.basename(file), VIEWER), timeoutMs);
  return marker(name);
}

/** A way the file reaches the page (src/ui/alignmentEditor.ts), chosen by workspace settings, and what the page must report. */
interface TransferMode {
  label: string;
  settings: Record<string, string>;
  transfer: string;
  encoding: string;
}

const TRANSFER_MODES: TransferMode[] = [
  { label: 'loopback link', settings: {}, transfer: 'link', encoding: 'identity' },
  { label: 'websocket, chunks deflated', settings: { 'biojobs.alignmentViewer.transfer': 'stream' }, transfer: 'stream', encoding: 'deflate-raw' },
  { label: 'websocket, plain', settings: { 'biojobs.alignmentViewer.transfer': 'stream', 'biojobs.alignmentViewer.compress': 'never' }, transfer: 'stream', encoding: 'identity' },
];

/**
 * What each way of carrying the file costs: `file` opened `rounds` times in each mode, the modes
 * alternated (the machine's load drifts), each timed from the click to every row read.
 */
async function transferRounds(wb: Workbench, dir: string, file: string, rounds: number, modes: TransferMode[], timeoutMs: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(modes.map((m) => [m.label, [] as number[]]));
  for (let i = 0; i < rounds; i++) {
    for (const mode of modes) {
      // A workspace setting, read by the extension each time it opens a file.
      writeWorkspaceSettings(dir, mode.settings);
      await wb.page.waitForTimeout(500);
      const loaded = await openTimed(wb, file, 'msa-loaded', timeoutMs);
      const html = wb.webviewFrame().locator('html');
      const got = `${await html.getAttribute('data-msa-transfer')}/${await html.getAttribute('data-msa-encoding')}`;
      if (got !== `${mode.transfer}/${mode.encoding}`) throw new Error(`${mode.label}, round ${i + 1}: the page got the file by ${got}`);
      out[mode.label].push(loaded);
      await closeEditors(wb);
    }
  }
  writeWorkspaceSettings(dir, {});
  return out;
}

/** Opens `file` `times` more times, each timed from the click to the first rows drawn (one sample is noise on a shared machine). */
async function firstRowsRepeated(wb: Workbench, file: string, times: number, timeoutMs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    samples.push(await openTimed(wb, file, 'msa-first-rows', timeoutMs));
    await closeEditors(wb);
  }
  return samples;
}

async function openCase(wb: Workbench, c: Case, timeoutMs: number): Promise<CaseResult> {
  const bytes = fs.statSync(c.file).size;
  const rawReadMs = rawRead(c.file);
  const nodeReadMs = nodeRead(c.file);
  // The extension host starts a moment after the workbench.
  let hostPid = extensionHostPid(wb.serverPid);
  for (let i = 0; !hostPid && i < 60; i++) {
    await wb.page.waitForTimeout(500);
    hostPid = extensionHostPid(wb.serverPid);
  }
  if (!hostPid) throw new Error('extension host process not found');
  const click = await wb.openWith(path.basename(c.file), VIEWER);
  const watch = sampler(hostPid, wb.scratch);
  const hostBefore = rssMB(hostPid);
  const renderersBefore = rendererPids(wb.scratch).reduce((sum, pid) => sum + rssMB(pid), 0);
  const { t0, marker } = await timedClick(wb, click, timeoutMs);
  const html = wb.webviewFrame().locator('html');
  const firstRowsMs = await marker('msa-first-rows');
  const loadedMs = await marker('msa-loaded');
  const statsMs = await marker('msa-stats');
  const peak = watch.stop();
  // Where the time to the first rows went: the page's own marks (epoch ms) against the click.
  const phases = await html.evaluate((_, load) => {
    const p = (globalThis as unknown as { performance: PagePerformance & { getEntriesByType(t: string): { name: string; startTime: number }[] } }).performance;
    const at = (name: string) => p.getEntriesByType('mark').find((m) => m.name === name)?.startTime;
    const epoch = (t: number | undefined) => (t === undefined ? NaN : p.timeOrigin + t);
    return { page: p.timeOrigin, worker: epoch(at('biojobs:msa:worker')), open: epoch(at(`biojobs:msa:open:${load}`)), firstBatch: epoch(at(`biojobs:msa:first-batch:${load}`)), viewer: epoch(at(`biojobs:msa:viewer:${load}`)), drawn: epoch(at(`biojobs:msa:drawn:${load}`)) };
  }, Number(((await html.getAttribute('data-msa-first-rows')) ?? '1').split(' ')[0]));
  const summary = await wb.webviewFrame().locator('.statusbar .summary').innerText();
  if (!summary.startsWith(`${n(c.sequences)} sequences × ${n(c.columns)} columns`)) throw new Error(`${c.label}: the viewer says "${summary}"`);
  const webviewHeapMB = (await html.evaluate(() => (globalThis as unknown as { performance: PagePerformance }).performance.memory?.usedJSHeapSize ?? 0)) / MB;
  const scrollRun = scrollFigures(await scroll(wb, 300));
  await closeEditors(wb);
  return {
    label: c.label,
    sequences: c.sequences,
    columns: c.columns,
    bytes,
    rawReadMs,
    nodeReadMs,
    firstRowsMs,
    firstRowsRatio: firstRowsMs / rawReadMs,
    loadedMs,
    statsMs,
    hostDeltaMB: peak.host - hostBefore,
    rendererDeltaMB: peak.renderers - renderersBefore,
    webviewHeapMB,
    scroll: scrollRun,
    phases: { pageStarted: phases.page - t0, workerStarted: phases.worker - t0, fileOpened: phases.open - t0, firstBatch: phases.firstBatch - t0, viewerBuilt: phases.viewer - t0, drawCalled: phases.drawn - t0 },
    targets: {},
  };
}
function judge(c: Case, r: CaseResult, baseline: CaseResult['scroll'] | undefined): void {
  const t = c.target;
  if (!t) return;
  const add = (key: string, target: string, met: boolean) => (r.targets[key] = { target, met });
  if (t.firstRowsMs !== undefined) add('first rows', `< ${ms(t.firstRowsMs)}`, r.firstRowsMs < t.firstRowsMs);
  if (t.rawReadRatio !== undefined) add('first rows / raw read', `≤ ${t.rawReadRatio} ×`, r.firstRowsRatio <= t.rawReadRatio);
  if (t.statsMs !== undefined) add('all statistics', `≤ ${ms(t.statsMs)}`, r.statsMs <= t.statsMs);
  if (t.hostMB !== undefined) add('extension host', `< +${t.hostMB} MB`, r.hostDeltaMB < t.hostMB);
  if (t.webviewMB !== undefined) add('webview', `< ${t.webviewMB} MB`, r.rendererDeltaMB < t.webviewMB);
  if (t.scrollP95 && baseline) add('scroll p95', `≤ 10-row file (${baseline.workP95.toFixed(1)} ms)`, r.scroll.workP95 <= baseline.workP95 + 1);
}

function report(row: Row, r: CaseResult): void {
  const size = `${n(r.sequences)} × ${n(r.columns)} (${(r.bytes / MB).toFixed(0)} MB)`;
  const mark = (key: string) => (r.targets[key] ? ` — target ${r.targets[key].target}: ${r.targets[key].met ? 'met' : 'NOT met'}` : '');
  const samples = r.firstRowsSamples ? `median of ${r.firstRowsSamples.length} opens (${r.firstRowsSamples.map((x) => Math.round(x)).join(', ')} ms); ` : '';
  row(
    `${size}: Open With… → first rows drawn`,
    ms(r.firstRowsMs),
    `${samples}raw read (cat of the cached file) ${ms(r.rawReadMs)}, ratio ${r.firstRowsRatio.toFixed(1)} ×${mark('first rows')}${mark('first rows / raw read')}; ` +
      `against readFileSync in node (${ms(r.nodeReadMs)}) ${(r.firstRowsMs / r.nodeReadMs).toFixed(1)} ×`,
  );
  const ph = r.phases;
  row(
    `${size}: where the time to the first rows went`,
    `page ${ms(ph.pageStarted)} · file opened ${ms(ph.fileOpened)} · worker ${ms(ph.workerStarted)} · first rows parsed ${ms(ph.firstBatch)} · viewer built ${ms(ph.viewerBuilt)} · drawn ${ms(ph.drawCalled)} · on screen ${ms(r.firstRowsSamples?.[0] ?? r.firstRowsMs)}${r.firstRowsSamples ? ' (the first of the opens)' : ''}`,
    'from the click: the webview document starts, the host says which file (after its stat), the worker script is running, the worker sends the first 256 rows, the viewer is in the page, its first draw of rows ran, the frame after it',
  );
  row(`${size}: every row read`, ms(r.loadedMs), `real time from the click; ${(r.bytes / MB / (r.loadedMs / 1000)).toFixed(1)} MB/s through the extension host → webview connection`);
  row(`${size}: statistics over all rows drawn`, ms(r.statsMs), `consensus, conservation, logo${mark('all statistics')}`);
  row(`${size}: extension host memory`, `+${r.hostDeltaMB.toFixed(0)} MB`, `peak during the load${mark('extension host')}`);
  row(`${size}: webview memory`, `+${r.rendererDeltaMB.toFixed(0)} MB`, `renderer process(es) of the window, peak; the frame's JS heap ${r.webviewHeapMB.toFixed(0)} MB${mark('webview')}`);
  row(
    `${size}: scroll, viewer work per frame p50 / p95 / max`,
    `${r.scroll.workP50.toFixed(1)} / ${r.scroll.workP95.toFixed(1)} / ${r.scroll.workMax.toFixed(1)} ms`,
    `${r.scroll.frames} draws, frame interval p95 ${r.scroll.intervalP95.toFixed(1)} ms${mark('scroll p95')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Node: parse throughput against the raw read

export type ParseFigure = MsaResults['parse'][number];

/**
 * The streaming reader on a whole file in memory (1 MiB chunks, as the worker is fed), next to
 * three baselines of the same run (bench/parseProcess.ts, in a fresh node process): `readFileSync` of the file (the "raw read" the issue's target
 * is stated against), a streaming read in 1 MiB chunks into one buffer (no allocation: the copy
 * out of the page cache alone) and one JS pass over every byte. Median of 5, interleaved so load
 * on the machine falls on all of them alike.
 */
export function parseThroughput(row: Row, file: string, label: string): ParseFigure {
  // In a process of its own that loads only the reader, as the webview's worker is an isolate
  // of its own: this process holds Playwright and the workbench driver (~37 MB live), which makes
  // every garbage collection of the parse's output dearer than in the worker.
  const out = execFileSync(process.execPath, [path.join(__dirname, 'parseProcess.js'), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { bytes, rawReadMs, streamReadMs, byteScanMs, parseMs } = JSON.parse(out) as Omit<ParseFigure, 'file' | 'ratio'>;
  const mbps = (x: number) => `${Math.round(bytes / MB / (x / 1000))} MB/s`;
  const ratio = rawReadMs / parseMs;
  row(
    `parse ${label} (${(bytes / MB).toFixed(0)} MB), node`,
    `${mbps(parseMs)} (${ms(parseMs)})`,
    `${ratio.toFixed(2)} × the raw read (readFileSync ${mbps(rawReadMs)}, ${ms(rawReadMs)}) — target ≥ 0.5 ×: ${ratio >= 0.5 ? 'met' : 'NOT met'}; ` +
      `${(streamReadMs / parseMs).toFixed(2)} × a 1 MiB streaming read (${mbps(streamReadMs)}); ${(byteScanMs / parseMs).toFixed(2)} × one JS pass over every byte (${mbps(byteScanMs)}); median of 5, 1 MiB chunks`,
  );
  return { file: label, bytes, rawReadMs, streamReadMs, byteScanMs, parseMs, ratio };
}

/** `npm run bench -- --parse`: only the node parse figures, on 100,000 × 1,000 A3M and aligned FASTA. */
export function parseBench(row: Row): ParseFigure[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-parse-bench-'));
  try {
    const a3m = path.join(dir, 'msa-100k.a3m');
    const fasta = path.join(dir, 'msa-100k.afa');
    writeAlignment(a3m, 100_000, 1000);
    writeAlignment(fasta, 100_000, 1000, false);
    return [parseThroughput(row, a3m, '100,000 × 1,000 A3M'), parseThroughput(row, fasta, '100,000 × 1,000 aligned FASTA')];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

export async function msaBench(row: Row, { smoke = false } = {}): Promise<MsaResults> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-msa-bench-'));
  const results: MsaResults = { cases: [], parse: [], transfer: [], failures: [] };
  try {
    const file = (name: string) => path.join(dir, name);
    const cases: Case[] = smoke
      ? [{ label: 'smoke', file: file('smoke.a3m'), sequences: 300, columns: 80 }]
      : [
          { label: '10k', file: file('msa-10k.a3m'), sequences: 10_000, columns: 1000, repeatFirstRows: 4, target: { firstRowsMs: 500 } },
          {
            label: '100k',
            file: file('msa-100k.a3m'),
            sequences: 100_000,
            columns: 1000,
            target: { firstRowsMs: 2000, rawReadRatio: 5, statsMs: 3000, hostMB: 100, webviewMB: 400, scrollP95: true },
          },
          { label: '1M', file: file('msa-1m.a3m'), sequences: 1_000_000, columns: 100, target: { firstRowsMs: 4000, rawReadRatio: 10, statsMs: 6000, scrollP95: true } },
        ];
    // BIOJOBS_BENCH_CASES=100k,1M: only those cases, without the node parse figures (a quicker loop while tuning).
    const only = process.env.BIOJOBS_BENCH_CASES?.split(',');
    if (only) cases.splice(0, cases.length, ...cases.filter((c) => only.includes(c.label)));
    const baselineFile = file('ten-rows.a3m');
    writeAlignment(baselineFile, 10, smoke ? 80 : 1000);
    for (const c of cases) writeAlignment(c.file, c.sequences, c.columns);

    // Parse throughput in node, same files, same run.
    if (smoke) results.parse.push(parseThroughput(row, cases[0].file, 'smoke A3M'));
    else if (!only) {
      const fasta = file('msa-100k.afa');
      writeAlignment(fasta, 100_000, 1000, false);
      results.parse.push(parseThroughput(row, cases[1].file, '100,000 × 1,000 A3M'));
      results.parse.push(parseThroughput(row, fasta, '100,000 × 1,000 aligned FASTA'));
      fs.rmSync(fasta);
    }

    const wb = await openWorkbench({ workspace: dir, settings: { 'workbench.startupEditor': 'none' } });
    try {
      const timeout = smoke ? 60_000 : 180_000;
      const baseline = await openCase(wb, { label: '10 rows', file: baselineFile, sequences: 10, columns: smoke ? 80 : 1000 }, timeout);
      results.baselineScroll = baseline.scroll;
      // The floor for "first rows": the same viewer on a 10-row file, opened again (extension active, page cache warm).
      if (!smoke) {
        const floor = await firstRowsRepeated(wb, baselineFile, 4, timeout);
        results.baselineFirstRows = floor;
        row('10 × 1,000: Open With… → first rows drawn, opened again', ms(median(floor)), `median of ${floor.length} opens (${floor.map((x) => Math.round(x)).join(', ')} ms): the floor, VS Code opening a webview editor plus the viewer's start`);
      }
      row(
        `10 × ${n(baseline.columns)}: scroll, viewer work per frame p50 / p95 / max`,
        `${baseline.scroll.workP50.toFixed(1)} / ${baseline.scroll.workP95.toFixed(1)} / ${baseline.scroll.workMax.toFixed(1)} ms`,
        `the baseline for scrolling; first rows ${ms(baseline.firstRowsMs)} after the click`,
      );
      for (const c of cases) {
        try {
          const r = await openCase(wb, c, timeout);
          if (c.repeatFirstRows) {
            r.firstRowsSamples = [r.firstRowsMs, ...(await firstRowsRepeated(wb, c.file, c.repeatFirstRows, timeout))];
            r.firstRowsMs = median(r.firstRowsSamples);
            r.firstRowsRatio = r.firstRowsMs / r.rawReadMs;
          }
          judge(c, r, baseline.scroll);
          results.cases.push(r);
          report(row, r);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          results.failures.push(`${c.label}: ${reason}`);
          row(`${n(c.sequences)} × ${n(c.columns)}`, 'FAILED', reason.split('\n')[0]);
          await wb.screenshot(`bench-failed-${c.label}`).catch(() => undefined);
          await closeEditors(wb).catch(() => undefined);
        }
      }
      // The same run's baseline for "every row read": the file over the websocket, as before the link.
      const transfers: [string, number, TransferMode[]][] = [
        ['10k', 5, TRANSFER_MODES],
        ['100k', 2, TRANSFER_MODES.slice(0, 2)],
      ];
      for (const [label, rounds, modes] of transfers) {
        const c = cases.find((x) => x.label === label);
        if (!c || smoke) continue;
        const times = await transferRounds(wb, dir, c.file, rounds, modes, timeout);
        results.transfer.push({ file: label, modes: times });
        const size = fs.statSync(c.file).size;
        const rate = (t: number) => `${(size / MB / (t / 1000)).toFixed(1)} MB/s`;
        const first = median(times[modes[0].label]);
        row(
          `${n(c.sequences)} × ${n(c.columns)} (${Math.round(size / MB)} MB): every row read, ${modes.map((m) => m.label).join(' / ')}`,
          modes.map((m) => `${ms(median(times[m.label]))} (${rate(median(times[m.label]))})`).join(' / '),
          `medians of ${rounds} opens each, alternated (${modes.map((m) => times[m.label].map(Math.round).join(', ')).join(' / ')} ms); ${modes
            .slice(1)
            .map((m) => `${m.label} ${(median(times[m.label]) / first).toFixed(2)} × as long`)
            .join(', ')}`,
        );
      }
    } finally {
      await wb.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Packages the extension the workbench installs from the current sources, minified as it ships (`npm run package`). */
export async function packageExtension(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'ignore' });
  try {
    const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ packageVsix(): Promise<string> }>;
    const { packageVsix } = await importEsm(path.join(root, 'scripts', 'package-vsix.mjs'));
    await packageVsix();
  } finally {
    // dist/ back to the development build (source maps) that the other scripts expect.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  }
}

/**
 * The alignment viewer webview in a real browser (Debian Chromium via playwright-core): the built
 * dist/webview/msa.js + .css inside the extension's real HTML shell and CSP, its worker
 * (dist/webview/msaWorker.js), a fake VS Code host recording what the page posts. The file
 * arrives as the custom editor sends it (alignmentOpen, chunks of bytes, alignmentEnd) or, for a
 * job result, by URI. Residues are drawn on a canvas, so the checks read what a user reads: the
 * status line, the tooltip, and pixels of the canvas.
 *
 *   node esbuild.mjs && npx tsc -p . && npx mocha --no-config --timeout 120000 out/test/e2e/msa-viewer.test.js
 * (the suite runs the build itself). Screenshots: test-results/msa-*.png.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchHeadless, type HeadlessBrowser } from './browser';
import type { HostMessage, JobSummaryView, WebviewMessage } from '../../src/shared/protocol';
import { syntheticAlignment } from './alignmentFixture';
import { serveWebview, type WebviewPage } from './webviewPage';

/*
 * Browser globals used inside page.evaluate callbacks. This file compiles with the node libs
 * only (no DOM lib for the whole program), so the few it touches are declared here, locally.
 */
interface ElementLike {
  textContent: string | null;
  scrollTop: number;
  scrollLeft: number;
  scrollHeight: number;
  clientHeight: number;
}
interface CanvasLike {
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
declare const window: {
  __posted: WebviewMessage[];
  __loads?: number;
  __state: unknown;
  __csp: string[];
  __hostReply?: unknown;
  devicePixelRatio: number;
  postMessage(message: unknown, targetOrigin: string): void;
};
declare const document: {
  querySelector(selector: string): ElementLike | null;
  querySelectorAll(selector: string): { length: number };
  documentElement: { dataset: Record<string, string | undefined> };
};
declare class TextEncoder {
  encode(text: string): Uint8Array;
}
declare function requestAnimationFrame(callback: () => void): number;

const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results');

/** Query first; hit_2 has two residues inserted after column 4; hit_3 after 16 and at the end. */
const SMALL_A3M = [
  '>query Seed protein',
  'MKVLAAGIVGLLLAGC-STEK',
  '>hit_1 E=1e-30',
  'MKVLAAGIVGLLLAGC-STEK',
  '>hit_2 some description',
  'MKVLaaAAGIVGLLLAGCASTEK',
  '>hit_3',
  '--VLAAGIVGLLIAGCxy-STEKdd',
  '>hit_4',
  'MRVLSAGIIGLLLAGC-STDK',
  '>hit_5',
  '----AAGIVGLLLAGC-S---',
  '>hit_6_with_a_rather_long_name_that_is_cut',
  'MKVLAAGLVGLLVSGC-STEK',
  '',
].join('\n');

/** Names end at the first space, so the name's attack has none; the description's does. */
const XSS_NAME = '<img/src=x/onerror=alert(1)>';
const XSS = '<img src=x onerror=alert(2)>';

/** A result panel's `show` (contract v2): the file by URI. */
interface ShowFiles {
  type: 'show';
  job: JobSummaryView;
  view: string;
  files: { name: string; mediaType: string; size: number; view: string; primary: boolean; uri: string; link?: string }[];
}

function job(name: string): JobSummaryView {
  return {
    id: 'job-msa-1',
    providerId: 'openprotein',
    providerLabel: 'OpenProtein.AI',
    remoteId: 'c0ffee',
    name,
    status: 'succeeded',
    createdAt: Date.UTC(2026, 10, 23, 9, 0),
    updatedAt: Date.UTC(2026, 10, 23, 9, 4),
  };
}

interface Geometry {
  x: number;
  y: number;
  namesWidth: number;
  headerHeight: number;
  queryTop: number;
  cellWidth: number;
  cellHeight: number;
  scrollLeft: number;
  scrollTop: number;
}

describe('alignment viewer webview in Chromium', function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let server: WebviewPage;
  let browser: HeadlessBrowser | undefined;
  const dialogs: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    server = await serveWebview(path.join(ROOT, 'dist', 'webview'), 'msa', { workers: true });
    browser = await launchHeadless({ width: 1180, height: 760 }, 'biojobs-msa-');
    context = browser.context;
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(options: { reply?: HostMessage | ShowFiles; state?: unknown; first?: object } = {}): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    if (options.reply) await page.addInitScript((m) => (window.__hostReply = m), options.reply);
    if (options.state) {
      // The fake host clears __state as the page loads; keep the seeded state through that.
      await page.addInitScript((seed) => {
        let value: unknown = seed;
        Object.defineProperty(window, '__state', {
          configurable: true,
          get: () => value,
          set: (v: unknown) => {
            if (v !== undefined) value = v;
          },
        });
      }, options.state);
    }
    await page.goto(options.first ? `${server.url}?first=${encodeURIComponent(JSON.stringify(options.first))}` : server.url);
    await page.waitForFunction(() => window.__posted.length > 0);
    return page;
  }

  async function send(page: Page, message: HostMessage | Record<string, unknown>): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  /**
   * Sends `text` as the custom editor does: alignmentOpen, the bytes in chunks, alignmentEnd
   * (`end: false` leaves the file unfinished, as if the rest were still on its way).
   */
  async function sendFile(page: Page, text: string, fileName = 'small.a3m', { chunk = 1 << 20, upTo = Infinity, end = true } = {}): Promise<number> {
    return page.evaluate(
      ({ text, fileName, chunk, upTo, end }) => {
        const load = (window.__loads = (window.__loads ?? 0) + 1);
        const bytes = new TextEncoder().encode(text);
        window.postMessage({ type: 'alignmentOpen', load, title: fileName, fileName, size: bytes.length }, '*');
        for (let i = 0; i < Math.min(bytes.length, upTo); i += chunk) {
          window.postMessage({ type: 'alignmentChunk', load, data: bytes.slice(i, Math.min(i + chunk, upTo)) }, '*');
        }
        if (end) window.postMessage({ type: 'alignmentEnd', load }, '*');
        return load;
      },
      { text, fileName, chunk, upTo: Number.isFinite(upTo) ? upTo : 2 ** 40, end },
    );
  }

  /** The page's automation marker `name` for load `load` has been set (see msa/main.ts). */
  async function marked(page: Page, name: 'msaFirstRows' | 'msaLoaded' | 'msaStats', load = 1): Promise<void> {
    await page.waitForFunction(([n, l]) => (document.documentElement.dataset[n] ?? '').split(' ')[0] === String(l), [name, load] as const);
  }

  /** Two animation frames: the viewer draws on the next one after any change. */
  const frames = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

  async function openSmall(text = SMALL_A3M, fileName = 'small.a3m'): Promise<Page> {
    const page = await open();
    // Small chunks: rows and records cut at arbitrary places must read the same.
    await sendFile(page, text, fileName, { chunk: 5 });
    await page.locator('canvas.stage').waitFor();
    await marked(page, 'msaStats');
    await frames(page);
    return page;
  }

  async function geometry(page: Page): Promise<Geometry> {
    const viewer = page.locator('.viewer');
    const box = await viewer.boundingBox();
    assert.ok(box, 'the viewer has a box');
    const data = await viewer.evaluate((e) => {
      const el = e as unknown as { dataset: Record<string, string>; scrollLeft: number; scrollTop: number };
      const d = el.dataset;
      return { ...d, namesWidth: d.namesWidth, headerHeight: d.headerHeight, queryTop: d.queryTop, cellWidth: d.cellWidth, cellHeight: d.cellHeight, scrollLeft: el.scrollLeft, scrollTop: el.scrollTop };
    });
    return {
      x: box.x,
      y: box.y,
      namesWidth: Number(data.namesWidth),
      headerHeight: Number(data.headerHeight),
      queryTop: Number(data.queryTop),
      cellWidth: Number(data.cellWidth),
      cellHeight: Number(data.cellHeight),
      scrollLeft: data.scrollLeft,
      scrollTop: data.scrollTop,
    };
  }

  /** Page coordinates of the centre of a cell: `row` counts scrolling rows (hit_1 = 0), 'query' the pinned row. */
  async function cellAt(page: Page, row: number | 'query', col: number): Promise<{ x: number; y: number }> {
    const g = await geometry(page);
    const x = g.x + g.namesWidth + col * g.cellWidth - g.scrollLeft + g.cellWidth / 2;
    const y = row === 'query' ? g.y + g.queryTop + Math.max(g.cellHeight, 14) / 2 : g.y + g.headerHeight + row * g.cellHeight - g.scrollTop + g.cellHeight / 2;
    return { x, y };
  }

  /** RGB of the canvas at page point (x, y). */
  async function pixel(page: Page, at: { x: number; y: number }): Promise<[number, number, number]> {
    const g = await geometry(page);
    return page.evaluate(
      ([x, y]) => {
        const canvas = document.querySelector('canvas.stage') as unknown as CanvasLike;
        const d = canvas.getContext('2d')?.getImageData(Math.floor(x * window.devicePixelRatio), Math.floor(y * window.devicePixelRatio), 1, 1).data;
        return d ? ([d[0], d[1], d[2]] as [number, number, number]) : ([0, 0, 0] as [number, number, number]);
      },
      [at.x - g.x, at.y - g.y],
    );
  }

  const statusText = (page: Page) => page.locator('.statusbar .cursor').innerText();
  const tooltip = (page: Page) => page.locator('.tooltip').innerText();
  const posted = (page: Page) => page.evaluate(() => window.__posted);

  it('posts ready first, then draws names, ruler, conservation and the pinned query, without CSP violations', async () => {
    const page = await openSmall();
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    assert.equal(await page.locator('h1.title').innerText(), 'small.a3m');

    // Names column: the tooltip over a name gives name and description.
    const g = await geometry(page);
    await page.mouse.move(g.x + 20, (await cellAt(page, 1, 0)).y);
    assert.equal(await tooltip(page), 'hit_2 — some description');
    await page.mouse.move(g.x + 20, (await cellAt(page, 'query', 0)).y);
    assert.equal(await tooltip(page), 'query (query) — Seed protein');

    // Ruler and conservation track: column statistics.
    await page.mouse.move((await cellAt(page, 0, 2)).x, g.y + 8);
    assert.equal(await tooltip(page), 'column 3 · consensus V (86 % identity) · conservation 0.74 · 14 % gaps');
    // Invariant column 7 (G) has a full bar; column 17 (6 gaps, one A) none: compare the top of the track.
    const trackTop = g.y + 20 + 6;
    const background = await pixel(page, { x: (await cellAt(page, 0, 16)).x, y: trackTop });
    const bar = await pixel(page, { x: (await cellAt(page, 0, 6)).x, y: trackTop + 14 });
    assert.notDeepEqual(bar, background, 'a conserved column has a bar');
    assert.deepEqual(background, await pixel(page, { x: (await cellAt(page, 0, 16)).x, y: g.y + 20 + 2 }));

    // Sequence logo, under the conservation track: a G stacked high on column 7 (Clustal orange), nothing on column 17.
    const logoBottom = g.y + 20 + 28 + 40 - 4;
    const g7 = (await cellAt(page, 0, 6)).x;
    const logoPixels = await page.evaluate(
      ([x, y0, y1]) => {
        const canvas = document.querySelector('canvas.stage') as unknown as CanvasLike;
        const d = canvas.getContext('2d')?.getImageData(Math.floor(x * window.devicePixelRatio) - 3, Math.floor(y0 * window.devicePixelRatio), 6, Math.floor((y1 - y0) * window.devicePixelRatio)).data;
        const seen: string[] = [];
        for (let i = 0; d && i < d.length; i += 4) seen.push(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        return seen;
      },
      [g7 - g.x, logoBottom - 30 - g.y, logoBottom - g.y] as const,
    );
    assert.ok(logoPixels.includes('240,144,72'), 'the logo stacks a Clustal-orange G on the invariant glycine column');
    await page.mouse.move(g7, logoBottom - 3);
    assert.match(await tooltip(page), /^column 7 · logo \d\.\d of 4\.3 bits: G \d\.\d$/);
    assert.deepEqual(await pixel(page, { x: (await cellAt(page, 0, 16)).x, y: logoBottom - 2 }), background, 'an almost empty column has no letters');

        const k = await cellAt(page, 'query', 1);
    assert.deepEqual(await pixel(page, { x: k.x - 5, y: k.y - 7 }), [240, 21, 5], 'query residue K in Clustal red');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, 'msa-small.png') });
    await page.close();
  });

  it('a click on a cell shows name, column, residue and the query residue in the status line', async () => {
    const page = await openSmall();
    await page.mouse.click(...xy(await cellAt(page, 3, 4)));
    assert.equal(await statusText(page), 'hit_4 · column 5 · residue S (query residue A) · position 5 in the sequence');
    await page.mouse.click(...xy(await cellAt(page, 4, 1)));
    assert.equal(await statusText(page), 'hit_5 · column 2 · gap (-) (query residue K)');
    await page.mouse.click(...xy(await cellAt(page, 'query', 20)));
    assert.equal(await statusText(page), 'query · column 21 · residue K (query) · position 20 in the sequence');
    await page.close();
  });

  it('marks A3M insertions between columns and counts them in positions', async () => {
    const page = await openSmall();
    await page.mouse.click(...xy(await cellAt(page, 1, 3)));
    assert.equal(await statusText(page), 'hit_2 · column 4 · residue L (query residue L) · position 4 in the sequence · 2 inserted after: aa');
    await page.mouse.click(...xy(await cellAt(page, 1, 4)));
    assert.match(await statusText(page), /column 5 · residue A .* position 7 in the sequence$/);
    // The boundary between columns 4 and 5 of hit_2 carries the insertion mark (theme orange).
    const g = await geometry(page);
    const boundary = { x: g.x + g.namesWidth + 4 * g.cellWidth, y: (await cellAt(page, 1, 4)).y };
    await page.keyboard.press('Escape'); // no cursor outline over the mark
    await page.mouse.move(0, 0);
    await frames(page);
    assert.deepEqual(await pixel(page, boundary), [0xd1, 0x86, 0x16]);
    assert.notDeepEqual(await pixel(page, { x: boundary.x, y: (await cellAt(page, 0, 4)).y }), [0xd1, 0x86, 0x16], 'hit_1 has no insertion there');
    await page.close();
  });

  it('search finds a name, steps through matches, and can show only the matches', async () => {
    const page = await openSmall();
    const search = page.locator('#msa-search');
    await search.fill('HIT_');
    await search.press('Enter');
    assert.equal(await page.locator('.match-count').innerText(), '1 of 6');
    assert.match(await statusText(page), /^hit_1 · column 1 ·/);
    await search.press('Enter');
    assert.equal(await page.locator('.match-count').innerText(), '2 of 6');
    assert.match(await statusText(page), /^hit_2 · /);

    await search.fill('hit_4');
    await search.press('Enter');
    assert.equal(await page.locator('.match-count').innerText(), '1 of 1');
    assert.match(await statusText(page), /^hit_4 · column 1 · residue M/);
    await page.locator('#msa-only').check();
    await frames(page);
    const g = await geometry(page);
    await page.mouse.move(g.x + 20, (await cellAt(page, 0, 0)).y);
    assert.equal(await tooltip(page), 'hit_4', 'only the match scrolls under the query');

    await search.fill('zzz');
    await search.press('Enter');
    assert.equal(await page.locator('.match-count').innerText(), 'No match');
    await page.close();
  });

  it('switching the colour scheme recolours the cells and the legend', async () => {
    const page = await openSmall();
    const k = await cellAt(page, 0, 1); // hit_1 K
    const i = await cellAt(page, 0, 7); // hit_1 I
    assert.deepEqual(await pixel(page, { x: k.x - 5, y: k.y - 7 }), [240, 21, 5]);
    assert.match(await page.locator('.legend').innerText(), /Positive/);
    await page.locator('#msa-scheme').selectOption('hydrophobicity');
    await frames(page);
    const [r, , b] = await pixel(page, { x: k.x - 5, y: k.y - 7 });
    assert.ok(b > r, `K is hydrophilic: blue (${r}, ${b})`);
    const [r2, , b2] = await pixel(page, { x: i.x - 5, y: i.y - 7 });
    assert.ok(r2 > b2, `I is hydrophobic: red (${r2}, ${b2})`);
    assert.match(await page.locator('.legend').innerText(), /Hydrophobic \(red\) → hydrophilic \(blue\)/);
    await page.screenshot({ path: path.join(SHOTS, 'msa-hydrophobicity.png') });
    await page.locator('#msa-scheme').selectOption('none');
    await frames(page);
    assert.deepEqual(await pixel(page, { x: k.x - 5, y: k.y - 7 }), await pixel(page, { x: k.x - 5, y: (await cellAt(page, 5, 30)).y }));
    await page.close();
  });

  it('moves a cursor with the keyboard and zooms with + and -', async () => {
    const page = await openSmall();
    await page.locator('.viewer').focus();
    await page.keyboard.press('ArrowDown');
    assert.match(await statusText(page), /^query · column 1 ·/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    assert.match(await statusText(page), /^hit_1 · column 2 · residue K/);
    await page.keyboard.press('End');
    assert.match(await statusText(page), /^hit_1 · column 21 ·/);
    await page.keyboard.press('Control+End');
    assert.match(await statusText(page), /^hit_6_with_a_rather_long_name_that_is_cut · column 21 ·/);
    await page.keyboard.press('Control+Home');
    assert.match(await statusText(page), /^query · column 21 ·/);
    assert.equal(await page.locator('.zoom-label').innerText(), '12 px');
    await page.keyboard.press('+');
    assert.equal(await page.locator('.zoom-label').innerText(), '14 px');
    assert.equal((await geometry(page)).cellWidth, 14);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    assert.equal(await page.locator('.zoom-label').innerText(), '10 px');
    await page.keyboard.press('Escape');
    assert.equal(await statusText(page), '');
    await page.close();
  });

  it('Save as A3M / FASTA: a local file is converted by the host (no text posted); a job result posts the text with its insertions', async () => {
    const local = await openSmall();
    await local.getByRole('button', { name: 'Save the alignment as A3M (insertions kept)' }).click();
    await local.getByRole('button', { name: 'Save the aligned sequences as FASTA' }).click();
    assert.deepEqual(
      (await posted(local)).filter((m) => m.type.startsWith('save')),
      [
        { type: 'saveAlignmentFile', format: 'a3m', fileName: 'small.a3m' },
        { type: 'saveAlignmentFile', format: 'fasta', fileName: 'small.fasta' },
      ],
    );
    await local.close();

    const uri = server.setFile('saved.a3m', SMALL_A3M);
    const page = await open({ reply: { type: 'show', job: job('small'), view: 'msa', files: [{ name: 'saved.a3m', mediaType: 'text/plain', size: SMALL_A3M.length, view: 'msa', primary: true, uri }] } });
    await marked(page, 'msaLoaded');
    await page.getByRole('button', { name: 'Save the alignment as A3M (insertions kept)' }).click();
    await page.getByRole('button', { name: 'Save the aligned sequences as FASTA' }).click();
    const saves = (await posted(page)).filter((m): m is Extract<WebviewMessage, { type: 'saveAlignment' }> => m.type === 'saveAlignment');
    assert.equal(saves.length, 2);
    assert.deepEqual({ ...saves[0], text: undefined }, { type: 'saveAlignment', format: 'a3m', fileName: 'small.a3m', text: undefined });
    assert.equal(saves[0].text, SMALL_A3M, 'A3M round trip keeps every lower-case insertion');
    assert.equal(saves[1].format, 'fasta');
    assert.equal(saves[1].fileName, 'small.fasta');
    assert.ok(saves[1].text.startsWith('>query Seed protein\nMKVLAAGIVGLLLAGC-STEK\n>hit_1 E=1e-30\n'));
    assert.ok(saves[1].text.includes('>hit_2 some description\nMKVLAAGIVGLLLAGCASTEK\n>hit_3\n--VLAAGIVGLLIAGC-STEK\n'), 'no insertions in FASTA');
    await page.close();
  });

  it('an unequal-length FASTA shows a clear error naming the record, its line and both lengths', async () => {
    const page = await open();
    await sendFile(page, '>a\nMKVLA\n>b\nMKV\n>c\nMKVLA\n', 'bad.afa');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(
      await alert.innerText(),
      'bad.afa cannot be shown as an alignment.\n\nAll sequences of an alignment must have the same length: sequence "b" (line 3) has 3 columns, but the first sequence "a" (line 1) has 5.',
    );
    assert.ok((await posted(page)).some((m) => m.type === 'log' && m.level === 'error' && m.message.includes('bad.afa')));
    await page.close();
  });

  it('shows names as text, never markup', async () => {
    const page = await openSmall(`>${XSS_NAME} ${XSS}\nMKV\n>b\nMKV\n`, 'x.fasta');
    const g = await geometry(page);
    await page.mouse.move(g.x + 20, (await cellAt(page, 'query', 0)).y);
    assert.equal(await tooltip(page), `${XSS_NAME} (query) — ${XSS}`);
    await page.mouse.click(...xy(await cellAt(page, 'query', 0)));
    assert.ok((await statusText(page)).startsWith(`${XSS_NAME} · column 1`));
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  it('opens a job result by URI (show, contract v2), keeps the job id for restore and names saves after the job', async () => {
    const uri = server.setFile('result.a3m', SMALL_A3M);
    const files = [
      { name: 'report.json', mediaType: 'application/json', size: 2, view: 'json', primary: false, uri: server.setFile('report.json', '{}') },
      { name: 'result.a3m', mediaType: 'text/plain', size: SMALL_A3M.length, view: 'msa', primary: true, uri },
    ];
    const page = await open({ reply: { type: 'show', job: job('PoET run 1'), view: 'msa', files } });
    await page.locator('canvas.stage').waitFor();
    await marked(page, 'msaLoaded');
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    assert.equal(await page.locator('h1.title').innerText(), 'PoET run 1');
    const state = (await page.evaluate(() => window.__state)) as Record<string, unknown>;
    assert.equal(state.jobId, 'job-msa-1');
    await page.getByRole('button', { name: 'Save the alignment as A3M (insertions kept)' }).click();
    const save = (await posted(page)).find((m) => m.type === 'saveAlignment');
    assert.equal(save?.type === 'saveAlignment' ? save.fileName : '', 'PoET run 1.a3m');
    await page.close();
  });

  it('reads a job result by its loopback link when it has one, and by its webview URI when the link fails', async () => {
    const uri = server.setFile('result.a3m', SMALL_A3M);
    const result = (link: string) =>
      ({ type: 'show', job: job('PoET run 3'), view: 'msa', files: [{ name: 'result.a3m', mediaType: 'text/plain', size: Buffer.byteLength(SMALL_A3M), view: 'msa', primary: true, uri, link }] }) satisfies ShowFiles;
    const linked = await open({ reply: result(server.setFile('linked-result.a3m', SMALL_A3M)) });
    await marked(linked, 'msaLoaded');
    assert.equal(await linked.locator('html').getAttribute('data-msa-transfer'), 'link');
    const fallback = await open({ reply: result(`${server.url}files/link-gone`) });
    await marked(fallback, 'msaLoaded');
    assert.equal(await fallback.locator('html').getAttribute('data-msa-transfer'), 'resource');
    assert.equal(await fallback.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    assert.equal(await fallback.getByRole('alert').count(), 0);
    await linked.close();
    await fallback.close();
  });

  it('still opens a job result sent as text (show, contract v1)', async () => {
    // A panel restored from a window of the previous release may still send the text itself.
    const v1 = { type: 'show', job: job('PoET run 2'), view: 'msa', fileName: 'result.a3m', data: SMALL_A3M } as unknown as HostMessage;
    const page = await open({ reply: v1 });
    await page.locator('canvas.stage').waitFor();
    await marked(page, 'msaLoaded');
    assert.equal(await page.locator('h1.title').innerText(), 'PoET run 2');
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    await page.close();
  });

  it('says why when the file cannot be read or is refused, instead of waiting', async () => {
    const page = await open();
    await send(page, { type: 'error', message: 'huge.a3m is 2,048 MB; the alignment viewer opens files up to 1,024 MB.' });
    assert.equal(await page.getByRole('alert').innerText(), 'The alignment could not be loaded.\n\nhuge.a3m is 2,048 MB; the alignment viewer opens files up to 1,024 MB.');
    const load = await sendFile(page, SMALL_A3M, 'small.a3m', { upTo: 40, end: false });
    await send(page, { type: 'alignmentAbort', load, message: 'Reading small.a3m failed: EIO' });
    await page.getByRole('alert').filter({ hasText: 'EIO' }).waitFor();
    const missing = await open({ reply: { type: 'show', job: job('gone'), view: 'msa', files: [{ name: 'x.a3m', mediaType: 'text/plain', size: 10, view: 'msa', primary: true, uri: `${server.url}files/nothing-here` }] } });
    assert.match(await missing.getByRole('alert').innerText(), /^The alignment could not be loaded\.\n\nReading x\.a3m failed \(404/);
    await page.close();
    await missing.close();
  });

  it('reads a file whose chunks the host deflated (a window behind a websocket), and says so when a chunk is damaged', async () => {
    const page = await open();
    const bytes = Buffer.from(SMALL_A3M);
    // Chunks of 7 bytes: records and rows cut anywhere, each chunk a raw-deflate stream of its own.
    const chunks: number[][] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push([...zlib.deflateRawSync(bytes.subarray(i, i + 7), { level: 1 })]);
    const sendDeflated = (parts: number[][], fileName: string) =>
      page.evaluate(
        ({ parts, fileName, size }) => {
          const load = (window.__loads = (window.__loads ?? 0) + 1);
          window.postMessage({ type: 'alignmentOpen', load, title: fileName, fileName, size, encoding: 'deflate-raw' }, '*');
          for (const part of parts) window.postMessage({ type: 'alignmentChunk', load, data: new Uint8Array(part) }, '*');
          window.postMessage({ type: 'alignmentEnd', load }, '*');
          return load;
        },
        { parts, fileName, size: bytes.length },
      );
    const load = await sendDeflated(chunks, 'small.a3m');
    await marked(page, 'msaStats', load);
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');

    const damaged = [...chunks.slice(0, 3), [0xff, 0xfe, 0x00, 0x13, 0x37], ...chunks.slice(3)];
    await sendDeflated(damaged, 'damaged.a3m');
    assert.match(await page.getByRole('alert').innerText(), /could not be decompressed/);
    await page.close();
  });

  it('fetches the file from its loopback link when the host gives one, and asks for the stream when that fails', async () => {
    const page = await open();
    const openLink = (url: string, fileName: string) =>
      page.evaluate(
        ({ url, fileName, size }) => {
          const load = (window.__loads = (window.__loads ?? 0) + 1);
          window.postMessage({ type: 'alignmentOpen', load, title: fileName, fileName, size, url }, '*');
          return load;
        },
        { url, fileName, size: Buffer.byteLength(SMALL_A3M) },
      );
    const html = page.locator('html');
    // The link answers: the page reads it, nothing is asked of the host.
    const linked = await openLink(server.setFile('linked.a3m', SMALL_A3M), 'linked.a3m');
    await marked(page, 'msaStats', linked);
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    assert.equal(await html.getAttribute('data-msa-transfer'), 'link');
    assert.equal((await posted(page)).filter((m) => m.type === 'alignmentStreamInstead').length, 0);

    // A link that answers 404, and one the page's CSP does not allow (another origin): the page asks for the stream, once each.
    // …and one a port proxy answered with its sign-in page (200, but HTML): not the file either.
    const signIn = server.setFile('sign-in', '<!DOCTYPE html><title>Sign in</title>', 'text/html');
    const refused = [`${server.url}files/no-such-link`, 'http://127.0.0.1:9/f/blocked-by-csp', signIn];
    // The page numbers the files it reads (its markers); a link that failed is not one of them.
    let pageLoad = linked;
    for (const url of refused) {
      const load = await openLink(url, 'fallback.a3m');
      await page.waitForFunction((l) => window.__posted.some((m) => m.type === 'alignmentStreamInstead' && m.load === l), load);
      const ask = (await posted(page)).find((m): m is Extract<WebviewMessage, { type: 'alignmentStreamInstead' }> => m.type === 'alignmentStreamInstead' && m.load === load);
      assert.ok(ask && ask.reason.length > 0, url);
      // The host streams the file under the same load, as src/ui/alignmentEditor.ts does.
      await page.evaluate(
        ({ load, text }) => {
          const bytes = new TextEncoder().encode(text);
          window.postMessage({ type: 'alignmentOpen', load, title: 'fallback.a3m', fileName: 'fallback.a3m', size: bytes.length }, '*');
          window.postMessage({ type: 'alignmentChunk', load, data: bytes }, '*');
          window.postMessage({ type: 'alignmentEnd', load }, '*');
        },
        { load, text: `${SMALL_A3M}>hit_7\nMKVLAAGIVGLLLAGC-STEK\n` },
      );
      await marked(page, 'msaStats', ++pageLoad);
      assert.match(await page.locator('.statusbar .summary').innerText(), /^8 sequences × 21 columns/);
      assert.equal(await html.getAttribute('data-msa-transfer'), 'stream');
    }
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown: the fallback is silent');
    await page.close();
  });

  it('starts reading the link the HTML carries before its ready round trip, and reads it once when the host repeats it', async () => {
    const url = server.setFile('first.a3m', SMALL_A3M);
    const open1 = { type: 'alignmentOpen', load: 1, title: 'first.a3m', fileName: 'first.a3m', size: Buffer.byteLength(SMALL_A3M), url };
    const page = await open({ first: open1 });
    await marked(page, 'msaStats', 1);
    assert.equal(await page.locator('.statusbar .summary').innerText(), '7 sequences × 21 columns · A3M · 6 inserted residues');
    assert.equal(await page.locator('html').getAttribute('data-msa-transfer'), 'link');
    // The host answers `ready` with the same open: not a second read.
    await send(page, open1);
    await frames(page);
    await frames(page);
    assert.match((await page.locator('html').getAttribute('data-msa-loaded')) ?? '', /^1 /);
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
    // A hostile first message is refused like any other message from the host.
    const bad = await open({ first: { type: 'alignmentOpen', load: 'x', title: '<img src=x onerror=alert(1)>', fileName: 'a', size: 1, url } });
    assert.match(await bad.getByRole('alert').innerText(), /load is not a number/);
    await page.close();
    await bad.close();
  });

  it('restores scheme and zoom from its state, and keeps them when the file changes', async () => {
    const page = await open({ state: { fileName: 'small.a3m', scheme: 'hydrophobicity', cellWidth: 16 } });
    await sendFile(page, SMALL_A3M);
    await page.locator('canvas.stage').waitFor();
    assert.equal(await page.locator('#msa-scheme').inputValue(), 'hydrophobicity');
    assert.equal(await page.locator('.zoom-label').innerText(), '16 px');
    await sendFile(page, `${SMALL_A3M}>hit_7\nMKVLAAGIVGLLLAGC-STEK\n`);
    await page.waitForFunction(() => document.querySelector('.statusbar .summary')?.textContent?.startsWith('8 sequences') ?? false);
    assert.equal(await page.locator('#msa-scheme').inputValue(), 'hydrophobicity');
    assert.equal(await page.locator('.zoom-label').innerText(), '16 px');
    await page.close();
  });

  it('draws the first screen of 10,000 × 1,000 before the rest of the file has arrived, then fills it in', async () => {
    const text = syntheticAlignment({ sequences: 10_000, columns: 1000 });
    const page = await open();
    const load = await sendFile(page, text, 'large.a3m', { upTo: 256 * 1024, end: false, chunk: 64 * 1024 });
    await marked(page, 'msaFirstRows', load);
    // The first screen can come from the first chunk alone; the progress then catches up with the rest of what arrived.
    await page.locator('.statusbar .progress').filter({ hasText: /^Reading 2 % · [\d,]+ sequences so far$/ }).waitFor({ timeout: 10_000 });
    const g = await geometry(page);
    await page.mouse.click(g.x + g.namesWidth + 2.5 * g.cellWidth, g.y + g.headerHeight + 3.5 * g.cellHeight);
    assert.match(await statusText(page), /^UniRef100_\w+ · column 3 · /);
    await page.screenshot({ path: path.join(SHOTS, 'msa-large-partial.png') });
    // The rest of the same load.
    await page.evaluate(
      ({ text, load }) => {
        const bytes = new TextEncoder().encode(text);
        for (let i = 256 * 1024; i < bytes.length; i += 1 << 20) window.postMessage({ type: 'alignmentChunk', load, data: bytes.slice(i, i + (1 << 20)) }, '*');
        window.postMessage({ type: 'alignmentEnd', load }, '*');
      },
      { text, load },
    );
    await marked(page, 'msaLoaded', load);
    assert.match(await page.locator('.statusbar .summary').innerText(), /^10,000 sequences × 1,000 columns · A3M · [\d,]+ inserted residues$/);
    assert.equal(await page.locator('.statusbar .progress').isVisible(), false, 'no progress once read');
    await page.close();
  });

  it('opens 10,000 × 1,000, scrolls and pages through it with a handful of DOM nodes', async () => {
    const text = syntheticAlignment({ sequences: 10_000, columns: 1000 });
    const page = await open();
    const started = Date.now();
    await sendFile(page, text, 'large.a3m');
    await marked(page, 'msaFirstRows');
    const openedMs = Date.now() - started;
    await marked(page, 'msaLoaded');
    assert.match(await page.locator('.statusbar .summary').innerText(), /^10,000 sequences × 1,000 columns · A3M · [\d,]+ inserted residues/);
    assert.ok((await page.evaluate(() => document.querySelectorAll('*').length)) < 150, 'never one DOM node per residue');

    // Into the middle with the scrollbar, then the keyboard.
    await page.locator('.viewer').evaluate((e) => {
      const el = e as unknown as ElementLike;
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
      el.scrollLeft = 4000;
    });
    await frames(page);
    const g = await geometry(page);
    // About the 10th row and 5th column in view.
    await page.mouse.click(g.x + g.namesWidth + 5.5 * g.cellWidth, g.y + g.headerHeight + 10.5 * g.cellHeight);
    const status = await statusText(page);
    assert.match(status, /^UniRef100_\w+ · column 3\d\d ·/, status);
    await page.mouse.move(g.x + g.namesWidth + 20.5 * g.cellWidth, g.y + g.headerHeight + 14.5 * g.cellHeight);
    await page.screenshot({ path: path.join(SHOTS, 'msa-large.png') });
    const before = (await geometry(page)).scrollTop;
    await page.keyboard.press('PageDown');
    await frames(page);
    assert.ok((await geometry(page)).scrollTop > before, 'PageDown scrolls');
    await page.keyboard.press('End');
    assert.match(await statusText(page), / · column 1000 · /);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    console.log(`      10,000 × 1,000: first rows ${openedMs} ms after posting (see npm run bench for the workbench figures)`);
    await page.close();
  });
});

function xy(p: { x: number; y: number }): [number, number] {
  return [p.x, p.y];
}

/**
 * The result webview in a real browser (Debian Chromium via playwright-core): the built
 * dist/webview/results.js + .css inside the extension's real HTML shell and CSP, a fake VS Code
 * host recording what the page posts. Codon data is computed here from the eGFP coding
 * sequence with known synonymous codon changes, so the expected highlights are exact.
 *
 *   node esbuild.mjs && npx tsc -p . && npx mocha out/test/e2e/webview-render.test.js
 * (the suite runs the build itself). Screenshots: test-results/webview-*.png.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchHeadless, type HeadlessBrowser } from './browser';
import type { HostMessage, JobSummaryView, WebviewMessage } from '../../src/shared/protocol';
import { serveWebview, type WebviewPage } from './webviewPage';

/*
 * Browser globals used inside page.evaluate callbacks. This file compiles with the node libs
 * only (no DOM lib for the whole program), so the few it touches are declared here, locally.
 */
interface FocusTarget {
  tagName: string;
  textContent: string | null;
}
declare const window: {
  __posted: WebviewMessage[];
  __state: unknown;
  __csp: string[];
  __hostReply?: unknown;
  postMessage(message: unknown, targetOrigin: string): void;
};
declare const document: { activeElement: FocusTarget | null; querySelector(selector: string): FocusTarget | null };
declare function getComputedStyle(element: FocusTarget | null): { outlineStyle: string };

const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results');

/** Enhanced GFP coding sequence (720 nt, 239 aa + stop). */
const EGFP =
  'ATGGTGAGCAAGGGCGAGGAGCTGTTCACCGGGGTGGTGCCCATCCTGGTCGAGCTGGACGGCGACGTAAACGGCCACAAGTTCAGCGTGTCCGGCGAGGGCGAGGGCGATGCC' +
  'ACCTACGGCAAGCTGACCCTGAAGTTCATCTGCACCACCGGCAAGCTGCCCGTGCCCTGGCCCACCCTCGTGACCACCCTGACCTACGGCGTGCAGTGCTTCAGCCGCTACCCC' +
  'GACCACATGAAGCAGCACGACTTCTTCAAGTCCGCCATGCCCGAAGGCTACGTCCAGGAGCGCACCATCTTCTTCAAGGACGACGGCAACTACAAGACCCGCGCCGAGGTGAAG' +
  'TTCGAGGGCGACACCCTGGTGAACCGCATCGAGCTGAAGGGCATCGACTTCAAGGAGGACGGCAACATCCTGGGGCACAAGCTGGAGTACAACTACAACAGCCACAACGTCTAT' +
  'ATCATGGCCGACAAGCAGAAGAACGGCATCAAGGTGAACTTCAAGATCCGCCACAACATCGAGGACGGCAGCGTGCAGCTCGCCGACCACTACCAGCAGAACACCCCCATCGGC' +
  'GACGGCCCCGTGCTGCTGCCCGACAACCACTACCTGAGCACCCAGTCCGCCCTGAGCAAAGACCCCAACGAGAAGCGCGATCACATGGTCCTGCTGGAGTTCGTGACCGCCGCC' +
  'GGGATCACTCTCGGCATGGACGAGCTGTACAAGTAA';

// The standard code, written out independently of the webview's own table.
const BASES = 'TCAG';
const CODE = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
const ALL_CODONS = [...BASES].flatMap((a) => [...BASES].flatMap((b) => [...BASES].map((c) => a + b + c)));
const aminoAcid = (codon: string) => CODE[ALL_CODONS.indexOf(codon)];

/** Replaces the codons at indices where `pick(i)` holds (and a synonym exists) by a synonymous one. */
function synonymousVariant(seq: string, pick: (i: number) => boolean): { sequence: string; changed: number[] } {
  const codons = seq.match(/.{3}/g) ?? [];
  const changed: number[] = [];
  const out = codons.map((codon, i) => {
    if (!pick(i)) return codon;
    const synonyms = ALL_CODONS.filter((c) => c !== codon && aminoAcid(c) === aminoAcid(codon));
    if (synonyms.length === 0) return codon; // Met, Trp
    changed.push(i);
    return synonyms[i % synonyms.length];
  });
  return { sequence: out.join(''), changed };
}

const variants = [
  synonymousVariant(EGFP, (i) => i % 9 === 3),
  synonymousVariant(EGFP, (i) => i % 5 === 1),
  synonymousVariant(EGFP, (i) => i % 13 === 7),
];
const CHANGED_TOTAL = variants.reduce((n, v) => n + v.changed.length, 0);

const fitness = (dna: number, gc: number, cai: number) => [
  { name: 'dna_manufact', weight: 1.0, score: dna },
  { name: 'gc_content', weight: 0.5, score: gc },
  { name: 'cai', weight: 2.0, score: cai },
];

/** The saved `/optimise/result` response (seeds/002 §5); both spellings of "optimised" occur. */
const codonResult = {
  jobid: '123e4567-e89b-12d3-a456-426614174000',
  status: 'success',
  results: [
    { type: 'original', sequence: EGFP, score: 8.2, motif_in_cds: 2, motif_in_utr: 0, fitness_list: fitness(0.5, 3.7, 4.0) },
    { type: 'optimized', sequence: variants[0].sequence, score: 13.6, motif_in_cds: 0, motif_in_utr: 0, fitness_list: fitness(1.24, 1.0, 5.0) },
    { type: 'optimised', sequence: variants[1].sequence, score: 13.9, motif_in_cds: 0, motif_in_utr: 0, fitness_list: fitness(1.24, 1.0, 5.01) },
    { type: 'optimized', sequence: variants[2].sequence, score: 11.6, motif_in_cds: 1, motif_in_utr: 0, fitness_list: fitness(1.25, 1.0, 5.3) },
  ],
};

const XSS = '<img src=x onerror=alert(1)>';

function job(name: string): JobSummaryView {
  return {
    id: 'job-local-1',
    providerId: 'codon',
    providerLabel: 'Codon Optimisation',
    remoteId: codonResult.jobid,
    name,
    status: 'succeeded',
    rawStatus: 'success',
    createdAt: Date.UTC(2026, 10, 23, 9, 0),
    updatedAt: Date.UTC(2026, 10, 23, 9, 4),
  };
}

/** The page server (set in `before`): it also serves the result files a `show` lists. */
let fileServer: WebviewPage | undefined;

/** A `show` whose one file the page fetches from the test server, as a panel fetches its webview URI. */
function showData(jobView: JobSummaryView | Record<string, unknown>, view: string, name: string, data: unknown): HostMessage {
  const body = typeof data === 'string' ? data : JSON.stringify(data);
  const mediaType = typeof data === 'string' ? 'text/plain' : 'application/json';
  if (!fileServer) throw new Error('the page server is not running');
  const uri = fileServer.putFile(name, body, mediaType);
  return { type: 'show', job: jobView as JobSummaryView, view, files: [{ name, mediaType, size: Buffer.byteLength(body), view, primary: true, uri }] };
}

const showCodon = (name = 'egfp-ecoli'): HostMessage => showData(job(name), 'codon', 'result.json', codonResult);

describe('result webview in Chromium', function () {
  this.timeout(60_000);
  let context: BrowserContext;
  let server: WebviewPage;
  let browser: HeadlessBrowser | undefined;
  const dialogs: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    server = await serveWebview(path.join(ROOT, 'dist', 'webview'), 'results');
    fileServer = server;
    browser = await launchHeadless({ width: 1180, height: 860 }, 'biojobs-webview-');
    context = browser.context;
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page; `reply` is what the fake host answers `ready` with, synchronously. */
  async function open(reply?: HostMessage): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    if (reply) await page.addInitScript((m) => (window.__hostReply = m), reply);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__posted.length > 0);
    return page;
  }

  async function send(page: Page, message: HostMessage | Record<string, unknown>): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  const posted = (page: Page) => page.evaluate(() => window.__posted);
  const cspViolations = (page: Page) => page.evaluate(() => window.__csp);

  async function openCodon(name?: string): Promise<Page> {
    const page = await open();
    await send(page, showCodon(name));
    await page.locator('.alignment .block').first().waitFor();
    return page;
  }

  it('posts ready only after its listener is installed, then renders and persists the job id', async () => {
    const page = await open(showCodon());
    await page.locator('table.scores').waitFor();
    const messages = await posted(page);
    assert.deepEqual(messages[0], { type: 'ready' });
    assert.equal(messages.filter((m) => m.type === 'ready').length, 1);
    assert.deepEqual(await page.evaluate(() => window.__state), { jobId: 'job-local-1' });
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  it('shows original + 3 candidates with scores, deltas and weighted fitness columns; marks the best', async () => {
    const page = await openCodon();
    const rows = page.locator('table.scores tbody tr');
    assert.equal(await rows.count(), 4);
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-label'))),
      ['Original', 'Optimised 1', 'Optimised 2', 'Optimised 3'],
    );
    // Highest score (13.9) is the second candidate, not the first: the mark follows the data.
    const best = page.locator('table.scores tbody tr.best');
    assert.equal(await best.count(), 1);
    assert.equal(await best.getAttribute('data-label'), 'Optimised 2');
    assert.match(await best.innerText(), /Best/);
    assert.equal(await page.locator('tr.original').getAttribute('data-label'), 'Original');
    const headers = await page.locator('table.scores thead th').allInnerTexts();
    assert.ok(headers.some((h) => h.includes('gc_content') && h.includes('w 0.5')), headers.join(' | '));
    assert.ok(headers.some((h) => h.includes('cai') && h.includes('w 2')), headers.join(' | '));
    const bestCells = await best.locator('td').allInnerTexts();
    assert.equal(bestCells[0], '13.90');
    assert.equal(bestCells[1], '+5.70');
    // Length and changed-codon count of the best candidate.
    assert.ok(bestCells.includes('720'), bestCells.join(' | '));
    assert.equal(await best.locator('td.changed-count').innerText(), String(variants[1].changed.length));
    await page.close();
  });

  it('highlights exactly the changed codons, with their (synonymous) amino acids', async () => {
    const page = await openCodon();
    const marks = page.locator('.alignment mark.chg');
    assert.equal(await marks.count(), CHANGED_TOTAL);
    assert.equal(await page.locator('.alignment mark.nonsyn').count(), 0);
    // Per candidate: the marked codon positions are exactly the ones changed.
    const positions = await page.locator('.alignment .line.cand').evaluateAll((lines) => {
      const byLabel: Record<string, number[]> = {};
      for (const line of lines) {
        const label = line.querySelector('.label')?.textContent ?? '';
        for (const m of line.querySelectorAll('mark')) (byLabel[label] ??= []).push(Number(m.getAttribute('data-codon')) - 1);
      }
      return byLabel;
    });
    variants.forEach((v, k) => assert.deepEqual(positions[`Optimised ${k + 1}`], v.changed, `Optimised ${k + 1}`));
    // The amino acid under a changed codon is the original's (a synonymous change).
    const firstChanged = variants[0].changed[0];
    const aa = await page.locator('.alignment .aa').first().innerText();
    assert.equal(aa.trim(), aminoAcid(EGFP.slice(firstChanged * 3, firstChanged * 3 + 3)));
    const summary = await page.locator('.change-summary li').allInnerTexts();
    variants.forEach((v, k) => assert.match(summary[k], new RegExp(`^Optimised ${k + 1}: ${v.changed.length} of 240 codons changed .*all synonymous`)));
    // Blocks of 10–20 codons: each original line holds at most 20 codons.
    const lineCodons = await page.locator('.alignment .line.orig .seq').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim().split(/\s+/).length));
    assert.ok(lineCodons.every((n, i) => n <= 20 && (n >= 10 || i === lineCodons.length - 1)), lineCodons.join(','));
    // A narrow panel re-wraps into shorter blocks, with the same highlights and no errors.
    await page.setViewportSize({ width: 560, height: 860 });
    await page.waitForFunction(() => (document.querySelector('.alignment .line.orig .seq')?.textContent ?? '').trim().split(/\s+/).length === 10);
    assert.equal(await marks.count(), CHANGED_TOTAL);
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'log'), []);
    await page.close();
  });

  it('Copy posts the exact sequence of its row', async () => {
    const page = await openCodon();
    await page.locator('tr[data-label="Optimised 2"]').getByRole('button', { name: 'Copy the Optimised 2 sequence' }).click();
    const copy = (await posted(page)).find((m) => m.type === 'copy');
    assert.deepEqual(copy, { type: 'copy', text: variants[1].sequence, what: 'Optimised 2 sequence' });
    await page.close();
  });

  it('Save as FASTA posts that record; Save all posts all four', async () => {
    const page = await openCodon();
    await page.getByRole('button', { name: 'Save the Optimised 3 sequence as FASTA' }).click();
    await page.getByRole('button', { name: 'Save all 4 sequences as one FASTA file' }).click();
    const saves = (await posted(page)).filter((m): m is Extract<WebviewMessage, { type: 'saveFasta' }> => m.type === 'saveFasta');
    assert.equal(saves.length, 2);
    assert.equal(saves[0].fileName, 'egfp-ecoli_optimised_3.fasta');
    assert.equal(saves[0].records.length, 1);
    assert.equal(saves[0].records[0].id, 'egfp-ecoli_optimised_3');
    assert.equal(saves[0].records[0].sequence, variants[2].sequence);
    assert.match(saves[0].records[0].description ?? '', /type=optimized score=11.6 job=123e4567/);
    assert.deepEqual(
      saves[1].records.map((r) => r.sequence),
      codonResult.results.map((r) => r.sequence),
    );
    await page.close();
  });

  it('renders a job named like markup as literal text (no element, no dialog); screenshot', async () => {
    dialogs.length = 0;
    const page = await openCodon(XSS);
    assert.equal(await page.locator('h1.job-name').textContent(), XSS);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.title(), `${XSS} — Result`);
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await cspViolations(page), []);
    // Keyboard: Tab reaches a real button with a visible focus ring.
    await page.getByRole('button', { name: 'Save all 4 sequences as one FASTA file' }).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      return { tag: e?.tagName, outline: getComputedStyle(e).outlineStyle };
    });
    assert.notEqual(focused.outline, 'none', JSON.stringify(focused));
    await page.keyboard.press('Shift+Tab');
    await page.screenshot({ path: path.join(SHOTS, 'webview-codon.png'), fullPage: true });
    await page.close();
  });

  it('shows an error, not a blank page, for malformed data and malformed messages', async () => {
    const page = await open();
    const broken = { ...codonResult, results: [{ ...codonResult.results[1] }, { type: 'optimized', sequence: 'ATG', score: 'high' }] };
    await send(page, showData(job('broken'), 'codon', 'result.json', broken));
    await page.locator('.error[role=alert]').waitFor();
    assert.match(await page.locator('.error').innerText(), /cannot be shown as a codon result[\s\S]*results\[1\]\.score is not a number/);
    // The raw file is still readable underneath.
    assert.equal(await page.locator('.json-tree').count(), 1);
    const logged = (await posted(page)).find((m) => m.type === 'log');
    assert.equal(logged?.type === 'log' && logged.level, 'error');

    await send(page, showData({ id: 1 }, 'codon', 'x', {}));
    await page.locator('.error', { hasText: 'job.id is not a string' }).waitFor();

    await send(page, showData({ ...job('broken'), updatedAt: Number.NaN }, 'codon', 'result.json', broken));
    await page.locator('.error[role=alert]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'webview-error.png') });

    await send(page, { type: 'error', message: 'No result is stored for this job.' });
    await page.locator('.error', { hasText: 'No result is stored for this job.' }).waitFor();
    await page.close();
  });

  it('falls back to a JSON tree that expands and navigates with the keyboard; screenshot', async () => {
    const page = await open();
    const data = {
      jobId: 'esm-42',
      files: [{ name: 'model.pdb', bytes: 183_204 }, { name: 'plddt.csv', bytes: 2_048 }],
      values: { mean_plddt: 87.3, ptm: 0.81, converged: true, note: null },
      sequence: 'MVSKGEELFTGVVPILVELDGDVNGHKFSVSGEGEGDATYGKLTLKFICTTGKLPVPWPTLVTTLTYG',
      [XSS]: 'a key from the data',
    };
    await send(page, showData(job('esmfold-egfp'), 'structure-not-yet', 'result.json', data));
    await page.locator('.json-tree').waitFor();
    assert.match(await page.locator('.file-head').innerText(), /result\.json[\s\S]*JSON object, 5 keys/);
    assert.equal(await page.locator('img').count(), 0);

    // Tab into the tree: the root summary is its single tab stop.
    const root = page.locator('.json-tree summary').first();
    await root.focus();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await page.keyboard.press('ArrowDown'); // jobId
    assert.match(await focusedText(), /^jobId: "esm-42"/);
    await page.keyboard.press('ArrowDown'); // files (collapsed)
    assert.match(await focusedText(), /^files: \[2 items\]/);
    assert.equal(await page.locator('.json-tree li.branch li.branch details[open]').count(), 0);
    await page.keyboard.press('ArrowRight'); // expand files
    await page.locator('.json-tree details[open] details[open]').first().waitFor();
    await page.keyboard.press('ArrowDown'); // 0
    assert.match(await focusedText(), /^0: \{2 keys\}/);
    await page.keyboard.press('Enter'); // native toggle of <summary>
    await page.locator('.json-tree .k-name', { hasText: 'bytes' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    assert.match(await focusedText(), /^name: "model\.pdb"/);
    await page.keyboard.press('ArrowLeft'); // to parent "0"
    assert.match(await focusedText(), /^0: /);
    await page.keyboard.press('ArrowLeft'); // collapse "0"
    assert.equal(await page.locator('.json-tree .k-name', { hasText: 'bytes' }).first().isVisible(), false);
    await page.keyboard.press('End');
    assert.match(await focusedText(), /a key from the data/);
    const focusOutline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(focusOutline, 'none');
    assert.deepEqual(await cspViolations(page), []);
    await page.screenshot({ path: path.join(SHOTS, 'webview-json.png'), fullPage: true });
    await page.close();
  });
});

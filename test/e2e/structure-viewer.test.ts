/**
 * The structure viewer webview in a real browser (Debian Chromium via playwright-core, WebGL
 * through SwiftShader): the built dist/webview/structure.js + .css inside the extension's real
 * HTML shell and CSP, a fake VS Code host recording what the page posts, and the result files
 * served over HTTP as a webview's URIs are. Structures come from the fixture generator
 * (realistic geometry, pLDDT in the B-factor column), so the expected bands are exact.
 *
 *   node esbuild.mjs && npx tsc -p . && npx mocha --no-config --timeout 180000 out/test/e2e/structure-viewer.test.js
 * Screenshots: test-results/structure-*.png; docs/screenshots/structure-viewer.png with BIOJOBS_DOC_SHOTS=1.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { JobSummaryView, ShowStructureMessage, ResultFileView, WebviewMessage } from '../../src/shared/protocol';
import { countColour, countMagentaish, litShare } from './pixels';
import { launchHeadless, type HeadlessBrowser } from './browser';
import { syntheticPae, syntheticStructure, toMmcif, toPdb } from './structureFixture';
import { serveWebview, type WebviewPage } from './webviewPage';

declare const window: { __posted: WebviewMessage[]; __csp: string[]; __hostReply?: unknown; postMessage(message: unknown, targetOrigin: string): void };
declare const performance: { getEntriesByName(name: string): { duration: number }[] };

const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results');

function job(name: string): JobSummaryView {
  return { id: 'job-fold-1', providerId: 'proteiniq', providerLabel: 'ProteinIQ', remoteId: 'pq_42', name, status: 'succeeded', createdAt: Date.UTC(2026, 11, 6, 9), updatedAt: Date.UTC(2026, 11, 6, 9, 5) };
}

const BACKGROUND: [number, number, number] = [0x1f, 0x1f, 0x1f];

describe('structure viewer webview in Chromium', function () {
  this.timeout(180_000);
  let context: BrowserContext;
  let server: WebviewPage;
  let browser: HeadlessBrowser | undefined;

  // 2 chains × 300 residues with a ligand, and its PAE: the everyday AlphaFold-multimer case.
  const small = syntheticStructure({ residues: 600, chains: 2, ligand: true, seed: 3 });
  const smallPdb = toPdb(small);
  const smallPae = syntheticPae(small);

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    server = await serveWebview(path.join(ROOT, 'dist', 'webview'), 'structure');
    browser = await launchHeadless({ width: 1280, height: 860 }, 'biojobs-structure-');
    context = browser.context;
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function file(name: string, body: string | Uint8Array, mediaType: string, primary = false): ResultFileView {
    return { name, mediaType, size: typeof body === 'string' ? body.length : body.byteLength, view: 'structure', primary, uri: server.putFile(name, typeof body === 'string' ? body : Buffer.from(body), mediaType) };
  }

  async function open(reply: unknown): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript((r) => {
      (globalThis as unknown as { __hostReply: unknown }).__hostReply = r;
    }, reply);
    await page.goto(server.url);
    return { page, errors };
  }

  /** Until the cartoon is on screen (the Cα trace comes first). */
  async function drawn(page: Page): Promise<void> {
    await page.locator('.stage[data-drawn="model"]').waitFor({ timeout: 90_000 });
  }

  const foldResult = (name = 'Fold <b>dimer</b>'): unknown => ({
    type: 'show',
    job: job(name),
    view: 'structure',
    files: [
      file('model.pdb', smallPdb, 'chemical/x-pdb', true),
      file('model_scores.json', JSON.stringify({ plddt: small.plddt.flatMap((c) => c.values) }), 'application/json'),
      file('predicted_aligned_error.json', JSON.stringify([{ predicted_aligned_error: smallPae, max_predicted_aligned_error: 31.75 }]), 'application/json'),
    ],
  });

  describe('a fold result with PAE (contract v2 show)', () => {
    let page: Page;
    let errors: string[];

    before(async () => {
      ({ page, errors } = await open(foldResult()));
      await drawn(page);
      await page.locator('.pae-map canvas').first().waitFor();
      await page.waitForTimeout(300);
    });
    after(() => page?.close());

    it('draws the 3-D structure on the canvas (non-blank pixels) without CSP violations', async () => {
      const shot = await page.locator('.stage').screenshot({ path: path.join(SHOTS, 'structure-1-stage.png') });
      const share = await litShare(page, shot, BACKGROUND);
      assert.ok(share > 0.03, `only ${(share * 100).toFixed(2)}% of the 3-D view is drawn`);
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(errors, []);
      // The job's name is text, not markup.
      assert.equal(await page.locator('.toolbar .title').textContent(), 'Fold <b>dimer</b>');
      assert.equal(await page.locator('.toolbar .title b').count(), 0);
      assert.match((await page.locator('.toolbar .summary').textContent()) ?? '', /^600 residues · 2 chains · [\d,]+ atoms · ligands: LIG · mean pLDDT \d+\.\d · PDB$/);
    });

    it('shows the four-band pLDDT legend with each band’s share', async () => {
      const bands = page.locator('.legend-band');
      assert.equal(await bands.count(), 4);
      const labels = await page.locator('.legend-band .band-label').allTextContents();
      assert.deepEqual(labels, ['Very high', 'Confident', 'Low', 'Very low']);
      const plddt = small.plddt.flatMap((c) => c.values);
      const expected = [plddt.filter((v) => v > 90).length, plddt.filter((v) => v > 70 && v <= 90).length, plddt.filter((v) => v > 50 && v <= 70).length, plddt.filter((v) => v <= 50).length];
      const shares = await page.locator('.legend-band .band-share').allTextContents();
      assert.deepEqual(shares, expected.map((n) => `${((100 * n) / plddt.length).toFixed(0)}%`));
      const swatch = await page.locator('.legend-very-high .swatch').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor);
      assert.equal(swatch, 'rgb(0, 83, 214)');
    });

    it('plots pLDDT per residue with chain dividers', async () => {
      const d = await page.locator('.plddt-plot path.line').getAttribute('d');
      assert.ok(d && d.split('L').length >= 300, 'one point per residue (or pixel column)');
      assert.equal(await page.locator('.plddt-plot .chain-break').count(), 1);
      assert.equal(await page.locator('.plddt-plot .chain-label').textContent(), 'chain B');
    });

    it('draws the PAE heat map from the JSON (greens for low error)', async () => {
      const shot = await page.locator('.pae-map').screenshot({ path: path.join(SHOTS, 'structure-2-pae.png') });
      assert.ok((await countColour(page, shot, [0x0b, 0x4f, 0x1f], 50)) > 500, 'dark green (low PAE) cells');
      assert.ok((await countColour(page, shot, [0x9c, 0xd4, 0x97], 60)) > 500, 'pale (high PAE) cells between domains');
      assert.match((await page.locator('.pae-body .note').textContent()) ?? '', /From predicted_aligned_error\.json/);
    });

    it('links a hover on the plot to the status line, the PAE map and the 3-D view', async () => {
      const stageBefore = await countMagentaish(page, await page.locator('.stage').screenshot(), true);
      const plot = page.locator('.plddt-plot svg');
      const box = await plot.boundingBox();
      assert.ok(box);
      // Residue 150 (index 149) of 600: the plot's x for it (plotGeometry's margins).
      const left = 34;
      const right = 8;
      const px = box.x + left + ((149 + 0.5) * (box.width - left - right)) / 600;
      await page.mouse.move(px, box.y + box.height / 2);
      await page.locator('.statusbar').filter({ hasText: /· residue 150 of 600 · pLDDT \d+\.\d \(/ }).waitFor();
      assert.equal(await page.locator('.plddt-plot .hover').count(), 1);
      const pae = await page.locator('.pae-map').screenshot();
      assert.ok((await countMagentaish(page, pae)) > 100, 'a crosshair on the PAE map (its greens never have red above green)');
      // The 3-D frame follows in the next animation frame (seconds in software rendering on a busy machine).
      let stageAfter = 0;
      for (let t = 0; t < 20 && stageAfter <= stageBefore + 50; t++) {
        await page.waitForTimeout(250);
        stageAfter = await countMagentaish(page, await page.locator('.stage').screenshot({ path: path.join(SHOTS, 'structure-3-hover.png') }), true);
      }
      assert.ok(stageAfter > stageBefore + 50, `a highlight sphere in 3-D (${stageBefore} → ${stageAfter} magenta pixels)`);
    });

    it('a hover on the 3-D view names the residue under the pointer and marks it on the plot', async () => {
      await page.mouse.move(5, 5);
      const stage = await page.locator('.stage').boundingBox();
      assert.ok(stage);
      let found = false;
      // Walk a grid until the pointer is over an atom (3Dmol picks on the model's geometry).
      for (let gy = 0.4; gy <= 0.6 && !found; gy += 0.1) {
        for (let gx = 0.25; gx <= 0.75 && !found; gx += 0.05) {
          await page.mouse.move(stage.x + gx * stage.width, stage.y + gy * stage.height);
          found = await page
            .locator('.statusbar')
            .filter({ hasText: / · residue \d+ of 600/ })
            .waitFor({ timeout: 1500 })
            .then(() => true, () => false);
        }
      }
      assert.ok(found, 'hovering the model reports a residue');
      assert.equal(await page.locator('.plddt-plot .hover').count(), 1);
    });

    it('selecting a PAE block highlights both segments on the plot and in 3-D', async () => {
      await page.mouse.move(5, 5);
      await page.waitForTimeout(200);
      const before = await countColour(page, await page.locator('.stage').screenshot(), [0x7c, 0xff, 0x4f], 80);
      const map = await page.locator('.pae-overlay').boundingBox();
      assert.ok(map);
      // Rows 300–600 (chain B) × columns 0–300 (chain A): the inter-chain block.
      await page.mouse.move(map.x + map.width * 0.05, map.y + map.height * 0.55);
      await page.mouse.down();
      await page.mouse.move(map.x + map.width * 0.3, map.y + map.height * 0.8, { steps: 5 });
      await page.mouse.up();
      await page.locator('.statusbar').filter({ hasText: /^Block: aligned on .+ \(magenta\), error of .+ \(green\) · mean PAE \d+\.\d Å$/ }).waitFor();
      assert.equal(await page.locator('.plddt-plot .block-rows').count(), 1);
      assert.equal(await page.locator('.plddt-plot .block-cols').count(), 1);
      await page.waitForTimeout(300);
      const after = await countColour(page, await page.locator('.stage').screenshot({ path: path.join(SHOTS, 'structure-4-block.png') }), [0x7c, 0xff, 0x4f], 80);
      assert.ok(after > before + 200, `the scored segment glows green in 3-D (${before} → ${after})`);
      await page.screenshot({ path: path.join(SHOTS, 'structure-5-page.png') });
    });

    it('works from the keyboard: the plot is a slider, Esc clears', async () => {
      await page.locator('.plddt-plot').focus();
      await page.keyboard.press('Home');
      await page.locator('.statusbar').filter({ hasText: /^Selected: MET A 1 · residue 1 of 600/ }).waitFor();
      await page.keyboard.press('Shift+ArrowRight');
      await page.locator('.statusbar').filter({ hasText: /residue 11 of 600/ }).waitFor();
      assert.equal(await page.locator('.plddt-plot').getAttribute('aria-valuenow'), '11');
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('.plddt-plot .selected').count(), 0);
    });

    it('Save PNG posts the 3-D view as a PNG; Save posts the file name', async () => {
      await page.getByRole('button', { name: /Save a PNG snapshot/ }).click();
      await page.getByRole('button', { name: /Save a copy of model\.pdb/ }).click();
      const posted = await page.evaluate(() => window.__posted);
      const snap = posted.find((m) => m.type === 'saveSnapshot');
      assert.ok(snap && snap.type === 'saveSnapshot');
      assert.equal(snap.fileName, 'model.png');
      assert.match(snap.dataUrl, /^data:image\/png;base64,iVBORw0KGgo/);
      assert.ok(snap.dataUrl.length > 20_000, 'a real image, not an empty canvas');
      assert.deepEqual(posted.find((m) => m.type === 'saveResultFile'), { type: 'saveResultFile', name: 'model.pdb' });
      assert.equal(posted[0].type, 'ready');
    });
  });

  // docs/screenshots/structure-viewer.png (BIOJOBS_DOC_SHOTS=1): an inter-chain PAE block selected.
  (process.env.BIOJOBS_DOC_SHOTS ? it : it.skip)('renders the documentation screenshot', async () => {
    const { page } = await open(foldResult('ESMFold dimer · model 1'));
    await drawn(page);
    await page.locator('.pae-map canvas').first().waitFor();
    const map = await page.locator('.pae-overlay').boundingBox();
    assert.ok(map);
    await page.mouse.move(map.x + map.width * 0.08, map.y + map.height * 0.56);
    await page.mouse.down();
    await page.mouse.move(map.x + map.width * 0.28, map.y + map.height * 0.76, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(5, 5);
    await page.locator('.statusbar').filter({ hasText: /^Block: aligned on/ }).waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', 'structure-viewer.png') });
    await page.close();
  });

  it('opens a local mmCIF (custom editor message) and says when there is no PAE', async () => {
    const cif = toMmcif(small);
    const message: ShowStructureMessage = { type: 'showStructure', title: 'model.cif', files: [file('local-model.cif', cif, 'chemical/x-mmcif', true)] };
    const { page, errors } = await open(message);
    await drawn(page);
    assert.match((await page.locator('.toolbar .summary').textContent()) ?? '', /^600 residues · 2 chains · .* · mmCIF$/);
    assert.match((await page.locator('.pae-body .note').textContent()) ?? '', /no predicted aligned error/);
    assert.equal(await page.locator('.legend-band').count(), 4);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('opens BinaryCIF (read by 3Dmol; residues and pLDDT from its atoms)', async () => {
    // Made from syntheticStructure({ residues: 300, chains: 1, seed: 4 }) by Mol*'s cif2bcif (see fixtures/README.md).
    const bcif = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'synthetic-300.bcif'));
    const expected = syntheticStructure({ residues: 300, chains: 1, seed: 4 }).plddt[0].values;
    const { page, errors } = await open({ type: 'showStructure', title: 'synthetic-300.bcif', files: [file('synthetic-300.bcif', new Uint8Array(bcif), 'application/x-bcif', true)] });
    await drawn(page);
    const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
    assert.match((await page.locator('.toolbar .summary').textContent()) ?? '', new RegExp(`^300 residues · 1 chain · [\\d,]+ atoms · mean pLDDT ${mean.toFixed(1)} · BinaryCIF$`));
    const share = await litShare(page, await page.locator('.stage').screenshot({ path: path.join(SHOTS, 'structure-7-bcif.png') }), BACKGROUND);
    assert.ok(share > 0.03, `only ${(share * 100).toFixed(2)}% of the 3-D view is drawn`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says clearly when 3Dmol cannot read a BinaryCIF file', async () => {
    const bcif = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'synthetic-300-no-operators.bcif'));
    const { page } = await open({ type: 'showStructure', title: 'x.bcif', files: [file('x.bcif', new Uint8Array(bcif), 'application/x-bcif', true)] });
    await page.locator('.error').filter({ hasText: /could not read this BinaryCIF file: .+ the same model as mmCIF or PDB opens/ }).waitFor();
    const posted = await page.evaluate(() => window.__posted);
    assert.ok(posted.some((m) => m.type === 'log' && m.level === 'error' && /BinaryCIF/.test(m.message)), 'reported to the extension log');
    await page.close();
  });

  it('an experimental structure (B-factors not a pLDDT) is coloured by chain and says so', async () => {
    const s = syntheticStructure({ residues: 200, chains: 2, seed: 5 });
    for (const a of s.atoms) a.b = 10 + ((a.serial * 7) % 140);
    const { page } = await open({ type: 'showStructure', title: 'xray.pdb', files: [file('xray.pdb', toPdb(s), 'chemical/x-pdb', true)] });
    await drawn(page);
    assert.match((await page.locator('.plot-body .note').textContent()) ?? '', /not a pLDDT/);
    assert.equal(await page.locator('.plddt-plot').count(), 0);
    await page.close();
  });

  it('draws a 5,000-residue structure and reports the time from file to first frame', async () => {
    const big = syntheticStructure({ residues: 5000, chains: 4, ligand: true });
    const { page, errors } = await open({ type: 'showStructure', title: 'big.pdb', files: [file('big.pdb', toPdb(big), 'chemical/x-pdb', true)] });
    await drawn(page);
    const [first, model] = await page.evaluate(() => ['biojobs:structure:fileToFrame', 'biojobs:structure:fileToModel'].map((n) => performance.getEntriesByName(n)[0]?.duration ?? -1));
    assert.ok(first > 0 && model >= first);
    console.log(`      5,000 residues: file → first frame (trace) ${first.toFixed(0)} ms, → cartoon ${model.toFixed(0)} ms (software WebGL)`);
    const share = await litShare(page, await page.locator('.stage').screenshot({ path: path.join(SHOTS, 'structure-6-big.png') }), BACKGROUND);
    assert.ok(share > 0.03, `only ${(share * 100).toFixed(2)}% of the 3-D view is drawn`);
    assert.match((await page.locator('.toolbar .summary').textContent()) ?? '', /^5,000 residues · 4 chains/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows an error, not a blank page, for a file that is not a structure', async () => {
    const { page } = await open({ type: 'showStructure', title: 'notes.txt', files: [file('notes.txt', 'hello', 'text/plain', true)] });
    await page.locator('.error').filter({ hasText: 'No structure to show.' }).waitFor();
    await page.close();
  });
});

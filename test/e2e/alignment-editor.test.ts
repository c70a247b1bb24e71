/**
 * The alignment viewer as a custom editor in a real workbench: right-click a 10,000 × 1,000 A3M
 * in the explorer → Open With… → Bio Jobs Alignment Viewer; the viewer shows it (screenshot),
 * a click reads a cell, and a change to the file on disk shows up without reopening.
 * Screenshots: test-results/e2e/alignment-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticAlignment } from './alignmentFixture';
import { openWorkbench, Workbench } from './harness';

describe('e2e alignment viewer: Open With… on a local A3M', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let workspace: string;
  let text: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-aln-ws-'));
    text = syntheticAlignment({ sequences: 10_000, columns: 1000 });
    fs.writeFileSync(path.join(workspace, 'large.a3m'), text);
    wb = await openWorkbench({ workspace, settings: { 'workbench.startupEditor': 'none' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('opens large.a3m with Open With… → Bio Jobs Alignment Viewer and draws it', async () => {
    const { page } = wb;
    await wb.clickActivityBar('Explorer');
    const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: /^large\.a3m$/ });
    const quick = page.locator('.quick-input-widget');
    const viewer = quick.locator('.monaco-list-row').filter({ hasText: 'Bio Jobs Alignment Viewer' });
    // The extension's editors reach the picker a moment after the workbench looks ready: a
    // picker opened too early lists only the text editor, so close it and ask again.
    for (let attempt = 0; ; attempt++) {
      await file.click({ button: 'right' });
      const openWith = page.locator('.monaco-menu .action-item').filter({ hasText: /^Open With/ });
      await openWith.first().hover();
      await openWith.first().click({ delay: 50 });
      try {
        await viewer.waitFor({ timeout: 3000 });
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await page.keyboard.press('Escape');
        await quick.waitFor({ state: 'hidden' });
      }
    }
    await viewer.click();

    const frame = wb.webviewFrame();
    await frame.locator('canvas.stage').waitFor({ timeout: 60_000 });
    const summary = frame.locator('.statusbar .summary');
    await summary.filter({ hasText: /^10,000 sequences × 1,000 columns · A3M/ }).waitFor();
    // Let the conservation track arrive (it is computed after the first frame).
    await page.waitForTimeout(1500);
    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'large.a3m' });
    assert.equal(await tab.count(), 1, 'one editor tab for the file');
    await wb.screenshot('alignment-1-large-a3m');
  });

  it('reads the clicked cell in the status line', async () => {
    const frame = wb.webviewFrame();
    const viewer = frame.locator('.viewer');
    const box = await viewer.boundingBox();
    assert.ok(box);
    const g = await viewer.evaluate((e) => (e as unknown as { dataset: Record<string, string> }).dataset);
    const x = box.x + Number(g.namesWidth) + 4.5 * Number(g.cellWidth);
    const y = box.y + Number(g.headerHeight) + 2.5 * Number(g.cellHeight);
    await wb.page.mouse.click(x, y);
    const status = frame.locator('.statusbar .cursor');
    await status.filter({ hasText: /^UniRef100_\w+ · column 5 · / }).waitFor();
    await wb.screenshot('alignment-2-clicked');
  });

  it('follows the file on disk', async () => {
    fs.appendFileSync(path.join(workspace, 'large.a3m'), `>appended added later\n${'A'.repeat(1000)}\n`);
    const frame = wb.webviewFrame();
    await frame.locator('.statusbar .summary').filter({ hasText: /^10,001 sequences × 1,000 columns/ }).waitFor({ timeout: 30_000 });
  });
});

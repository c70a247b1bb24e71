/**
 * The alignment viewer as a custom editor in a real workbench: right-click a 10,000 × 1,000 A3M
 * in the explorer → Open With… → Bio Jobs Alignment Viewer; the viewer shows it (screenshot),
 * a click reads a cell, and a change to the file on disk shows up without reopening. A file
 * over the size limit is refused with a message before anything is read; the webview can also
 * fetch the file itself as a webview resource (the path result panels take).
 * Screenshots: test-results/e2e/alignment-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticAlignment } from './alignmentFixture';
import { openWorkbench, Workbench } from './harness';

const VIEWER = 'Bio Jobs Alignment Viewer';

describe('e2e alignment viewer: Open With… on a local A3M', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-aln-ws-'));
    fs.writeFileSync(path.join(workspace, 'large.a3m'), syntheticAlignment({ sequences: 10_000, columns: 1000 }));
    fs.writeFileSync(path.join(workspace, 'fetched.a3m'), syntheticAlignment({ sequences: 2000, columns: 300, seed: 7 }));
    // 2 GiB without writing 2 GiB: a sparse file has the size and no blocks.
    const huge = fs.openSync(path.join(workspace, 'huge.a3m'), 'w');
    fs.ftruncateSync(huge, 2 * 1024 ** 3);
    fs.closeSync(huge);
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
    await (await wb.openWith('large.a3m', VIEWER))();
    const frame = wb.webviewFrame();
    await frame.locator('canvas.stage').waitFor({ timeout: 60_000 });
    const summary = frame.locator('.statusbar .summary');
    await summary.filter({ hasText: /^10,000 sequences × 1,000 columns · A3M · [\d,]+ inserted residues$/ }).waitFor({ timeout: 60_000 });
    // Every row read and the statistics (conservation, logo) over all of them are drawn.
    await frame.locator('html[data-msa-stats]').waitFor({ state: 'attached' });
    assert.equal(await frame.locator('.statusbar .progress').isVisible(), false);
    // VS Code in the browser: the page fetched the file from its loopback link (the port proxy), not over the websocket.
    assert.equal(await frame.locator('html').getAttribute('data-msa-transfer'), 'link');
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

  it('shows the file as it is now when its tab comes back (the page starts again from HTML whose link is outdated)', async () => {
    const { page } = wb;
    // Another editor in front: the viewer's page is discarded (its context is not retained).
    await wb.runCommand('File: New Untitled Text File');
    await page.locator('.tabs-container .tab.active').filter({ hasText: /^Untitled/ }).waitFor();
    await page.locator('.tabs-container .tab').filter({ hasText: 'large.a3m' }).click();
    const frame = wb.webviewFrame();
    await frame.locator('.statusbar .summary').filter({ hasText: /^10,001 sequences × 1,000 columns/ }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('html').getAttribute('data-msa-transfer'), 'link');
    assert.equal(await frame.getByRole('alert').count(), 0);
  });

  it('Save as FASTA: the host converts the file into the workspace, rows without insertions', async () => {
    await wb.webviewFrame().getByRole('button', { name: 'Save the aligned sequences as FASTA' }).click();
    // code-server's save dialog is a quick input holding the proposed path.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    // It fills the folder first, then the proposed name.
    for (let i = 0; i < 100 && !/large\.fasta$/.test(await input.inputValue()); i++) await wb.page.waitForTimeout(100);
    assert.match(await input.inputValue(), new RegExp(`^${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/large\\.fasta$`));
    await input.press('Enter');
    await wb.page.locator('.notifications-toasts').getByText('Saved the alignment to large.fasta.').waitFor({ timeout: 60_000 });
    const saved = fs.readFileSync(path.join(workspace, 'large.fasta'), 'utf8');
    assert.ok(saved.startsWith('>query seed sequence\n'));
    assert.equal(saved.match(/^>/gm)?.length, 10_001, 'every sequence, the appended one too');
    assert.doesNotMatch(saved, /^[^>].*[a-z]/m, 'no lower-case insertions in aligned FASTA');
  });

  it('refuses a 2 GB alignment by its size, with a message, before reading it', async () => {
    await (await wb.openWith('huge.a3m', VIEWER))();
    const alert = wb.webviewFrame().getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.equal(
      await alert.innerText(),
      'The alignment could not be loaded.\n\nhuge.a3m is 2,048 MB; the alignment viewer opens files up to 1,024 MB (setting "biojobs.alignmentViewer.maxFileSizeMB").',
    );
    await wb.screenshot('alignment-3-too-large');
  });

  it('also works when the webview fetches the file itself as a webview resource', async () => {
    // The path result panels take (contract v2: files[].uri): fetch through the webview's service worker, stream to the worker.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'biojobs.alignmentViewer.transfer': 'fetch' }));
    await wb.page.waitForTimeout(1000); // the configuration watcher
    await (await wb.openWith('fetched.a3m', VIEWER))();
    const frame = wb.webviewFrame();
    await frame.locator('.statusbar .summary').filter({ hasText: /^2,000 sequences × 300 columns · A3M/ }).waitFor({ timeout: 60_000 });
    await frame.locator('html[data-msa-stats]').waitFor({ state: 'attached' });
  });
});

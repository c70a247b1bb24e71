/**
 * OpenProtein.AI clicked through in a real workbench: sign in from the welcome view → right-click
 * two protein seeds → Submit to Provider… → OpenProtein.AI → confirm two jobs → both succeed with
 * progress in the tree → open an MSA in the alignment viewer → reload → the viewer comes back
 * from disk. Screenshots: test-results/e2e/openprotein-*.png.
 */
import * as assert from 'node:assert/strict';
import { startOpenProteinEmulator, type OpenProteinEmulator } from '../emulators/openprotein/server';
import { openWorkbench, Workbench } from './harness';

describe('e2e OpenProtein: seeds → two MSA jobs → alignment viewer', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let emulator: OpenProteinEmulator;

  before(async () => {
    emulator = await startOpenProteinEmulator({ timing: { pendingMs: 60_000, runningMs: 60_000 }, msaSequences: 400 });
    wb = await openWorkbench({ settings: { 'biojobs.openprotein.baseUrl': emulator.url, 'workbench.startupEditor': 'none' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    await emulator?.close();
  });

  it('signs in from the welcome view', async () => {
    const { page } = wb;
    await wb.clickActivityBar('Bio Jobs');
    await page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name: 'Set OpenProtein.AI Credentials' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.locator('.quick-input-widget').getByText('OpenProtein.AI: Username').waitFor();
    await input.fill('demo');
    await input.press('Enter');
    await page.locator('.quick-input-widget').getByText('OpenProtein.AI: Password').waitFor();
    await input.fill('demo-password');
    await input.press('Enter');
    await page.locator('.notifications-toasts').getByText(/Signed in to OpenProtein\.AI/).waitFor();
  });

  it('submits two seeds after a confirmation and follows them to SUCCESS with progress', async () => {
    const { page } = wb;
    await wb.clickActivityBar('Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: /^insulin-seeds\.fasta$/ }).click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item').filter({ hasText: 'Submit to Provider…' });
    await item.hover();
    await item.click({ delay: 50 });
    const quick = page.locator('.quick-input-widget');
    await quick.locator('.monaco-list-row').filter({ hasText: 'OpenProtein.AI' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText('Submit 2 jobs to OpenProtein.AI?').waitFor();
    await wb.screenshot('openprotein-1-confirm');
    await dialog.getByRole('button', { name: 'Submit 2 Jobs' }).click();

    await wb.clickActivityBar('Bio Jobs');
    const rows = page.locator('.part.sidebar .monaco-list-row');
    const insulin = rows.filter({ hasText: 'INS_HUMAN' });
    await insulin.filter({ hasText: 'Queued' }).waitFor();
    await rows.filter({ hasText: 'UBIQ_HUMAN' }).waitFor();
    assert.equal(emulator.log.count({ method: 'POST', path: '/api/v1/poet/align/msa' }), 2, 'one job per seed');
    const refresh = page.locator('.part.sidebar .title-actions .action-label[aria-label="Refresh"]');
    // Halfway through the run: the row shows the progress the API reports.
    emulator.clock.advance(90_000);
    await refresh.click();
    await insulin.filter({ hasText: /Running · \d+%/ }).waitFor();
    await wb.screenshot('openprotein-2-running');
    emulator.clock.advance(60_000);
    await refresh.click();
    await insulin.filter({ hasText: 'Succeeded' }).waitFor({ timeout: 30_000 });
    await rows.filter({ hasText: 'UBIQ_HUMAN' }).filter({ hasText: 'Succeeded' }).waitFor({ timeout: 30_000 });
  });

  it('opens the MSA in the alignment viewer and restores it after a reload, from disk', async () => {
    const { page } = wb;
    await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'INS_HUMAN' }).click();
    const frame = wb.webviewFrame();
    await frame.locator('canvas').first().waitFor();
    await frame.getByText(/400 sequences/).first().waitFor();
    // VS Code in the browser: the result file came by its loopback link, not through the workbench's resource loader.
    assert.equal(await frame.locator('html').getAttribute('data-msa-transfer'), 'link');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.screenshot('openprotein-3-viewer');
    const fetched = emulator.log.count({ method: 'GET', path: '/api/v1/poet/align/msa' });

    await Promise.all([page.waitForEvent('load'), wb.runCommand('Developer: Reload Window')]);
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    await wb.webviewFrame().getByText(/400 sequences/).first().waitFor({ timeout: 30_000 });
    assert.equal(await wb.webviewFrame().locator('html').getAttribute('data-msa-transfer'), 'link', 'a restored panel gets a link too');
    assert.equal(emulator.log.count({ method: 'GET', path: '/api/v1/poet/align/msa' }), fetched, 'the alignment came from disk');
    await wb.screenshot('openprotein-4-after-reload');
  });
});

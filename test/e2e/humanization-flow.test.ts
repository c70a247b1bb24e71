/**
 * Antibody humanization clicked through in a real workbench: set the token from the welcome view
 * → Track Job by ID… (a completed job of the emulator) → the tree shows it completed → open the
 * report → the structure is drawn in 3-D inside the report (report3d.js loaded under the real
 * webview CSP). Screenshots: test-results/e2e/humanization-*.png.
 */
import * as assert from 'node:assert/strict';
import { startHumanizationEmulator, type HumanizationEmulator } from '../emulators/humanization/server';
import { openWorkbench, Workbench } from './harness';

describe('e2e antibody humanization: track by id → report with its 3-D structure', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let emulator: HumanizationEmulator;

  before(async () => {
    emulator = await startHumanizationEmulator();
    wb = await openWorkbench({ settings: { 'biojobs.humanization.baseUrl': emulator.url, 'workbench.startupEditor': 'none' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    await wb.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
    console.log(`      window at the failure: ${await wb.describe()}`);
  });

  after(async () => {
    await wb?.close();
    await emulator?.close();
  });

  it('sets the token from the welcome view and tracks a job by id to Completed', async () => {
    const { page } = wb;
    await wb.clickActivityBar('Bio Jobs');
    await page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name: 'Set Antibody Humanization Token' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.locator('.quick-input-widget').getByText('Antibody humanization: Bearer token').waitFor();
    await input.fill(emulator.demoToken);
    await input.press('Enter');
    await page.locator('.notifications-toasts').getByText(/Signed in to Antibody humanization/i).waitFor();

    await wb.runCommand('Bio Jobs: Track Job by ID…', { asks: true });
    await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Antibody Humanization' }).click();
    await page.locator('.quick-input-widget').getByText(/The job id/).first().waitFor();
    await input.fill(emulator.seeded.full);
    await input.press('Enter');
    const row = page.locator('.part.sidebar .monaco-list-row').filter({ hasText: emulator.seeded.full.slice(0, 8) });
    await row.filter({ hasText: /Succeeded|Completed/ }).waitFor({ timeout: 60_000 });
    await wb.screenshot('humanization-1-tree');
  });

  it('opens the report and draws the structure in 3-D inside it', async () => {
    const { page } = wb;
    // The inline "Open Result" action appears once the report files are stored.
    const row = page.locator('.part.sidebar .monaco-list-row').filter({ hasText: emulator.seeded.full.slice(0, 8) });
    const tab = page.locator('.tabs-container .tab').filter({ hasText: emulator.seeded.full.slice(0, 8) });
    await wb.clickUntil(row.locator('.action-label[aria-label="Open Result"]'), tab, { hover: row, timeoutMs: 60_000 });
    const frame = wb.webviewFrame();
    await frame.locator('article.strategy').first().waitFor({ timeout: 60_000 });
    const slot = frame.locator('#structure .structure-slot');
    await slot.scrollIntoViewIfNeeded();
    await frame.locator('#structure .structure-slot[data-viewer="mounted"]').waitFor({ timeout: 60_000 });
    await frame.locator('#structure .viewer3d-stage[data-drawn="model"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#structure .viewer3d-stage canvas').count(), 1);
    assert.match((await frame.locator('#structure .viewer3d-stage').getAttribute('aria-label')) ?? '', /227 residues, chains H, L/);
    await wb.runCommand('Notifications: Clear All Notifications');
    await frame.locator('#structure .viewer3d-stage').scrollIntoViewIfNeeded();
    await wb.screenshot('humanization-2-report-3d');
  });
});

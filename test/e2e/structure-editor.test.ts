/**
 * The structure viewer as a custom editor in a real workbench: right-click a predicted model
 * (.pdb) in the explorer → Open With… → Bio Jobs Structure Viewer; the viewer draws it with the
 * PAE JSON that lies beside it (matched by name), and "Save PNG" writes a PNG into the
 * workspace through VS Code's save dialog. Screenshots: test-results/e2e/structure-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, Workbench } from './harness';
import { syntheticPae, syntheticStructure, toPdb } from './structureFixture';

describe('e2e structure viewer: Open With… on a local PDB', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-structure-ws-'));
    const model = syntheticStructure({ residues: 400, chains: 2, ligand: true, seed: 21 });
    fs.writeFileSync(path.join(workspace, 'fold_model_0.pdb'), toPdb(model));
    fs.writeFileSync(path.join(workspace, 'fold_model_0_pae.json'), JSON.stringify({ predicted_aligned_error: syntheticPae(model) }));
    wb = await openWorkbench({ workspace, settings: { 'workbench.startupEditor': 'none' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('opens fold_model_0.pdb with Open With… → Bio Jobs Structure Viewer, with its PAE', async () => {
    const { page } = wb;
    await wb.clickActivityBar('Explorer');
    const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: /^fold_model_0\.pdb$/ });
    const quick = page.locator('.quick-input-widget');
    const viewer = quick.locator('.monaco-list-row').filter({ hasText: 'Bio Jobs Structure Viewer' });
    // The extension's editors reach the picker a moment after the workbench looks ready.
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
    await frame.locator('.stage[data-drawn="model"]').waitFor({ timeout: 180_000 });
    await frame.locator('.toolbar .summary').filter({ hasText: /^400 residues · 2 chains · [\d,]+ atoms · ligands: LIG · mean pLDDT \d+\.\d · PDB$/ }).waitFor();
    assert.equal(await frame.locator('.legend-band').count(), 4);
    await frame.locator('.pae-body .note').filter({ hasText: 'From fold_model_0_pae.json' }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.pae-map canvas').count(), 2);
    await page.waitForTimeout(1000);
    await wb.screenshot('structure-1-open-with');
  });

  it('Save PNG writes a PNG into the workspace', async () => {
    const { page } = wb;
    const frame = wb.webviewFrame();
    await frame.getByRole('button', { name: /Save a PNG snapshot/ }).click();
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding the path.
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    // The dialog proposes the model's name as a PNG in the workspace.
    await page.waitForFunction(() => /fold_model_0\.png$/.test((globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('.quick-input-widget input[type="text"]')?.value ?? ''), null, { timeout: 30_000 });
    const target = path.join(workspace, 'snapshot.png');
    await input.fill(target);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(target) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(fs.existsSync(target), 'snapshot.png was written');
    const bytes = fs.readFileSync(target);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(bytes.length > 20_000, `a real picture (${bytes.length} bytes)`);
    await wb.screenshot('structure-2-saved-png');
  });
});

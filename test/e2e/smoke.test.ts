/** The packaged extension shows up in a real workbench: its activity-bar entry opens the jobs view. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openWorkbench, Workbench } from './harness';

describe('e2e smoke', function () {
  this.timeout(120_000);
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });

  afterEach(async function () {
    // A picture of the failure is worth more than the stack trace.
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
  });

  it('has a "Bio Jobs" activity-bar entry that opens the jobs view', async () => {
    await wb.clickActivityBar('Bio Jobs');
    const file = await wb.screenshot('smoke-bio-jobs-view');
    assert.ok(fs.statSync(file).size > 0, 'screenshot is empty');
  });

  it('runs "Bio Jobs: Show Log" from the command palette', async () => {
    await wb.runCommand('Bio Jobs: Show Log');
    // A failing command shows an error notification instead of doing its work.
    const errors = wb.page.locator('.notifications-toasts .codicon-error');
    assert.equal(await errors.count(), 0, 'the command reported an error');
  });
});

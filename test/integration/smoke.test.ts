/** The extension loads in a real VS Code extension host and registers its commands. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'biojobs.bio-jobs';

describe('smoke', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers biojobs.showLog', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('biojobs.showLog'), 'command biojobs.showLog is not registered');
  });
});

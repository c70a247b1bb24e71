/** The host's checks on the structure viewer's messages (src/ui/panels/messages.ts is vscode-free). */
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/ui/panels/messages';

const PNG = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64')}`;

describe('ui/panels/messages: structure viewer', () => {
  it('accepts a PNG snapshot and a save request by name', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'saveSnapshot', fileName: 'model.png', dataUrl: PNG }), { ok: true, message: { type: 'saveSnapshot', fileName: 'model.png', dataUrl: PNG } });
    assert.deepEqual(parseWebviewMessage({ type: 'saveResultFile', name: 'model.pdb' }), { ok: true, message: { type: 'saveResultFile', name: 'model.pdb' } });
  });

  it('refuses anything but a base64 PNG data URL', () => {
    for (const dataUrl of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html,<script>alert(1)</script>', 'javascript:alert(1)', 'data:image/png;base64,AAA$', `${PNG}\n`]) {
      const parsed = parseWebviewMessage({ type: 'saveSnapshot', fileName: 'x.png', dataUrl });
      assert.equal(parsed.ok, false, dataUrl);
    }
    assert.equal(parseWebviewMessage({ type: 'saveSnapshot', fileName: 'x.png' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'saveResultFile', name: '' }).ok, false);
  });
});

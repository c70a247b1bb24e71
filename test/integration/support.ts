/** Helpers shared by the integration tests (run inside the extension host). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BioJobsTestApi as BioJobsApi } from '../../src/ui/testApi';

export const EXTENSION_ID = 'biojobs.bio-jobs';

/** Waits for a condition a user would wait for (a job finishing), with a deadline. */
export async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A file in the test workspace (a temp copy of examples/). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Activates the extension and returns its API. */
export async function activateBioJobs(): Promise<BioJobsApi> {
  const ext = vscode.extensions.getExtension<BioJobsApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api, 'the test hook is returned in test mode');
  return api;
}

/**
 * "Save as A3M / FASTA" in the custom editor: the host converts the file the editor shows, a
 * batch of rows at a time, into a temporary file next to the target and renames it into place.
 * Neither the alignment nor its converted text is ever held whole (10^8 residues are ~100 MB).
 * Read with the same reader as the viewer, so a file the viewer shows is one this can write.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { convertAlignmentFile } from '../core/alignmentConvert';
import type { Logger } from '../core/log';
import type { AlignmentSaveFormat } from '../shared/protocol';
import { safeFileName } from './panels/fileName';

const FILTERS: Record<AlignmentSaveFormat, Record<string, string[]>> = {
  a3m: { A3M: ['a3m'] },
  fasta: { 'Aligned FASTA': ['fasta', 'afa', 'fa', 'faa'] },
};

/** Asks where to save, converts, offers to open the result. Resolves to the file, or undefined if cancelled. */
export async function saveAlignmentFile(source: vscode.Uri, proposedName: string, format: AlignmentSaveFormat, logger: Logger): Promise<vscode.Uri | undefined> {
  const label = format === 'a3m' ? 'A3M' : 'FASTA';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, safeFileName(proposedName, 'alignment', format === 'a3m' ? '.a3m' : '.fasta')),
    filters: FILTERS[format],
    saveLabel: `Save ${label}`,
    title: `Save the alignment as ${label}`,
  });
  if (!target) return undefined;
  if (source.scheme !== 'file' || target.scheme !== 'file') {
    void vscode.window.showErrorMessage('Saving an alignment is supported for files on this machine only.');
    return undefined;
  }
  const name = path.basename(source.fsPath);
  try {
    const rows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Saving ${name} as ${label}…` }, () =>
      convertAlignmentFile(source.fsPath, name, format, target.fsPath),
    );
    logger.info(`Saved ${name} (${rows} sequences) as ${label} to ${target.toString(true)}`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`Saving ${name} as ${label} to ${target.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Could not save ${path.basename(target.fsPath)}: ${reason}`);
    return undefined;
  }
  void vscode.window
    .showInformationMessage(`Saved the alignment to ${path.basename(target.fsPath)}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.window.showTextDocument(target) : undefined))
    .then(undefined, (err: unknown) => logger.error(`Opening ${target.toString(true)} failed: ${String(err)}`));
  return target;
}

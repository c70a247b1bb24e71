/** What the host does for a result webview: copy to the clipboard, save FASTA or an alignment to a chosen file. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { parseAlignment } from '../../core/alignment';
import type { Logger } from '../../core/log';
import type { AlignmentSaveFormat, ReportExportFormat } from '../../shared/protocol';
import { safeFileName as safeResultName } from '../../core/atomicFile';
import { formatFasta, type FastaRecord } from './fasta';
import { safeFileName } from './fileName';

export async function copyToClipboard(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied ${what}`, 3_000);
}

/** Where the save dialog starts: the first workspace folder, else the home folder. */
function defaultSaveUri(fileName: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, fileName) : vscode.Uri.joinPath(vscode.Uri.file(os.homedir()), fileName);
}

/** Asks where to save, writes the FASTA and offers to open it. Resolves to the file, or undefined if cancelled. */
export async function saveFasta(proposedName: string, records: readonly FastaRecord[], logger: Logger): Promise<vscode.Uri | undefined> {
  const uri = await vscode.window.showSaveDialog({
    defaultUri: defaultSaveUri(safeFileName(proposedName, 'sequences')),
    filters: { FASTA: ['fasta', 'fa', 'fna', 'faa'] },
    saveLabel: 'Save FASTA',
    title: records.length === 1 ? `Save ${records[0].id} as FASTA` : `Save ${records.length} sequences as FASTA`,
  });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(formatFasta(records)));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`Saving FASTA to ${uri.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Could not save ${uri.path.split('/').pop() ?? 'the file'}: ${reason}`);
    return undefined;
  }
  logger.info(`Saved ${records.length} sequence(s) to ${uri.toString(true)}`);
  void vscode.window
    .showInformationMessage(`Saved ${records.length === 1 ? '1 sequence' : `${records.length} sequences`} to ${uri.path.split('/').pop()}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.window.showTextDocument(uri) : undefined))
    .then(undefined, (err: unknown) => logger.error(`Opening ${uri.toString(true)} failed: ${String(err)}`));
  return uri;
}

const ALIGNMENT_FILTERS: Record<AlignmentSaveFormat, Record<string, string[]>> = {
  a3m: { A3M: ['a3m'] },
  fasta: { 'Aligned FASTA': ['fasta', 'afa', 'fa', 'faa'] },
};

/**
 * "Save as A3M / FASTA" from the alignment viewer: the webview wrote `text`; it is read back
 * with the same parser before anything touches disk, so only a well-formed alignment of the
 * announced format is ever written. Resolves to the file, or undefined if cancelled or invalid.
 */
export async function saveAlignment(proposedName: string, format: AlignmentSaveFormat, text: string, logger: Logger): Promise<vscode.Uri | undefined> {
  let sequences: number;
  try {
    sequences = parseAlignment(text, { format }).rows.length;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`The alignment viewer sent an invalid ${format} file: ${reason}`);
    void vscode.window.showErrorMessage(`The alignment could not be saved: ${reason}`);
    return undefined;
  }
  const label = format === 'a3m' ? 'A3M' : 'FASTA';
  const extension = format === 'a3m' ? '.a3m' : '.fasta';
  const uri = await vscode.window.showSaveDialog({
    defaultUri: defaultSaveUri(safeFileName(proposedName, 'alignment', extension)),
    filters: ALIGNMENT_FILTERS[format],
    saveLabel: `Save ${label}`,
    title: `Save the alignment (${sequences} sequences) as ${label}`,
  });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`Saving the alignment to ${uri.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Could not save ${uri.path.split('/').pop() ?? 'the file'}: ${reason}`);
    return undefined;
  }
  logger.info(`Saved an alignment of ${sequences} sequence(s) as ${label} to ${uri.toString(true)}`);
  void vscode.window
    .showInformationMessage(`Saved the alignment to ${uri.path.split('/').pop()}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.window.showTextDocument(uri) : undefined))
    .then(undefined, (err: unknown) => logger.error(`Opening ${uri.toString(true)} failed: ${String(err)}`));
  return uri;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The structure viewer's "Save PNG": the data URL (already checked to be base64 PNG by the
 * message schema) is decoded and its PNG signature checked before anything touches disk.
 */
export async function saveSnapshot(proposedName: string, dataUrl: string, logger: Logger): Promise<vscode.Uri | undefined> {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    logger.error('The structure viewer sent a snapshot that is not a PNG image.');
    void vscode.window.showErrorMessage('The snapshot could not be saved: it is not a PNG image.');
    return undefined;
  }
  const uri = await vscode.window.showSaveDialog({
    defaultUri: defaultSaveUri(safeFileName(proposedName, 'structure', '.png')),
    filters: { 'PNG image': ['png'] },
    saveLabel: 'Save PNG',
    title: 'Save a snapshot of the 3-D view',
  });
  if (!uri) return undefined;
  return writeAndOffer(uri, bytes, 'the snapshot', logger);
}

async function writeAndOffer(uri: vscode.Uri, bytes: Uint8Array, what: string, logger: Logger): Promise<vscode.Uri | undefined> {
  try {
    await vscode.workspace.fs.writeFile(uri, bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`Saving ${what} to ${uri.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Could not save ${uri.path.split('/').pop() ?? 'the file'}: ${reason}`);
    return undefined;
  }
  logger.info(`Saved ${what} to ${uri.toString(true)}`);
  void vscode.window
    .showInformationMessage(`Saved ${uri.path.split('/').pop()}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.commands.executeCommand('vscode.open', uri) : undefined))
    .then(undefined, (e: unknown) => logger.error(`Opening ${uri.toString(true)} failed: ${String(e)}`));
  return uri;
}

/** Opens one stored result file in VS Code (its own editor, or the text editor). */
export async function openResultFile(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri);
}

/** Copies one stored result file into a place the user picks (the workspace by default). */
export async function saveResultFile(source: vscode.Uri, proposedName: string, logger: Logger): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({ defaultUri: defaultSaveUri(safeResultName(proposedName, 'result')), title: `Save ${proposedName}` });
  if (!target) return undefined;
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  logger.info(`Saved a result file to ${target.toString(true)}`);
  void vscode.window
    .showInformationMessage(`Saved ${target.path.split('/').pop()}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.commands.executeCommand('vscode.open', target) : undefined));
  return target;
}

const REPORT_FORMATS: Record<ReportExportFormat, { label: string; extension: string; filters: Record<string, string[]> }> = {
  markdown: { label: 'Markdown', extension: '.md', filters: { Markdown: ['md'] } },
  html: { label: 'HTML', extension: '.html', filters: { HTML: ['html', 'htm'] } },
};

/**
 * "Export Markdown / HTML" from the report view: the webview wrote `text` (an HTML export with
 * live markup never gets here: messages.ts refuses it). Asks where to save (the workspace by
 * default), writes, offers to open. Resolves to the file, or undefined if cancelled.
 */
export async function saveReport(proposedName: string, format: ReportExportFormat, text: string, logger: Logger): Promise<vscode.Uri | undefined> {
  const f = REPORT_FORMATS[format];
  const uri = await vscode.window.showSaveDialog({
    defaultUri: defaultSaveUri(safeFileName(proposedName, 'report', f.extension)),
    filters: f.filters,
    saveLabel: `Export ${f.label}`,
    title: `Export the report as ${f.label}`,
  });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error(`Exporting the report to ${uri.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(`Could not save ${uri.path.split('/').pop() ?? 'the file'}: ${reason}`);
    return undefined;
  }
  logger.info(`Exported the report as ${f.label} to ${uri.toString(true)}`);
  void vscode.window
    .showInformationMessage(`Exported the report to ${uri.path.split('/').pop()}.`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.window.showTextDocument(uri) : undefined))
    .then(undefined, (err: unknown) => logger.error(`Opening ${uri.toString(true)} failed: ${String(err)}`));
  return uri;
}

/**
 * Submit a file or a selection: size check before reading, local validation (Problems panel on
 * failure, nothing sent), provider questions, then the write-ahead submit.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { errorMessage, ValidationError } from '../core/errors';
import { checkSourceFile, decodeSourceText } from '../core/fileChecks';
import { submissionPrompt } from '../core/inputCheck';
import { safeLabel, safeNotice } from '../core/safeText';
import type { JobRecord } from '../jobs/model';
import { submitDraft } from '../jobs/submit';
import type { Provider, SourceText, SubmitContext } from '../providers/types';
import type { Services } from './context';
import { settings } from './settings';

export interface SubmitOptions {
  /** Skip the provider pick (commands from scripts and tests). */
  providerId?: string;
}

/** Reads the file (or the open document, which may have unsaved edits) after the size check. */
async function readSource(uri: vscode.Uri): Promise<SourceText> {
  const fileName = path.basename(uri.path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) {
    const text = open.getText();
    const bytes = new TextEncoder().encode(text);
    checkSourceFile({ fileName, byteLength: bytes.byteLength, bytes: bytes.subarray(0, 8192) }, { maxBytes: settings.maxFileBytes() });
    return { fileName, text, byteLength: bytes.byteLength };
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new ValidationError(`${fileName} is a folder; submit a FASTA or JSON file.`);
  // Checked before reading: a 500 MB file is refused without being loaded.
  checkSourceFile({ fileName, byteLength: stat.size }, { maxBytes: settings.maxFileBytes() });
  const bytes = await vscode.workspace.fs.readFile(uri);
  checkSourceFile({ fileName, byteLength: bytes.byteLength, bytes: bytes.subarray(0, 8192) }, { maxBytes: settings.maxFileBytes() });
  // Strict UTF-8, or said out loud that it was read as Windows-1252 (no silent U+FFFD).
  const decoded = decodeSourceText(bytes, fileName);
  return { fileName, text: decoded.text, byteLength: bytes.byteLength, warnings: decoded.warnings };
}

async function pickProvider(s: Services, fileName: string, options?: SubmitOptions): Promise<Provider | undefined> {
  if (options?.providerId) {
    const p = s.providers.get(options.providerId);
    if (!p) throw new ValidationError(`Unknown provider "${options.providerId}".`);
    if (!p.submission) throw new ValidationError(`${p.label} only tracks jobs; it takes no submissions.`);
    return p;
  }
  const ext = path.extname(fileName).toLowerCase();
  const candidates = [...s.providers.values()].filter((p) => p.submission?.fileExtensions.includes(ext));
  if (!candidates.length) throw new ValidationError(`No provider accepts ${ext || 'files without an extension'} files.`);
  return s.prompter.pickOne(
    `Submit ${fileName} to…`,
    candidates.map((p) => ({ label: p.label, description: s.credentials.has(p.id) ? undefined : 'no credentials set', value: p })),
  );
}

export async function submitSource(s: Services, uri: vscode.Uri, source: SourceText, options?: SubmitOptions): Promise<JobRecord[]> {
  const provider = await pickProvider(s, source.fileName, options);
  const submission = provider?.submission;
  if (!provider || !submission) return [];
  const parsed = await withProblems(s, uri, () => submission.parse(source, { settings: { get: (k) => settings.get(k) } }));
  const warnings = [...(source.warnings ?? []), ...(parsed.diagnostics ?? [])];
  if (warnings.length) s.diagnostics.set(uri, warnings);
  if (!s.credentials.has(provider.id)) {
    throw new ValidationError(`No credentials are set for ${provider.label}. Run "Bio Jobs: Set Credentials…" first.`);
  }
  const ctx: SubmitContext = {
    prompter: s.prompter,
    memory: {
      get: (k) => s.context.globalState.get(k),
      set: (k, v) => Promise.resolve(s.context.globalState.update(k, v)),
    },
    settings: { get: (k) => settings.get(k) },
  };
  // One question before anything is sent: the count of jobs and the warnings (the first few here, all in Problems).
  const jobCount = parsed.jobCount ?? 1;
  const prompt = submissionPrompt(
    { errors: [], warnings, payload: parsed.payload, summary: parsed.summary, jobCount, names: parsed.names ?? [] },
    provider.label,
  );
  if (prompt && !(await s.prompter.confirm(safeLabel(prompt.message, 300), prompt.detail, prompt.action))) return [];
  const drafts = await submission.prepare(parsed, ctx);
  if (!drafts?.length) return [];
  // One file never turns into more paid jobs than the user said yes to.
  if (drafts.length > jobCount) throw new Error(`${provider.label} prepared ${drafts.length} jobs for a file of ${jobCount}; nothing was sent.`);
  const sourceLabel = vscode.workspace.asRelativePath(uri, false);
  const jobs: JobRecord[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Submitting to ${provider.label}…` },
    async () => {
      for (const draft of drafts) jobs.push(await submitDraft(s, provider, draft, sourceLabel));
    },
  );
  s.log.info(`Submitted ${jobs.length} job(s) from ${sourceLabel} to ${provider.label}`);
  void vscode.window.showInformationMessage(
    jobs.length === 1 ? `Submitted "${safeNotice(jobs[0].name, 80)}" to ${provider.label}.` : `Submitted ${jobs.length} jobs to ${provider.label}.`,
  );
  return jobs;
}

/** Shows a submit failure (validation problems point at the Problems panel) and writes it to the log, which "Show Log" opens. */
export function reportSubmitError(err: unknown, log?: Logger): void {
  if (err instanceof ValidationError) {
    log?.warn(`Not submitted: ${err.message}`);
    const hasProblems = err.diagnostics.length > 0;
    void vscode.window
      .showErrorMessage(`Not submitted: ${safeNotice(err.message, 300)}`, ...(hasProblems ? ['Show Problems'] : []))
      .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return;
  }
  log?.error(`Submit failed: ${errorMessage(err)}`);
  void vscode.window.showErrorMessage(`Submit failed: ${safeNotice(errorMessage(err), 300)}`, 'Show Log').then((pick) => pick && vscode.commands.executeCommand('biojobs.showLog'));
}

/** Runs a check; its ValidationError's positions go to the Problems panel (earlier ones are cleared). */
async function withProblems<T>(s: Services, uri: vscode.Uri, check: () => T | Promise<T>): Promise<T> {
  s.diagnostics.clear(uri);
  try {
    return await check();
  } catch (err) {
    if (err instanceof ValidationError && err.diagnostics.length) s.diagnostics.set(uri, err.diagnostics);
    throw err;
  }
}

export async function submitFile(s: Services, arg?: vscode.Uri, options?: SubmitOptions): Promise<JobRecord[]> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new ValidationError('Open or select a FASTA or JSON file to submit.');
  const source = await withProblems(s, uri, () => readSource(uri));
  return submitSource(s, uri, source, options);
}

export async function submitSelection(s: Services, options?: SubmitOptions): Promise<JobRecord[]> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new ValidationError('Select a FASTA record in the editor first.');
  const sel = editor.selection;
  // Whole lines, so a header selected from its middle still parses; diagnostics keep file positions.
  const range = new vscode.Range(sel.start.line, 0, sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1, 0);
  const text = editor.document.getText(range);
  const fileName = path.basename(editor.document.uri.path);
  const bytes = new TextEncoder().encode(text);
  await withProblems(s, editor.document.uri, () =>
    checkSourceFile({ fileName, byteLength: bytes.byteLength, bytes: bytes.subarray(0, 8192) }, { maxBytes: settings.maxFileBytes() }),
  );
  return submitSource(s, editor.document.uri, { fileName, text, byteLength: bytes.byteLength, lineOffset: sel.start.line }, options);
}

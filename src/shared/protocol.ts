/**
 * Messages between the extension host and result webviews. Plain data only (structured clone);
 * shared by src/ui (host side) and src/webview (browser side). No imports.
 */

/** A provider-specific fact about a job (credits used, billing mode…). */
export interface JobFact {
  label: string;
  value: string;
}

/** What the panel shows about the job (no secrets, no paths outside the result). */
export interface JobSummaryView {
  id: string;
  providerId: string;
  providerLabel: string;
  remoteId?: string;
  name: string;
  status: string;
  rawStatus?: string;
  createdAt: number;
  updatedAt: number;
  /** The API's failure / cancellation reason, or another note. */
  message?: string;
  facts?: JobFact[];
}

/** One stored result file, readable by the webview itself: `await fetch(uri)`. */
export interface ResultFileView {
  name: string;
  mediaType: string;
  /** Bytes (-1 when unknown, for results stored by an older version). */
  size: number;
  /** The result view registered for this file (shared/resultViews.ts). */
  view: string;
  primary: boolean;
  /** A webview URI (the panel may read only this job's folder). */
  uri: string;
  /**
   * The alignment viewer's file in a browser or remote window: a loopback link (src/ui/fileLinks.ts)
   * that is much faster there; `uri` if it cannot be fetched.
   */
  link?: string;
}

/**
 * Host → webview. `view` is the primary file's view (it chose the bundle); the files are read
 * by reference, never sent as one big message.
 */
export type HostMessage =
  | { type: 'show'; job: JobSummaryView; view: string; files: ResultFileView[] }
  | { type: 'error'; message: string };

/** Host → structure viewer opened on a local file (the custom editor): the file and its PAE / pLDDT neighbours, by reference. */
export interface ShowStructureMessage {
  type: 'showStructure';
  title: string;
  files: ResultFileView[];
}

/** The formats the alignment viewer can save. */
export type AlignmentSaveFormat = 'a3m' | 'fasta';

/** The formats the humanization report exports to. */
export type ReportExportFormat = 'markdown' | 'html';

/** Webview → host. `ready` is the handshake: the host posts `show` only after it. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copy'; text: string; what: string }
  | { type: 'saveFasta'; fileName: string; records: { id: string; description?: string; sequence: string }[] }
  /** The alignment viewer's "Save as A3M / FASTA": `text` is the whole file, written by the webview. */
  | { type: 'saveAlignment'; format: AlignmentSaveFormat; fileName: string; text: string }
  /** The same from the custom editor: the host converts the file it shows, so the text never crosses over. */
  | { type: 'saveAlignmentFile'; format: AlignmentSaveFormat; fileName: string }
  /** The custom editor's page could not fetch the loopback link of `load` (see alignmentProtocol): stream the file instead. */
  | { type: 'alignmentStreamInstead'; load: number; reason: string }
  /** The report view's "Export Markdown / HTML": `text` is the whole document, written by the webview. */
  | { type: 'exportReport'; format: ReportExportFormat; fileName: string; text: string }
  | { type: 'log'; level: 'info' | 'error'; message: string }
  /** The structure viewer's "Save PNG": a data:image/png;base64 URL of the 3-D view. */
  | { type: 'saveSnapshot'; fileName: string; dataUrl: string }
  /** A result panel's file list: open one file in VS Code, or save a copy into the workspace. */
  | { type: 'openResultFile'; name: string }
  | { type: 'saveResultFile'; name: string };

/** State kept by the webview (vscode.setState) so a reload restores the panel for this job. */
export interface WebviewState {
  jobId: string;
}

/**
 * State kept by the alignment viewer, so a webview re-created after its tab was hidden opens
 * where the user left it. `jobId` is set in result panels (the serializer needs it).
 */
export interface AlignmentViewState {
  jobId?: string;
  fileName?: string;
  scheme?: string;
  cellWidth?: number;
  scrollLeft?: number;
  scrollTop?: number;
}

/**
 * Messages between the extension host and result webviews. Plain data only (structured clone);
 * shared by src/ui (host side) and src/webview (browser side). No imports.
 */

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
}

/**
 * Host → webview. `view` picks the renderer; `data` is the parsed result file (JSON) or its text.
 * An MSA result (`view: 'msa'`, `data` the alignment text) goes to the alignment viewer bundle.
 */
export type HostMessage =
  | { type: 'show'; job: JobSummaryView; view: string; fileName: string; data: unknown }
  | { type: 'error'; message: string };

/** The formats the alignment viewer can save. */
export type AlignmentSaveFormat = 'a3m' | 'fasta';

/** Webview → host. `ready` is the handshake: the host posts `show` only after it. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copy'; text: string; what: string }
  | { type: 'saveFasta'; fileName: string; records: { id: string; description?: string; sequence: string }[] }
  /** The alignment viewer's "Save as A3M / FASTA": `text` is the whole file, written by the webview. */
  | { type: 'saveAlignment'; format: AlignmentSaveFormat; fileName: string; text: string }
  /** The same from the custom editor: the host converts the file it shows, so the text never crosses over. */
  | { type: 'saveAlignmentFile'; format: AlignmentSaveFormat; fileName: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

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

/**
 * The one registry of result views: view id → the webview bundle that draws it
 * (dist/webview/<bundle>.js, built from src/webview/<bundle>/main.ts). The panel host picks the
 * bundle from the primary file's view, and each bundle draws the views registered to it. Adding a
 * view is one entry here (and its renderer in the bundle). No imports: shared by host and webviews.
 */
export interface ResultViewSpec {
  /** dist/webview/<bundle>.js */
  bundle: string;
  /** What the view shows, for the file list. */
  title: string;
}

export const RESULT_VIEWS = {
  codon: { bundle: 'results', title: 'Codon optimisation' },
  json: { bundle: 'results', title: 'JSON tree' },
  files: { bundle: 'results', title: 'Files' },
  msa: { bundle: 'msa', title: 'Alignment' },
  structure: { bundle: 'structure', title: '3-D structure' },
  report: { bundle: 'report', title: 'Antibody report' },
} as const satisfies Record<string, ResultViewSpec>;

export type ResultViewId = keyof typeof RESULT_VIEWS;

/** Anything unknown opens as a file list (with a JSON tree for JSON files). */
export const FALLBACK_VIEW: ResultViewId = 'files';

export function resultView(view: string | undefined): ResultViewSpec & { id: ResultViewId } {
  const id = (view && Object.prototype.hasOwnProperty.call(RESULT_VIEWS, view) ? view : FALLBACK_VIEW) as ResultViewId;
  return { id, ...RESULT_VIEWS[id] };
}

/**
 * The file a result panel's alignment viewer opens: the one registered for the `msa` view, else
 * the primary. One choice for both sides: the host gives that file its loopback link, the page reads it.
 */
export function alignmentFile<F extends { view: string; primary: boolean }>(files: readonly F[]): F | undefined {
  return files.find((f) => f.view === 'msa' && f.primary) ?? files.find((f) => f.view === 'msa') ?? files.find((f) => f.primary);
}

/**
 * Where a 3-D structure goes. The report finds the structure file among the result files,
 * reads it by its webview URI and hands the text to the 3-D viewer got from the loader registered
 * with `setStructureViewer` (report3d.js: the structure viewer's Viewer3d, loaded on first need);
 * without one the slot shows what the file holds. When there is no file to read it
 * says why: no path in the response, not downloaded, or not readable.
 */
import { el, replaceChildren } from '../../common/dom';
import { baseName, findStructureFile, type ReportFile } from '../model/files';
import { summarisePdb } from '../model/pdbSummary';
import type { PlddtSummary } from '../model/plddt';
import { note, visible } from './parts';

export interface StructureViewerInput {
  /** An empty element in the page, sized by CSS (.structure-viewer). */
  container: HTMLElement;
  /** The file's text (PDB or mmCIF). */
  text: string;
  file: ReportFile;
  /** "structure" (the Fv model) or "complex" (with the antigen). */
  part: 'structure' | 'complex';
  plddt?: PlddtSummary;
}

/** Returns a disposer, or nothing. */
export type StructureViewerMount = (input: StructureViewerInput) => void | (() => void);

/** Gets the 3-D viewer (report3d.js, loaded on first need; see viewerLoader.ts). */
export type StructureViewerLoader = () => Promise<StructureViewerMount>;

let loadViewer: StructureViewerLoader | undefined;

/** Registers how to get the 3-D viewer; without one the slot only describes the file. */
export function setStructureViewer(loader: StructureViewerLoader | undefined): void {
  loadViewer = loader;
}

/** The provider's notes on the result (contract v2): `{ "structure": why, "complex": why }`. */
export const NOTES_FILE = 'notes.json';

/** The provider's reason for a part, or undefined when there is none (or the notes cannot be read). */
async function readNote(file: ReportFile, part: string): Promise<string | undefined> {
  try {
    const res = await fetch(file.uri);
    if (!res.ok) return undefined;
    const notes = (await res.json()) as unknown;
    const why = notes !== null && typeof notes === 'object' ? (notes as Record<string, unknown>)[part] : undefined;
    return typeof why === 'string' && why.trim() !== '' ? why.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Why a structure cannot be shown, or undefined when there is a file to read. */
export function missingStructureReason(files: readonly ReportFile[], pdbPath: string | undefined, part: 'structure' | 'complex'): string | undefined {
  if (!pdbPath) return `The response names no ${part} file (pdb_storage_path is empty), so there is no 3-D model to show.`;
  if (!findStructureFile(files, pdbPath, part)) return `The ${part} file ${baseName(pdbPath) || pdbPath} is named by the response but is not among the downloaded result files: the provider could not fetch it (see the job's log).`;
  return undefined;
}

/** The slot for one structure; fills itself when the file is read. `done` resolves either way. */
export function structureSlot(files: readonly ReportFile[], pdbPath: string | undefined, part: 'structure' | 'complex', plddt?: PlddtSummary): { element: HTMLElement; done: Promise<void> } {
  const slot = el('div', { class: 'structure-slot', attrs: { 'data-part': part } });
  const reason = missingStructureReason(files, pdbPath, part);
  if (reason) {
    slot.dataset.state = 'unavailable';
    slot.appendChild(note(reason, 'warn'));
    const notes = pdbPath ? files.find((f) => f.name === NOTES_FILE) : undefined;
    if (!notes) return { element: slot, done: Promise.resolve() };
    // The provider wrote down why it could not fetch the file: say that instead.
    const done = readNote(notes, part).then((why) => {
      if (why) replaceChildren(slot, note(`The ${part} file named by the response could not be downloaded: ${why}.`, 'warn'));
    });
    return { element: slot, done };
  }
  const file = findStructureFile(files, pdbPath, part) as ReportFile;
  slot.dataset.state = 'loading';
  slot.appendChild(note(`Reading ${file.name}…`, 'muted'));
  const done = (async () => {
    let text: string;
    try {
      const res = await fetch(file.uri);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    } catch (err) {
      slot.dataset.state = 'error';
      replaceChildren(slot, note(`The ${part} file ${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}.`, 'warn'));
      return;
    }
    const summary = summarisePdb(text);
    if (summary.atoms === 0) {
      slot.dataset.state = 'error';
      replaceChildren(slot, note(`The ${part} file ${file.name} holds no atoms.`, 'warn'));
      return;
    }
    const chains = summary.chains.map((c) => `${c.id} (${c.residues})`).join(', ');
    const viewer = el('div', { class: 'structure-viewer', attrs: { 'data-file': file.name, role: 'img', 'aria-label': `3-D ${part} model from ${visible(file.name)}` } });
    replaceChildren(
      slot,
      el('p', { class: 'muted' }, visible(`${file.name}: ${summary.format.toUpperCase()}, ${summary.atoms.toLocaleString()} atoms${chains ? `, chains ${chains}` : ''}${summary.title ? ` — ${summary.title}` : ''}`)),
      viewer,
    );
    slot.dataset.state = 'loaded';
    if (!loadViewer) {
      viewer.classList.add('placeholder');
      viewer.appendChild(el('span', null, 'The 3-D viewer is not part of this build; the model is read and ready for it.'));
      return;
    }
    viewer.classList.add('placeholder');
    viewer.appendChild(el('span', null, 'Loading the 3-D viewer…'));
    try {
      const mount = await loadViewer();
      viewer.classList.remove('placeholder');
      replaceChildren(viewer);
      mount({ container: viewer, text, file, part, plddt });
      slot.dataset.viewer = 'mounted';
    } catch (err) {
      slot.dataset.viewer = 'failed';
      replaceChildren(viewer, el('span', null, visible(`The 3-D viewer could not be shown: ${err instanceof Error ? err.message : String(err)}. The file opens with “Open With… → Bio Jobs Structure Viewer”.`)));
    }
  })();
  return { element: slot, done };
}

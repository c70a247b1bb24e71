/**
 * Which of a result's files the structure view reads: the structure (by media type, else by
 * extension; the primary file first) and JSON companions that may hold PAE or pLDDT (names
 * that say so first). Pure.
 */
import { structureFormatOf, type StructureFormat } from '../../core/structure';

/** The fields of contract v2's ResultFileView this view uses. */
export interface FileRef {
  name: string;
  mediaType: string;
  size: number;
  view: string;
  primary: boolean;
  uri: string;
}

export interface Picked {
  structure?: FileRef & { format: StructureFormat };
  /** JSON files to try as PAE / pLDDT, most likely first. */
  companions: FileRef[];
}

/** JSON this large is not a PAE of a structure a webview can draw (5,000² values is ~150 MB). */
export const MAX_COMPANION_BYTES = 400 * 1024 * 1024;

const isJson = (f: FileRef) => /json/i.test(f.mediaType) || /\.json$/i.test(f.name);
const rank = (name: string) => (/pae|aligned_error/i.test(name) ? 0 : /plddt|confidence|scores|full_data/i.test(name) ? 1 : 2);

export function pickFiles(files: readonly FileRef[]): Picked {
  const ordered = [...files].sort((a, b) => Number(b.primary) - Number(a.primary) || Number(b.view === 'structure') - Number(a.view === 'structure'));
  let structure: Picked['structure'];
  for (const f of ordered) {
    const format = structureFormatOf(f.name, f.mediaType);
    if (format) {
      structure = { ...f, format };
      break;
    }
  }
  const companions = files
    .filter((f) => f !== undefined && isJson(f) && (f.size < 0 || f.size <= MAX_COMPANION_BYTES))
    .sort((a, b) => rank(a.name) - rank(b.name));
  return { structure, companions };
}

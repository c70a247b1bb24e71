/**
 * The result files a report panel receives (contract v2 `show.files`) and which of them is the
 * report JSON and which the structures. A `pdb_storage_path` names its file by the last path
 * segment; a provider that saves it under that name (or as structure.pdb / complex.pdb) is found.
 */

export interface ReportFile {
  name: string;
  mediaType: string;
  size: number;
  view: string;
  primary: boolean;
  uri: string;
}

export function primaryFile(files: readonly ReportFile[]): ReportFile | undefined {
  return files.find((f) => f.primary) ?? files.find((f) => f.view === 'report') ?? files.find((f) => f.mediaType === 'application/json');
}

const STRUCTURE_TYPES = /^chemical\/x-(pdb|mmcif|cif)$/;
const STRUCTURE_NAMES = /\.(pdb|ent|cif|mmcif)$/i;

export function isStructureFile(f: ReportFile): boolean {
  return STRUCTURE_TYPES.test(f.mediaType) || STRUCTURE_NAMES.test(f.name) || f.view === 'structure';
}

/** "…/structures/<job>/<id>.pdb?token=…" → "<id>.pdb". */
export function baseName(path: string): string {
  const noQuery = path.split(/[?#]/)[0];
  return noQuery.split(/[\\/]/).filter(Boolean).pop() ?? '';
}

/**
 * The file for a part's structure: the one named like its storage path, else one whose name says
 * the part ("structure", "complex"), else — for the structure only — the single structure file.
 */
export function findStructureFile(files: readonly ReportFile[], pdbPath: string | undefined, part: 'structure' | 'complex'): ReportFile | undefined {
  const candidates = files.filter(isStructureFile);
  if (pdbPath) {
    const want = baseName(pdbPath).toLowerCase();
    const byName = candidates.find((f) => f.name.toLowerCase() === want || f.name.toLowerCase().endsWith(`-${want}`) || f.name.toLowerCase().endsWith(`_${want}`));
    if (byName) return byName;
  }
  const byPart = candidates.find((f) => f.name.toLowerCase().includes(part));
  if (byPart) return byPart;
  return part === 'structure' && candidates.length === 1 && !candidates[0].name.toLowerCase().includes('complex') ? candidates[0] : undefined;
}

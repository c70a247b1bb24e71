/**
 * Residues and per-residue confidence (the B-factor column, which AlphaFold, ESMFold and
 * ColabFold fill with pLDDT) from PDB and mmCIF text. Only what the structure viewer's 2-D
 * panels need — chain, number, name, pLDDT — in one pass over the text; the 3-D library
 * reads the coordinates itself. The first model only (NMR ensembles and trajectories repeat
 * the residues). Pure and vscode-free: the structure webview and the tests share it.
 */

export type StructureFormat = 'pdb' | 'mmcif' | 'bcif';

export interface Residue {
  chain: string;
  /** Author residue number (what a user reads in the file and in other tools). */
  seq: number;
  /** Insertion code, '' when none. */
  insCode: string;
  /** Residue name (three letters for amino acids). */
  name: string;
  /** The Cα's B-factor (the mean over the residue's atoms when it has no Cα). */
  b: number;
}

export interface StructureSummary {
  /** Polymer residues (ATOM records) in file order — the order of a PAE matrix. */
  residues: Residue[];
  atoms: number;
  /** Distinct non-water hetero groups (ligands, ions), in file order. */
  ligands: string[];
  chains: string[];
  /** How the B-factor column reads: pLDDT 0–100, pLDDT 0–1 (scaled to 0–100 in `plddt`), or not a confidence at all. */
  confidence: 'plddt' | 'plddt-fraction' | 'none';
  /** Per-residue pLDDT on the 0–100 scale (empty when `confidence` is 'none'). */
  plddt: number[];
  /** Each residue's anchor atom (Cα; P for nucleotides; else its first atom): x, y, z per residue. */
  anchors: Float32Array;
}

/** Media types and file extensions of the formats the viewer reads. */
const BY_MEDIA_TYPE: Record<string, StructureFormat> = {
  'chemical/x-pdb': 'pdb',
  'chemical/x-mmcif': 'mmcif',
  'chemical/x-cif': 'mmcif',
  'application/x-bcif': 'bcif',
  'application/vnd.bcif': 'bcif',
};

export function structureFormatOf(name: string, mediaType = ''): StructureFormat | undefined {
  const byType = BY_MEDIA_TYPE[mediaType.toLowerCase().split(';')[0].trim()];
  if (byType) return byType;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'pdb' || ext === 'ent') return 'pdb';
  if (ext === 'cif' || ext === 'mmcif') return 'mmcif';
  if (ext === 'bcif') return 'bcif';
  return undefined;
}

const WATER = new Set(['HOH', 'WAT', 'DOD', 'H2O']);

interface Accumulator {
  residues: Residue[];
  sums: number[];
  counts: number[];
  hasCa: boolean[];
  /** Anchor coordinates per residue and how good the anchor is (2 Cα/P, 1 first atom, 0 none). */
  xyz: number[];
  anchorRank: number[];
  ligands: Set<string>;
  chains: Set<string>;
  atoms: number;
  lastKey: string;
}

function accumulator(): Accumulator {
  return { residues: [], sums: [], counts: [], hasCa: [], xyz: [], anchorRank: [], ligands: new Set(), chains: new Set(), atoms: 0, lastKey: '' };
}

function addAtom(acc: Accumulator, hetero: boolean, chain: string, seq: number, insCode: string, name: string, atom: string, b: number, x: number, y: number, z: number): void {
  acc.atoms++;
  if (hetero) {
    if (!WATER.has(name)) acc.ligands.add(name);
    return;
  }
  const key = `${chain}\u0000${seq}\u0000${insCode}\u0000${name}`;
  if (key !== acc.lastKey) {
    acc.lastKey = key;
    acc.residues.push({ chain, seq, insCode, name, b: Number.NaN });
    acc.sums.push(0);
    acc.counts.push(0);
    acc.hasCa.push(false);
    acc.xyz.push(Number.NaN, Number.NaN, Number.NaN);
    acc.anchorRank.push(0);
    acc.chains.add(chain);
  }
  const i = acc.residues.length - 1;
  const rank = atom === 'CA' || atom === 'P' ? 2 : 1;
  if (rank > acc.anchorRank[i]) {
    acc.anchorRank[i] = rank;
    acc.xyz[3 * i] = x;
    acc.xyz[3 * i + 1] = y;
    acc.xyz[3 * i + 2] = z;
  }
  if (Number.isFinite(b)) {
    acc.sums[i] += b;
    acc.counts[i]++;
    if (atom === 'CA') {
      acc.residues[i].b = b;
      acc.hasCa[i] = true;
    }
  }
}

function finish(acc: Accumulator): StructureSummary {
  const { residues } = acc;
  for (let i = 0; i < residues.length; i++) {
    if (!acc.hasCa[i]) residues[i].b = acc.counts[i] ? acc.sums[i] / acc.counts[i] : Number.NaN;
  }
  const values = residues.map((r) => r.b);
  const confidence = confidenceKind(values);
  const plddt = confidence === 'none' ? [] : values.map((v) => (confidence === 'plddt-fraction' ? v * 100 : v));
  return { residues, atoms: acc.atoms, ligands: [...acc.ligands], chains: [...acc.chains], confidence, plddt, anchors: Float32Array.from(acc.xyz) };
}

/**
 * Whether B-factors are a pLDDT: every residue has one, all within 0–100 and not all equal
 * (an experimental structure's B-factors exceed 100 rarely, but a pLDDT never does). All
 * within 0–1 reads as a fraction (ESMFold writes pLDDT that way).
 */
export function confidenceKind(values: readonly number[]): StructureSummary['confidence'] {
  if (values.length === 0) return 'none';
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) return 'none';
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min < 0 || max > 100 || (values.length > 1 && min === max)) return 'none';
  return max <= 1 ? 'plddt-fraction' : 'plddt';
}

/** PDB: fixed columns (wwPDB v3.3). Stops at the first ENDMDL. */
export function readPdb(text: string): StructureSummary {
  const acc = accumulator();
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = length;
    const c0 = text.charCodeAt(pos);
    // 'A'TOM / 'H'ETATM / 'E'NDMDL only: skip every other line without slicing it.
    if (c0 === 65 || c0 === 72 || c0 === 69) {
      const record = text.slice(pos, pos + 6);
      if (record === 'ENDMDL') break;
      if (record === 'ATOM  ' || record === 'HETATM') {
        const line = text.slice(pos, end);
        const atom = line.slice(12, 16).trim();
        const name = line.slice(17, 20).trim();
        const chain = line.slice(21, 22).trim();
        const seq = parseInt(line.slice(22, 26), 10);
        const insCode = line.slice(26, 27).trim();
        const b = parseFloat(line.slice(60, 66));
        const hetero = record === 'HETATM';
        const x = hetero ? Number.NaN : parseFloat(line.slice(30, 38));
        const y = hetero ? Number.NaN : parseFloat(line.slice(38, 46));
        const z = hetero ? Number.NaN : parseFloat(line.slice(46, 54));
        addAtom(acc, hetero, chain, Number.isFinite(seq) ? seq : 0, insCode, name, atom, b, x, y, z);
      }
    }
    pos = end + 1;
  }
  return finish(acc);
}

/** Splits one mmCIF data row into tokens ('…' and "…" quoted values may hold spaces). */
export function cifTokens(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      // A quote closes only when followed by whitespace or the end of the line.
      let j = i + 1;
      while (j < n && !(line[j] === c && (j + 1 === n || line[j + 1] === ' ' || line[j + 1] === '\t' || line[j + 1] === '\r'))) j++;
      out.push(line.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && line[j] !== ' ' && line[j] !== '\t' && line[j] !== '\r') j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

const unknown = (v: string | undefined) => v === undefined || v === '?' || v === '.';

/**
 * mmCIF: the `_atom_site` loop (auth_* names first, as users and most viewers read them;
 * label_* when absent). Stops at the end of the loop or when the model number changes.
 */
export function readMmcif(text: string): StructureSummary {
  const acc = accumulator();
  const lines = text.split('\n');
  let i = 0;
  // Find the loop whose columns are _atom_site.*.
  for (; i < lines.length; i++) {
    if (lines[i].trim() === 'loop_' && lines[i + 1]?.trim().startsWith('_atom_site.')) break;
  }
  if (i >= lines.length) throw new Error('no _atom_site loop: not a coordinate mmCIF file');
  i++;
  const fields: string[] = [];
  while (i < lines.length && lines[i].trim().startsWith('_atom_site.')) {
    fields.push(lines[i].trim().slice('_atom_site.'.length).split(/\s/)[0]);
    i++;
  }
  const col = (name: string) => fields.indexOf(name);
  const at = {
    group: col('group_PDB'),
    atom: col('auth_atom_id') >= 0 ? col('auth_atom_id') : col('label_atom_id'),
    comp: col('auth_comp_id') >= 0 ? col('auth_comp_id') : col('label_comp_id'),
    chain: col('auth_asym_id') >= 0 ? col('auth_asym_id') : col('label_asym_id'),
    seq: col('auth_seq_id') >= 0 ? col('auth_seq_id') : col('label_seq_id'),
    ins: col('pdbx_PDB_ins_code'),
    b: col('B_iso_or_equiv'),
    model: col('pdbx_PDB_model_num'),
    x: col('Cartn_x'),
    y: col('Cartn_y'),
    z: col('Cartn_z'),
  };
  for (const key of ['atom', 'comp', 'chain', 'seq'] as const) {
    if (at[key] < 0) throw new Error(`the _atom_site loop has no ${key === 'seq' ? 'residue number' : key === 'comp' ? 'residue name' : key === 'chain' ? 'chain id' : 'atom name'} column`);
  }
  let firstModel: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trimStart();
    if (t === '' ) continue;
    if (t[0] === '#' || t.startsWith('loop_') || t[0] === '_' || t.startsWith('data_')) break;
    const v = cifTokens(line);
    if (v.length < fields.length) continue;
    if (at.model >= 0) {
      if (firstModel === undefined) firstModel = v[at.model];
      else if (v[at.model] !== firstModel) break;
    }
    const hetero = at.group >= 0 ? v[at.group] === 'HETATM' : false;
    const ins = at.ins >= 0 && !unknown(v[at.ins]) ? v[at.ins] : '';
    const seq = parseInt(v[at.seq], 10);
    const b = at.b >= 0 ? parseFloat(v[at.b]) : Number.NaN;
    const coord = (k: number) => (k >= 0 ? parseFloat(v[k]) : Number.NaN);
    addAtom(acc, hetero, v[at.chain], Number.isFinite(seq) ? seq : 0, ins, v[at.comp], v[at.atom], b, coord(at.x), coord(at.y), coord(at.z));
  }
  return finish(acc);
}

/** One atom as a parser reports it (for formats read by the 3-D library, e.g. BinaryCIF). */
export interface AtomRecord {
  hetero: boolean;
  chain: string;
  seq: number;
  insCode: string;
  name: string;
  atom: string;
  b: number;
  x: number;
  y: number;
  z: number;
}

/** The same summary from atoms another parser produced, in file order. */
export function summariseAtoms(atoms: Iterable<AtomRecord>): StructureSummary {
  const acc = accumulator();
  for (const a of atoms) addAtom(acc, a.hetero, a.chain, a.seq, a.insCode, a.name, a.atom, a.b, a.x, a.y, a.z);
  return finish(acc);
}

export function readStructure(text: string, format: 'pdb' | 'mmcif'): StructureSummary {
  return format === 'pdb' ? readPdb(text) : readMmcif(text);
}

/** A residue's label as users read it: "A 42", "A 42A" (insertion code), "B LIG 901" for hetero groups is the caller's. */
export function residueLabel(r: Pick<Residue, 'chain' | 'seq' | 'insCode' | 'name'>): string {
  return `${r.name} ${r.chain ? `${r.chain} ` : ''}${r.seq}${r.insCode}`;
}

const MEDIA_TYPES: Record<StructureFormat, string> = { pdb: 'chemical/x-pdb', mmcif: 'chemical/x-mmcif', bcif: 'application/x-bcif' };

export function structureMediaType(format: StructureFormat): string {
  return MEDIA_TYPES[format];
}

/**
 * JSON files beside a local structure that may hold its PAE or pLDDT (AlphaFold DB downloads
 * `AF-P69905-F1-model_v4.pdb` with `AF-P69905-F1-predicted_aligned_error_v4.json`; ColabFold
 * writes `x_unrelaxed_rank_001_….pdb` with `x_scores_rank_001_….json`). Among files with a
 * telling name that start like the structure's, those sharing the most name parts with it
 * (so rank 1's scores go with rank 1's model); when the folder has exactly one such file, it
 * goes alone.
 */
export function companionFiles(structureName: string, siblings: readonly string[]): string[] {
  const telling = siblings.filter((n) => n !== structureName && /\.json$/i.test(n) && /pae|aligned_error|plddt|confidence|scores|full_data/i.test(n));
  const parts = (n: string) => n.replace(/\.[^.]*$/, '').toLowerCase().split(/[-_.\s]+/).filter(Boolean);
  const mine = parts(structureName);
  const overlap = (n: string) => {
    const pool = [...mine];
    let k = 0;
    for (const p of parts(n)) {
      const at = pool.indexOf(p);
      if (at >= 0) {
        pool.splice(at, 1);
        k++;
      }
    }
    return k;
  };
  const related = telling.filter((n) => parts(n)[0] === mine[0]).map((n) => ({ n, score: overlap(n) }));
  const best = Math.max(0, ...related.map((r) => r.score));
  const chosen = related.filter((r) => r.score === best && best > 0).map((r) => r.n);
  if (chosen.length) return chosen.sort().slice(0, 4);
  return telling.length === 1 ? telling : [];
}

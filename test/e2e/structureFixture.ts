/**
 * Synthetic predicted protein structures that look like real model output (deterministic, so
 * screenshots and benchmarks compare run to run): every heavy atom of every residue, built
 * from ideal internal coordinates (bond lengths, angles, torsions — NeRF placement) with
 * helix / strand / loop backbone torsions and common side-chain rotamers, so bonds, rings and
 * chirality are right and a viewer's work per atom is that of a real file. The B-factor column
 * holds a per-residue pLDDT as AlphaFold and ESMFold write it: high in regular secondary
 * structure, lower in loops, very low at the termini and in a disordered linker. Written as
 * PDB or as AlphaFold-style mmCIF; `syntheticPae` gives the matching predicted aligned error.
 */

type Vec = [number, number, number];

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec): Vec => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};
const RAD = Math.PI / 180;

/** NeRF: the atom d bonded to c with |cd| = bond, angle b-c-d and torsion a-b-c-d (degrees). */
export function place(a: Vec, b: Vec, c: Vec, bond: number, angle: number, torsion: number): Vec {
  const bc = norm(sub(c, b));
  const n = norm(cross(sub(b, a), bc));
  const m = cross(n, bc);
  const x = -bond * Math.cos(angle * RAD);
  const y = bond * Math.sin(angle * RAD) * Math.cos(torsion * RAD);
  const z = bond * Math.sin(angle * RAD) * Math.sin(torsion * RAD);
  return [c[0] + bc[0] * x + m[0] * y + n[0] * z, c[1] + bc[1] * x + m[1] * y + n[1] * z, c[2] + bc[2] * x + m[2] * y + n[2] * z];
}

/**
 * Side-chain atoms: name, element, the three atoms it is placed from, bond, angle, and its
 * torsion as a chi index (0–3) plus an offset, or a fixed value (rings, planar groups).
 * Geometry after Engh & Huber as tabulated in PeptideBuilder; close enough for display.
 */
type SideAtom = [name: string, element: string, a: string, b: string, c: string, bond: number, angle: number, torsion: number | [chi: number, offset: number]];

const SIDE: Record<string, SideAtom[]> = {
  SER: [['OG', 'O', 'N', 'CA', 'CB', 1.417, 110.8, [0, 0]]],
  CYS: [['SG', 'S', 'N', 'CA', 'CB', 1.808, 113.8, [0, 0]]],
  VAL: [
    ['CG1', 'C', 'N', 'CA', 'CB', 1.527, 110.7, [0, 0]],
    ['CG2', 'C', 'N', 'CA', 'CB', 1.527, 110.4, [0, 120]],
  ],
  THR: [
    ['OG1', 'O', 'N', 'CA', 'CB', 1.433, 109.2, [0, 0]],
    ['CG2', 'C', 'N', 'CA', 'CB', 1.53, 111.1, [0, -120]],
  ],
  ILE: [
    ['CG1', 'C', 'N', 'CA', 'CB', 1.527, 110.7, [0, 0]],
    ['CG2', 'C', 'N', 'CA', 'CB', 1.527, 110.4, [0, -121]],
    ['CD1', 'C', 'CA', 'CB', 'CG1', 1.52, 114.0, [1, 0]],
  ],
  LEU: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.53, 116.1, [0, 0]],
    ['CD1', 'C', 'CA', 'CB', 'CG', 1.524, 110.3, [1, 0]],
    ['CD2', 'C', 'CA', 'CB', 'CG', 1.525, 110.6, [1, 120]],
  ],
  MET: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.7, [0, 0]],
    ['SD', 'S', 'CA', 'CB', 'CG', 1.81, 112.7, [1, 0]],
    ['CE', 'C', 'CB', 'CG', 'SD', 1.79, 100.6, [2, 0]],
  ],
  PHE: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.5, 113.9, [0, 0]],
    ['CD1', 'C', 'CA', 'CB', 'CG', 1.39, 120.0, [1, 0]],
    ['CD2', 'C', 'CA', 'CB', 'CG', 1.39, 120.0, [1, 180]],
    ['CE1', 'C', 'CB', 'CG', 'CD1', 1.39, 120.0, 180],
    ['CE2', 'C', 'CB', 'CG', 'CD2', 1.39, 120.0, 180],
    ['CZ', 'C', 'CG', 'CD1', 'CE1', 1.39, 120.0, 0],
  ],
  TYR: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.51, 113.8, [0, 0]],
    ['CD1', 'C', 'CA', 'CB', 'CG', 1.39, 120.98, [1, 0]],
    ['CD2', 'C', 'CA', 'CB', 'CG', 1.39, 120.82, [1, 180]],
    ['CE1', 'C', 'CB', 'CG', 'CD1', 1.39, 120.0, 180],
    ['CE2', 'C', 'CB', 'CG', 'CD2', 1.39, 120.0, 180],
    ['CZ', 'C', 'CG', 'CD1', 'CE1', 1.39, 120.0, 0],
    ['OH', 'O', 'CD1', 'CE1', 'CZ', 1.39, 119.8, 180],
  ],
  TRP: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.5, 114.1, [0, 0]],
    ['CD1', 'C', 'CA', 'CB', 'CG', 1.37, 127.1, [1, 0]],
    ['CD2', 'C', 'CA', 'CB', 'CG', 1.43, 126.7, [1, 180]],
    ['NE1', 'N', 'CB', 'CG', 'CD1', 1.38, 108.5, 180],
    ['CE2', 'C', 'CB', 'CG', 'CD2', 1.4, 108.5, 180],
    ['CE3', 'C', 'CB', 'CG', 'CD2', 1.4, 133.8, 0],
    ['CZ2', 'C', 'CG', 'CD2', 'CE2', 1.4, 120.0, 180],
    ['CZ3', 'C', 'CG', 'CD2', 'CE3', 1.39, 120.0, 180],
    ['CH2', 'C', 'CD2', 'CE2', 'CZ2', 1.39, 120.0, 0],
  ],
  HIS: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.49, 113.7, [0, 0]],
    ['ND1', 'N', 'CA', 'CB', 'CG', 1.38, 122.9, [1, 0]],
    ['CD2', 'C', 'CA', 'CB', 'CG', 1.36, 130.6, [1, 180]],
    ['CE1', 'C', 'CB', 'CG', 'ND1', 1.32, 108.5, 180],
    ['NE2', 'N', 'CB', 'CG', 'CD2', 1.35, 108.5, 180],
  ],
  PRO: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.495, 104.2, 29.6],
    ['CD', 'C', 'CA', 'CB', 'CG', 1.5, 105.0, -34.8],
  ],
  ASP: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.1, [0, 0]],
    ['OD1', 'O', 'CA', 'CB', 'CG', 1.25, 119.2, [1, 0]],
    ['OD2', 'O', 'CA', 'CB', 'CG', 1.25, 118.2, [1, 180]],
  ],
  ASN: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 112.6, [0, 0]],
    ['OD1', 'O', 'CA', 'CB', 'CG', 1.23, 120.9, [1, 0]],
    ['ND2', 'N', 'CA', 'CB', 'CG', 1.33, 116.5, [1, 180]],
  ],
  GLU: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.8, [0, 0]],
    ['CD', 'C', 'CA', 'CB', 'CG', 1.52, 113.3, [1, 0]],
    ['OE1', 'O', 'CB', 'CG', 'CD', 1.25, 119.0, [2, 0]],
    ['OE2', 'O', 'CB', 'CG', 'CD', 1.25, 118.1, [2, 180]],
  ],
  GLN: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.8, [0, 0]],
    ['CD', 'C', 'CA', 'CB', 'CG', 1.52, 112.8, [1, 0]],
    ['OE1', 'O', 'CB', 'CG', 'CD', 1.24, 120.9, [2, 0]],
    ['NE2', 'N', 'CB', 'CG', 'CD', 1.33, 116.5, [2, 180]],
  ],
  LYS: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.8, [0, 0]],
    ['CD', 'C', 'CA', 'CB', 'CG', 1.52, 111.8, [1, 0]],
    ['CE', 'C', 'CB', 'CG', 'CD', 1.52, 111.7, [2, 0]],
    ['NZ', 'N', 'CG', 'CD', 'CE', 1.49, 111.9, [3, 0]],
  ],
  ARG: [
    ['CG', 'C', 'N', 'CA', 'CB', 1.52, 113.8, [0, 0]],
    ['CD', 'C', 'CA', 'CB', 'CG', 1.52, 111.8, [1, 0]],
    ['NE', 'N', 'CB', 'CG', 'CD', 1.46, 111.7, [2, 0]],
    ['CZ', 'C', 'CG', 'CD', 'NE', 1.33, 124.8, [3, 0]],
    ['NH1', 'N', 'CD', 'NE', 'CZ', 1.33, 120.6, 0],
    ['NH2', 'N', 'CD', 'NE', 'CZ', 1.33, 119.6, 180],
  ],
  ALA: [],
  GLY: [],
};

/** Residue names weighted roughly by UniProt frequency. */
const COMPOSITION = 'LLLLLLLLLAAAAAAAAGGGGGGGVVVVVVVEEEEEEESSSSSSSIIIIIIKKKKKKRRRRRRDDDDDTTTTTPPPPPNNNNQQQQFFFFYYYHHMMCW';
const THREE: Record<string, string> = {
  A: 'ALA', R: 'ARG', N: 'ASN', D: 'ASP', C: 'CYS', Q: 'GLN', E: 'GLU', G: 'GLY', H: 'HIS', I: 'ILE',
  L: 'LEU', K: 'LYS', M: 'MET', F: 'PHE', P: 'PRO', S: 'SER', T: 'THR', W: 'TRP', Y: 'TYR', V: 'VAL',
};
/** Rotamer chi values (the three staggered positions, the commonest first). */
const CHI = [-65, 180, 60];

export interface StructureAtom {
  serial: number;
  name: string;
  resName: string;
  chain: string;
  resSeq: number;
  x: number;
  y: number;
  z: number;
  /** pLDDT (0–100), as in the B-factor column. */
  b: number;
  element: string;
  hetero: boolean;
}

export interface SyntheticStructure {
  atoms: StructureAtom[];
  /** Per chain, per residue: the pLDDT written into its atoms' B-factors. */
  plddt: { chain: string; values: number[] }[];
  /** Secondary structure per residue, chain after chain: H helix, E strand, L loop. */
  secondary: string;
  residues: number;
}

export interface StructureOptions {
  residues: number;
  /** The residues are split evenly over this many chains (A, B, …), laid side by side. */
  chains?: number;
  seed?: number;
  /** A small ligand (HETATM, a phenol named LIG) beside the first chain. */
  ligand?: boolean;
}

type Segment = 'H' | 'E' | 'L';

/** Secondary structure of one chain: disordered termini, then helices and strands joined by loops, a disordered linker in the middle. */
function plan(length: number, rnd: () => number): Segment[] {
  const ss: Segment[] = [];
  const tail = Math.min(12, Math.floor(length / 10));
  const linkerStart = length > 200 ? Math.floor(length * 0.55) : -1;
  while (ss.length < length) {
    const i = ss.length;
    if (i < tail || i >= length - tail || (linkerStart >= 0 && i >= linkerStart && i < linkerStart + 18)) {
      ss.push('L');
      continue;
    }
    const kind: Segment = rnd() < 0.62 ? 'H' : 'E';
    const run = kind === 'H' ? 9 + Math.floor(rnd() * 16) : 4 + Math.floor(rnd() * 6);
    for (let k = 0; k < run && ss.length < length; k++) ss.push(kind);
    const loop = 2 + Math.floor(rnd() * 6);
    for (let k = 0; k < loop && ss.length < length; k++) ss.push('L');
  }
  return ss;
}

/** Backbone torsions (phi, psi) for a residue in a segment, with a little noise. */
function torsions(s: Segment, resName: string, rnd: () => number): [number, number] {
  const jitter = () => (rnd() - 0.5) * 12;
  if (s === 'H') return [-57 + jitter(), -47 + jitter()];
  if (s === 'E') return [-120 + jitter(), 130 + jitter()];
  if (resName === 'GLY' && rnd() < 0.4) return [80 + jitter(), 10 + jitter()];
  if (resName === 'PRO') return [-65 + jitter(), 145 + jitter()];
  const r = rnd();
  if (r < 0.45) return [-70 + jitter() * 2, 140 + jitter() * 2]; // polyproline II
  if (r < 0.8) return [-90 + jitter() * 2, 0 + jitter() * 3]; // bridge / turn
  return [-110 + jitter() * 3, 120 + jitter() * 3]; // extended
}

/** pLDDT of one chain, smoothed along the chain as real predictions are. */
function plddtFor(ss: Segment[], rnd: () => number): number[] {
  const length = ss.length;
  const raw = ss.map((s, i) => {
    const fromEnd = Math.min(i, length - 1 - i);
    if (fromEnd < 10) return 25 + fromEnd * 3 + rnd() * 8;
    if (s === 'H') return 86 + rnd() * 11;
    if (s === 'E') return 78 + rnd() * 14;
    return 55 + rnd() * 22;
  });
  // The disordered linker (a long loop) drops low.
  let run = 0;
  for (let i = 0; i < length; i++) {
    run = ss[i] === 'L' ? run + 1 : 0;
    if (run > 10) for (let k = i - run + 1; k <= i; k++) raw[k] = Math.min(raw[k], 35 + rnd() * 15);
  }
  return raw.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let k = Math.max(0, i - 2); k <= Math.min(length - 1, i + 2); k++) {
      sum += raw[k];
      n++;
    }
    return Math.round((sum / n) * 100) / 100;
  });
}

export function syntheticStructure({ residues, chains = 1, seed = 7, ligand = false }: StructureOptions): SyntheticStructure {
  const rnd = lcg(seed);
  const atoms: StructureAtom[] = [];
  const plddt: SyntheticStructure['plddt'] = [];
  let secondary = '';
  let serial = 1;
  const perChain = Math.ceil(residues / chains);
  const columns = Math.ceil(Math.sqrt(chains));
  for (let c = 0; c < chains; c++) {
    const chain = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[c % 26];
    const length = Math.min(perChain, residues - c * perChain);
    if (length <= 0) break;
    const ss = plan(length, rnd);
    const conf = plddtFor(ss, rnd);
    const names = Array.from({ length }, (_, i) => (i === 0 ? 'MET' : THREE[COMPOSITION[Math.floor(rnd() * COMPOSITION.length)]]));
    const tors = names.map((name, i) => torsions(ss[i], name, rnd));
    // Chains on a grid, a globule's diameter apart (radius of gyration ~2.2 L^0.38 Å).
    const radius = 2.2 * Math.pow(length, 0.38);
    const spread = 3.2 * radius;
    const offset: Vec = [(c % columns) * spread, Math.floor(c / columns) * spread, 0];
    const grid = new CaGrid();
    let n: Vec = [offset[0] - radius, offset[1], offset[2]];
    let ca: Vec = [n[0] + 1.458, n[1], n[2]];
    let co: Vec = place([n[0], n[1] + 1, n[2]], n, ca, 1.525, 111.2, -60);
    for (let i = 0; i < length; i++) {
      const resName = names[i];
      const last = i === length - 1;
      // The next residue's N, CA, C. In loops the chain folds: of a few loop conformations,
      // take the one that keeps the chain ahead nearest the globule's centre without running
      // into the chain built so far (a crude excluded volume, enough for a compact model).
      grid.add(ca);
      let next = { n: place(n, ca, co, 1.329, 116.2, tors[i][1]), ca: n, c: n, score: Infinity };
      if (!last) {
        const candidates = ss[i] === 'L' ? 8 : 1;
        for (let k = 0; k < candidates; k++) {
          const [phiNext, psiHere] = k === 0 ? [tors[i + 1][0], tors[i][1]] : [torsions('L', names[i + 1], rnd)[0], torsions('L', resName, rnd)[1]];
          const nCand = place(n, ca, co, 1.329, 116.2, psiHere);
          const caCand = place(ca, co, nCand, 1.458, 121.7, 180);
          const cCand = place(co, nCand, caCand, 1.525, 111.2, phiNext);
          const ahead = place(nCand, caCand, cCand, 5.5, 100, 0);
          const score = Math.hypot(ahead[0] - offset[0], ahead[1] - offset[1], ahead[2] - offset[2]) + 25 * grid.near(caCand, 4.2, ca);
          if (score < next.score) next = { n: nCand, ca: caCand, c: cCand, score };
        }
      }
      const pos: Record<string, Vec> = { N: n, CA: ca, C: co, O: place(next.n, ca, co, 1.231, 120.5, 180) };
      const order = ['N', 'CA', 'C', 'O'];
      if (resName !== 'GLY') {
        pos.CB = place(n, co, ca, 1.53, 109.5, 122.7);
        order.push('CB');
        const chi = [0, 1, 2, 3].map(() => CHI[rnd() < 0.55 ? 0 : rnd() < 0.7 ? 1 : 2] + (rnd() - 0.5) * 20);
        for (const [name, , a, b, cc, bond, angle, t] of SIDE[resName]) {
          const torsion = typeof t === 'number' ? t : chi[t[0]] + t[1];
          pos[name] = place(pos[a], pos[b], pos[cc], bond, angle, torsion);
          order.push(name);
        }
      }
      if (last) {
        pos.OXT = place(next.n, ca, co, 1.25, 117, 0);
        order.push('OXT');
      }
      const elements: Record<string, string> = { N: 'N', CA: 'C', C: 'C', O: 'O', CB: 'C', OXT: 'O' };
      for (const [name, element] of SIDE[resName].map((x) => [x[0], x[1]])) elements[name] = element;
      for (const name of order) {
        const [x, y, z] = pos[name];
        atoms.push({ serial: serial++, name, resName, chain, resSeq: i + 1, x, y, z, b: conf[i], element: elements[name], hetero: false });
      }
      n = next.n;
      ca = next.ca;
      co = next.c;
    }
    plddt.push({ chain, values: conf });
    secondary += ss.join('');
  }
  if (ligand && atoms.length) {
    // A phenol 6 Å beside the first chain's 20th Cα (or its last residue), ring in a plane.
    const anchor = atoms.filter((a) => a.chain === 'A' && a.name === 'CA')[19] ?? atoms[1];
    const cx = anchor.x + 6;
    const cy = anchor.y;
    const cz = anchor.z;
    const ring = [0, 1, 2, 3, 4, 5].map((k) => [cx + 1.39 * Math.cos((k * Math.PI) / 3), cy + 1.39 * Math.sin((k * Math.PI) / 3), cz] as Vec);
    const ligandAtoms: [string, string, Vec][] = ring.map((p, k) => [`C${k + 1}`, 'C', p] as [string, string, Vec]);
    ligandAtoms.push(['O1', 'O', [cx + 2.75, cy, cz]]);
    for (const [name, element, [x, y, z]] of ligandAtoms) {
      atoms.push({ serial: serial++, name, resName: 'LIG', chain: 'A', resSeq: 901, x, y, z, b: 90, element, hetero: true });
    }
  }
  return { atoms, plddt, secondary, residues };
}

/** Cα positions on a 4 Å hash grid, to find near neighbours quickly. */
class CaGrid {
  private readonly cells = new Map<string, Vec[]>();
  private key(x: number, y: number, z: number): string {
    return `${Math.floor(x / 4)},${Math.floor(y / 4)},${Math.floor(z / 4)}`;
  }
  add(p: Vec): void {
    const k = this.key(p[0], p[1], p[2]);
    const cell = this.cells.get(k);
    if (cell) cell.push(p);
    else this.cells.set(k, [p]);
  }
  /** How many stored Cα lie within `r` of p (ignoring `self`, the bonded neighbour). */
  near(p: Vec, r: number, self: Vec): number {
    let count = 0;
    const [cx, cy, cz] = [Math.floor(p[0] / 4), Math.floor(p[1] / 4), Math.floor(p[2] / 4)];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++)
          for (const q of this.cells.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
            if (q !== self && Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]) < r) count++;
          }
    return count;
  }
}

const pad = (s: string | number, width: number, left = false) => (left ? String(s).padEnd(width) : String(s).padStart(width));

/** PDB atom name column: element-aligned (" CA " for carbon alpha, 4-letter names fill the field). */
function atomNameField(name: string, element: string): string {
  return name.length < 4 && element.length === 1 ? ` ${name.padEnd(3)}` : name.padEnd(4);
}

/** The PDB text (ATOM / HETATM, TER per chain, END), fixed columns as wwPDB specifies. */
export function toPdb(s: SyntheticStructure, title = 'SYNTHETIC PREDICTED STRUCTURE'): string {
  const lines = [`HEADER    ${title.padEnd(40).slice(0, 40)}`, 'REMARK   1 B-FACTOR COLUMN HOLDS PLDDT (0-100)'];
  let previous: StructureAtom | undefined;
  for (const a of s.atoms) {
    if (previous && !previous.hetero && (a.chain !== previous.chain || a.hetero)) lines.push(`TER   ${pad(a.serial - 1, 5)}      ${previous.resName} ${previous.chain}${pad(previous.resSeq, 4)}`);
    const record = a.hetero ? 'HETATM' : 'ATOM  ';
    lines.push(
      `${record}${pad(a.serial, 5)} ${atomNameField(a.name, a.element)} ${a.resName} ${a.chain}${pad(a.resSeq, 4)}    ` +
        `${pad(a.x.toFixed(3), 8)}${pad(a.y.toFixed(3), 8)}${pad(a.z.toFixed(3), 8)}${pad('1.00', 6)}${pad(a.b.toFixed(2), 6)}          ${pad(a.element, 2)}`,
    );
    previous = a;
  }
  if (previous && !previous.hetero) lines.push(`TER   ${pad(previous.serial + 1, 5)}      ${previous.resName} ${previous.chain}${pad(previous.resSeq, 4)}`);
  lines.push('END', '');
  return lines.join('\n');
}

/**
 * AlphaFold-style mmCIF: one `_atom_site` loop, B_iso_or_equiv = pLDDT. With `operators`, an
 * identity `_pdbx_struct_oper_list` as PDB entries carry (3Dmol's BinaryCIF reader needs it).
 */
export function toMmcif(s: SyntheticStructure, id = 'SYNTH', operators = false): string {
  const matrix = ['matrix[1][1]', 'matrix[1][2]', 'matrix[1][3]', 'matrix[2][1]', 'matrix[2][2]', 'matrix[2][3]', 'matrix[3][1]', 'matrix[3][2]', 'matrix[3][3]', 'vector[1]', 'vector[2]', 'vector[3]'];
  const head = [
    `data_${id}`,
    '#',
    `_entry.id ${id}`,
    '#',
    ...(operators ? ['loop_', ...['id', 'type', ...matrix].map((f) => `_pdbx_struct_oper_list.${f}`), "1 'identity operation' 1 0 0 0 1 0 0 0 1 0 0 0", '#'] : []),
    'loop_',
    ...[
      'group_PDB', 'id', 'type_symbol', 'label_atom_id', 'label_alt_id', 'label_comp_id', 'label_asym_id', 'label_entity_id',
      'label_seq_id', 'pdbx_PDB_ins_code', 'Cartn_x', 'Cartn_y', 'Cartn_z', 'occupancy', 'B_iso_or_equiv', 'pdbx_formal_charge',
      'auth_seq_id', 'auth_comp_id', 'auth_asym_id', 'auth_atom_id', 'pdbx_PDB_model_num',
    ].map((f) => `_atom_site.${f}`),
  ];
  const rows = s.atoms.map((a) =>
    [
      a.hetero ? 'HETATM' : 'ATOM', a.serial, a.element, a.name, '.', a.resName, a.chain, a.hetero ? 2 : 1,
      a.hetero ? '.' : a.resSeq, '?', a.x.toFixed(3), a.y.toFixed(3), a.z.toFixed(3), '1.00', a.b.toFixed(2), '?',
      a.resSeq, a.resName, a.chain, a.name, 1,
    ].join(' '),
  );
  return [...head, ...rows, '#', ''].join('\n');
}

/**
 * Predicted aligned error (Å) for the structure's residues in file order, AlphaFold-like:
 * low within a well-predicted domain, high between domains and for disordered residues,
 * rising with sequence separation; not exactly symmetric, as real PAE is not.
 */
export function syntheticPae(s: SyntheticStructure, seed = 11): number[][] {
  const rnd = lcg(seed);
  const conf = s.plddt.flatMap((c) => c.values);
  const chainOf = s.plddt.flatMap((c, k) => c.values.map(() => k));
  const n = conf.length;
  // Domains: cut at the long low-confidence stretches.
  const domain: number[] = [];
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && (chainOf[i] !== chainOf[i - 1] || (conf[i] < 50 && conf[i - 1] >= 50))) d++;
    domain.push(d);
  }
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const disorder = (100 - Math.min(conf[i], conf[j])) / 100;
      const base = domain[i] === domain[j] ? 0.5 + 6 * disorder + Math.min(4, Math.abs(i - j) / 60) : 14 + 12 * disorder;
      row[j] = Math.round(Math.min(31.75, base + rnd() * 2) * 100) / 100;
    }
    rows.push(row);
  }
  return rows;
}

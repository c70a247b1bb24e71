/**
 * Atom coordinates of a predicted chain: the backbone (backbone.ts), O and CB from textbook
 * geometry (C=O 1.231 Å; L-amino acids: torsion C–N–CA–CB −123°), the side chains (sidechains.ts)
 * and OXT on the last residue, in PDB order (N, CA, C, O, CB, side chain). Coordinates are
 * centred on the centroid. Deterministic: every draw comes from PRNGs seeded by the sequence.
 */
import { seededRandom } from '../common';
import { buildBackbone } from './backbone';
import type { Fold } from './fold';
import { sideChain } from './sidechains';
import { place, SpatialHash, sub, type Vec } from './vec';

export interface Atom {
  name: string;
  /** Three-letter residue name. */
  resName: string;
  /** 1-based residue number. */
  resSeq: number;
  element: string;
  xyz: Vec;
}

export const THREE_LETTER: Readonly<Record<string, string>> = {
  A: 'ALA', R: 'ARG', N: 'ASN', D: 'ASP', C: 'CYS', Q: 'GLN', E: 'GLU', G: 'GLY', H: 'HIS', I: 'ILE',
  L: 'LEU', K: 'LYS', M: 'MET', F: 'PHE', P: 'PRO', S: 'SER', T: 'THR', W: 'TRP', Y: 'TYR', V: 'VAL',
  U: 'SEC', O: 'PYL', X: 'UNK', B: 'ASX', Z: 'GLX',
};

/** Heavy atoms of the chain in PDB order. */
export function buildChain(residues: string, fold: Fold): Atom[] {
  const n = residues.length;
  const bb = buildBackbone(residues, fold.ss, fold.domain, seededRandom(`proteiniq-backbone:${residues}`));
  const random = seededRandom(`proteiniq-rotamers:${residues}`);
  // Backbone and CB first, so side chains avoid the whole backbone, not only the part before them.
  const grid = new SpatialHash(3);
  const frames: Record<string, Vec>[] = [];
  for (let i = 0; i < n; i++) {
    const at: Record<string, Vec> = { N: bb.N[i], CA: bb.CA[i], C: bb.C[i] };
    at.O = i < n - 1 ? place(bb.N[i + 1], bb.CA[i], bb.C[i], 1.231, 120.5, 180) : place(bb.N[i], bb.CA[i], bb.C[i], 1.231, 120.5, bb.psi[i] + 180);
    if (residues[i] !== 'G') at.CB = place(bb.C[i], bb.N[i], bb.CA[i], 1.53, 110.5, -123);
    for (const p of Object.values(at)) grid.add(p, i);
    frames.push(at);
  }
  const chains: { atoms: [string, Vec][]; clash: number }[] = [];
  for (let i = 0; i < n; i++) {
    chains.push(frames[i].CB ? sideChain(residues[i], i, frames[i], grid, random) : { atoms: [], clash: 0 });
    for (const [, xyz] of chains[i].atoms) grid.add(xyz, i);
  }
  // A second pass for side chains that still touch something: now every other side chain is known.
  for (let i = 0; i < n; i++) {
    if (chains[i].clash === 0) continue;
    for (const [, xyz] of chains[i].atoms) grid.remove(xyz, i);
    for (const p of Object.values(frames[i])) grid.add(p, i);
    const again = sideChain(residues[i], i, frames[i], grid, random, 48);
    if (again.clash < chains[i].clash) chains[i] = again;
    for (const [, xyz] of chains[i].atoms) grid.add(xyz, i);
  }
  const atoms: Atom[] = [];
  for (let i = 0; i < n; i++) {
    const resName = THREE_LETTER[residues[i]] ?? 'UNK';
    const at = frames[i];
    const add = (name: string, xyz: Vec) => atoms.push({ name, resName, resSeq: i + 1, element: name === 'SE' ? 'SE' : name[0], xyz });
    for (const name of ['N', 'CA', 'C', 'O', 'CB']) if (at[name]) add(name, at[name]);
    for (const [name, xyz] of chains[i].atoms) add(name, xyz);
    if (i === n - 1) add('OXT', place(bb.N[i], bb.CA[i], bb.C[i], 1.25, 117, bb.psi[i]));
  }
  const centre = atoms.reduce<Vec>((s, a) => [s[0] + a.xyz[0], s[1] + a.xyz[1], s[2] + a.xyz[2]], [0, 0, 0]).map((v) => v / atoms.length) as Vec;
  for (const a of atoms) a.xyz = sub(a.xyz, centre);
  return atoms;
}

/**
 * Side chains: every heavy atom with its PDB name, placed by NeRF from three earlier atoms with
 * textbook bond lengths and angles; rings are planar. Rotamers (chi1…chi4) come from the usual
 * basins (g−, t, g+; aromatic chi2 ±90°, carboxyl/amide planes near 0°) drawn with the sequence's
 * PRNG; up to `tries` rotamers per residue are drawn and the first whose atoms keep 2.8 Å from
 * every atom of other residues in the grid is kept (else the least clashing one).
 */
import type { Random } from '../common';
import { place, type SpatialHash, type Vec } from './vec';

const TRIES = 12;
export const MIN_CONTACT = 2.8;

/** Side-chain atom: name, the three reference atoms, bond, angle, and the torsion or a chi index (+ offset). */
export type Placement = [name: string, a: string, b: string, c: string, bond: number, angle: number, torsion: number | [chi: number, offset: number]];

const PHE_RING: Placement[] = [
  ['CG', 'N', 'CA', 'CB', 1.5, 114, [0, 0]],
  ['CD1', 'CA', 'CB', 'CG', 1.39, 120.7, [1, 0]],
  ['CD2', 'CA', 'CB', 'CG', 1.39, 120.7, [1, 180]],
  ['CE1', 'CB', 'CG', 'CD1', 1.39, 120, 180],
  ['CE2', 'CB', 'CG', 'CD2', 1.39, 120, 180],
  ['CZ', 'CG', 'CD1', 'CE1', 1.39, 120, 0],
];

export const SIDE_CHAINS: Readonly<Record<string, readonly Placement[]>> = {
  A: [], G: [], X: [], B: [], Z: [],
  S: [['OG', 'N', 'CA', 'CB', 1.42, 111, [0, 0]]],
  C: [['SG', 'N', 'CA', 'CB', 1.81, 114, [0, 0]]],
  U: [['SE', 'N', 'CA', 'CB', 1.95, 112, [0, 0]]],
  T: [['OG1', 'N', 'CA', 'CB', 1.43, 109.5, [0, 0]], ['CG2', 'N', 'CA', 'CB', 1.53, 111, [0, -120]]],
  V: [['CG1', 'N', 'CA', 'CB', 1.53, 110.5, [0, 0]], ['CG2', 'N', 'CA', 'CB', 1.53, 110.5, [0, 120]]],
  L: [['CG', 'N', 'CA', 'CB', 1.53, 116, [0, 0]], ['CD1', 'CA', 'CB', 'CG', 1.53, 110.5, [1, 0]], ['CD2', 'CA', 'CB', 'CG', 1.53, 110.5, [1, 120]]],
  I: [['CG1', 'N', 'CA', 'CB', 1.53, 110.5, [0, 0]], ['CG2', 'N', 'CA', 'CB', 1.53, 110.5, [0, -120]], ['CD1', 'CA', 'CB', 'CG1', 1.53, 114, [1, 0]]],
  M: [['CG', 'N', 'CA', 'CB', 1.53, 114, [0, 0]], ['SD', 'CA', 'CB', 'CG', 1.81, 112.7, [1, 0]], ['CE', 'CB', 'CG', 'SD', 1.79, 100.5, [2, 0]]],
  P: [['CG', 'N', 'CA', 'CB', 1.5, 104.5, 30], ['CD', 'CA', 'CB', 'CG', 1.51, 105.5, -35]],
  F: PHE_RING,
  Y: [...PHE_RING, ['OH', 'CD1', 'CE1', 'CZ', 1.38, 120, 180]],
  W: [
    ['CG', 'N', 'CA', 'CB', 1.5, 114, [0, 0]],
    ['CD1', 'CA', 'CB', 'CG', 1.37, 127, [1, 0]],
    ['CD2', 'CA', 'CB', 'CG', 1.43, 126.6, [1, 180]],
    ['NE1', 'CB', 'CG', 'CD1', 1.38, 110, 180],
    ['CE2', 'CB', 'CG', 'CD2', 1.41, 107.3, 180],
    ['CE3', 'CB', 'CG', 'CD2', 1.4, 133.9, 0],
    ['CZ2', 'CG', 'CD2', 'CE2', 1.4, 122.3, 180],
    ['CZ3', 'CG', 'CD2', 'CE3', 1.39, 118.8, 180],
    ['CH2', 'CD2', 'CE2', 'CZ2', 1.37, 117.5, 0],
  ],
  H: [
    ['CG', 'N', 'CA', 'CB', 1.5, 114, [0, 0]],
    ['ND1', 'CA', 'CB', 'CG', 1.38, 122.7, [1, 0]],
    ['CD2', 'CA', 'CB', 'CG', 1.36, 131, [1, 180]],
    ['CE1', 'CB', 'CG', 'ND1', 1.32, 109, 180],
    ['NE2', 'CB', 'CG', 'CD2', 1.37, 107, 180],
  ],
  D: [['CG', 'N', 'CA', 'CB', 1.52, 113, [0, 0]], ['OD1', 'CA', 'CB', 'CG', 1.25, 119, [1, 0]], ['OD2', 'CA', 'CB', 'CG', 1.25, 119, [1, 180]]],
  N: [['CG', 'N', 'CA', 'CB', 1.52, 113, [0, 0]], ['OD1', 'CA', 'CB', 'CG', 1.23, 121, [1, 0]], ['ND2', 'CA', 'CB', 'CG', 1.33, 116, [1, 180]]],
  E: [
    ['CG', 'N', 'CA', 'CB', 1.52, 114, [0, 0]],
    ['CD', 'CA', 'CB', 'CG', 1.52, 113, [1, 0]],
    ['OE1', 'CB', 'CG', 'CD', 1.25, 119, [2, 0]],
    ['OE2', 'CB', 'CG', 'CD', 1.25, 119, [2, 180]],
  ],
  Q: [
    ['CG', 'N', 'CA', 'CB', 1.52, 114, [0, 0]],
    ['CD', 'CA', 'CB', 'CG', 1.52, 113, [1, 0]],
    ['OE1', 'CB', 'CG', 'CD', 1.23, 121, [2, 0]],
    ['NE2', 'CB', 'CG', 'CD', 1.33, 116.5, [2, 180]],
  ],
  K: [
    ['CG', 'N', 'CA', 'CB', 1.52, 114, [0, 0]],
    ['CD', 'CA', 'CB', 'CG', 1.52, 111.5, [1, 0]],
    ['CE', 'CB', 'CG', 'CD', 1.52, 111.5, [2, 0]],
    ['NZ', 'CG', 'CD', 'CE', 1.49, 111.7, [3, 0]],
  ],
  O: [
    ['CG', 'N', 'CA', 'CB', 1.52, 114, [0, 0]],
    ['CD', 'CA', 'CB', 'CG', 1.52, 111.5, [1, 0]],
    ['CE', 'CB', 'CG', 'CD', 1.52, 111.5, [2, 0]],
    ['NZ', 'CG', 'CD', 'CE', 1.47, 111.7, [3, 0]],
  ],
  R: [
    ['CG', 'N', 'CA', 'CB', 1.52, 114, [0, 0]],
    ['CD', 'CA', 'CB', 'CG', 1.52, 111.5, [1, 0]],
    ['NE', 'CB', 'CG', 'CD', 1.46, 112, [2, 0]],
    ['CZ', 'CG', 'CD', 'NE', 1.33, 124.5, [3, 0]],
    ['NH1', 'CD', 'NE', 'CZ', 1.33, 120, 0],
    ['NH2', 'CD', 'NE', 'CZ', 1.33, 120, 180],
  ],
};

/**
 * The side-chain atoms of residue `index` (name → position), given its N, CA, CB; `grid` holds the
 * atoms placed so far, tagged with their residue index.
 */
export function sideChain(aa: string, index: number, at: Record<string, Vec>, grid: SpatialHash, random: Random, tries = TRIES): { atoms: [string, Vec][]; clash: number } {
  const placements = SIDE_CHAINS[aa] ?? [];
  if (placements.length === 0) return { atoms: [], clash: 0 };
  let best: { atoms: [string, Vec][]; clash: number } | undefined;
  for (let t = 0; t < tries; t++) {
    const chis = rotamer(aa, random);
    const local: Record<string, Vec> = { ...at };
    const atoms: [string, Vec][] = [];
    let clash = 0;
    for (const [name, a, b, c, bond, angle, tors] of placements) {
      const w = typeof tors === 'number' ? tors : chis[tors[0]] + tors[1];
      local[name] = place(local[a], local[b], local[c], bond, angle, w);
      atoms.push([name, local[name]]);
      const d = grid.nearest(local[name], (r) => r !== index);
      if (d < MIN_CONTACT) clash += MIN_CONTACT - d;
    }
    if (!best || clash < best.clash) best = { atoms, clash };
    if (clash === 0) break;
  }
  return best as NonNullable<typeof best>;
}

/** chi1…chi4 in degrees from the common basins (g−, t, g+), planar groups around their usual angle. */
function rotamer(aa: string, random: Random): number[] {
  const jitter = (x: number) => x + (random() * 2 - 1) * 10;
  const sp3 = (weights: [number, number, number]) => {
    const r = random();
    return jitter(r < weights[0] ? -65 : r < weights[0] + weights[1] ? 180 : 60);
  };
  const chi1 = sp3([0.55, 0.3, 0.15]);
  const chi2 = 'FYWH'.includes(aa) ? jitter(random() < 0.5 ? 90 : -90) : 'DN'.includes(aa) ? jitter(0) : sp3([0.2, 0.7, 0.1]);
  const chi3 = 'EQ'.includes(aa) ? jitter(0) : sp3([0.15, 0.75, 0.1]);
  const chi4 = sp3([0.15, 0.75, 0.1]);
  return [chi1, chi2, chi3, chi4];
}


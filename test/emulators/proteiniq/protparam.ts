/**
 * The `protparam` tool's result: physico-chemical values computed from the sequence (average
 * residue masses, Kyte–Doolittle GRAVY, aromaticity, the isoelectric point by bisection on the
 * Henderson–Hasselbalch net charge with EMBOSS pKa values — other pKa scales differ: ubiquitin
 * is 7.54 here, 6.56 on ExPASy's). A tool whose result is values only.
 */

const RESIDUE_MASS: Readonly<Record<string, number>> = {
  A: 71.0788, R: 156.1875, N: 114.1038, D: 115.0886, C: 103.1388, E: 129.1155, Q: 128.1307, G: 57.0519, H: 137.1411, I: 113.1594,
  L: 113.1594, K: 128.1741, M: 131.1926, F: 147.1766, P: 97.1167, S: 87.0782, T: 101.1051, W: 186.2132, Y: 163.1760, V: 99.1326,
  U: 150.0388, O: 237.2982, X: 110, B: 114.5962, Z: 128.6231,
};
const WATER = 18.01528;
const KYTE_DOOLITTLE: Readonly<Record<string, number>> = {
  A: 1.8, R: -4.5, N: -3.5, D: -3.5, C: 2.5, Q: -3.5, E: -3.5, G: -0.4, H: -3.2, I: 4.5, L: 3.8, K: -3.9, M: 1.9, F: 2.8, P: -1.6, S: -0.8, T: -0.7, W: -0.9, Y: -1.3, V: 4.2,
};
/** EMBOSS pKa values. */
const PKA = { nTerm: 8.6, cTerm: 3.6, K: 10.8, R: 12.5, H: 6.5, D: 3.9, E: 4.1, C: 8.5, Y: 10.1 };

export interface ProtParam {
  length: number;
  molecular_weight: number;
  isoelectric_point: number;
  net_charge_at_ph7: number;
  gravy: number;
  aromaticity: number;
  composition: Record<string, number>;
}

export function protParam(residues: string): ProtParam {
  const composition: Record<string, number> = {};
  for (const aa of residues) composition[aa] = (composition[aa] ?? 0) + 1;
  const mass = [...residues].reduce((m, aa) => m + (RESIDUE_MASS[aa] ?? 110), WATER);
  const gravy = [...residues].reduce((s, aa) => s + (KYTE_DOOLITTLE[aa] ?? 0), 0) / residues.length;
  const aromatic = (composition.F ?? 0) + (composition.W ?? 0) + (composition.Y ?? 0);
  const count = (aa: string) => composition[aa] ?? 0;
  const charge = (ph: number) => {
    const pos = (pk: number, n: number) => n / (1 + 10 ** (ph - pk));
    const neg = (pk: number, n: number) => n / (1 + 10 ** (pk - ph));
    return pos(PKA.nTerm, 1) + pos(PKA.K, count('K')) + pos(PKA.R, count('R')) + pos(PKA.H, count('H')) - neg(PKA.cTerm, 1) - neg(PKA.D, count('D')) - neg(PKA.E, count('E')) - neg(PKA.C, count('C')) - neg(PKA.Y, count('Y'));
  };
  let lo = 0;
  let hi = 14;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (charge(mid) > 0) lo = mid;
    else hi = mid;
  }
  const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    length: residues.length,
    molecular_weight: r(mass, 2),
    isoelectric_point: r((lo + hi) / 2, 2),
    net_charge_at_ph7: r(charge(7), 2),
    gravy: r(gravy, 3),
    aromaticity: r(aromatic / residues.length, 3),
    composition,
  };
}

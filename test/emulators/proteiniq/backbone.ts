/**
 * The backbone (N, CA, C per residue) of a predicted chain: torsions by secondary structure
 * (α: φ −62 ψ −41; β: φ −120 ψ 130; loops from the PPII, αR, β and — for Gly/Asn/Asp — αL basins;
 * Pro φ −65; a little noise everywhere) and textbook geometry (N–CA 1.458, CA–C 1.525, C–N 1.329
 * Å; trans peptides), placed with NeRF.
 *
 * So that the model is a compact fold with room for its side chains rather than a random coil
 * that crosses itself, the chain grows one segment (a loop and the element after it) at a time:
 * each segment is drawn up to ATTEMPTS times; an attempt is refused when a CA comes within 5 Å
 * of a CA three or more residues away, or a residue's side-chain centroid (on the CA→CB line, at
 * a distance by residue size) within 4.2 Å of another's or 3.6 Å of a CA, or a carbonyl O within
 * 2.9 Å of another's or of a side-chain centroid. Of the attempts left (drawing stops after 4),
 * the one lying closest to the centre of its domain so far is kept (a domain's first residues
 * move away from the earlier domains), so domains come out as separate compact globules. When
 * every attempt clashes the least clashing is kept. Deterministic: every draw comes from the
 * sequence's PRNG.
 */
import type { Random } from '../common';
import { dist, place, SpatialHash, type Vec } from './vec';

export interface Backbone {
  N: Vec[];
  CA: Vec[];
  C: Vec[];
  /** Degrees, per residue (psi of the last residue is set too; it places O and OXT). */
  psi: number[];
}

interface Segment extends Backbone {
  /** Side-chain centroid per residue (the CA for Gly). */
  cen: Vec[];
  /** The carbonyl O of the residue BEFORE each one (placed once its N is). */
  oPrev: Vec[];
}

const ATTEMPTS = 16;
/** Clash-free attempts to choose the most compact from. */
const ENOUGH_CLEAN = 4;
const MIN_CA = 5;
const MIN_CEN = 4.2;
const MIN_CEN_CA = 3.6;
const MIN_O = 2.9;
const RAD = Math.PI / 180;

/** Å from CA to the side chain's centroid, by residue (Gly: none). */
const REACH: Readonly<Record<string, number>> = {
  G: 0, A: 1.5, S: 1.9, C: 2.1, T: 1.9, P: 1.9, V: 1.9, D: 2.4, N: 2.4, I: 2.5, L: 2.6, M: 2.9, E: 3.0, Q: 3.0, H: 3.0, F: 3.2, K: 3.4, R: 3.9, Y: 3.6, W: 3.7,
};

export function buildBackbone(residues: string, ss: string, domain: readonly number[], random: Random): Backbone {
  const bb: Backbone = { N: [[0, 0, 0]], CA: [[1.458, 0, 0]], C: [[1.458 - 1.525 * Math.cos(111.2 * RAD), 1.525 * Math.sin(111.2 * RAD), 0]], psi: [] };
  const cas = new SpatialHash(MIN_CA);
  const cens = new SpatialHash(MIN_CA);
  const os = new SpatialHash(MIN_CA);
  const sums = new Map<number, { s: Vec; k: number }>();
  const commit = (i: number, cen: Vec, oPrev: Vec | undefined) => {
    cas.add(bb.CA[i], i);
    cens.add(cen, i);
    if (oPrev) os.add(oPrev, i - 1);
    const c = sums.get(domain[i]) ?? { s: [0, 0, 0], k: 0 };
    c.s = [c.s[0] + bb.CA[i][0], c.s[1] + bb.CA[i][1], c.s[2] + bb.CA[i][2]];
    c.k++;
    sums.set(domain[i], c);
  };
  for (const [start, end] of segments(ss)) {
    let best: { seg: Segment; psiBefore: number; clash: number; score: number } | undefined;
    let clean = 0;
    for (let attempt = 0; attempt < ATTEMPTS && clean < ENOUGH_CLEAN; attempt++) {
      // The residue before the segment may turn differently too: a helix end is not rigid.
      const psiBefore = start === 0 ? 0 : attempt === 0 ? bb.psi[start - 1] : torsions(ss[start - 1], residues[start - 1], random)[1];
      const seg = grow(bb, start, end, residues, ss, random, psiBefore);
      // Once a clash-free attempt exists, a clashing one is dropped at its first clash.
      const clash = clashOf(seg, start, cas, cens, os, best ? best.clash : Infinity);
      if (clash === 0) clean++;
      const score = placementScore(seg.CA, domain[end - 1], sums);
      if (!best || (clash === 0 && (best.clash > 0 || score < best.score)) || (clash > 0 && best.clash > 0 && clash < best.clash)) best = { seg, psiBefore, clash, score };
    }
    const { seg, psiBefore } = best as NonNullable<typeof best>;
    if (start > 0) bb.psi[start - 1] = psiBefore;
    for (let k = 0; k < seg.CA.length; k++) {
      const i = start + k;
      bb.N[i] = seg.N[k];
      bb.CA[i] = seg.CA[k];
      bb.C[i] = seg.C[k];
      bb.psi[i] = seg.psi[k];
      commit(i, seg.cen[k], seg.oPrev[k]);
    }
  }
  return bb;
}

/** [start, end) of each loop + following element; the first starts at 0. */
function segments(ss: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let i = 0;
  while (i < ss.length) {
    while (i < ss.length && ss[i] === 'C') i++;
    const kind = ss[i];
    while (i < ss.length && ss[i] === kind && kind !== 'C') i++;
    out.push([start, i]);
    start = i;
  }
  return out;
}

/** Residues start…end−1 after the chain so far, with fresh torsions (residue 0's atoms are fixed). */
function grow(bb: Backbone, start: number, end: number, residues: string, ss: string, random: Random, psiBefore: number): Segment {
  const seg: Segment = { N: [], CA: [], C: [], psi: [], cen: [], oPrev: [] };
  let psi = psiBefore;
  for (let i = start; i < end; i++) {
    const [phi, nextPsi] = torsions(ss[i], residues[i], random);
    if (i === 0) {
      seg.N.push(bb.N[0]);
      seg.CA.push(bb.CA[0]);
      seg.C.push(bb.C[0]);
    } else {
      const k = seg.N.length;
      const [pN, pCA, pC] = k === 0 ? [bb.N[i - 1], bb.CA[i - 1], bb.C[i - 1]] : [seg.N[k - 1], seg.CA[k - 1], seg.C[k - 1]];
      const N = place(pN, pCA, pC, 1.329, 116.2, psi);
      const CA = place(pCA, pC, N, 1.458, 121.7, 180);
      seg.oPrev[seg.N.length] = place(N, pCA, pC, 1.231, 120.5, 180);
      seg.N.push(N);
      seg.CA.push(CA);
      seg.C.push(place(pC, N, CA, 1.525, 111.2, phi));
    }
    const k = seg.N.length - 1;
    const reach = REACH[residues[i]] ?? 2.4;
    seg.cen.push(reach === 0 ? seg.CA[k] : place(seg.C[k], seg.N[k], seg.CA[k], reach, 110.5, -123));
    seg.psi.push(nextPsi);
    psi = nextPsi;
  }
  return seg;
}

/** How far the segment intrudes on the chain so far and on itself (0 = clash-free). */
function clashOf(seg: Segment, start: number, cas: SpatialHash, cens: SpatialHash, os: SpatialHash, giveUpAbove: number): number {
  let clash = 0;
  const over = (d: number, min: number) => (d < min ? min - d : 0);
  for (let k = 0; k < seg.CA.length; k++) {
    const i = start + k;
    const far = (j: number) => i - j >= 3;
    clash += over(cas.nearest(seg.CA[k], far), MIN_CA);
    clash += over(cens.nearest(seg.cen[k], (j) => i - j >= 2), MIN_CEN);
    clash += over(cas.nearest(seg.cen[k], (j) => i - j >= 2), MIN_CEN_CA);
    clash += over(cens.nearest(seg.CA[k], (j) => i - j >= 2), MIN_CEN_CA);
    const o = seg.oPrev[k];
    if (o) clash += over(os.nearest(o, (j) => i - 1 - j >= 2), MIN_O) + over(cens.nearest(o, (j) => Math.abs(i - 1 - j) >= 2), MIN_O);
    for (let m = 0; m < k; m++) {
      const om = seg.oPrev[m];
      if (o && om && k - m >= 2) clash += over(dist(o, om), MIN_O);
      if (k - m >= 3) clash += over(dist(seg.CA[k], seg.CA[m]), MIN_CA);
      if (k - m >= 2) clash += over(dist(seg.cen[k], seg.cen[m]), MIN_CEN) + over(dist(seg.cen[k], seg.CA[m]), MIN_CEN_CA) + over(dist(seg.CA[k], seg.cen[m]), MIN_CEN_CA);
    }
    if (clash > giveUpAbove) return clash;
  }
  return clash;
}

/** Lower is better: the segment near its domain's centre, or far from the others for a domain's first residues. */
function placementScore(cas: readonly Vec[], d: number, sums: Map<number, { s: Vec; k: number }>): number {
  const mean = (centre: Vec) => cas.reduce((sum, p) => sum + dist(p, centre), 0) / cas.length;
  const own = sums.get(d);
  if (own && own.k >= 10) return mean([own.s[0] / own.k, own.s[1] / own.k, own.s[2] / own.k]);
  let far = 0;
  for (const [other, c] of sums) if (other !== d) far = Math.min(far, -mean([c.s[0] / c.k, c.s[1] / c.k, c.s[2] / c.k]));
  return far;
}

/** [phi, psi] in degrees for one residue. */
function torsions(e: string, aa: string, random: Random): [number, number] {
  const jitter = (x: number, by: number) => x + (random() * 2 - 1) * by;
  let phi: number;
  let psi: number;
  if (e === 'H') [phi, psi] = [jitter(-62, 4), jitter(-41, 4)];
  else if (e === 'E') [phi, psi] = [jitter(-120, 10), jitter(130, 10)];
  else {
    const r = random();
    if ('GND'.includes(aa) && r < 0.3) [phi, psi] = [jitter(60, 15), jitter(40, 15)];
    else if (r < 0.45) [phi, psi] = [jitter(-70, 15), jitter(145, 15)];
    else if (r < 0.75) [phi, psi] = [jitter(-85, 15), jitter(-5, 15)];
    else [phi, psi] = [jitter(-110, 15), jitter(125, 15)];
  }
  if (aa === 'P') phi = jitter(-65, 5);
  return [phi, ((psi + 540) % 360) - 180];
}

/**
 * PDB files for the emulated structure and complex predictions. The coordinates are a schematic
 * immunoglobulin V domain (two β-sheets, ABED and GFCC'C'', strands 3.3 Å per residue and 4.8 Å
 * apart, sheets 10 Å apart, loops as arcs, CDRs on top), VL packed against VH through the
 * GFCC'C'' sheets, and for the complex the antigen folded in layers above the CDRs. Backbone atoms
 * only (N, CA, C, O), B-factor column = pLDDT, as AlphaFold-style predictors write it. Not a
 * real model: enough for a viewer to draw the chains, colour by pLDDT and pick residues.
 */
import { ANTIGEN, CHAIN_LETTER, type ChainId, type Pair } from './antibody';
import { imgtLabels } from './numbering';

type Vec = [number, number, number];

const THREE: Record<string, string> = {
  A: 'ALA', R: 'ARG', N: 'ASN', D: 'ASP', C: 'CYS', Q: 'GLN', E: 'GLU', G: 'GLY', H: 'HIS', I: 'ILE',
  L: 'LEU', K: 'LYS', M: 'MET', F: 'PHE', P: 'PRO', S: 'SER', T: 'THR', W: 'TRP', Y: 'TYR', V: 'VAL',
};

/** Strand cores by IMGT position: [first, last, sheet (0 = ABED, 1 = GFCC'C''), x slot, direction (+1 up towards the CDRs)]. */
const STRANDS: readonly [number, number, number, number, number][] = [
  [3, 12, 0, 0, -1], // A
  [18, 25, 0, 1, 1], // B
  [39, 45, 1, 2, -1], // C
  [48, 54, 1, 3, 1], // C'
  [67, 73, 1, 4, -1], // C''
  [78, 83, 0, 3, 1], // D
  [87, 95, 0, 2, -1], // E
  [97, 103, 1, 1, 1], // F
  [119, 126, 1, 0, -1], // G
];

const RISE = 3.3;
const STRAND_GAP = 4.8;
const SHEET_GAP = 10;

const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];
const norm = (a: Vec): Vec => {
  const l = Math.hypot(...a) || 1;
  return scale(a, 1 / l);
};
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** A cubic Bézier: a U from p0 out along `up` by h and back to p1. */
function bezier(p0: Vec, p1: Vec, up: Vec, h: number): (t: number) => Vec {
  const c1 = add(p0, scale(up, h));
  const c2 = add(p1, scale(up, h));
  return (t) => {
    const u = 1 - t;
    return add(add(scale(p0, u * u * u), scale(c1, 3 * u * u * t)), add(scale(c2, 3 * u * t * t), scale(p1, t * t * t)));
  };
}

/** `count` points spaced evenly by arc length strictly between the ends of a curve. */
function spaced(curve: (t: number) => Vec, count: number): { points: Vec[]; length: number } {
  const samples = 400;
  const pts: Vec[] = [];
  const cum: number[] = [0];
  for (let i = 0; i <= samples; i++) pts.push(curve(i / samples));
  for (let i = 1; i <= samples; i++) cum.push(cum[i - 1] + Math.hypot(...sub(pts[i], pts[i - 1])));
  const total = cum[samples];
  const points: Vec[] = [];
  let j = 0;
  for (let k = 1; k <= count; k++) {
    const target = (k * total) / (count + 1);
    while (j < samples - 1 && cum[j + 1] < target) j++;
    const f = (target - cum[j]) / (cum[j + 1] - cum[j] || 1);
    points.push(add(pts[j], scale(sub(pts[j + 1], pts[j]), f)));
  }
  return { points, length: total };
}

/** A loop of `count` residues from `before` to `after`, reaching out along `up` until 3.8 Å per step fits. */
function loop(before: Vec, after: Vec, count: number, up: Vec): Vec[] {
  const want = (count + 1) * 3.8;
  let lo = 0;
  let hi = 80;
  for (let i = 0; i < 30; i++) {
    const h = (lo + hi) / 2;
    if (spaced(bezier(before, after, up, h), 0).length < want) lo = h;
    else hi = h;
  }
  return spaced(bezier(before, after, up, lo), count).points;
}

/** CA positions of one V domain in its own frame. */
export function domainTrace(chain: ChainId): Vec[] {
  const labels = imgtLabels(chain).map((l) => parseFloat(l));
  const ca: (Vec | null)[] = labels.map(() => null);
  for (const [a, b, sheet, slot, dir] of STRANDS) {
    // By order within the strand, so a numbering gap (VK lacks IMGT 81, 82) leaves no hole.
    const members = labels.map((n, i) => (n >= a && n <= b ? i : -1)).filter((i) => i >= 0);
    members.forEach((i, k) => {
      const y = dir * (k - (members.length - 1) / 2) * RISE;
      const pleat = (k % 2 === 0 ? 0.45 : -0.45) * (sheet === 0 ? 1 : -1);
      ca[i] = [slot * STRAND_GAP, y, sheet * SHEET_GAP + pleat];
    });
  }
  let i = 0;
  while (i < ca.length) {
    if (ca[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < ca.length && !ca[j]) j++;
    const before = i > 0 ? (ca[i - 1] as Vec) : null;
    const after = j < ca.length ? (ca[j] as Vec) : null;
    const count = j - i;
    if (before && after) {
      // Loops leave the sheet at the strand ends: CDRs on top, the others below.
      const up: Vec = [0, Math.sign(before[1] + after[1]) || 1, 0];
      loop(before, after, count, up).forEach((p, k) => (ca[i + k] = p));
    } else if (before) {
      // C-terminal tail: carry on in the direction of the last strand.
      const step = sub(before, ca[i - 2] as Vec);
      for (let k = 0; k < count; k++) ca[i + k] = add(before, scale(step, k + 1));
    } else if (after) {
      // N-terminal tail: lead into the first strand.
      const step = sub(after, ca[j + 1] as Vec);
      for (let k = 0; k < count; k++) ca[i + k] = add(after, scale(step, count - k));
    }
    i = j;
  }
  return ca as Vec[];
}

/** VL faces VH through the GFCC'C'' sheets: rotated 180° about y, shifted in x and z. */
function place(chain: ChainId, trace: Vec[]): Vec[] {
  if (chain === 'vh') return trace;
  return trace.map(([x, y, z]) => [-x + 4 * STRAND_GAP, y, -z + 3 * SHEET_GAP]);
}

/** The antigen folded in layers of ten residues, 6 Å above the highest CDR atom (a serpentine: 5 Å between rows). */
function antigenTrace(n: number, floor: number): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / 10);
    const layer = Math.floor(row / 5);
    const inLayer = row % 5;
    const col = i % 10;
    const x = (row % 2 === 0 ? col : 9 - col) * 3.8 - 8;
    const z = (layer % 2 === 0 ? inLayer : 4 - inLayer) * 5 + 4;
    out.push([x, floor + 6 + layer * 5, z]);
  }
  return out;
}

interface AtomChain {
  letter: string;
  sequence: string;
  ca: Vec[];
  /** Residue numbers written to the file. */
  numbers: number[];
  bfactor: number[];
}

/** N, CA, C, O around each CA, oriented along the trace. */
function backbone(ca: Vec[], i: number): { name: string; at: Vec; element: string }[] {
  const prev = ca[i - 1] ?? sub(ca[i], sub(ca[i + 1] ?? ca[i], ca[i]));
  const next = ca[i + 1] ?? add(ca[i], sub(ca[i], prev));
  const d = norm(sub(next, prev));
  const side = norm(cross(d, [0, 0, 1])[0] === 0 && cross(d, [0, 0, 1])[1] === 0 ? [1, 0, 0] : cross(d, [0, 0, 1]));
  const flip = i % 2 === 0 ? 1 : -1;
  const n = add(ca[i], scale(norm(add(scale(d, -1.2), scale(side, 0.8 * flip))), 1.46));
  const c = add(ca[i], scale(norm(add(scale(d, 1.2), scale(side, 0.8 * flip))), 1.52));
  const o = add(c, scale(side, 1.23 * flip));
  return [
    { name: 'N', at: n, element: 'N' },
    { name: 'CA', at: ca[i], element: 'C' },
    { name: 'C', at: c, element: 'C' },
    { name: 'O', at: o, element: 'O' },
  ];
}

const f = (n: number, w: number, d: number) => n.toFixed(d).padStart(w);

function pdbText(title: string, model: string, chains: AtomChain[]): string {
  const lines = [`HEADER    IMMUNE SYSTEM${' '.repeat(40)}`, `TITLE     ${title.toUpperCase()}`, `REMARK   1 PREDICTED BY ${model.toUpperCase()}; B-FACTOR COLUMN = PLDDT`];
  let serial = 1;
  for (const ch of chains) {
    for (let i = 0; i < ch.sequence.length; i++) {
      const res = THREE[ch.sequence[i]] ?? 'UNK';
      for (const atom of backbone(ch.ca, i)) {
        const name = atom.name.length < 4 ? ` ${atom.name.padEnd(3)}` : atom.name;
        lines.push(
          `ATOM  ${String(serial++).padStart(5)} ${name} ${res} ${ch.letter}${String(ch.numbers[i]).padStart(4)}    ${f(atom.at[0], 8, 3)}${f(atom.at[1], 8, 3)}${f(atom.at[2], 8, 3)}${f(1, 6, 2)}${f(ch.bfactor[i], 6, 2)}          ${atom.element.padStart(2)}`,
        );
      }
    }
    const last = ch.sequence.length - 1;
    lines.push(`TER   ${String(serial++).padStart(5)}      ${THREE[ch.sequence[last]] ?? 'UNK'} ${ch.letter}${String(ch.numbers[last]).padStart(4)}`);
  }
  lines.push('END', '');
  return lines.join('\n');
}

/** The Fv of one design, chains H and L numbered from 1. */
export function fvPdb(pair: Pair, plddt: Record<ChainId, number[]>, model: string): string {
  const chains = (['vh', 'vl'] as const).map((c) => ({
    letter: CHAIN_LETTER[c],
    sequence: pair[c],
    ca: place(c, domainTrace(c)),
    numbers: [...pair[c]].map((_, i) => i + 1),
    bfactor: plddt[c],
  }));
  return pdbText('humanized Fv model', model, chains);
}

/** The Fv plus the antigen (chain A, HER2 mature numbering). */
export function complexPdb(pair: Pair, plddt: Record<ChainId | 'antigen', number[]>, model: string): string {
  const fv = (['vh', 'vl'] as const).map((c) => ({
    letter: CHAIN_LETTER[c],
    sequence: pair[c],
    ca: place(c, domainTrace(c)),
    numbers: [...pair[c]].map((_, i) => i + 1),
    bfactor: plddt[c],
  }));
  const top = Math.max(...fv.flatMap((c) => c.ca.map((p) => p[1])));
  const antigen = {
    letter: 'A',
    sequence: ANTIGEN.sequence,
    ca: antigenTrace(ANTIGEN.sequence.length, top),
    numbers: [...ANTIGEN.sequence].map((_, i) => ANTIGEN.firstResidue + i),
    bfactor: plddt.antigen,
  };
  return pdbText('humanized Fv in complex with HER2 domain IV', model, [...fv, antigen]);
}

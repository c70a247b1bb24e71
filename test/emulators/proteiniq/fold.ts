/**
 * The emulator's "structure prediction": everything a folding tool reports about a sequence,
 * COMPUTED from it with the shared seeded PRNG, so the same sequence always gives the same model
 * and a viewer test sees stable, plausible data:
 * - secondary structure: helices (8–22 residues) and strands (4–9) where helix- or strand-forming
 *   residues dominate the next residues, loops between them, Pro/Gly-rich stretches as loops,
 *   no Pro inside a helix after its first turn, and coil at the termini;
 * - pLDDT per residue (0–100): high in helices and strands, lower in loops, low at the termini
 *   and at the linkers between domains, lower overall for long chains; smoothed, 2 decimals;
 * - domains of 80–250 residues (cut at loops), which shape the PAE: small errors inside a
 *   domain, large between domains (AlphaFold-DB layout, max 31.75 Å), and the pTM.
 */
import { seededRandom, type Random } from '../common';

export type Element = 'H' | 'E' | 'C';

export interface Fold {
  /** One of H (helix), E (strand), C (coil) per residue. */
  ss: string;
  /** 0–100, two decimals. */
  plddt: number[];
  /** Domain index per residue (0, 1, …). */
  domain: number[];
  meanPlddt: number;
  ptm: number;
}

/** AlphaFold DB's PAE cap. */
export const MAX_PAE = 31.75;

const HELIX_FORMERS = 'AELMQKRH';
const STRAND_FORMERS = 'VIYFWTC';
const BREAKERS = 'PG';

export function predictFold(residues: string): Fold {
  const random = seededRandom(`proteiniq-fold:${residues}`);
  const n = residues.length;
  const ss = secondaryStructure(residues, random);
  const domain = domains(ss, random);
  const plddt = confidence(residues, ss, domain, random);
  const meanPlddt = round(plddt.reduce((a, b) => a + b, 0) / n, 2);
  const domainCount = domain[n - 1] + 1;
  const ptm = round(Math.min(0.95, Math.max(0.2, (meanPlddt / 100) ** 1.5 * (1 - 0.06 * Math.min(5, domainCount - 1)))), 3);
  return { ss, plddt, domain, meanPlddt, ptm };
}

function secondaryStructure(seq: string, random: Random): string {
  const n = seq.length;
  const out: Element[] = [];
  const push = (e: Element, len: number) => {
    for (let k = 0; k < len && out.length < n; k++) out.push(e);
  };
  push('C', Math.min(n, 2 + Math.floor(random() * 3)));
  while (out.length < n) {
    const window = seq.slice(out.length, out.length + 8);
    const count = (set: string) => [...window].filter((c) => set.includes(c)).length;
    const h = count(HELIX_FORMERS);
    const e = count(STRAND_FORMERS);
    const b = count(BREAKERS);
    const r = random();
    if (b >= 3 || n - out.length < 6) push('C', 2 + Math.floor(random() * 4));
    else if (r < 0.4 + 0.06 * (h - e)) push('H', 8 + Math.floor(random() * 15));
    else if (r < 0.8) push('E', 4 + Math.floor(random() * 6));
    else push('C', 2 + Math.floor(random() * 5));
    // Every element is followed by a loop, so two helices never fuse into one.
    push('C', 2 + Math.floor(random() * 4));
  }
  // Coil at the C terminus as at the N terminus.
  for (let i = Math.max(0, n - 3); i < n; i++) out[i] = 'C';
  // Proline breaks a helix after its first turn (its ring meets the carbonyl of residue i − 4).
  for (let i = 3; i < n; i++) if (seq[i] === 'P' && out[i] === 'H' && out[i - 3] === 'H') out[i] = out[i - 1] = 'C';
  return out.join('');
}

/** Domains of 80–250 residues, each boundary moved to the nearest loop. */
function domains(ss: string, random: Random): number[] {
  const n = ss.length;
  const out = new Array<number>(n).fill(0);
  let start = 0;
  let d = 0;
  while (n - start > 330) {
    let cut = start + 80 + Math.floor(random() * 171);
    while (cut < n - 80 && ss[cut] !== 'C') cut++;
    for (let i = start; i < cut; i++) out[i] = d;
    start = cut;
    d++;
  }
  for (let i = start; i < n; i++) out[i] = d;
  return out;
}

function confidence(seq: string, ss: string, domain: readonly number[], random: Random): number[] {
  const n = seq.length;
  const base = [...ss].map((e) => (e === 'H' ? 92 : e === 'E' ? 89 : 74) + (random() * 2 - 1) * 6);
  const smooth = base.map((_, i) => {
    let sum = 0;
    let k = 0;
    for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 2); j++, k++) sum += base[j];
    return sum / k;
  });
  const lengthPenalty = Math.min(15, n / 400);
  return smooth.map((v, i) => {
    const fromEnd = Math.min(i, n - 1 - i);
    const terminal = fromEnd < 10 ? (10 - fromEnd) * 3.5 : 0;
    const linker = domain.slice(Math.max(0, i - 3), i + 4).some((x) => x !== domain[i]) ? 18 : 0;
    return round(Math.min(98.5, Math.max(20, v - terminal - linker - lengthPenalty)), 2);
  });
}

/**
 * The PAE matrix, row i = aligned on residue i, column j = error at j (Å, one decimal), as in
 * AlphaFold DB's `predicted_aligned_error`: about 1–6 Å inside a domain (worse where pLDDT is
 * low and with sequence distance), 12–28 Å between domains; 0.2–0.5 on the diagonal.
 */
export function paeMatrix(residues: string, fold: Fold): number[][] {
  const random = seededRandom(`proteiniq-pae:${residues}`);
  const n = residues.length;
  const domainCount = fold.domain[n - 1] + 1;
  const between: number[][] = [];
  for (let a = 0; a < domainCount; a++) between.push(Array.from({ length: domainCount }, () => 12 + random() * 12));
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n);
    const li = 100 - fold.plddt[i];
    for (let j = 0; j < n; j++) {
      const lj = 100 - fold.plddt[j];
      const v =
        i === j
          ? 0.2 + random() * 0.3
          : fold.domain[i] === fold.domain[j]
            ? 0.8 + Math.min(4, Math.abs(i - j) * 0.02) + 0.05 * li + 0.07 * lj + random() * 0.6
            : between[fold.domain[i]][fold.domain[j]] + 0.08 * lj + random() * 1.5;
      row[j] = round(Math.min(MAX_PAE, v), 1);
    }
    rows.push(row);
  }
  return rows;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

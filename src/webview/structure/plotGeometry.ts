/**
 * Geometry of the per-residue pLDDT plot (pure: the DOM code in plot.ts draws what this
 * computes). x runs over residue indices (chains end to end, file order), y over 0–100.
 * Beyond two residues per pixel the line becomes a min–max envelope per pixel column, so a
 * 5,000-residue plot is a path of ~1,000 points that still shows every dip.
 */

export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotBox(width: number, height: number): PlotBox {
  return { width, height, left: 34, right: 8, top: 8, bottom: 20 };
}

const innerWidth = (b: PlotBox) => Math.max(1, b.width - b.left - b.right);
const innerHeight = (b: PlotBox) => Math.max(1, b.height - b.top - b.bottom);

/** Centre of residue i's slot. */
export function xOf(b: PlotBox, n: number, i: number): number {
  return b.left + ((i + 0.5) * innerWidth(b)) / n;
}

export function yOf(b: PlotBox, plddt: number): number {
  const v = Math.max(0, Math.min(100, plddt));
  return b.top + (1 - v / 100) * innerHeight(b);
}

/** The residue under x, or undefined outside the plot area. */
export function indexAt(b: PlotBox, n: number, x: number): number | undefined {
  if (n === 0 || x < b.left || x > b.width - b.right) return undefined;
  return Math.max(0, Math.min(n - 1, Math.floor(((x - b.left) / innerWidth(b)) * n)));
}

/** Slot width of one residue in px (at least 1, so a selection marker is visible). */
export function slotWidth(b: PlotBox, n: number): number {
  return Math.max(1, innerWidth(b) / Math.max(1, n));
}

const f = (v: number) => (Math.round(v * 10) / 10).toString();

/** SVG path data of the pLDDT line (or its per-pixel min–max envelope for long chains). */
export function linePath(b: PlotBox, values: readonly number[]): string {
  const n = values.length;
  if (n === 0) return '';
  const w = innerWidth(b);
  if (n <= w * 2) {
    let d = '';
    for (let i = 0; i < n; i++) d += `${i ? 'L' : 'M'}${f(xOf(b, n, i))} ${f(yOf(b, values[i]))}`;
    return d;
  }
  const columns = Math.floor(w);
  let d = '';
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * n) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / columns));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    const x = f(b.left + c + 0.5);
    d += `${c ? 'L' : 'M'}${x} ${f(yOf(b, hi))}L${x} ${f(yOf(b, lo))}`;
  }
  return d;
}

/** Residue-axis ticks: a 1-2-5 step giving ~one label per 70 px; positions are 1-based. */
export function residueTicks(b: PlotBox, n: number): number[] {
  if (n === 0) return [];
  const target = Math.max(1, Math.floor(innerWidth(b) / 70));
  const raw = n / target;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let t = step; t <= n; t += step) ticks.push(t);
  return ticks;
}

/** Indices where a new chain starts (the plot draws a divider there). */
export function chainStarts(chains: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < chains.length; i++) if (chains[i] !== chains[i - 1]) out.push(i);
  return out;
}

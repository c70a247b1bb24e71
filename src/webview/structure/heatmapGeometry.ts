/**
 * The PAE heat map's pure parts: the colour scale (AlphaFold DB's: dark green for a small
 * expected error, white for the largest), the image (one pixel per residue pair, or the mean
 * of a block of pairs when the matrix is larger than the image), and mapping between pixels,
 * residue pairs and dragged rectangles.
 */
import type { PaeMatrix } from '../../core/pae';
import type { Block } from './links';

/** Colour stops (Å fraction of the scale → RGB). */
const STOPS: readonly [number, [number, number, number]][] = [
  [0, [0x0b, 0x4f, 0x1f]],
  [0.3, [0x2e, 0x8b, 0x43]],
  [0.6, [0x9c, 0xd4, 0x97]],
  [1, [0xff, 0xff, 0xff]],
];

export function paeColor(value: number, max: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, max > 0 ? value / max : 0));
  for (let k = 1; k < STOPS.length; k++) {
    const [t1, c1] = STOPS[k];
    if (t <= t1) {
      const [t0, c0] = STOPS[k - 1];
      const u = (t - t0) / (t1 - t0);
      return [Math.round(c0[0] + (c1[0] - c0[0]) * u), Math.round(c0[1] + (c1[1] - c0[1]) * u), Math.round(c0[2] + (c1[2] - c0[2]) * u)];
    }
  }
  return STOPS[STOPS.length - 1][1];
}

/** Image side in pixels: one per residue up to `limit`, then blocks of residues are averaged. */
export function imageSide(n: number, limit = 1024): number {
  return Math.min(n, limit);
}

/** RGBA pixels (side × side) of the matrix; each pixel is the mean PAE of the pairs it covers. */
export function paeImage(pae: PaeMatrix, side: number): Uint8ClampedArray<ArrayBuffer> {
  const { n, values, max } = pae;
  const out = new Uint8ClampedArray(side * side * 4);
  // Precomputed colours for 256 levels: one lookup per pixel instead of interpolation.
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) lut.set(paeColor((k / 255) * max, max), k * 3);
  const starts = new Int32Array(side + 1);
  for (let p = 0; p <= side; p++) starts[p] = Math.floor((p * n) / side);
  for (let py = 0; py < side; py++) {
    const i0 = starts[py];
    const i1 = Math.max(i0 + 1, starts[py + 1]);
    for (let px = 0; px < side; px++) {
      const j0 = starts[px];
      const j1 = Math.max(j0 + 1, starts[px + 1]);
      let sum = 0;
      for (let i = i0; i < i1; i++) {
        const row = i * n;
        for (let j = j0; j < j1; j++) sum += values[row + j];
      }
      const mean = sum / ((i1 - i0) * (j1 - j0));
      const k = Math.max(0, Math.min(255, Math.round((mean / (max || 1)) * 255))) * 3;
      const o = (py * side + px) * 4;
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The residue pair under a point of a square map of `size` px (x → scored residue, y → aligned residue). */
export function pairAt(size: number, n: number, x: number, y: number): { row: number; col: number } | undefined {
  if (x < 0 || y < 0 || x >= size || y >= size || n === 0) return undefined;
  return { row: Math.min(n - 1, Math.floor((y / size) * n)), col: Math.min(n - 1, Math.floor((x / size) * n)) };
}

/** The block a dragged rectangle covers (corners in any order, clamped to the map). */
export function blockOfRect(size: number, n: number, x0: number, y0: number, x1: number, y1: number): Block {
  const clamp = (v: number) => Math.max(0, Math.min(size - 1e-6, v));
  const a = pairAt(size, n, clamp(Math.min(x0, x1)), clamp(Math.min(y0, y1)));
  const b = pairAt(size, n, clamp(Math.max(x0, x1)), clamp(Math.max(y0, y1)));
  return { rows: [a?.row ?? 0, b?.row ?? n - 1], cols: [a?.col ?? 0, b?.col ?? n - 1] };
}

/** Pixel span [start, end) of residue range [a, b] on a map of `size` px. */
export function spanOf(size: number, n: number, a: number, b: number): [number, number] {
  return [(a * size) / n, ((b + 1) * size) / n];
}

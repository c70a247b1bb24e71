/** The 3-D view's choices by structure size, and its highlight colours (pure, so they are unit-tested). */

/** Highlight colours: apart from the four pLDDT bands (blues, yellow, orange). */
export const HIGHLIGHT = { hover: '#ff3cd0', selected: '#ff3cd0', rows: '#ff3cd0', cols: '#7cff4f' } as const;

/** Residues up to which side chains are drawn from the start (beyond, they hide the fold and cost frames). */
export const SIDE_CHAIN_LIMIT = 600;

/** Cartoon detail (3Dmol's subdivisions per residue) by size: full for small proteins, coarser for large ones. */
export function cartoonQuality(residues: number): number {
  if (residues <= 1000) return 10;
  if (residues <= 3000) return 6;
  return 4;
}

/**
 * Global alignment of two short protein sequences (Needleman–Wunsch, linear gaps), for a parent
 * and a humanised chain of different lengths. Same-length chains are compared position by
 * position without it: humanisation by substitution keeps the length, and a gap there would be
 * a guess. V domains are ~110–130 residues, so the full matrix is small.
 */

/** One column: indices into a and b (0-based), null for a gap. */
export type Column = [number | null, number | null];

const MATCH = 2;
const MISMATCH = -1;
const GAP = -4;

export function alignSequences(a: string, b: string): Column[] {
  if (a.length === b.length) return [...a].map((_, i): Column => [i, i]);
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const score = new Int32Array((n + 1) * w);
  for (let i = 1; i <= n; i++) score[i * w] = i * GAP;
  for (let j = 1; j <= m; j++) score[j] = j * GAP;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diag = score[(i - 1) * w + j - 1] + (a[i - 1] === b[j - 1] ? MATCH : MISMATCH);
      const up = score[(i - 1) * w + j] + GAP;
      const left = score[i * w + j - 1] + GAP;
      score[i * w + j] = Math.max(diag, up, left);
    }
  }
  const out: Column[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = score[i * w + j];
    if (i > 0 && j > 0 && here === score[(i - 1) * w + j - 1] + (a[i - 1] === b[j - 1] ? MATCH : MISMATCH)) {
      out.push([--i, --j]);
    } else if (i > 0 && here === score[(i - 1) * w + j] + GAP) {
      out.push([--i, null]);
    } else {
      out.push([null, --j]);
    }
  }
  return out.reverse();
}

/**
 * Per-column statistics of an alignment from residue counts: consensus, identity, gaps,
 * conservation and a sequence logo. Counts are added a batch of rows at a time (bytes, as the
 * reader hands them over), so the webview's worker keeps statistics of every row while the file
 * is still arriving and never holds the rows themselves. Pure, vscode-free.
 */

export interface ColumnStats {
  /** Rows counted (all of them once the file is read). */
  rows: number;
  /**
   * Most common residue (upper case) per column, gaps aside: a column mostly of gaps still says
   * which residue its sequences agree on ('-' only when it is all gaps). Gaps show in `gaps`.
   */
  consensus: string;
  /** Rows carrying the consensus residue / all rows (gaps count in the denominator). */
  identity: Float32Array;
  /** Fraction of rows with a gap. */
  gaps: Float32Array;
  /**
   * 0…1: (1 − H / log2 K) × (1 − gap fraction), H the Shannon entropy of the column with the gap
   * as a symbol and K = 21 (20 amino acids + gap; 5 for nucleotides). The occupancy factor keeps
   * a mostly-gap column from scoring as "conserved".
   */
  conservation: Float32Array;
  /**
   * Sequence logo: `LOGO_LETTERS` heights per column, in bits (letter A at 0 … Z at 25). A column's
   * stack is its information content R = log2 K − (H + e) over its residues (gaps aside; K = 20,
   * or 4 for nucleotides; e the small-sample correction of Schneider et al. 1986), shared out by
   * residue frequency and scaled by the column's occupancy, as WebLogo and Skylign do.
   */
  logo: Float32Array;
  /** The logo's full scale: log2 20 bits (proteins) or 2 bits (nucleotides). */
  logoMax: number;
  /** True when ≥ 90 % of residues are A, C, G, T, U or N. */
  nucleotide: boolean;
}

export const LOGO_LETTERS = 26;

/** Symbol index: 0–25 letters (either case), 26 gap, 27 other; a stride of 32 per column. */
const STRIDE = 32;
const GAP = 26;
const OTHER = 27;
const SYMBOL_OF = (() => {
  const t = new Uint8Array(256).fill(OTHER);
  for (let c = 0; c < 26; c++) {
    t[65 + c] = c;
    t[97 + c] = c;
  }
  t[45] = GAP; // '-'
  t[46] = GAP; // '.'
  return t;
})();

/** A C G N T U. */
const NUCLEOTIDE_SYMBOLS = [0, 2, 6, 13, 19, 20];

export class ColumnCounts {
  readonly counts: Uint32Array;
  rows = 0;

  constructor(readonly width: number) {
    this.counts = new Uint32Array(Math.max(1, width) * STRIDE);
  }

  /** Counts `count` rows of `width` residues starting at `offset` of `residues`. */
  addRows(residues: Uint8Array, count: number, offset = 0): void {
    const { width, counts } = this;
    const sym = SYMBOL_OF;
    for (let r = 0, base = offset; r < count; r++, base += width) {
      for (let j = 0, o = 0; j < width; j++, o += STRIDE) counts[o + sym[residues[base + j]]]++;
    }
    this.rows += count;
  }

  stats(): ColumnStats {
    return statsFromCounts(this.counts, this.width, this.rows);
  }
}

function statsFromCounts(counts: Uint32Array, width: number, rowCount: number): ColumnStats {
  let nucleic = 0;
  let residues = 0;
  for (let j = 0, o = 0; j < width; j++, o += STRIDE) {
    for (let c = 0; c < 26; c++) residues += counts[o + c];
    for (const c of NUCLEOTIDE_SYMBOLS) nucleic += counts[o + c];
  }
  const nucleotide = residues > 0 && nucleic / residues >= 0.9;
  const maxEntropy = Math.log2(nucleotide ? 5 : 21);
  const alphabet = nucleotide ? 4 : 20;
  const logoMax = Math.log2(alphabet);
  const n = rowCount || 1;
  const identity = new Float32Array(width);
  const gaps = new Float32Array(width);
  const conservation = new Float32Array(width);
  const logo = new Float32Array(width * LOGO_LETTERS);
  const consensus: string[] = new Array<string>(width);
  for (let j = 0, o = 0; j < width; j++, o += STRIDE) {
    let best = GAP;
    let bestCount = 0;
    let entropy = 0;
    let letters = 0;
    for (let c = 0; c < STRIDE; c++) {
      const k = counts[o + c];
      if (k === 0) continue;
      if (c < 26) {
        letters += k;
        if (k > bestCount) {
          best = c;
          bestCount = k;
        }
      }
      const p = k / n;
      entropy -= p * Math.log2(p);
    }
    const gapFraction = counts[o + GAP] / n;
    gaps[j] = gapFraction;
    identity[j] = bestCount / n;
    conservation[j] = Math.max(0, 1 - entropy / maxEntropy) * (1 - gapFraction);
    consensus[j] = bestCount === 0 ? '-' : String.fromCharCode(65 + best);
    if (letters > 0) {
      let h = 0;
      for (let c = 0; c < 26; c++) {
        const k = counts[o + c];
        if (k) h -= (k / letters) * Math.log2(k / letters);
      }
      const correction = (alphabet - 1) / (2 * Math.LN2 * letters);
      const bits = Math.max(0, logoMax - (h + correction)) * (letters / n);
      for (let c = 0; c < 26; c++) logo[j * LOGO_LETTERS + c] = (counts[o + c] / letters) * bits;
    }
  }
  return { rows: rowCount, consensus: consensus.join(''), identity, gaps, conservation, logo, logoMax, nucleotide };
}

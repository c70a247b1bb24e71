/**
 * Synthetic protein MSAs that look like real search output (deterministic, so screenshots and
 * benchmarks are comparable run to run): a query, then hits of falling identity, each aligned
 * over part of the query (terminal gaps), with internal gaps, conserved and variable columns,
 * and A3M insertions (lower case) relative to the query.
 */

const AMINO_ACIDS = 'ACDEFGHIKLMNPQRSTVWY';
/** Roughly UniProt's amino-acid frequencies, so colours look like a real alignment. */
const BACKGROUND = 'LLLLLLLLLAAAAAAAAGGGGGGGVVVVVVVEEEEEEESSSSSSSIIIIIIKKKKKKRRRRRRDDDDDTTTTTPPPPPNNNNQQQQFFFFYYYHHMMCW';

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

export interface FixtureOptions {
  sequences: number;
  columns: number;
  /** Lower-case insertions (A3M); false gives aligned FASTA. */
  insertions?: boolean;
  seed?: number;
}

/** The alignment text (A3M or aligned FASTA), one line per sequence. */
export function syntheticAlignment(options: FixtureOptions): string {
  const parts: string[] = [];
  for (const block of syntheticBlocks(options)) parts.push(block);
  return parts.join('');
}

/**
 * The same text in blocks of about `blockRows` records, for files too large to hold as one
 * string (10^8 residues): write each block as it comes.
 */
export function* syntheticBlocks({ sequences, columns, insertions = true, seed = 42 }: FixtureOptions, blockRows = 5000): Generator<string> {
  const rnd = lcg(seed);
  const pick = (s: string) => s[Math.floor(rnd() * s.length)];
  const query = Array.from({ length: columns }, () => pick(BACKGROUND));
  // Per-column variability: a quarter of the columns are nearly invariant (active site, core).
  const variability = Array.from({ length: columns }, () => {
    const x = rnd();
    return x < 0.25 ? 0.03 : x < 0.6 ? 0.35 : 0.8;
  });
  // Columns where many hits have a gap (loops), shared across rows like a real alignment.
  const loop = Array.from({ length: columns }, () => rnd() < 0.08);
  let lines: string[] = [];
  for (let i = 0; i < sequences; i++) {
    const distance = i === 0 ? 0 : 0.1 + 0.75 * (i / sequences);
    const start = i === 0 ? 0 : rnd() < 0.5 ? 0 : Math.floor(rnd() * columns * 0.3);
    const end = i === 0 ? columns : rnd() < 0.5 ? columns : columns - Math.floor(rnd() * columns * 0.3);
    const row: string[] = [];
    for (let j = 0; j < columns; j++) {
      if (j < start || j >= end || (loop[j] && rnd() < 0.6 * distance + 0.1) || (i > 0 && rnd() < 0.03)) row.push('-');
      else row.push(rnd() < variability[j] * distance * 1.6 ? pick(AMINO_ACIDS) : query[j]);
      if (insertions && i > 0 && j >= start && j < end - 1 && rnd() < 0.004) {
        const n = 1 + Math.floor(rnd() * 4);
        for (let k = 0; k < n; k++) row.push(pick(BACKGROUND).toLowerCase());
      }
    }
    const name = i === 0 ? 'query' : `UniRef100_${(0x1a2b3c + i * 7919).toString(36).toUpperCase()}`;
    const description = i === 0 ? 'seed sequence' : `identity=${Math.round((1 - distance * 0.8) * 100)}%`;
    lines.push(`>${name} ${description}`, row.join(''));
    if (lines.length >= 2 * blockRows) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

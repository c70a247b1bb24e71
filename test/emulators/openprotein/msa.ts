/**
 * The emulator's "homology search": an A3M alignment COMPUTED from the query, so a client test sees
 * its own seed come back and a viewer sees something that looks like a real protein family.
 *
 * A3M (HHsuite / ColabFold): one line per record; upper case and '-' are match columns (one per
 * query residue, so every row has exactly query-length of them), lower case are insertions relative
 * to the query (their columns are not aligned and are not counted). The query is the first record.
 *
 * How homologs are made (all seeded, so the same query and size give the same MSA):
 * - each query column gets a variability: conserved blocks and variable blocks, with C/W/G/P kept
 *   more conserved, so a conservation track shows structure rather than noise;
 * - a few "subfamily" centroids diverge from the query; each homolog diverges a little from one of
 *   them, substitutions preferring residues of the same physico-chemical group;
 * - about half the hits are local (leading/trailing '-'), some have deletions ('-' runs) and
 *   insertions (1–6 lower-case residues after a match column);
 * - rows are sorted by identity to the query, best first, as search tools list their hits.
 */
import { charOf, pick, randomInt, seededRandom, type Random } from '../common';

export interface MsaRecord {
  name: string;
  /** A3M row: upper case / '-' match columns, lower case insertions. */
  sequence: string;
}

export interface MsaRequest {
  queryName: string;
  /** Upper case, ungapped. */
  query: string;
  /** Rows in the result, the query included (>= 1). */
  sequences: number;
}

const STANDARD = 'ACDEFGHIKLMNPQRSTVWY';
/** Residues that commonly replace each other (positive BLOSUM62 scores, roughly). */
const GROUPS = ['ILMV', 'FWY', 'KRH', 'DE', 'NQ', 'ST', 'AG', 'C', 'P'];
const GROUP_OF = new Map<string, string>(GROUPS.flatMap((g) => [...g].map((aa): [string, string] => [aa, g])));
/** Rough UniProt background frequencies, as a string to sample from (each letter ~ its weight). */
const BACKGROUND = 'AAAAAAAAARRRRRNNNNDDDDDCCQQQQEEEEEEGGGGGGGHHIIIIIILLLLLLLLLLKKKKKKMMFFFFPPPPPSSSSSSSTTTTTWYYYVVVVVVV';
const INSERTED = BACKGROUND.toLowerCase();
/** Residues whose positions are structurally constrained: mutated less. */
const CONSTRAINED = new Set(['C', 'W', 'G', 'P']);

export function generateMsa(req: MsaRequest): MsaRecord[] {
  const random = seededRandom(`openprotein-msa:${req.query}:${req.sequences}`);
  const q = req.query;
  const variability = columnVariability(q, random);
  const homologs = Math.max(0, req.sequences - 1);
  const centroids: string[][] = [];
  const centroidCount = Math.min(12, Math.max(1, Math.round(Math.sqrt(homologs) / 2)));
  for (let k = 0; k < centroidCount; k++) centroids.push(mutate([...q], variability, 0.1 + 0.5 * random(), random));

  const names = new Set<string>();
  const rows: { record: MsaRecord; score: number }[] = [];
  for (let i = 0; i < homologs; i++) {
    const residues = mutate(pick(random, centroids), variability, 0.02 + 0.15 * random(), random);
    const { sequence, identical } = alignedRow(q, residues, variability, random);
    rows.push({ record: { name: `UniRef100_${uniqueAccession(random, names)}`, sequence }, score: identical });
  }
  rows.sort((a, b) => b.score - a.score);
  return [{ name: req.queryName, sequence: q }, ...rows.map((r) => r.record)];
}

export function formatA3m(records: readonly MsaRecord[]): string {
  return records.map((r) => `>${r.name}\n${r.sequence}\n`).join('');
}

/** Upper case and '-' count; lower case (insertions) and '.' do not. */
export function matchColumnCount(row: string): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 45) n++;
  }
  return n;
}

/** Blocks of 3–12 columns, each conserved (low) or variable (high). */
function columnVariability(q: string, random: Random): number[] {
  const v: number[] = [];
  while (v.length < q.length) {
    const level = random() < 0.3 ? 0.08 : 0.4 + 0.6 * random();
    const len = randomInt(random, 3, 12);
    for (let i = 0; i < len && v.length < q.length; i++) v.push(level);
  }
  return v.map((x, j) => (CONSTRAINED.has(q[j]) ? x * 0.4 : x));
}

function mutate(from: readonly string[], variability: readonly number[], divergence: number, random: Random): string[] {
  return from.map((aa, j) => (random() < divergence * variability[j] ? substitute(aa, random) : aa));
}

function substitute(aa: string, random: Random): string {
  const group = GROUP_OF.get(aa);
  if (group !== undefined && group.length > 1 && random() < 0.65) {
    const others = group.replace(aa, '');
    return charOf(random, others);
  }
  let next = charOf(random, BACKGROUND);
  while (next === aa) next = charOf(random, STANDARD);
  return next;
}

/** Places a homolog's residues on the query's match columns, with local coverage, deletions and insertions. */
function alignedRow(q: string, residues: readonly string[], variability: readonly number[], random: Random): { sequence: string; identical: number } {
  const L = q.length;
  let start = 0;
  let end = L;
  if (L >= 10 && random() < 0.45) {
    const trim = Math.floor(0.35 * L);
    start = randomInt(random, 0, trim);
    end = L - randomInt(random, 0, trim);
  }
  const out: string[] = [];
  let identical = 0;
  let deleting = 0;
  for (let j = 0; j < L; j++) {
    if (j < start || j >= end) {
      out.push('-');
      continue;
    }
    if (deleting === 0 && j > start && random() < 0.004 + 0.012 * variability[j]) deleting = randomInt(random, 1, 8);
    if (deleting > 0) {
      deleting--;
      out.push('-');
    } else {
      out.push(residues[j]);
      if (residues[j] === q[j]) identical++;
    }
    if (j < end - 1 && random() < 0.004 + 0.02 * variability[j]) {
      const n = randomInt(random, 1, 6);
      for (let k = 0; k < n; k++) out.push(charOf(random, INSERTED));
    }
  }
  return { sequence: out.join(''), identical };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

/** UniProt-shaped accessions: mostly TrEMBL "A0A" + 7, some Swiss-Prot style "P12345". */
function uniqueAccession(random: Random, taken: Set<string>): string {
  for (;;) {
    let acc: string;
    if (random() < 0.8) {
      acc = `A0A${charOf(random, DIGITS)}`;
      for (let i = 0; i < 5; i++) acc += charOf(random, ALNUM);
      acc += charOf(random, DIGITS);
    } else {
      acc = `${charOf(random, 'OPQ')}${charOf(random, DIGITS)}`;
      for (let i = 0; i < 3; i++) acc += charOf(random, ALNUM);
      acc += charOf(random, DIGITS);
    }
    if (!taken.has(acc)) {
      taken.add(acc);
      return acc;
    }
  }
}

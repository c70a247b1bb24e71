/**
 * Sequence liabilities: the response's own list when it can be read and placed on the sequence,
 * and a scan of the sequence for the usual motifs otherwise (or for what the list leaves out).
 *
 * Motifs (first residue is the position; risk as developability screens grade them, e.g.
 * Jain et al. 2017; the CDR-only ones need regions):
 *   deamidation      NG high; NS medium and NT / NH / NN low in CDRs
 *   isomerisation    DG high; DS medium and DT / DD / DH low in CDRs
 *   N-glycosylation  N[^P][S/T] high, anywhere
 *   fragmentation    DP medium in CDRs, low elsewhere
 *   oxidation        M medium, W low, in CDRs
 *   unpaired Cys     a Cys other than the two of the domain's disulfide (IMGT 23 / 104; Kabat
 *                    H22 / H92, L23 / L88), or any Cys when the chain has an odd number of them
 */
import { byChain, chainOf, type ChainKey } from './chains';
import { parseLabel, regionName, type Region } from './numbering';
import { field, isRecord, list, num, str } from './values';

export type Risk = 'high' | 'medium' | 'low';

export interface Liability {
  type: string;
  motif: string;
  /** 1-based index of the motif's first residue. */
  start: number;
  length: number;
  risk?: string;
  region?: Region | null;
  source: 'response' | 'scan';
}

interface Motif {
  type: string;
  re: RegExp;
  length: number;
  risk: (motif: string, inCdr: boolean | undefined) => Risk | null;
}

const cdrOnly = (inCdr: boolean | undefined, risk: Risk): Risk | null => (inCdr ? risk : null);

const MOTIFS: readonly Motif[] = [
  { type: 'deamidation', re: /N(?=[GSTHN])/g, length: 2, risk: (m, c) => (m === 'NG' ? 'high' : m === 'NS' ? cdrOnly(c, 'medium') : cdrOnly(c, 'low')) },
  { type: 'isomerisation', re: /D(?=[GSTDH])/g, length: 2, risk: (m, c) => (m === 'DG' ? 'high' : m === 'DS' ? cdrOnly(c, 'medium') : cdrOnly(c, 'low')) },
  { type: 'N-glycosylation', re: /N(?=[^P][ST])/g, length: 3, risk: () => 'high' },
  { type: 'fragmentation', re: /D(?=P)/g, length: 2, risk: (_m, c) => (c ? 'medium' : 'low') },
  { type: 'oxidation', re: /[MW]/g, length: 1, risk: (m, c) => cdrOnly(c, m === 'M' ? 'medium' : 'low') },
];

const CANONICAL_CYS: Record<string, Record<ChainKey, readonly number[]>> = {
  imgt: { vh: [23, 104], vl: [23, 104] },
  kabat: { vh: [22, 92], vl: [23, 88] },
  chothia: { vh: [22, 92], vl: [23, 88] },
};

export interface ScanContext {
  chain: ChainKey;
  regions: readonly (Region | null)[];
  labels: readonly (string | null)[];
  /** Lower-case scheme name of the labels, if known. */
  scheme?: string;
}

/** The motifs found in `seq`; CDR-only motifs are skipped where regions are unknown. */
export function scanLiabilities(seq: string, ctx: ScanContext): Liability[] {
  const s = seq.toUpperCase();
  const out: Liability[] = [];
  const inCdr = (i: number) => (ctx.regions[i] ? (ctx.regions[i] as string).startsWith('CDR') : undefined);
  for (const m of MOTIFS) {
    m.re.lastIndex = 0;
    for (const hit of s.matchAll(m.re)) {
      const i = hit.index;
      const motif = s.slice(i, i + m.length);
      const risk = m.risk(motif, inCdr(i));
      if (risk) out.push({ type: m.type, motif, start: i + 1, length: m.length, risk, region: ctx.regions[i] ?? null, source: 'scan' });
    }
  }
  const cys = [...s].map((c, i) => (c === 'C' ? i : -1)).filter((i) => i >= 0);
  const canonical = ctx.scheme ? CANONICAL_CYS[ctx.scheme]?.[ctx.chain] : undefined;
  const unpaired = canonical
    ? cys.filter((i) => {
        const l = parseLabel(ctx.labels[i]);
        return !l || l.ins !== '' || !canonical.includes(l.n);
      })
    : cys.length % 2 === 1 || cys.length > 2
      ? cys
      : [];
  for (const i of unpaired) out.push({ type: 'unpaired cysteine', motif: 'C', start: i + 1, length: 1, risk: 'high', region: ctx.regions[i] ?? null, source: 'scan' });
  return out.sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}

/** "isomerization" and "isomerisation", "n_glycosylation" and "N-glycosylation" are the same kind. */
export function liabilityKind(type: string): string {
  const t = type.toLowerCase().replace(/[_\s-]+/g, ' ').trim();
  if (t.startsWith('isomeri')) return 'isomerisation';
  if (t.includes('glycosyl')) return 'N-glycosylation';
  if (t.includes('cys')) return 'unpaired cysteine';
  if (t.startsWith('deamid')) return 'deamidation';
  if (t.startsWith('oxid')) return 'oxidation';
  if (t.startsWith('fragment') || t.includes('clip')) return 'fragmentation';
  return t;
}

export interface ParsedLiabilities {
  /** Placed on the sequence. */
  placed: Liability[];
  /** Listed but not found where they say (or unreadable entries), as text. */
  unplaced: string[];
  /** Whether the response had a readable list for this chain at all. */
  readable: boolean;
}

/** The response's liabilities for one chain, checked against the sequence. */
export function parseApiLiabilities(raw: unknown, chain: ChainKey, seq: string, regions: readonly (Region | null)[]): ParsedLiabilities {
  let entries: unknown[] | undefined;
  const forChain = byChain(raw, chain);
  if (Array.isArray(forChain)) entries = forChain;
  else if (Array.isArray(raw)) entries = raw.filter((e) => chainOf(field(e, 'chain')) === chain);
  else if (isRecord(raw) && Array.isArray(raw.liabilities)) entries = raw.liabilities.filter((e) => chainOf(field(e, 'chain')) === chain);
  if (!entries) return { placed: [], unplaced: [], readable: false };
  const placed: Liability[] = [];
  const unplaced: string[] = [];
  for (const e of list(entries)) {
    if (!isRecord(e)) {
      unplaced.push(typeof e === 'string' ? e : JSON.stringify(e));
      continue;
    }
    const type = str(field(e, 'type', 'kind', 'liability', 'name', 'category')) ?? 'liability';
    const motif = str(field(e, 'motif', 'sequence', 'pattern', 'residues'))?.toUpperCase();
    const start = num(field(e, 'position', 'start', 'index', 'pos', 'residue_number'));
    const end = num(field(e, 'end', 'stop'));
    const length = motif?.length ?? (start !== undefined && end !== undefined ? end - start + 1 : 1);
    const risk = str(field(e, 'risk', 'severity', 'level', 'score'));
    const at = start !== undefined ? Math.round(start) : undefined;
    const fits = at !== undefined && at >= 1 && at + length - 1 <= seq.length && (motif === undefined || seq.slice(at - 1, at - 1 + length).toUpperCase() === motif);
    if (!fits || at === undefined) {
      unplaced.push(`${liabilityKind(type)} ${motif ?? ''} at ${start ?? '?'}`.replace(/\s+/g, ' '));
      continue;
    }
    placed.push({ type: liabilityKind(type), motif: motif ?? seq.slice(at - 1, at - 1 + length), start: at, length, risk, region: regionName(field(e, 'region')) ?? regions[at - 1] ?? null, source: 'response' });
  }
  return { placed: placed.sort((a, b) => a.start - b.start), unplaced, readable: true };
}

/** Residue indices (0-based) covered by any liability, with the liabilities there. */
export function liabilityCover(list: readonly Liability[], length: number): Liability[][] {
  const cover: Liability[][] = Array.from({ length }, () => []);
  for (const l of list) for (let i = l.start - 1; i < l.start - 1 + l.length && i < length; i++) if (i >= 0) cover[i].push(l);
  return cover;
}

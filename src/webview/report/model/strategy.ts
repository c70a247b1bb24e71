/**
 * One humanization result row, read for display: both chains with their numbering, the
 * comparison with the parent, liabilities and the OASis score; whatever the row holds besides.
 */
import { byChain, CHAIN_KEYS, type ChainKey } from './chains';
import { parseApiLiabilities, scanLiabilities, type Liability } from './liabilities';
import { compareChain, parseApiMutations, type ChainComparison, type ParsedMutations } from './mutations';
import { readNumbering, type ChainNumbering } from './numbering';
import { extraFields, field, isRecord, num, str, time } from './values';

export const ROW_FIELDS = ['id', 'job_id', 'strategy', 'humanized_vh', 'humanized_vl', 'oasis_score', 'mutations', 'liabilities', 'created_at', 'numbering', 'vhh_analysis', 'scfv_analysis', 'fc_analysis'] as const;

const SEQUENCE = /^[A-Za-z]+$/;

export interface ChainView {
  chain: ChainKey;
  /** The humanised sequence (upper case), when the field holds one. */
  sequence?: string;
  /** Why there is no sequence: absent, or the text it holds instead (shown as text). */
  problem?: string;
  numbering: ChainNumbering;
  comparison?: ChainComparison;
  liabilities: Liability[];
  /** Where the flagged liabilities come from. */
  liabilitySource: 'response' | 'scan';
  unplacedLiabilities: string[];
}

export interface OasisView {
  identity?: number;
  percentile?: number;
  perChain: Partial<Record<ChainKey, { identity?: number; germline?: string; germlineIdentity?: number }>>;
  raw: unknown;
}

export interface Analysis {
  name: 'VHH' | 'scFv' | 'Fc';
  key: string;
  raw: unknown;
}

export interface StrategyModel {
  index: number;
  name: string;
  id?: string;
  createdAt?: string;
  chains: Record<ChainKey, ChainView>;
  oasis: OasisView;
  mutationsReadable: boolean;
  /** Listed mutations with no chain (flat lists without prefixes). */
  unattributedMutations: string[];
  analyses: Analysis[];
  raw: Record<string, unknown>;
  extra: [string, unknown][];
}

export function readOasis(raw: unknown): OasisView {
  if (!isRecord(raw)) return { identity: num(raw), perChain: {}, raw };
  const perChain: OasisView['perChain'] = {};
  for (const c of CHAIN_KEYS) {
    const v = byChain(raw, c);
    if (v === undefined) continue;
    perChain[c] = isRecord(v)
      ? { identity: num(field(v, 'oasis_identity', 'identity', 'humanness', 'score')), germline: str(field(v, 'germline', 'v_gene', 'closest_germline')), germlineIdentity: num(field(v, 'germline_identity', 'germline_content')) }
      : { identity: num(v) };
  }
  return {
    identity: num(field(raw, 'oasis_identity', 'identity', 'humanness', 'overall', 'score', 'value')),
    percentile: num(field(raw, 'oasis_percentile', 'percentile')),
    perChain,
    raw,
  };
}

const ANALYSES: readonly [Analysis['name'], string][] = [
  ['VHH', 'vhh_analysis'],
  ['scFv', 'scfv_analysis'],
  ['Fc', 'fc_analysis'],
];

/** The parent sequences a row gives anywhere (mutations.parent…, or parent_vh fields on the row). */
export function rowParent(row: unknown, parsed: ParsedMutations): Partial<Record<ChainKey, string>> {
  const out: Partial<Record<ChainKey, string>> = { ...parsed.parent };
  for (const c of CHAIN_KEYS) {
    const v = field(row, `parent_${c}`, `parental_${c}`, `original_${c}`);
    if (out[c] === undefined && typeof v === 'string' && SEQUENCE.test(v.trim())) out[c] = v.trim().toUpperCase();
  }
  for (const c of CHAIN_KEYS) if (out[c] !== undefined && !SEQUENCE.test(out[c] as string)) delete out[c];
  return out;
}

/**
 * Reads one row. `parent` is the parent known for the job (any row may carry it; they share it).
 */
export function readStrategy(row: unknown, index: number, parent: Partial<Record<ChainKey, string>>, parsedMutations?: ParsedMutations): StrategyModel {
  const r = isRecord(row) ? row : {};
  const parsed = parsedMutations ?? parseApiMutations(r.mutations);
  const chains = {} as Record<ChainKey, ChainView>;
  for (const c of CHAIN_KEYS) {
    const rawSeq = r[`humanized_${c}`];
    const text = typeof rawSeq === 'string' ? rawSeq.replace(/\s+/g, '') : undefined;
    const sequence = text && SEQUENCE.test(text) ? text.toUpperCase() : undefined;
    const problem = sequence ? undefined : rawSeq === undefined ? 'not in the response' : rawSeq === null ? 'null in the response' : typeof rawSeq === 'string' ? (rawSeq === '' ? 'empty' : 'not a protein sequence') : `a ${Array.isArray(rawSeq) ? 'list' : typeof rawSeq}, not a sequence`;
    const numbering = readNumbering(r.numbering, c, sequence ?? '');
    const view: ChainView = { chain: c, sequence, problem, numbering, liabilities: [], liabilitySource: 'scan', unplacedLiabilities: [] };
    if (sequence) {
      view.comparison = compareChain(c, sequence, parent[c], parsed.byChain[c], numbering.labels);
      const api = parseApiLiabilities(r.liabilities, c, sequence, numbering.regions);
      const scheme = numbering.scheme?.toLowerCase();
      if (api.readable) {
        view.liabilities = api.placed;
        view.liabilitySource = 'response';
        view.unplacedLiabilities = api.unplaced;
      } else {
        view.liabilities = scanLiabilities(sequence, { chain: c, regions: numbering.regions, labels: numbering.labels, scheme: scheme === 'martin' ? 'chothia' : scheme });
      }
    }
    chains[c] = view;
  }
  return {
    index,
    name: str(r.strategy) ?? `Strategy ${index + 1}`,
    id: str(r.id),
    createdAt: time(r.created_at) ?? str(r.created_at),
    chains,
    oasis: readOasis(r.oasis_score),
    mutationsReadable: parsed.readable,
    unattributedMutations: parsed.unattributed.map((m) => m.text),
    analyses: ANALYSES.filter(([, key]) => r[key] !== undefined && r[key] !== null).map(([name, key]) => ({ name, key, raw: r[key] })),
    raw: r,
    extra: extraFields(r, ROW_FIELDS),
  };
}

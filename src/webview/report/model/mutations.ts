/**
 * Mutations of a humanised chain against its parent, from whichever the response gives: the
 * parent sequence (then they are derived by comparing the sequences), the API's own `mutations`
 * list (in any of the shapes below), or both (then they are checked against each other).
 *
 * `mutations` shapes read (the document leaves it `{}`):
 *   { vh: [...], vl: [...] } or { H: [...], L: [...] }, with optional parent sequences under
 *   `parent: { vh, vl }`, `parent_vh` / `parent_vl`, or `parent_sequences: [vh, vl]`;
 *   a flat list with a chain on each entry ("H:Q5V", { chain: "L", ... });
 *   entries as strings "Q5V", "H:Q5V", "VH Q5V", "S82AT" (Kabat insertion), or objects
 *   { position | pos | index, imgt | kabat | number | label, from | wt | original, to | mut | mutant, region }.
 * A number is taken as the 1-based index in the humanised chain when the residue there is the
 * mutant; otherwise as a numbering label; otherwise the entry is listed as not placed.
 */
import { alignSequences, type Column } from './align';
import { byChain, chainOf, CHAIN_KEYS, type ChainKey } from './chains';
import { regionName, type Region } from './numbering';
import { field, isRecord, list, str } from './values';

export interface ApiMutation {
  chain?: ChainKey;
  /** The number as written (index or label). */
  position?: string;
  from?: string;
  to?: string;
  region?: Region;
  /** The entry as the response wrote it, for the reader. */
  text: string;
}

export interface ParsedMutations {
  byChain: Record<ChainKey, ApiMutation[]>;
  parent: Partial<Record<ChainKey, string>>;
  /** Entries that name no chain and could not be attributed. */
  unattributed: ApiMutation[];
  /** Whether anything in `mutations` could be read at all. */
  readable: boolean;
}

const STRING_MUTATION = /^(?:(VH|VL|H|L|HC|LC|heavy|light)\s*[:_\s-]\s*)?([A-Z])\s*(\d+(?:\.\d+)?[A-Za-z]?)\s*(?:>|->|→)?\s*([A-Z])$/i;

function parseEntry(v: unknown, chain: ChainKey | undefined): ApiMutation | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    const m = STRING_MUTATION.exec(t);
    if (!m) return { chain, text: t };
    // "S82AT": the letter after the digits is an insertion code only if another letter follows.
    return { chain: chainOf(m[1]) ?? chain, from: m[2].toUpperCase(), position: m[3], to: m[4].toUpperCase(), text: t };
  }
  if (isRecord(v)) {
    const position = str(field(v, 'position', 'pos', 'index', 'residue_number', 'imgt', 'kabat', 'chothia', 'number', 'label'));
    const from = str(field(v, 'from', 'wt', 'wild_type', 'original', 'parent', 'before', 'from_aa'));
    const to = str(field(v, 'to', 'mut', 'mutant', 'new', 'after', 'humanized', 'to_aa'));
    const text = str(field(v, 'mutation', 'name')) ?? `${from ?? '?'}${position ?? '?'}${to ?? '?'}`;
    const fromText = str(field(v, 'mutation'));
    // { mutation: "L:N30S" } alone: read the string.
    if (!position && !from && !to && fromText) return parseEntry(fromText, chainOf(field(v, 'chain')) ?? chain);
    return { chain: chainOf(field(v, 'chain')) ?? chain, position, from: from?.toUpperCase(), to: to?.toUpperCase(), region: regionName(field(v, 'region', 'cdr')), text };
  }
  // Anything else is kept as text, so the reader sees it was there.
  return v === null || v === undefined ? undefined : { chain, text: JSON.stringify(v) ?? String(v) };
}

function parentOf(raw: unknown): Partial<Record<ChainKey, string>> {
  const out: Partial<Record<ChainKey, string>> = {};
  const parent = field(raw, 'parent', 'parental', 'parent_sequence', 'original');
  for (const c of CHAIN_KEYS) {
    const v = byChain(parent, c) ?? field(raw, `parent_${c}`, `parental_${c}`, `original_${c}`);
    if (typeof v === 'string' && v.length > 0) out[c] = v;
  }
  const pair = field(raw, 'parent_sequences', 'parents');
  if (Array.isArray(pair)) {
    if (out.vh === undefined && typeof pair[0] === 'string') out.vh = pair[0];
    if (out.vl === undefined && typeof pair[1] === 'string') out.vl = pair[1];
  }
  return out;
}

export function parseApiMutations(raw: unknown): ParsedMutations {
  const out: ParsedMutations = { byChain: { vh: [], vl: [] }, parent: {}, unattributed: [], readable: false };
  const add = (m: ApiMutation | undefined) => {
    if (!m) return;
    out.readable = true;
    if (m.chain) out.byChain[m.chain].push(m);
    else out.unattributed.push(m);
  };
  if (Array.isArray(raw)) {
    for (const v of raw) add(parseEntry(v, undefined));
    return out;
  }
  if (!isRecord(raw)) return out;
  out.parent = parentOf(raw);
  if (Object.keys(out.parent).length > 0) out.readable = true;
  for (const [k, v] of Object.entries(raw)) {
    const chain = chainOf(k);
    if (!chain) continue;
    if (Array.isArray(v)) for (const e of v) add(parseEntry(e, chain));
    else if (typeof v === 'string') for (const e of v.split(/[\s,;]+/).filter(Boolean)) add(parseEntry(e, chain));
  }
  for (const key of ['mutations', 'list', 'all']) for (const e of list(raw[key])) add(parseEntry(e, undefined));
  return out;
}

export interface Mutation {
  /** 1-based index in the humanised chain (undefined for a deletion). */
  index?: number;
  /** 1-based index in the parent (undefined for an insertion). */
  parentIndex?: number;
  /** "-" for an insertion. */
  from: string;
  /** "-" for a deletion. */
  to: string;
  /** The response lists it (as well). */
  listed: boolean;
}

export interface ChainComparison {
  chain: ChainKey;
  humanised: string;
  /** Undefined when neither a parent nor a usable mutation list is given. */
  parent?: string;
  parentSource: 'response' | 'reconstructed' | 'none';
  /** Parent / humanised columns (indices 0-based), empty without a parent. */
  columns: Column[];
  mutations: Mutation[];
  /** Listed by the response but not a difference of the sequences (or not on the sequence at all). */
  disagreements: ApiMutation[];
}

/** Where a listed mutation sits in the humanised chain (0-based), or -1. */
export function placeMutation(m: ApiMutation, humanised: string, labels: readonly (string | null)[]): number {
  if (!m.position || !m.to) return -1;
  if (/^\d+$/.test(m.position)) {
    const i = Number(m.position) - 1;
    if (i >= 0 && i < humanised.length && humanised[i] === m.to) return i;
  }
  const byLabel = labels.findIndex((l) => l !== null && l.toUpperCase() === m.position?.toUpperCase());
  return byLabel >= 0 && humanised[byLabel] === m.to ? byLabel : -1;
}

/** The parent rebuilt from the humanised chain and placed substitutions; undefined if none can be placed. */
function reconstruct(humanised: string, listed: ApiMutation[], labels: readonly (string | null)[]): { parent: string; placed: Set<number> } | undefined {
  const chars = [...humanised];
  const placed = new Set<number>();
  for (const m of listed) {
    const i = placeMutation(m, humanised, labels);
    if (i < 0 || !m.from || m.from.length !== 1) continue;
    chars[i] = m.from;
    placed.add(i);
  }
  return placed.size > 0 ? { parent: chars.join(''), placed } : undefined;
}

/**
 * Compares one humanised chain with its parent. `parent` from the response wins; without it the
 * parent is rebuilt from the listed substitutions. Listed entries are matched to the differences.
 */
export function compareChain(chain: ChainKey, humanised: string, parent: string | undefined, listed: ApiMutation[], labels: readonly (string | null)[]): ChainComparison {
  let parentSeq = parent;
  let parentSource: ChainComparison['parentSource'] = parent ? 'response' : 'none';
  if (!parentSeq) {
    const rebuilt = reconstruct(humanised, listed, labels);
    if (rebuilt) {
      parentSeq = rebuilt.parent;
      parentSource = 'reconstructed';
    }
  }
  if (!parentSeq) return { chain, humanised, parentSource, columns: [], mutations: [], disagreements: listed };
  const columns = alignSequences(parentSeq, humanised);
  const listedAt = new Map<number, ApiMutation>();
  const disagreements: ApiMutation[] = [];
  for (const m of listed) {
    const i = placeMutation(m, humanised, labels);
    if (i >= 0 && (m.from === undefined || m.from === parentSeq[columns.find((c) => c[1] === i)?.[0] ?? -1])) listedAt.set(i, m);
    else disagreements.push(m);
  }
  const mutations: Mutation[] = [];
  for (const [p, h] of columns) {
    if (p !== null && h !== null && parentSeq[p] === humanised[h]) continue;
    mutations.push({
      index: h === null ? undefined : h + 1,
      parentIndex: p === null ? undefined : p + 1,
      from: p === null ? '-' : parentSeq[p],
      to: h === null ? '-' : humanised[h],
      listed: h !== null && listedAt.has(h),
    });
  }
  // A listed entry at a position that did not change is a disagreement too.
  for (const [i, m] of listedAt) if (!mutations.some((x) => x.index === i + 1)) disagreements.push(m);
  return { chain, humanised, parent: parentSeq, parentSource, columns, mutations, disagreements };
}

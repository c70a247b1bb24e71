/**
 * Residue numbering to regions. A response's `numbering` may give each residue its region, or
 * only numbers in a scheme (IMGT, Kabat, Chothia), or nothing usable; this module turns each
 * into one label and one region per residue of the sequence, and says which it did.
 *
 * CDR definitions, by the scheme the numbers are in (inclusive, insertions take their base number):
 *   IMGT (H and L)  CDR1 27–38, CDR2 56–65, CDR3 105–117 (Lefranc et al. 2003)
 *   Kabat H         CDR1 31–35 (35A, 35B), CDR2 50–65, CDR3 95–102;  L: 24–34, 50–56, 89–97
 *   Chothia H       CDR1 26–32, CDR2 52–56, CDR3 95–102;             L: 24–34, 50–56, 89–97
 *   Martin          Chothia's numbering, read with Chothia's CDRs
 * Frameworks are what lies between. AHo and unknown schemes give numbers but no regions.
 */
import { byChain, type ChainKey } from './chains';
import { field, isRecord, str } from './values';

export const REGIONS = ['FR1', 'CDR1', 'FR2', 'CDR2', 'FR3', 'CDR3', 'FR4'] as const;
export type Region = (typeof REGIONS)[number];
export type Scheme = 'imgt' | 'kabat' | 'chothia';

export interface Label {
  /** The position number without its insertion code. */
  n: number;
  /** "A", ".1", … or "". */
  ins: string;
}

/** "52A", "111.1", "H52a", "L27", 33 → { n, ins }; undefined if it is not a position. */
export function parseLabel(v: unknown): Label | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /^(?:[HLK]\s*[:_-]?\s*)?(\d+)\s*(\.\d+|[A-Za-z]{1,2})?$/.exec(s);
  if (!m) return undefined;
  return { n: Number(m[1]), ins: (m[2] ?? '').toUpperCase() };
}

export function labelText(l: Label): string {
  return `${l.n}${l.ins}`;
}

/** Sort order of labels: by number, then insertion (A < B; IMGT 111.1 after 111, 112.1 before 112). */
export function compareLabels(a: Label, b: Label, scheme?: Scheme): number {
  if (a.n !== b.n) return a.n - b.n;
  if (a.ins === b.ins) return 0;
  // IMGT inserts on 112 count down towards 112 itself: 112.2, 112.1, 112.
  if (scheme === 'imgt' && a.n === 112) return a.ins === '' ? 1 : b.ins === '' ? -1 : b.ins.localeCompare(a.ins);
  if (a.ins === '') return -1;
  if (b.ins === '') return 1;
  return a.ins.localeCompare(b.ins, undefined, { numeric: true });
}

type Cdrs = readonly [number, number][];
const CDRS: Record<Scheme, Record<ChainKey, Cdrs>> = {
  imgt: {
    vh: [[27, 38], [56, 65], [105, 117]],
    vl: [[27, 38], [56, 65], [105, 117]],
  },
  kabat: {
    vh: [[31, 35], [50, 65], [95, 102]],
    vl: [[24, 34], [50, 56], [89, 97]],
  },
  chothia: {
    vh: [[26, 32], [52, 56], [95, 102]],
    vl: [[24, 34], [50, 56], [89, 97]],
  },
};

/** "IMGT", "kabat", "Chothia", "martin" → the scheme whose CDRs we know; anything else undefined. */
export function schemeOf(v: unknown): Scheme | undefined {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (s === 'imgt') return 'imgt';
  if (s === 'kabat') return 'kabat';
  if (s === 'chothia' || s === 'martin' || s === 'enhanced chothia') return 'chothia';
  return undefined;
}

/** The region of a numbered position in a scheme. */
export function regionOf(scheme: Scheme, chain: ChainKey, label: Label): Region {
  const cdrs = CDRS[scheme][chain];
  for (let i = 0; i < 3; i++) {
    const [a, b] = cdrs[i];
    if (label.n < a) return REGIONS[i * 2];
    if (label.n <= b) return REGIONS[i * 2 + 1];
  }
  return 'FR4';
}

/** "CDR-H1", "cdr1", "H1", "fwr3", "FR3", "framework 2" → a region. */
/** Region names repeat per residue: each distinct spelling is read once. */
const REGION_NAMES = new Map<string, Region | undefined>();

export function regionName(v: unknown): Region | undefined {
  if (typeof v !== 'string') return undefined;
  if (REGION_NAMES.has(v)) return REGION_NAMES.get(v);
  const region = readRegionName(v);
  if (REGION_NAMES.size < 1000) REGION_NAMES.set(v, region);
  return region;
}

function readRegionName(v: string): Region | undefined {
  const s = v.trim().toUpperCase().replace(/[\s_-]/g, '');
  const cdr = /^CDR[HLK]?([123])$/.exec(s) ?? /^[HLK]([123])$/.exec(s);
  if (cdr) return `CDR${cdr[1]}` as Region;
  const fr = /^(?:FR|FWR|FW|FRAMEWORK)[HLK]?([1234])$/.exec(s);
  return fr ? (`FR${fr[1]}` as Region) : undefined;
}

export interface ChainNumbering {
  /** One label per residue of the sequence (null where the numbering has none). */
  labels: (string | null)[];
  regions: (Region | null)[];
  /** The scheme the labels are in, as the data names it (e.g. "imgt", "aho"). */
  scheme?: string;
  /** Where the regions came from. */
  regionSource: 'response' | 'scheme' | 'none';
  /** Why labels or regions are missing, for the reader. */
  note?: string;
}

interface Entry {
  label?: Label;
  residue?: string;
  region?: Region;
}

function entryOf(v: unknown): Entry | undefined {
  if (typeof v === 'string' || typeof v === 'number') return { label: parseLabel(v) };
  if (Array.isArray(v)) {
    const [l, aa, region] = v;
    return { label: parseLabel(l), residue: typeof aa === 'string' ? aa : undefined, region: regionName(region) };
  }
  if (isRecord(v)) {
    return {
      label: parseLabel(field(v, 'position', 'number', 'pos', 'label', 'imgt', 'kabat', 'chothia', 'id')),
      residue: str(field(v, 'residue', 'aa', 'amino_acid', 'res', 'letter')),
      region: regionName(field(v, 'region', 'cdr', 'area', 'segment')),
    };
  }
  return undefined;
}

/** The chain's entries in whatever shape they come: a list, or a map label → residue (or → entry). */
function entriesOf(raw: unknown, scheme: Scheme | undefined): Entry[] | undefined {
  if (Array.isArray(raw)) return raw.map((v) => entryOf(v) ?? {});
  if (isRecord(raw)) {
    const inner = field(raw, 'positions', 'residues', 'numbering', 'numbers');
    if (inner !== undefined) return entriesOf(inner, scheme);
    const out: Entry[] = [];
    for (const [k, v] of Object.entries(raw)) {
      const label = parseLabel(k);
      if (!label) return undefined;
      const e = isRecord(v) ? entryOf(v) : undefined;
      out.push({ label, residue: typeof v === 'string' ? v : e?.residue, region: e?.region });
    }
    // Objects list integer-like keys first whatever the order they were written in: sort them.
    return out.sort((a, b) => compareLabels(a.label as Label, b.label as Label, scheme));
  }
  return undefined;
}

const none = (length: number, note: string, scheme?: string): ChainNumbering => ({
  labels: Array<string | null>(length).fill(null),
  regions: Array<Region | null>(length).fill(null),
  scheme,
  regionSource: 'none',
  note,
});

/**
 * Numbering of one chain of a result row, aligned to its sequence. Entries whose residue is a
 * gap ("-", as ANARCI lists unused positions) are dropped; residues given by the numbering must
 * match the sequence (else it belongs to another sequence and is not used).
 */
export function readNumbering(numbering: unknown, chain: ChainKey, sequence: string): ChainNumbering {
  const length = sequence.length;
  const schemeText = str(field(numbering, 'scheme', 'numbering_scheme'));
  const scheme = schemeOf(schemeText);
  const raw = byChain(numbering, chain) ?? byChain(field(numbering, 'chains'), chain);
  if (raw === undefined) return none(length, isRecord(numbering) && Object.keys(numbering).length === 0 ? 'The numbering is empty.' : 'No numbering for this chain.', schemeText);
  const entries = entriesOf(raw, scheme)?.filter((e) => e.residue !== '-' && e.residue !== '.');
  if (!entries || entries.length === 0) return none(length, 'The numbering could not be read.', schemeText);
  if (entries.length !== length) return none(length, `The numbering has ${entries.length} positions for ${length} residues.`, schemeText);
  const mismatch = entries.findIndex((e, i) => e.residue !== undefined && e.residue.toUpperCase() !== sequence[i]?.toUpperCase());
  if (mismatch >= 0) return none(length, `The numbering is of another sequence (residue ${mismatch + 1} is ${sequence[mismatch]}, the numbering says ${entries[mismatch].residue}).`, schemeText);

  const labels = entries.map((e) => (e.label ? labelText(e.label) : null));
  if (entries.every((e) => e.region)) return { labels, regions: entries.map((e) => e.region as Region), scheme: schemeText, regionSource: 'response' };
  if (scheme && entries.every((e) => e.label)) {
    return { labels, regions: entries.map((e) => regionOf(scheme, chain, e.label as Label)), scheme: schemeText, regionSource: 'scheme' };
  }
  const note = schemeText ? `Regions are not known for the ${schemeText} scheme.` : 'The numbering names no scheme, so regions are not known.';
  return { labels, regions: Array<Region | null>(length).fill(null), scheme: schemeText, regionSource: 'none', note };
}

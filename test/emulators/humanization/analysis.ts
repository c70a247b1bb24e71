/**
 * What the emulated service computes about a design: mutations against the parent, sequence
 * liabilities, a humanness score, numbering. Deterministic and computed here on purpose (not
 * imported from the extension), so the report view is tested against an independent reading.
 *
 * The humanness score is a stand-in for OASis (BioPhi; Prihoda et al. 2022), which counts the
 * 9-mer peptides of a chain found in human repertoires (OAS). Without OAS, a 9-mer counts as
 * human here when its framework residues differ from the closest human germline (antibody.ts
 * GERMLINE) at most once; CDR residues count as human. The numbers behave like OASis (the murine
 * parent scores low, grafted and germline-guided designs high) but are not OASis values.
 */
import { CHAIN_LETTER, CHAINS, GERMLINE, REGIONS, regionsOf, type ChainId, type Pair, type Region } from './antibody';
import { imgtLabels } from './numbering';

export interface MutationView {
  /** 1-based index in the chain. */
  position: number;
  imgt: string;
  from: string;
  to: string;
  region: Region;
}

export function mutationsOf(parent: string, design: string, chain: ChainId): MutationView[] {
  const labels = imgtLabels(chain);
  const regions = regionsOf(chain);
  const out: MutationView[] = [];
  for (let i = 0; i < design.length; i++) {
    if (parent[i] !== design[i]) out.push({ position: i + 1, imgt: labels[i], from: parent[i], to: design[i], region: regions[i] });
  }
  return out;
}

export type LiabilityType = 'deamidation' | 'isomerization' | 'n_glycosylation' | 'oxidation' | 'unpaired_cysteine' | 'fragmentation';

export interface LiabilityView {
  type: LiabilityType;
  motif: string;
  /** 1-based index of the first residue of the motif. */
  position: number;
  imgt: string;
  region: Region;
  risk: 'high' | 'medium' | 'low';
}

/** Motifs as developability tools flag them (e.g. Jain et al. 2017, TAP): position = first residue. */
const MOTIFS: readonly { type: LiabilityType; re: RegExp; risk: (region: Region, motif: string) => LiabilityView['risk'] | null }[] = [
  { type: 'deamidation', re: /N(?=[GSTN])/g, risk: (r, m) => (m === 'NG' ? 'high' : r.startsWith('CDR') ? (m === 'NS' ? 'medium' : 'low') : null) },
  { type: 'isomerization', re: /D(?=[GSDT])/g, risk: (r, m) => (m === 'DG' ? 'high' : r.startsWith('CDR') ? (m === 'DS' ? 'medium' : 'low') : null) },
  { type: 'n_glycosylation', re: /N(?=[^P][ST])/g, risk: () => 'high' },
  { type: 'fragmentation', re: /D(?=P)/g, risk: (r) => (r.startsWith('CDR') ? 'medium' : 'low') },
  { type: 'oxidation', re: /[MW]/g, risk: (r, m) => (r.startsWith('CDR') ? (m === 'M' ? 'medium' : 'low') : null) },
];

const MOTIF_LENGTH: Record<LiabilityType, number> = { deamidation: 2, isomerization: 2, n_glycosylation: 3, oxidation: 1, unpaired_cysteine: 1, fragmentation: 2 };

/** The canonical disulfide cysteines: IMGT 23 and 104. */
const CANONICAL_CYS = new Set(['23', '104']);

export function liabilitiesOf(seq: string, chain: ChainId): LiabilityView[] {
  const labels = imgtLabels(chain);
  const regions = regionsOf(chain);
  const out: LiabilityView[] = [];
  for (const m of MOTIFS) {
    for (const hit of seq.matchAll(m.re)) {
      const i = hit.index;
      const motif = seq.slice(i, i + MOTIF_LENGTH[m.type]);
      const risk = m.risk(regions[i], motif);
      if (risk) out.push({ type: m.type, motif, position: i + 1, imgt: labels[i], region: regions[i], risk });
    }
  }
  for (let i = 0; i < seq.length; i++) {
    if (seq[i] === 'C' && !CANONICAL_CYS.has(labels[i])) out.push({ type: 'unpaired_cysteine', motif: 'C', position: i + 1, imgt: labels[i], region: regions[i], risk: 'high' });
  }
  return out.sort((a, b) => a.position - b.position || a.type.localeCompare(b.type));
}

/** Fraction of framework residues equal to the germline's, 0–1, three decimals. */
export function germlineIdentity(seq: string, chain: ChainId): number {
  const regions = regionsOf(chain);
  let same = 0;
  let total = 0;
  for (let i = 0; i < seq.length; i++) {
    if (regions[i].startsWith('CDR')) continue;
    total++;
    if (seq[i] === GERMLINE[chain][i]) same++;
  }
  return round(same / total, 3);
}

/** The OASis stand-in: fraction of 9-mers that are "human" (see the module comment). */
export function humanPeptideFraction(seq: string, chain: ChainId): number {
  const regions = regionsOf(chain);
  let human = 0;
  const windows = seq.length - 8;
  for (let s = 0; s < windows; s++) {
    let foreign = 0;
    for (let i = s; i < s + 9; i++) if (!regions[i].startsWith('CDR') && seq[i] !== GERMLINE[chain][i]) foreign++;
    if (foreign <= 1) human++;
  }
  return round(human / windows, 3);
}

export interface OasisView {
  /** Mean over both chains: the design's OASis identity. */
  oasis_identity: number;
  /** Of a reference set of therapeutic antibodies (piecewise-linear in identity). */
  oasis_percentile: number;
  prevalence_threshold: 'relaxed';
  vh: { oasis_identity: number; germline: string; germline_identity: number };
  vl: { oasis_identity: number; germline: string; germline_identity: number };
}

export function oasisOf(pair: Pair): OasisView {
  const vh = humanPeptideFraction(pair.vh, 'vh');
  const vl = humanPeptideFraction(pair.vl, 'vl');
  const identity = round((vh + vl) / 2, 3);
  return {
    oasis_identity: identity,
    oasis_percentile: round(Math.min(0.99, Math.max(0.01, (identity - 0.35) / 0.6)), 2),
    prevalence_threshold: 'relaxed',
    vh: { oasis_identity: vh, germline: GERMLINE.vhGene, germline_identity: germlineIdentity(pair.vh, 'vh') },
    vl: { oasis_identity: vl, germline: GERMLINE.vlGene, germline_identity: germlineIdentity(pair.vl, 'vl') },
  };
}

export interface NumberedResidue {
  position: string;
  residue: string;
  region: Region;
}

export interface NumberingView {
  scheme: 'imgt';
  vh: NumberedResidue[];
  vl: NumberedResidue[];
}

export function numberingOf(pair: Pair): NumberingView {
  const chain = (c: ChainId): NumberedResidue[] => {
    const labels = imgtLabels(c);
    const regions = regionsOf(c);
    return [...pair[c]].map((residue, i) => ({ position: labels[i], residue, region: regions[i] }));
  };
  return { scheme: 'imgt', vh: chain('vh'), vl: chain('vl') };
}

/** IMGT label → region, for both chains (the same ranges for H and L). */
export function imgtRegion(label: string): Region {
  const n = parseFloat(label);
  const bounds = [26, 38, 55, 65, 104, 117, Infinity];
  return REGIONS[bounds.findIndex((b) => n <= b)];
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export { CHAIN_LETTER, CHAINS };

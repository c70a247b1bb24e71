/**
 * The parts of a `GET /jobs/{job_id}` answer besides `job`: the humanization rows and the four
 * analysis rows (structure, stability, immunogenicity, complex), with values a real pipeline
 * would give for these designs. Everything is a pure function of the job id (seeded PRNG), so
 * screenshots and assertions are stable.
 *
 * What the document leaves open (`{}`) is filled in one consistent shape, written down here:
 * - `mutations`: `{ parent: { vh, vl }, vh: [{ position, imgt, from, to, region }], vl: [...], total }`
 *   — position is the 1-based index in the chain, imgt the IMGT label.
 * - `liabilities`: `{ vh: [{ type, motif, position, imgt, region, risk }], vl: [...], counts: { high, medium, low } }`.
 * - `oasis_score`: `{ oasis_identity, oasis_percentile, prevalence_threshold, vh: {...}, vl: {...} }` (analysis.ts).
 * - `numbering`: `{ scheme: "imgt", vh: [{ position, residue, region }], vl: [...] }`.
 * - `per_residue_plddt`: `{ H: number[], L: number[] }`; `cdr_analysis`: one object per CDR.
 * - `ddg_matrix`: `{ positions: ["H55", …], amino_acids: [20 letters], values: number[][], units }`,
 *   ΔΔG in kcal/mol, positive = destabilising.
 * - epitopes: `{ chain, start, end, peptide, allele?, percentile_rank?, score? }`, 1-based inclusive.
 * - `per_chain_plddt`: `{ H, L, A }`; `interface_residues`: `{ H: [...], L: [...], A: [...] }` of
 *   `{ position, residue, region? }` (A in HER2 mature numbering).
 */
import { deterministicUuid, seededRandom, type Random } from '../common';
import { ANTIGEN, CHAIN_LETTER, CHAINS, PARENT, regionsOf, regionSequence, STRATEGIES, type ChainId, type Pair, type Region, type StrategyDesign } from './antibody';
import { liabilitiesOf, mutationsOf, numberingOf, oasisOf, round } from './analysis';
import { imgtLabels } from './numbering';

export const SECTION_NAMES = ['structure', 'stability', 'immunogenicity', 'complex'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];
/** present: a row; null: `"structure_result": null`; missing: the key is absent. */
export type SectionMode = 'present' | 'null' | 'missing';
export const SECTION_MODES: readonly SectionMode[] = ['present', 'null', 'missing'];

/**
 * served: an absolute URL under the emulator that answers the PDB; unavailable: such a URL that
 * answers 404 (object deleted); storage_path: a bare storage path ("structures/…/x.pdb"), also
 * served under /storage/v1/object/; none: `pdb_storage_path: null`.
 */
export type PdbMode = 'served' | 'unavailable' | 'storage_path' | 'none';
export const PDB_MODES: readonly PdbMode[] = ['served', 'unavailable', 'storage_path', 'none'];

export const STRUCTURE_MODEL = 'AlphaFold2-multimer v2.3.2 (ColabFold 1.5.5)';
export const COMPLEX_MODEL = 'boltz-2';
export const STORAGE_PREFIX = '/storage/v1/object/';

/** The design the structure, stability and immunogenicity rows describe: the CDR-grafted one. */
export const ANALYSED_STRATEGY = 0;

export interface ReportJob {
  id: string;
  variantId: string;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function resultRowId(jobId: string, index: number): string {
  return deterministicUuid(`humanization:${jobId}:result:${index}`);
}
export const sectionId = (jobId: string, section: SectionName) => deterministicUuid(`humanization:${jobId}:${section}`);

export function storagePath(jobId: string, section: 'structure' | 'complex'): string {
  return `${section === 'structure' ? 'structures' : 'complexes'}/${jobId}/${sectionId(jobId, section)}.pdb`;
}

/* ------------------------------------------------------------------ humanization rows */

function analyses(design: StrategyDesign, index: number): { vhh_analysis: unknown; scfv_analysis: unknown; fc_analysis: unknown } {
  const h = imgtLabels('vh');
  const at = (label: string) => design.vh[h.indexOf(label)];
  return {
    // The FR2 hallmarks decide whether a VH could stand alone (VHH-like: F/Y42, E49, R50, G/F52).
    vhh_analysis:
      index === 0
        ? {
            hallmarks: { '42': at('42'), '49': at('49'), '50': at('50'), '52': at('52') },
            vhh_like: false,
            camelisation_candidates: ['V42F', 'G49E', 'L50R', 'W52G'],
            note: 'conventional VH hallmarks (V42, G49, L50, W52): needs VL for solubility',
          }
        : null,
    scfv_analysis:
      index === 1 || index === 3
        ? {
            orientation: 'VH-linker-VL',
            linker: 'GGGGSGGGGSGGGGS',
            predicted_tm_celsius: index === 1 ? 64.2 : 66.8,
            aggregation_propensity: index === 1 ? 0.27 : 0.21,
            interface_disulfide_suggestion: 'VH G44C / VL Q100C',
          }
        : null,
    fc_analysis:
      index === 3
        ? {
            isotype: 'IgG1',
            allotype: 'G1m17,1',
            fcrn_binding: 'wild-type',
            fcgr3a_binding: 'wild-type',
            n_glycosylation: 'N297',
            effector_function: 'ADCC-competent',
          }
        : null,
  };
}

function counts(list: { risk: string }[]): Record<'high' | 'medium' | 'low', number> {
  return { high: list.filter((l) => l.risk === 'high').length, medium: list.filter((l) => l.risk === 'medium').length, low: list.filter((l) => l.risk === 'low').length };
}

export function humanizationRows(job: ReportJob, createdAt: number): Record<string, unknown>[] {
  return STRATEGIES.map((design, i) => {
    const vh = mutationsOf(PARENT.vh, design.vh, 'vh');
    const vl = mutationsOf(PARENT.vl, design.vl, 'vl');
    const lh = liabilitiesOf(design.vh, 'vh');
    const ll = liabilitiesOf(design.vl, 'vl');
    return {
      id: resultRowId(job.id, i),
      job_id: job.id,
      strategy: design.strategy,
      humanized_vh: design.vh,
      humanized_vl: design.vl,
      oasis_score: oasisOf(design),
      mutations: { parent: { name: PARENT.name, vh: PARENT.vh, vl: PARENT.vl }, vh, vl, total: vh.length + vl.length },
      liabilities: { vh: lh, vl: ll, counts: counts([...lh, ...ll]) },
      created_at: iso(createdAt),
      numbering: numberingOf(design),
      ...analyses(design, i),
    };
  });
}

/* ------------------------------------------------------------------ structure */

/** pLDDT per residue: high in the frameworks, lower in the CDRs, lowest at the tip of CDR-H3. */
export function plddtOf(chain: ChainId, seq: string, random: Random): number[] {
  const regions = regionsOf(chain);
  const cdr3 = regions.map((r, i) => (r === 'CDR3' ? i : -1)).filter((i) => i >= 0);
  const mid = (cdr3[0] + cdr3[cdr3.length - 1]) / 2;
  return [...seq].map((_, i) => {
    const r = regions[i];
    let base = r.startsWith('FR') ? 94 : r === 'CDR3' ? (chain === 'vh' ? 78 - 12 * (1 - Math.abs(i - mid) / (cdr3.length / 2)) : 87) : 89;
    if (i < 2 || i >= seq.length - 2) base -= 9;
    return round(Math.min(98.9, base + (random() - 0.5) * 5), 2);
  });
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const CANONICAL: Record<string, string | null> = { H1: 'H1-13-1', H2: 'H2-10-1', H3: null, L1: 'L1-11-1', L2: 'L2-8-1', L3: 'L3-9-cis7-1' };

export function structurePlddt(jobId: string, pair: Pair): Record<ChainId, number[]> {
  const random = seededRandom(`humanization:${jobId}:plddt`);
  return { vh: plddtOf('vh', pair.vh, random), vl: plddtOf('vl', pair.vl, random) };
}

export function structureResult(job: ReportJob, createdAt: number, pdbStoragePath: string | null): Record<string, unknown> {
  const design = STRATEGIES[ANALYSED_STRATEGY];
  const plddt = structurePlddt(job.id, design);
  const cdrs: Record<string, unknown>[] = [];
  for (const chain of CHAINS) {
    const labels = imgtLabels(chain);
    const regions = regionsOf(chain);
    for (const n of [1, 2, 3]) {
      const region = `CDR${n}` as Region;
      const idx = regions.map((r, i) => (r === region ? i : -1)).filter((i) => i >= 0);
      const name = `${CHAIN_LETTER[chain]}${n}`;
      cdrs.push({
        cdr: name,
        chain: CHAIN_LETTER[chain],
        scheme: 'imgt',
        sequence: regionSequence(chain, design[chain], region),
        start: labels[idx[0]],
        end: labels[idx[idx.length - 1]],
        length: idx.length,
        mean_plddt: round(mean(idx.map((i) => plddt[chain][i])), 1),
        canonical_class: CANONICAL[name],
      });
    }
  }
  const all = [...plddt.vh, ...plddt.vl];
  return {
    id: sectionId(job.id, 'structure'),
    job_id: job.id,
    pdb_storage_path: pdbStoragePath,
    model_used: STRUCTURE_MODEL,
    confidence_score: round(mean(all), 1),
    per_residue_plddt: { H: plddt.vh, L: plddt.vl },
    cdr_analysis: cdrs,
    created_at: iso(createdAt),
    humanization_result_id: resultRowId(job.id, ANALYSED_STRATEGY),
  };
}

/* ------------------------------------------------------------------ stability */

const AMINO_ACIDS = [...'ACDEFGHIKLMNPQRSTVWY'];
/** Positions scanned (chain letter + 1-based index): liability sites and framework choices. */
const DDG_POSITIONS: readonly [ChainId, number][] = [
  ['vh', 55],
  ['vh', 56],
  ['vh', 79],
  ['vh', 97],
  ['vh', 102],
  ['vh', 103],
  ['vh', 107],
  ['vl', 30],
  ['vl', 55],
  ['vl', 66],
];

export function ddgMatrix(jobId: string, pair: Pair): { positions: string[]; wild_type: string[]; amino_acids: string[]; values: number[][]; units: string } {
  const random = seededRandom(`humanization:${jobId}:ddg`);
  const values = DDG_POSITIONS.map(([chain, pos]) => {
    const wt = pair[chain][pos - 1];
    const buried = chain === 'vh' && (pos === 79 || pos === 97);
    return AMINO_ACIDS.map((aa) => {
      if (aa === wt) return 0;
      const proline = aa === 'P' ? 2.5 : 0;
      const glycine = aa === 'G' ? 0.8 : 0;
      return round((buried ? 1.4 : 0.3) + proline + glycine + (random() - 0.55) * 2.2, 2);
    });
  });
  return {
    positions: DDG_POSITIONS.map(([c, p]) => `${CHAIN_LETTER[c]}${p}`),
    wild_type: DDG_POSITIONS.map(([c, p]) => pair[c][p - 1]),
    amino_acids: AMINO_ACIDS,
    values,
    units: 'kcal/mol',
  };
}

export function stabilityResult(job: ReportJob, createdAt: number): Record<string, unknown> {
  const design = STRATEGIES[ANALYSED_STRATEGY];
  const matrix = ddgMatrix(job.id, design);
  const regions = { vh: regionsOf('vh'), vl: regionsOf('vl') };
  const candidates: { mutation: string; ddg: number; chain: string; position: number; region: Region }[] = [];
  matrix.values.forEach((row, p) => {
    const [chain, pos] = DDG_POSITIONS[p];
    row.forEach((v, a) => {
      if (v < -0.3) candidates.push({ mutation: `${matrix.wild_type[p]}${pos}${AMINO_ACIDS[a]}`, ddg: v, chain: CHAIN_LETTER[chain], position: pos, region: regions[chain][pos - 1] });
    });
  });
  candidates.sort((a, b) => a.ddg - b.ddg);
  const stabilising = candidates.slice(0, 6).map(({ ddg, ...c }) => ({ ...c, ddg_kcal_mol: ddg, confidence: ddg < -0.8 ? 'high' : 'medium' }));
  return {
    id: sectionId(job.id, 'stability'),
    job_id: job.id,
    variant_id: job.variantId,
    created_at: iso(createdAt),
    ddg_matrix: matrix,
    solubility_score: 0.71,
    aggregation_score: 0.18,
    thermostability_score: 0.82,
    melting_temp_predicted: 71.4,
    developability_score: 0.78,
    stabilizing_mutations: stabilising,
    model_versions: { ddg: 'ThermoMPNN 1.0', solubility: 'CamSol intrinsic 2.2', aggregation: 'AggScore 2019', tm: 'TEMPRO 1.1' },
    structure_result_id: sectionId(job.id, 'structure'),
  };
}

/* ------------------------------------------------------------------ immunogenicity */

function epitope(pair: Pair, chain: ChainId, start: number, length: number, extra: Record<string, unknown>): Record<string, unknown> {
  return { chain: CHAIN_LETTER[chain], start, end: start + length - 1, peptide: pair[chain].slice(start - 1, start - 1 + length), ...extra };
}

export function immunogenicityResult(job: ReportJob, createdAt: number): Record<string, unknown> {
  const d = STRATEGIES[ANALYSED_STRATEGY];
  const mhc2 = [
    // The murine CDR-H2 on a human framework: the classic humanisation T-cell epitope.
    epitope(d, 'vh', 45, 15, { core: d.vh.slice(48, 57), allele: 'HLA-DRB1*04:01', percentile_rank: 3.1 }),
    epitope(d, 'vh', 97, 15, { core: d.vh.slice(100, 109), allele: 'HLA-DRB1*01:01', percentile_rank: 6.8 }),
    epitope(d, 'vl', 46, 15, { core: d.vl.slice(48, 57), allele: 'HLA-DRB1*07:01', percentile_rank: 8.4 }),
  ];
  const mhc1 = [
    epitope(d, 'vh', 50, 9, { allele: 'HLA-A*02:01', percentile_rank: 1.7 }),
    epitope(d, 'vl', 89, 9, { allele: 'HLA-B*07:02', percentile_rank: 2.2 }),
  ];
  const bcell = [epitope(d, 'vh', 99, 11, { score: 0.74 }), epitope(d, 'vl', 27, 6, { score: 0.61 })];
  const suggestion = (chain: ChainId, position: number, to: string, ep: Record<string, unknown>, after: number, reason: string) => ({
    chain: CHAIN_LETTER[chain],
    position,
    from: d[chain][position - 1],
    to,
    mutation: `${d[chain][position - 1]}${position}${to}`,
    epitope: ep.peptide,
    predicted_rank_after: after,
    rationale: reason,
  });
  return {
    id: sectionId(job.id, 'immunogenicity'),
    job_id: job.id,
    variant_id: job.variantId,
    created_at: iso(createdAt),
    mhc1_epitopes: mhc1,
    mhc2_epitopes: mhc2,
    bcell_epitopes: bcell,
    deimmunization_suggestions: [
      suggestion('vh', 51, 'T', mhc2[0], 21.5, 'removes the P1 anchor of the DRB1*04:01 core; outside the paratope'),
      suggestion('vl', 53, 'S', mhc2[2], 19.2, 'P4 pocket residue of the DRB1*07:01 core; IGKV1-39 has S here'),
    ],
    risk_score: 0.31,
    mhc1_risk: 0.22,
    mhc2_risk: 0.38,
    bcell_risk: 0.19,
    model_versions: { mhc1: 'NetMHCpan 4.1', mhc2: 'NetMHCIIpan 4.3', bcell: 'BepiPred 3.0' },
  };
}

/* ------------------------------------------------------------------ complex */

/** Paratope residues (1-based) in the CDRs that contact HER2 in the trastuzumab complex. */
const PARATOPE: Record<ChainId, number[]> = { vh: [31, 32, 33, 50, 52, 55, 57, 59, 99, 100, 101, 102, 104, 105], vl: [28, 30, 31, 49, 53, 91, 92, 93, 94] };

export function complexPlddt(jobId: string, pair: Pair): Record<ChainId | 'antigen', number[]> {
  const random = seededRandom(`humanization:${jobId}:complex`);
  return {
    vh: plddtOf('vh', pair.vh, random),
    vl: plddtOf('vl', pair.vl, random),
    antigen: [...ANTIGEN.sequence].map(() => round(76 + random() * 16, 2)),
  };
}

export function complexResult(job: ReportJob, createdAt: number, pdbStoragePath: string | null): Record<string, unknown> {
  const d = STRATEGIES[ANALYSED_STRATEGY];
  const plddt = complexPlddt(job.id, d);
  const regions = { vh: regionsOf('vh'), vl: regionsOf('vl') };
  const antibody = (chain: ChainId) => PARATOPE[chain].map((p) => ({ position: p, residue: d[chain][p - 1], region: regions[chain][p - 1] }));
  const antigen = ANTIGEN.epitope.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => ({ position: a + k, residue: ANTIGEN.sequence[a + k - ANTIGEN.firstResidue] })));
  return {
    id: sectionId(job.id, 'complex'),
    job_id: job.id,
    variant_id: job.variantId,
    antigen_id: deterministicUuid(`humanization:antigen:${ANTIGEN.uniprot}`),
    model_used: COMPLEX_MODEL,
    created_at: iso(createdAt),
    pdb_storage_path: pdbStoragePath,
    confidence_score: 0.83,
    iptm: 0.79,
    per_chain_plddt: { H: round(mean(plddt.vh), 1), L: round(mean(plddt.vl), 1), A: round(mean(plddt.antigen), 1) },
    interface_residues: { H: antibody('vh'), L: antibody('vl'), A: antigen },
  };
}

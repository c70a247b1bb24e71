/**
 * The antibody behind every emulated humanization job: the murine anti-HER2 antibody 4D5
 * (muMAb4D5, Carter et al. 1992, PNAS 89:4285, Fig. 1) and four humanised designs of it. The
 * first design is humAb4D5-8, i.e. trastuzumab's variable domains (CDR grafting onto human VH3 /
 * VK1 frameworks with the published back-mutations); the others move it further towards the human
 * germlines IGHV3-23*01 / IGKV1-39*01 (with IGHJ4 / IGKJ1), or remove its known liabilities
 * (heavy-chain N55-G56 deamidation, D102-G103 isomerisation, M107 oxidation). Every design is a
 * list of point mutations, checked against the residue it replaces, so nothing here is invented
 * sequence. The antigen is HER2 (UniProt P04626) domain IV around the trastuzumab epitope.
 *
 * All chains keep the same length (VH 120, VL 107), so one segmentation per chain type serves
 * every design: IMGT regions by length, in order FR1, CDR1, FR2, CDR2, FR3, CDR3, FR4.
 */

export type ChainId = 'vh' | 'vl';
export const CHAINS: readonly ChainId[] = ['vh', 'vl'];
/** PDB chain letters (and the keys of per-chain values), as structure tools name them. */
export const CHAIN_LETTER: Record<ChainId, string> = { vh: 'H', vl: 'L' };

export const REGIONS = ['FR1', 'CDR1', 'FR2', 'CDR2', 'FR3', 'CDR3', 'FR4'] as const;
export type Region = (typeof REGIONS)[number];

/** IMGT region lengths of these chains (CDR1-IMGT GFNIKDTY / QDVNTA, CDR2-IMGT IYPTNGYT / SAS, CDR3-IMGT SRWGGDGFYAMDY / QQHYTTPPT). */
export const SEGMENTS: Record<ChainId, readonly number[]> = {
  vh: [25, 8, 17, 8, 38, 13, 11],
  vl: [26, 6, 17, 3, 36, 9, 10],
};

export interface Pair {
  vh: string;
  vl: string;
}

/** muMAb4D5 (murine IgG1/kappa anti-p185HER2). */
export const PARENT: Pair & { name: string } = {
  name: 'muMAb4D5',
  vh: 'EVQLQQSGPELVKPGASLKLSCTASGFNIKDTYIHWVKQRPEQGLEWIGRIYPTNGYTRYDPKFQDKATITADTSSNTAYLQVSRLTSEDTAVYYCSRWGGDGFYAMDYWGQGTSVTVSS',
  vl: 'DIVMTQSHKFMSTSVGDRVSITCKASQDVNTAVAWYQQKPGHSPKLLIYSASFRYTGVPDRFTGNRSGTDFTFTISSVQAEDLAVYYCQQHYTTPPTFGGGTKLEIK',
};

/** humAb4D5-8 = trastuzumab VH / VL. */
const TRASTUZUMAB: Pair = {
  vh: 'EVQLVESGGGLVQPGGSLRLSCAASGFNIKDTYIHWVRQAPGKGLEWVARIYPTNGYTRYADSVKGRFTISADTSKNTAYLQMNSLRAEDTAVYYCSRWGGDGFYAMDYWGQGTLVTVSS',
  vl: 'DIQMTQSPSSLSASVGDRVTITCRASQDVNTAVAWYQQKPGKAPKLLIYSASFLYSGVPSRFSGSRSGTDFTLTISSLQPEDFATYYCQQHYTTPPTFGQGTKVEIK',
};

/** Human germline frameworks (IMGT): IGHV3-23*01 + IGHJ4, IGKV1-39*01 + IGKJ1, CDRs as in the germline. */
export const GERMLINE: Pair & { vhGene: string; vlGene: string } = {
  vhGene: 'IGHV3-23*01',
  vlGene: 'IGKV1-39*01',
  vh: 'EVQLLESGGGLVQPGGSLRLSCAASGFTFSSYAMSWVRQAPGKGLEWVSAISGSGGSTYYADSVKGRFTISRDNSKNTLYLQMNSLRAEDTAVYYCAKXXXXXXXXXXXWGQGTLVTVSS',
  vl: 'DIQMTQSPSSLSASVGDRVTITCRASQSISSYLNWYQQKPGKAPKLLIYAASSLQSGVPSRFSGSGSGTDFTLTISSLQPEDFATYYCQQSYSTPXXFGQGTKVEIK',
};

/** Applies "A79L"-style substitutions (1-based), checking each replaced residue. */
export function mutate(seq: string, mutations: readonly string[]): string {
  const out = [...seq];
  for (const m of mutations) {
    const parsed = /^([A-Z])(\d+)([A-Z])$/.exec(m);
    if (!parsed) throw new Error(`bad mutation ${m}`);
    const i = Number(parsed[2]) - 1;
    if (out[i] !== parsed[1]) throw new Error(`mutation ${m}: residue ${i + 1} is ${out[i]}, not ${parsed[1]}`);
    out[i] = parsed[3];
  }
  return out.join('');
}

export interface StrategyDesign extends Pair {
  /** The API's `strategy` value. */
  strategy: string;
  /** What the strategy did, for analyses' notes. */
  summary: string;
}

const GERMLINE_GUIDED: Pair = {
  // VH A79L (Kabat L78), S97A (Kabat A93); VL R66G: residues of IGHV3-23 / IGKV1-39.
  vh: mutate(TRASTUZUMAB.vh, ['A79L', 'S97A']),
  vl: mutate(TRASTUZUMAB.vl, ['R66G']),
};

export const STRATEGIES: readonly StrategyDesign[] = [
  { strategy: 'cdr_grafting', summary: 'Kabat CDRs grafted onto human VH3/VK1 consensus frameworks with Vernier back-mutations (humAb4D5-8)', ...TRASTUZUMAB },
  { strategy: 'germline_guided', summary: 'framework residues moved to IGHV3-23*01 / IGKV1-39*01 where they are not Vernier or VH/VL interface positions', ...GERMLINE_GUIDED },
  {
    strategy: 'oasis_optimised',
    summary: 'germline-guided design plus CDR-periphery residues that raise the OASis identity (VH R59Y, VL Y55Q)',
    vh: mutate(GERMLINE_GUIDED.vh, ['R59Y']),
    vl: mutate(GERMLINE_GUIDED.vl, ['Y55Q']),
  },
  {
    strategy: 'liability_removal',
    summary: 'CDR grafting plus removal of the NG deamidation (G56A), DG isomerisation (D102E) and CDR-H3 methionine (M107L) sites',
    vh: mutate(TRASTUZUMAB.vh, ['G56A', 'D102E', 'M107L']),
    vl: TRASTUZUMAB.vl,
  },
];

/** HER2 (UniProt P04626) precursor residues 550–650 = mature 528–628, domain IV with the trastuzumab epitope. */
export const ANTIGEN = {
  name: 'HER2 domain IV (P04626 mature 528-628)',
  uniprot: 'P04626',
  /** Mature numbering (signal peptide of 22 residues removed), as HER2 structures number it. */
  firstResidue: 528,
  sequence: 'LPREYVNARHCLPCHPECQPQNGSVTCFGPEADQCVACAHYKDPPFCVARCPSGVKPDLSYMPIWKFPDEEGACQPCPINCTHSCVDLDDKGCPAEQRASP',
  /** Epitope loops (mature numbering, Cho et al. 2003): 557–561, 570–573, 593–603. */
  epitope: [
    [557, 561],
    [570, 573],
    [593, 603],
  ] as const,
};

/** The IMGT region of each residue of a chain (by index), from its segmentation. */
export function regionsOf(chain: ChainId): Region[] {
  const out: Region[] = [];
  SEGMENTS[chain].forEach((n, r) => {
    for (let i = 0; i < n; i++) out.push(REGIONS[r]);
  });
  return out;
}

/** The sequence of one region of a chain. */
export function regionSequence(chain: ChainId, seq: string, region: Region): string {
  const regions = regionsOf(chain);
  return [...seq].filter((_, i) => regions[i] === region).join('');
}

export function chainLength(chain: ChainId): number {
  return SEGMENTS[chain].reduce((a, b) => a + b, 0);
}

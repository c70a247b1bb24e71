/**
 * Schema drift, as a service that changed under its clients would answer: unknown fields at every
 * level, `{}` where the document leaves objects open, numbers as strings, lists where objects
 * were, other shapes for the same information (Kabat label lists, "Q5V" mutation strings, a
 * ddG map, a flat pLDDT list) and a few values a client must survive (null sequence, an empty
 * section object). `job` keeps its documented fields and types (only gains unknown ones), so the
 * job itself can still be tracked.
 */
import { isRecord } from '../common';
import { CHAINS, PARENT } from './antibody';
import { kabatLabels } from './numbering';

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj | null => (isRecord(v) ? v : null);

/** "Q5V" strings from the documented mutation objects. */
function mutationStrings(mutations: unknown, chain: 'vh' | 'vl'): string[] {
  const list = asObj(mutations)?.[chain];
  if (!Array.isArray(list)) return [];
  return list.map((m) => {
    const o = asObj(m) ?? {};
    return `${String(o.from)}${String(o.position)}${String(o.to)}`;
  });
}

export function drifted(input: Obj): Obj {
  const body = structuredClone(input);
  const job = asObj(body.job);
  if (job) {
    job.priority = 3;
    job.queue = { name: 'gpu-a100', position: null };
    job.pipeline_version = '2.4.0-rc1';
  }
  body.api_version = '2025-01-beta';
  body.warnings = ['numbering service degraded; Kabat used for some rows'];

  const rows = Array.isArray(body.results) ? body.results : [];
  rows.forEach((r, i) => {
    const row = asObj(r);
    if (!row) return;
    row.developability_flags = i % 2 === 0 ? ['high_hydrophobic_patch'] : [];
    switch (i % 4) {
      case 0:
        // Open objects left empty; mutations as "Q5V" strings with a chain prefix.
        row.oasis_score = {};
        row.numbering = {};
        row.liabilities = {};
        row.mutations = [...mutationStrings(row.mutations, 'vh').map((m) => `H:${m}`), ...mutationStrings(row.mutations, 'vl').map((m) => `L:${m}`)];
        break;
      case 1:
        // A bare number for the score; Kabat labels without regions; mutations per chain as strings, no parent.
        row.oasis_score = 0.83;
        row.numbering = { scheme: 'kabat', vh: kabatLabels('vh'), vl: kabatLabels('vl') };
        row.mutations = { vh: mutationStrings(row.mutations, 'vh'), vl: mutationStrings(row.mutations, 'vl') };
        row.liabilities = 'not computed';
        break;
      case 2:
        // A missing light chain, a string where an object was, an unknown nested object.
        row.humanized_vl = null;
        row.vhh_analysis = 'n/a';
        row.scfv_analysis = [];
        row.model_meta = { sampler: { temperature: 0.1, seeds: [1, 2, 3] } };
        break;
      case 3:
        // Other spellings of the same facts; a numeric timestamp.
        row.created_at = 1731000000;
        row.mutations = {
          H: (asObj(row.mutations)?.vh as unknown[] | undefined)?.map((m) => {
            const o = asObj(m) ?? {};
            return { pos: String(o.position), wt: o.from, mut: o.to };
          }),
          parent_sequences: [PARENT.vh, PARENT.vl],
        };
        row.fc_analysis = { isotype: 'IgG1', notes: null, fcgr: { FcgRIIIa: 'wild-type', 'FcγRIIa-H131': 1.02 } };
        break;
    }
  });

  const structure = asObj(body.structure_result);
  if (structure) {
    structure.confidence_score = String(structure.confidence_score);
    const per = asObj(structure.per_residue_plddt);
    structure.per_residue_plddt = per ? CHAINS.flatMap((c) => (per[c === 'vh' ? 'H' : 'L'] as number[] | undefined) ?? []) : structure.per_residue_plddt;
    const cdrs = Array.isArray(structure.cdr_analysis) ? structure.cdr_analysis : [];
    structure.cdr_analysis = [null, 'H3 loop flexible', ...cdrs.slice(0, 2), { cdr: 'H3', mean_plddt: '71.9', extra: { tip: 'G100' } }];
    structure.relaxation = { method: 'amber', violations: 0 };
  }

  const stability = asObj(body.stability_result);
  if (stability) {
    const matrix = asObj(stability.ddg_matrix);
    const positions = (matrix?.positions as string[] | undefined) ?? [];
    const aas = (matrix?.amino_acids as string[] | undefined) ?? [];
    const values = (matrix?.values as number[][] | undefined) ?? [];
    // Nested map "H:55" → { "A": ΔΔG, … }, one value as a string, one missing.
    const map: Obj = {};
    positions.forEach((p, i) => {
      const rowMap: Obj = {};
      aas.forEach((aa, j) => (rowMap[aa] = i === 0 && j === 0 ? String(values[i][j]) : values[i][j]));
      if (i === 1) delete rowMap.W;
      map[`${p[0]}:${p.slice(1)}`] = rowMap;
    });
    stability.ddg_matrix = map;
    stability.solubility_score = null;
    stability.melting_temp_predicted = '71.4 °C';
    stability.stabilizing_mutations = ['H:G56A', { mutation: 'L:N30S' }, 42];
    stability.model_versions = {};
  }

  const immuno = asObj(body.immunogenicity_result);
  if (immuno) {
    immuno.risk_score = { value: 0.31, band: 'low' };
    immuno.mhc1_risk = '0.22';
    // Peptides without positions: a client must find them on the sequence.
    immuno.mhc2_epitopes = (Array.isArray(immuno.mhc2_epitopes) ? immuno.mhc2_epitopes : []).map((e) => {
      const o = asObj(e) ?? {};
      return { peptide: o.peptide, allele: o.allele, rank: o.percentile_rank };
    });
    immuno.deimmunization_suggestions = [{}, ...(Array.isArray(immuno.deimmunization_suggestions) ? immuno.deimmunization_suggestions : [])];
    immuno.bcell_epitopes = {};
  }

  if ('complex_result' in body && body.complex_result !== null) body.complex_result = {};
  return body;
}

/**
 * The four analysis parts of a response (structure, stability, immunogenicity, complex), read
 * for display. Each keeps its raw value and its unknown fields; numbers are read leniently.
 */
import { chainOf, CHAIN_LETTER, type ChainKey } from './chains';
import { readDdg, type DdgMatrix } from './ddg';
import { placeEpitopes, type PlacedEpitopes } from './epitopes';
import { readPlddt, type PlddtSummary } from './plddt';
import { recordsTable, type RecordsTable } from './records';
import { extraFields, field, isRecord, list, num, str, time } from './values';

export type PartState = 'present' | 'null' | 'missing' | 'empty' | 'invalid';

export function partState(container: Record<string, unknown>, key: string): PartState {
  if (!Object.hasOwn(container, key)) return 'missing';
  const v = container[key];
  if (v === null) return 'null';
  if (!isRecord(v)) return 'invalid';
  return Object.keys(v).length === 0 ? 'empty' : 'present';
}

export interface Metric {
  label: string;
  value?: number;
  /** Text shown when the value is not a number (as the response gave it). */
  raw?: unknown;
  unit?: string;
  /** Help text: how to read the number. */
  hint?: string;
}

function metric(o: Record<string, unknown>, key: string, label: string, unit?: string, hint?: string): Metric {
  return { label, value: num(o[key]), raw: o[key], unit, hint };
}

/* ------------------------------------------------------------------ structure */

export const STRUCTURE_FIELDS = ['id', 'job_id', 'pdb_storage_path', 'model_used', 'confidence_score', 'per_residue_plddt', 'cdr_analysis', 'created_at', 'humanization_result_id'] as const;

export interface StructureModel {
  model?: string;
  confidence: Metric;
  plddt?: PlddtSummary;
  cdrs: RecordsTable;
  pdbPath?: string;
  humanizationResultId?: string;
  createdAt?: string;
  extra: [string, unknown][];
}

export function readStructure(o: Record<string, unknown>, lengths: Partial<Record<ChainKey, number>>): StructureModel {
  return {
    model: str(o.model_used),
    confidence: metric(o, 'confidence_score', 'Confidence', undefined, 'mean pLDDT (0–100) or a 0–1 score, as the model reports it'),
    plddt: readPlddt(o.per_residue_plddt, lengths),
    cdrs: recordsTable(list(o.cdr_analysis), ['cdr', 'chain', 'sequence', 'start', 'end', 'length', 'mean_plddt', 'canonical_class']),
    pdbPath: str(o.pdb_storage_path),
    humanizationResultId: str(o.humanization_result_id),
    createdAt: time(o.created_at),
    extra: extraFields(o, STRUCTURE_FIELDS),
  };
}

/* ------------------------------------------------------------------ stability */

export const STABILITY_FIELDS = ['id', 'job_id', 'variant_id', 'created_at', 'ddg_matrix', 'solubility_score', 'aggregation_score', 'thermostability_score', 'melting_temp_predicted', 'developability_score', 'stabilizing_mutations', 'model_versions', 'structure_result_id'] as const;

export interface StabilityModel {
  metrics: Metric[];
  ddg?: DdgMatrix;
  stabilising: RecordsTable;
  modelVersions: unknown;
  createdAt?: string;
  extra: [string, unknown][];
}

export function readStability(o: Record<string, unknown>): StabilityModel {
  return {
    metrics: [
      metric(o, 'solubility_score', 'Solubility', undefined, 'higher is more soluble'),
      metric(o, 'aggregation_score', 'Aggregation', undefined, 'higher aggregates more'),
      metric(o, 'thermostability_score', 'Thermostability', undefined, 'higher is more stable'),
      metric(o, 'melting_temp_predicted', 'Predicted Tm', '°C'),
      metric(o, 'developability_score', 'Developability', undefined, 'higher is better'),
    ],
    ddg: readDdg(o.ddg_matrix),
    stabilising: recordsTable(list(o.stabilizing_mutations), ['mutation', 'chain', 'position', 'region', 'ddg_kcal_mol', 'ddg', 'confidence']),
    modelVersions: o.model_versions,
    createdAt: time(o.created_at),
    extra: extraFields(o, STABILITY_FIELDS),
  };
}

/* ------------------------------------------------------------------ immunogenicity */

export const IMMUNOGENICITY_FIELDS = ['id', 'job_id', 'variant_id', 'created_at', 'mhc1_epitopes', 'mhc2_epitopes', 'bcell_epitopes', 'deimmunization_suggestions', 'risk_score', 'mhc1_risk', 'mhc2_risk', 'bcell_risk', 'model_versions'] as const;

export interface EpitopeTrack {
  key: 'mhc1_epitopes' | 'mhc2_epitopes' | 'bcell_epitopes';
  label: string;
  /** false when the field is missing or not a list. */
  isList: boolean;
  raw: unknown;
  epitopes: PlacedEpitopes;
}

export interface ImmunogenicityModel {
  risks: Metric[];
  tracks: EpitopeTrack[];
  suggestions: RecordsTable;
  modelVersions: unknown;
  createdAt?: string;
  extra: [string, unknown][];
}

export function readImmunogenicity(o: Record<string, unknown>, chains: Partial<Record<ChainKey, string>>): ImmunogenicityModel {
  const track = (key: EpitopeTrack['key'], label: string): EpitopeTrack => ({ key, label, isList: Array.isArray(o[key]), raw: o[key], epitopes: placeEpitopes(o[key], chains) });
  return {
    risks: [
      metric(o, 'risk_score', 'Overall risk', undefined, '0–1, higher is riskier'),
      metric(o, 'mhc1_risk', 'MHC-I risk'),
      metric(o, 'mhc2_risk', 'MHC-II risk'),
      metric(o, 'bcell_risk', 'B-cell risk'),
    ],
    tracks: [track('mhc1_epitopes', 'MHC-I epitopes'), track('mhc2_epitopes', 'MHC-II epitopes'), track('bcell_epitopes', 'B-cell epitopes')],
    suggestions: recordsTable(list(o.deimmunization_suggestions), ['mutation', 'chain', 'position', 'from', 'to', 'epitope', 'predicted_rank_after', 'rationale']),
    modelVersions: o.model_versions,
    createdAt: time(o.created_at),
    extra: extraFields(o, IMMUNOGENICITY_FIELDS),
  };
}

/* ------------------------------------------------------------------ complex */

export const COMPLEX_FIELDS = ['id', 'job_id', 'variant_id', 'antigen_id', 'model_used', 'created_at', 'pdb_storage_path', 'confidence_score', 'iptm', 'per_chain_plddt', 'interface_residues'] as const;

export interface InterfaceChain {
  chain: string;
  residues: string[];
}

export interface ComplexModel {
  model?: string;
  confidence: Metric;
  iptm: Metric;
  perChain: { chain: string; value?: number; raw: unknown }[];
  interface: InterfaceChain[];
  interfaceReadable: boolean;
  pdbPath?: string;
  antigenId?: string;
  createdAt?: string;
  extra: [string, unknown][];
}

/** "Y33", "H:Y33" or { position, residue } → "Y33". */
function residueText(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (isRecord(v)) {
    const pos = str(field(v, 'position', 'pos', 'number', 'residue_number', 'index'));
    const aa = str(field(v, 'residue', 'aa', 'amino_acid', 'name'));
    if (pos || aa) return `${aa ?? ''}${pos ?? ''}`;
  }
  return JSON.stringify(v) ?? String(v);
}

export function readComplex(o: Record<string, unknown>): ComplexModel {
  const per = o.per_chain_plddt;
  const iface = o.interface_residues;
  const chainName = (k: string) => {
    const c = chainOf(k);
    return c ? CHAIN_LETTER[c] : k;
  };
  let interfaceChains: InterfaceChain[] = [];
  if (isRecord(iface)) interfaceChains = Object.entries(iface).map(([k, v]) => ({ chain: chainName(k), residues: Array.isArray(v) ? v.map(residueText) : [residueText(v)] }));
  else if (Array.isArray(iface)) {
    const groups = new Map<string, string[]>();
    for (const v of iface) {
      const c = str(field(v, 'chain')) ?? '?';
      groups.set(c, [...(groups.get(c) ?? []), residueText(v)]);
    }
    interfaceChains = [...groups].map(([chain, residues]) => ({ chain: chainName(chain), residues }));
  }
  return {
    model: str(o.model_used),
    confidence: metric(o, 'confidence_score', 'Confidence'),
    iptm: metric(o, 'iptm', 'ipTM', undefined, 'interface predicted TM-score, 0–1; above 0.8 is a confident interface'),
    perChain: isRecord(per) ? Object.entries(per).map(([k, v]) => ({ chain: chainName(k), value: num(v), raw: v })) : [],
    interface: interfaceChains,
    interfaceReadable: interfaceChains.length > 0,
    pdbPath: str(o.pdb_storage_path),
    antigenId: str(o.antigen_id),
    createdAt: time(o.created_at),
    extra: extraFields(o, COMPLEX_FIELDS),
  };
}

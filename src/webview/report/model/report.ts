/**
 * The whole `GET /jobs/{job_id}` response, read for the report view and its exports: the job,
 * one model per humanization row, the four analysis parts with their state (present, null,
 * missing, empty `{}` or not an object) and every field the document does not name.
 * Pure: the DOM renderers and the Markdown / HTML exports both draw from this.
 */
import { CHAIN_KEYS, type ChainKey } from './chains';
import { parseApiMutations } from './mutations';
import { partState, readComplex, readImmunogenicity, readStability, readStructure, type ComplexModel, type ImmunogenicityModel, type PartState, type StabilityModel, type StructureModel } from './sections';
import { readStrategy, rowParent, type StrategyModel } from './strategy';
import { extraFields, field, isRecord, str, time } from './values';

export const TOP_FIELDS = ['job', 'results', 'structure_result', 'stability_result', 'immunogenicity_result', 'complex_result'] as const;
export const JOB_FIELDS = ['id', 'variant_id', 'job_type', 'status', 'error_message', 'created_at', 'started_at', 'completed_at', 'submitted_by', 'canceled_at'] as const;

export interface Fact {
  label: string;
  value: string;
}

export interface JobModel {
  state: PartState;
  status?: string;
  errorMessage?: string;
  facts: Fact[];
  extra: [string, unknown][];
  raw: unknown;
}

export interface Part<T> {
  key: string;
  title: string;
  state: PartState;
  model?: T;
  raw: unknown;
}

export interface ResultsModel {
  state: PartState | 'list';
  strategies: StrategyModel[];
  /** Rows that are not objects. */
  invalidRows: unknown[];
  raw: unknown;
}

export interface ReportModel {
  /** Set when the file is not a JSON object at all. */
  notAnObject?: string;
  job: JobModel;
  results: ResultsModel;
  parent: Partial<Record<ChainKey, string>>;
  parentName?: string;
  /** The row the structure (and so stability and immunogenicity) describes, if known. */
  analysed?: StrategyModel;
  analysedBy?: 'humanization_result_id' | 'first row';
  structure: Part<StructureModel>;
  stability: Part<StabilityModel>;
  immunogenicity: Part<ImmunogenicityModel>;
  complex: Part<ComplexModel>;
  extra: [string, unknown][];
}

function readJob(body: Record<string, unknown>): JobModel {
  const state = partState(body, 'job');
  const j = isRecord(body.job) ? body.job : {};
  const facts: Fact[] = [];
  const fact = (label: string, v: unknown, asTime = false) => {
    const text = asTime ? (time(v) ?? str(v)) : str(v);
    if (text !== undefined) facts.push({ label, value: text });
  };
  fact('Job id', j.id);
  fact('Job type', j.job_type);
  fact('Variant', j.variant_id);
  fact('Submitted by', j.submitted_by);
  fact('Created', j.created_at, true);
  fact('Started', j.started_at, true);
  fact('Completed', j.completed_at, true);
  fact('Canceled', j.canceled_at, true);
  return { state, status: str(j.status), errorMessage: str(j.error_message), facts, extra: extraFields(j, JOB_FIELDS), raw: body.job };
}

export function buildReport(raw: unknown): ReportModel {
  const body = isRecord(raw) ? raw : {};
  const rowsRaw = body.results;
  const rows = Array.isArray(rowsRaw) ? rowsRaw : [];
  // Rows of one job share the parent: the first one that gives it gives it to all.
  const parent: Partial<Record<ChainKey, string>> = {};
  let parentName: string | undefined;
  const objects = rows.filter(isRecord);
  const parsed = objects.map((row) => parseApiMutations(row.mutations));
  objects.forEach((row, i) => {
    const found = rowParent(row, parsed[i]);
    for (const c of CHAIN_KEYS) parent[c] ??= found[c];
    parentName ??= str(field(field(row.mutations, 'parent'), 'name'));
  });
  const strategies = objects.map((row, i) => readStrategy(row, i, parent, parsed[i]));
  const results: ResultsModel = {
    state: Array.isArray(rowsRaw) ? (rowsRaw.length === 0 ? 'empty' : 'list') : partState(body, 'results'),
    strategies,
    invalidRows: rows.filter((r) => !isRecord(r)),
    raw: rowsRaw,
  };

  const part = <T>(key: string, title: string, read: (o: Record<string, unknown>) => T): Part<T> => {
    const state = partState(body, key);
    return { key, title, state, raw: body[key], model: state === 'present' ? read(body[key] as Record<string, unknown>) : undefined };
  };

  const structureRaw = body.structure_result;
  const target = str(field(structureRaw, 'humanization_result_id'));
  let analysed = target ? strategies.find((s) => s.id === target) : undefined;
  const analysedBy: ReportModel['analysedBy'] = analysed ? 'humanization_result_id' : strategies.length > 0 ? 'first row' : undefined;
  analysed ??= strategies.find((s) => s.chains.vh.sequence || s.chains.vl.sequence);
  const sequences: Partial<Record<ChainKey, string>> = { vh: analysed?.chains.vh.sequence ?? parent.vh, vl: analysed?.chains.vl.sequence ?? parent.vl };
  const lengths = { vh: sequences.vh?.length, vl: sequences.vl?.length };

  return {
    notAnObject: isRecord(raw) ? undefined : `The result is ${Array.isArray(raw) ? 'a JSON list' : raw === null ? 'null' : `a ${typeof raw}`}, not the job response object.`,
    job: readJob(body),
    results,
    parent,
    parentName,
    analysed,
    analysedBy,
    structure: part('structure_result', 'Structure', (o) => readStructure(o, lengths)),
    stability: part('stability_result', 'Stability', readStability),
    immunogenicity: part('immunogenicity_result', 'Immunogenicity', (o) => readImmunogenicity(o, sequences)),
    complex: part('complex_result', 'Antibody–antigen complex', readComplex),
    extra: extraFields(body, TOP_FIELDS),
  };
}

/** What the reader is told about a part that is not there. */
export function absentNote(state: PartState, key: string): string {
  switch (state) {
    case 'missing':
      return `The response has no ${key} field: this analysis was not part of the job, or the API did not return it.`;
    case 'null':
      return `${key} is null: the analysis has not produced a result (not run yet, failed, or skipped).`;
    case 'empty':
      return `${key} is an empty object: the analysis returned nothing to show.`;
    case 'invalid':
      return `${key} is not an object; its raw value is shown below.`;
    default:
      return '';
  }
}

/**
 * The ΔΔG matrix (positions × amino acids, kcal/mol, positive = destabilising) in the shapes a
 * response may use: `{ positions, amino_acids, values }` (rows = positions), a map
 * position → { aa → value }, or a list of `{ position, aa | mutant, ddg }`. Missing cells are null.
 */
import { field, isRecord, num, str } from './values';

export interface DdgMatrix {
  rows: string[];
  cols: string[];
  values: (number | null)[][];
  /** Wild-type residue per row when given. */
  wildType?: (string | undefined)[];
  units?: string;
  min: number;
  max: number;
}

function finish(rows: string[], cols: string[], values: (number | null)[][], extra: Partial<DdgMatrix>): DdgMatrix | undefined {
  const all = values.flat().filter((v): v is number => v !== null);
  if (rows.length === 0 || cols.length === 0 || all.length === 0) return undefined;
  return { rows, cols, values, min: Math.min(...all), max: Math.max(...all), ...extra };
}

export function readDdg(raw: unknown): DdgMatrix | undefined {
  if (isRecord(raw) && Array.isArray(raw.values)) {
    const rows = (Array.isArray(raw.positions) ? raw.positions : Array.isArray(raw.rows) ? raw.rows : []).map((r) => String(r));
    const cols = (Array.isArray(raw.amino_acids) ? raw.amino_acids : Array.isArray(raw.columns) ? raw.columns : typeof raw.amino_acids === 'string' ? [...raw.amino_acids] : []).map((c) => String(c));
    const values = raw.values.map((row) => (Array.isArray(row) ? cols.map((_, j) => num(row[j]) ?? null) : cols.map(() => null)));
    const wt = Array.isArray(raw.wild_type) ? raw.wild_type.map((w) => str(w)) : undefined;
    return finish(rows.slice(0, values.length), cols, values.slice(0, rows.length), { wildType: wt, units: str(raw.units) });
  }
  if (Array.isArray(raw)) {
    const cells = raw.filter(isRecord).map((c) => ({ row: str(field(c, 'position', 'pos', 'site')), col: str(field(c, 'aa', 'mutant', 'to', 'amino_acid')), v: num(field(c, 'ddg', 'ddg_kcal_mol', 'value')) }));
    const rows = [...new Set(cells.map((c) => c.row).filter((r): r is string => !!r))];
    const cols = [...new Set(cells.map((c) => c.col).filter((r): r is string => !!r))].sort();
    const values = rows.map((r) => cols.map((c) => cells.find((x) => x.row === r && x.col === c)?.v ?? null));
    return finish(rows, cols, values, {});
  }
  if (isRecord(raw)) {
    const rows = Object.keys(raw).filter((k) => isRecord(raw[k]));
    const cols = [...new Set(rows.flatMap((r) => Object.keys(raw[r] as object)))];
    const order = 'ACDEFGHIKLMNPQRSTVWY';
    cols.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
    const values = rows.map((r) => cols.map((c) => num((raw[r] as Record<string, unknown>)[c]) ?? null));
    return finish(rows, cols, values, {});
  }
  return undefined;
}

/** Diverging colour for a ΔΔG: blue stabilising (< 0), white 0, red destabilising; `limit` saturates. */
export function ddgColor(v: number, limit: number): [number, number, number] {
  const t = Math.max(-1, Math.min(1, v / (limit || 1)));
  const white = 247;
  if (t >= 0) return [Math.round(white - (white - 178) * t), Math.round(white - (white - 24) * t), Math.round(white - (white - 43) * t)];
  const u = -t;
  return [Math.round(white - (white - 33) * u), Math.round(white - (white - 102) * u), Math.round(white - (white - 172) * u)];
}

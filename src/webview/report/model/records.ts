/**
 * A list of objects as a table (CDR analysis, stabilising mutations, suggestions, interface
 * residues): one column per scalar key in first-seen order, nested values as compact JSON text,
 * entries that are not objects listed apart. Everything stays text.
 */
import { isRecord } from './values';

export interface RecordsTable {
  columns: string[];
  rows: string[][];
  /** Entries that are not objects (strings, numbers, null), as text. */
  others: string[];
}

const MAX_CELL = 200;

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const json = JSON.stringify(v) ?? String(v);
  return json.length > MAX_CELL ? `${json.slice(0, MAX_CELL - 1)}…` : json;
}

export function recordsTable(list: readonly unknown[], preferred: readonly string[] = []): RecordsTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const objects = list.filter(isRecord);
  const add = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    columns.push(k);
  };
  for (const k of preferred) if (objects.some((o) => Object.hasOwn(o, k))) add(k);
  for (const o of objects) for (const k of Object.keys(o)) add(k);
  return {
    columns,
    rows: objects.map((o) => columns.map((c) => (Object.hasOwn(o, c) ? cellText(o[c]) : ''))),
    others: list.filter((v) => !isRecord(v)).map((v) => cellText(v)),
  };
}

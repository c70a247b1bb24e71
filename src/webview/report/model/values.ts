/**
 * Reading values out of a response whose open parts (`{}` in the document) can hold anything:
 * numbers may arrive as strings ("71.4 °C") or wrapped ({ value: 0.31 }), lists as objects.
 * Nothing here throws; what cannot be read is undefined and the caller shows the raw JSON.
 */

export type Json = unknown;
export type JsonObject = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number from a number, a numeric string (leading number, unit after) or `{ value }`. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(v);
    return m ? Number(m[1]) : undefined;
  }
  if (isRecord(v) && 'value' in v) return num(v.value);
  return undefined;
}

/** A non-empty string, or a number shown as one; anything else undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The first of `keys` present in `o` with a value that is not null/undefined. */
export function field(o: unknown, ...keys: string[]): unknown {
  if (!isRecord(o)) return undefined;
  for (const k of keys) {
    if (Object.hasOwn(o, k) && o[k] !== null && o[k] !== undefined) return o[k];
  }
  return undefined;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Keys of `o` not in `known`, with their values (unknown fields are shown, never dropped). */
export function extraFields(o: unknown, known: readonly string[]): [string, unknown][] {
  if (!isRecord(o)) return [];
  return Object.entries(o).filter(([k]) => !known.includes(k));
}

/** An empty object or array, or null: nothing to show but the fact. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) return Object.keys(v).length === 0;
  return false;
}

/** At most `digits` decimals, no trailing zeros: 0.8134 → "0.81", 71.40 → "71.4"; undefined → "—". */
export function fmt(n: number | undefined, digits = 2): string {
  if (n === undefined) return '—';
  return String(Number(n.toFixed(digits)));
}

/** 0–1 scores as percentages ("81 %"), anything larger as it is. */
export function fmtScore(n: number | undefined): string {
  if (n === undefined) return '—';
  return n >= 0 && n <= 1 ? `${Math.round(n * 100)} %` : fmt(n, 1);
}

/** ISO text or epoch seconds/ms as a readable UTC time; anything else undefined. */
export function time(v: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) ms = Date.parse(v);
  else if (typeof v === 'number' && Number.isFinite(v)) ms = v < 1e12 ? v * 1000 : v;
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/** Number and date formatting shared by the renderers (one place, so columns line up). */

export function fixed(n: number | undefined, digits = 2): string {
  return n === undefined ? '—' : n.toFixed(digits);
}

/** Signed difference, "+5.40" / "−0.20" (a real minus sign reads better in a table). */
export function delta(n: number, digits = 2): string {
  const rounded = Number(n.toFixed(digits));
  if (rounded === 0) return '±0';
  return `${rounded > 0 ? '+' : '\u2212'}${Math.abs(rounded).toFixed(digits)}`;
}

export function count(n: number | undefined): string {
  return n === undefined ? '—' : String(n);
}

export function dateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

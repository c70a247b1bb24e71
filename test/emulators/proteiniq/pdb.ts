/**
 * PDB text of a predicted chain, laid out as wwPDB v3.3 fixed columns, one chain "A", B-factor =
 * pLDDT (0–100, as ESMFold and AlphaFold write it), occupancy 1.00, TER and END. Like ESMFold's
 * own output it has no HELIX/SHEET records: viewers assign secondary structure themselves.
 */
import type { Atom } from './geometry';

export interface PdbMeta {
  /** Model name for TITLE, e.g. "ESMFOLD PREDICTION OF lysozyme". */
  title: string;
  /** Per residue, indexed by resSeq − 1. */
  plddt: readonly number[];
  /** YYYY-MM-DD of the prediction, for HEADER. */
  date: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function formatPdb(atoms: readonly Atom[], meta: PdbMeta): string {
  const [y, m, d] = meta.date.split('-');
  const lines = [
    `${'HEADER    STRUCTURE PREDICTION'.padEnd(50)}${d}-${MONTHS[Number(m) - 1]}-${y.slice(2)}`.padEnd(80),
    // TITLE text is free text; keep it printable ASCII and within the line.
    `TITLE     ${meta.title.replace(/[^\x20-\x7e]/g, '?').toUpperCase()}`.slice(0, 80).padEnd(80),
    'REMARK   1 PREDICTED MODEL; B-FACTOR COLUMN = PLDDT (0-100)'.padEnd(80),
  ];
  let serial = 0;
  for (const a of atoms) {
    serial++;
    lines.push(atomLine(serial, a, meta.plddt[a.resSeq - 1] ?? 0));
  }
  const last = atoms[atoms.length - 1];
  if (last) lines.push(`TER   ${String(serial + 1).padStart(5)}      ${last.resName} A${String(last.resSeq).padStart(4)}`.padEnd(80));
  lines.push('END'.padEnd(80));
  return `${lines.join('\n')}\n`;
}

export function atomLine(serial: number, a: Atom, b: number): string {
  const name = a.name.length >= 4 || a.element.length === 2 ? a.name.padEnd(4) : ` ${a.name.padEnd(3)}`;
  const f = (x: number, w: number, p: number) => x.toFixed(p).padStart(w);
  return (
    `ATOM  ${String(serial).padStart(5)} ${name} ${a.resName.padStart(3)} A${String(a.resSeq).padStart(4)}    ` +
    `${f(a.xyz[0], 8, 3)}${f(a.xyz[1], 8, 3)}${f(a.xyz[2], 8, 3)}${f(1, 6, 2)}${f(b, 6, 2)}          ${a.element.padStart(2)}  `
  );
}

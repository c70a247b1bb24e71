/**
 * How a model is coloured and its residues named, shared by the structure viewer and the 3-D view
 * inside the antibody report: pLDDT bands when there is a confidence, else chain colours; the
 * editor's background follows the theme.
 */
import { residueLabel, type StructureSummary } from '../../core/structure';
import { bandOf } from './confidence';

/** Chain colours when the B-factors are not a confidence (an experimental structure). */
export const CHAIN_COLOURS = [0x4e79a7, 0xf28e2b, 0x59a14f, 0xb07aa1, 0x76b7b2, 0xedc948, 0xe15759, 0x9c755f, 0xbab0ac, 0xff9da7];

export function themeBackground(): string {
  const v = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  return v || '#1e1e1e';
}

/** One colour (0xRRGGBB) per residue: its pLDDT band, or its chain's colour without pLDDT. */
export function residueColours(s: StructureSummary, plddt: readonly number[] | undefined): number[] {
  return s.residues.map((r, i) => (plddt ? bandOf(plddt[i]).color : CHAIN_COLOURS[s.chains.indexOf(r.chain) % CHAIN_COLOURS.length]));
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** "GLU H 1 · residue 1 of 227 · pLDDT 95.1 (very high)". */
export function describeResidue(s: StructureSummary, i: number, plddt: readonly number[] | undefined): string {
  const p = plddt?.[i];
  return `${residueLabel(s.residues[i])} · residue ${fmt(i + 1)} of ${fmt(s.residues.length)}${p !== undefined ? ` · pLDDT ${p.toFixed(1)} (${bandOf(p).label.toLowerCase()})` : ''}`;
}

/**
 * Residue colour schemes. A scheme maps (residue, column) to a small integer key; cells with the
 * same key look the same, so the renderer draws each key once into a sprite and then only
 * copies pixels. `key` runs for every visible cell of every frame and must stay trivial.
 * Pure (no DOM).
 */
import type { ColumnStats } from '../../core/alignment';
import type { Theme } from './theme';

export type SchemeId = 'clustal' | 'hydrophobicity' | 'nucleotide' | 'identity' | 'none';

export interface CellStyle {
  /** Undefined: the theme background shows through. */
  background?: string;
  foreground: string;
  glyph: string;
}

export interface LegendEntry {
  label: string;
  /** Residues in the group, written on the swatch. */
  residues?: string;
  colour: string;
  /** Tooltip. */
  title?: string;
}

export interface ColourScheme {
  readonly id: SchemeId;
  readonly label: string;
  /** 0 … KEY_SPACE-1. */
  key(code: number, column: number): number;
  style(key: number, theme: Theme): CellStyle;
  legend(): LegendEntry[];
  /** Read before the legend entries, e.g. which end of a scale is which. */
  readonly legendNote?: string;
}

/** Keys are `charCode | variant << 7` with up to 8 variants. */
export const KEY_SPACE = 1024;

const DASH = 45;
const DOT = 46;

export function isGap(code: number): boolean {
  return code === DASH || code === DOT;
}

/** Black or white text, whichever reads better on `hex` (#rrggbb). */
export function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Above ~0.18, black has the higher WCAG contrast ratio than white.
  return luminance > 0.18 ? '#000000' : '#ffffff';
}

function gapStyle(code: number, theme: Theme): CellStyle {
  return { foreground: theme.muted, glyph: String.fromCharCode(code) };
}

interface Group {
  label: string;
  residues: string;
  colour: string;
  title?: string;
}

/** A scheme where the colour depends on the residue only. */
function residueScheme(id: SchemeId, label: string, groups: readonly Group[], legendNote?: string): ColourScheme {
  const colours = new Array<string | undefined>(128);
  for (const g of groups) {
    for (const r of g.residues) {
      colours[r.charCodeAt(0)] = g.colour;
      colours[r.toLowerCase().charCodeAt(0)] = g.colour;
    }
  }
  return {
    id,
    label,
    key: (code) => (code < 128 ? code : 63 /* '?' */),
    style(key, theme) {
      if (isGap(key)) return gapStyle(key, theme);
      const colour = colours[key];
      const glyph = String.fromCharCode(key);
      return colour ? { background: colour, foreground: textOn(colour), glyph } : { foreground: theme.foreground, glyph };
    },
    legend: () => groups.map((g) => ({ label: g.label, residues: g.residues, colour: g.colour, title: g.title })),
    legendNote,
  };
}

/** Clustal X colours by residue class, as in Jalview and AliView. */
const CLUSTAL: readonly Group[] = [
  { label: 'Hydrophobic', residues: 'AILMFWV', colour: '#80a0f0' },
  { label: 'Positive', residues: 'KR', colour: '#f01505' },
  { label: 'Negative', residues: 'DE', colour: '#c048c0' },
  { label: 'Polar', residues: 'NQST', colour: '#15c015' },
  { label: 'Cysteine', residues: 'C', colour: '#f08080' },
  { label: 'Glycine', residues: 'G', colour: '#f09048' },
  { label: 'Proline', residues: 'P', colour: '#c0c000' },
  { label: 'Aromatic', residues: 'HY', colour: '#15a4a4' },
];

const NUCLEOTIDE: readonly Group[] = [
  { label: 'A', residues: 'A', colour: '#64f73f' },
  { label: 'C', residues: 'C', colour: '#ffb340' },
  { label: 'G', residues: 'G', colour: '#eb413c' },
  { label: 'T/U', residues: 'TU', colour: '#3c88ee' },
];

/** Kyte & Doolittle (1982) hydropathy index. */
export const KYTE_DOOLITTLE: Readonly<Record<string, number>> = {
  I: 4.5, V: 4.2, L: 3.8, F: 2.8, C: 2.5, M: 1.9, A: 1.8, G: -0.4, T: -0.7, S: -0.8,
  W: -0.9, Y: -1.3, P: -1.6, H: -3.2, E: -3.5, Q: -3.5, D: -3.5, N: -3.5, K: -3.9, R: -4.5,
};

/** Diverging blue (hydrophilic) → near-white → red (hydrophobic); readable in light and dark themes. */
function hydropathyColour(value: number): string {
  const stops: [number, [number, number, number]][] = [
    [0, [69, 117, 180]],
    [0.5, [240, 240, 240]],
    [1, [215, 48, 39]],
  ];
  const t = Math.min(1, Math.max(0, (value + 4.5) / 9));
  const [t0, c0] = t <= 0.5 ? stops[0] : stops[1];
  const [t1, c1] = t <= 0.5 ? stops[1] : stops[2];
  const f = (t - t0) / (t1 - t0);
  const mix = c0.map((c, i) => Math.round(c + (c1[i] - c) * f));
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function hydrophobicityGroups(): Group[] {
  return Object.entries(KYTE_DOOLITTLE)
    .sort((a, b) => b[1] - a[1])
    .map(([residue, value]) => ({ label: '', residues: residue, colour: hydropathyColour(value), title: `${residue}: ${value > 0 ? '+' : ''}${value.toFixed(1)}` }));
}

const IDENTITY_LEVELS: readonly { min: number; colour: string; label: string }[] = [
  { min: 0.8, colour: '#6464ff', label: '> 80 %' },
  { min: 0.6, colour: '#9999ff', label: '> 60 %' },
  { min: 0.4, colour: '#ccccff', label: '> 40 %' },
];

/** Jalview's "Percentage identity": a residue agreeing with its column's consensus, by how many rows agree. */
function identityScheme(stats: () => ColumnStats | undefined): ColourScheme {
  return {
    id: 'identity',
    label: 'Percent identity',
    key(code, column) {
      const c = code < 128 ? code : 63;
      const s = stats();
      if (!s || isGap(c) || (c | 32) !== (s.consensus.charCodeAt(column) | 32)) return c;
      const id = s.identity[column];
      const level = id > 0.8 ? 1 : id > 0.6 ? 2 : id > 0.4 ? 3 : 0;
      return c | (level << 7);
    },
    style(key, theme) {
      const code = key & 127;
      if (isGap(code)) return gapStyle(code, theme);
      const level = key >> 7;
      const glyph = String.fromCharCode(code);
      if (level === 0) return { foreground: theme.foreground, glyph };
      const colour = IDENTITY_LEVELS[level - 1].colour;
      return { background: colour, foreground: textOn(colour), glyph };
    },
    legend: () => IDENTITY_LEVELS.map((l) => ({ label: `${l.label} agree`, colour: l.colour })),
  };
}

export const SCHEME_LABELS: readonly { id: SchemeId; label: string }[] = [
  { id: 'clustal', label: 'Clustal' },
  { id: 'hydrophobicity', label: 'Hydrophobicity (Kyte–Doolittle)' },
  { id: 'nucleotide', label: 'Nucleotide' },
  { id: 'identity', label: 'Percent identity' },
  { id: 'none', label: 'None' },
];

export function isSchemeId(v: unknown): v is SchemeId {
  return typeof v === 'string' && SCHEME_LABELS.some((s) => s.id === v);
}

export function makeScheme(id: SchemeId, stats: () => ColumnStats | undefined): ColourScheme {
  switch (id) {
    case 'clustal':
      return residueScheme(id, 'Clustal', CLUSTAL);
    case 'hydrophobicity':
      return residueScheme(id, 'Hydrophobicity (Kyte–Doolittle)', hydrophobicityGroups(), 'Hydrophobic (red) → hydrophilic (blue):');
    case 'nucleotide':
      return residueScheme(id, 'Nucleotide', NUCLEOTIDE);
    case 'identity':
      return identityScheme(stats);
    case 'none':
      return residueScheme(id, 'None', []);
  }
}

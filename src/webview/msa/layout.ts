/**
 * Geometry of the alignment canvas: zoom levels, the fixed header (ruler, conservation track,
 * sequence logo, consensus, the pinned query row), the names column, the visible window of
 * cells and hit testing. All figures are device pixels, so cells land on whole pixels at any
 * devicePixelRatio and sprites are blitted without resampling. Pure: no DOM.
 */

/** Residue widths in CSS px, smallest (overview) to largest. */
export const CELL_WIDTHS: readonly number[] = [1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20, 24];
export const DEFAULT_CELL_WIDTH = 12;
/** Below this residue width letters are unreadable: cells are drawn as colour only. */
export const MIN_GLYPH_WIDTH = 8;

const RULER_CSS = 20;
const TRACK_CSS = 28;
const LOGO_CSS = 40;
/** Header rows (consensus, query) never get shorter than this, so their labels stay legible. */
const MIN_HEADER_ROW_CSS = 14;
const SEPARATOR_CSS = 3;

export interface Metrics {
  dpr: number;
  /** Canvas size. */
  width: number;
  height: number;
  namesW: number;
  cellW: number;
  cellH: number;
  rulerH: number;
  trackH: number;
  /** The sequence logo band, under the conservation track. */
  logoY: number;
  logoH: number;
  /** Top and height of the consensus and the pinned query row. */
  consensusY: number;
  queryY: number;
  headerRowH: number;
  /** Where the scrolling rows start. */
  headerH: number;
  glyphs: boolean;
  /** Font sizes for residues and for names/labels. */
  residueFont: number;
  labelFont: number;
}

export function cellHeightCss(cellWidthCss: number): number {
  return Math.max(2, Math.round(cellWidthCss * 1.3));
}

export function metrics(cssWidth: number, cssHeight: number, dpr: number, cellWidthCss: number, namesCss: number): Metrics {
  const px = (css: number) => Math.max(1, Math.round(css * dpr));
  const cellW = px(cellWidthCss);
  const cellH = px(cellHeightCss(cellWidthCss));
  const rulerH = px(RULER_CSS);
  const trackH = px(TRACK_CSS);
  const headerRowH = Math.max(cellH, px(MIN_HEADER_ROW_CSS));
  const logoY = rulerH + trackH;
  const logoH = px(LOGO_CSS);
  const consensusY = logoY + logoH;
  const queryY = consensusY + headerRowH;
  return {
    dpr,
    width: Math.max(1, Math.floor(cssWidth * dpr)),
    height: Math.max(1, Math.floor(cssHeight * dpr)),
    namesW: px(namesCss),
    cellW,
    cellH,
    rulerH,
    trackH,
    logoY,
    logoH,
    consensusY,
    queryY,
    headerRowH,
    headerH: queryY + headerRowH + px(SEPARATOR_CSS),
    glyphs: cellWidthCss >= MIN_GLYPH_WIDTH,
    residueFont: Math.max(6, Math.min(cellH - Math.round(3 * dpr), Math.round(cellW * 1.35))),
    labelFont: px(12),
  };
}

/** Total scrollable size (device px) for `columns` × `rows` scrolling rows. */
export function contentSize(m: Metrics, columns: number, rows: number): { width: number; height: number } {
  return { width: m.namesW + columns * m.cellW, height: m.headerH + rows * m.cellH };
}

/** The cells in view: columns [col0, col1) starting at x0, scrolling rows [row0, row1) starting at y0. */
export interface VisibleWindow {
  col0: number;
  col1: number;
  x0: number;
  row0: number;
  row1: number;
  y0: number;
}

export function visibleWindow(m: Metrics, scrollX: number, scrollY: number, columns: number, rows: number): VisibleWindow {
  const col0 = Math.max(0, Math.floor(scrollX / m.cellW));
  const row0 = Math.max(0, Math.floor(scrollY / m.cellH));
  const bodyW = Math.max(0, m.width - m.namesW);
  const bodyH = Math.max(0, m.height - m.headerH);
  return {
    col0,
    col1: Math.min(columns, Math.ceil((scrollX + bodyW) / m.cellW)),
    x0: m.namesW + col0 * m.cellW - scrollX,
    row0,
    row1: Math.min(rows, Math.ceil((scrollY + bodyH) / m.cellH)),
    y0: m.headerH + row0 * m.cellH - scrollY,
  };
}

/** How many whole rows / columns fit: the PageUp/PageDown step. */
export function pageSize(m: Metrics): { rows: number; columns: number } {
  return {
    rows: Math.max(1, Math.floor((m.height - m.headerH) / m.cellH)),
    columns: Math.max(1, Math.floor((m.width - m.namesW) / m.cellW)),
  };
}

export type Hit =
  | { area: 'cell'; row: number; col: number }
  | { area: 'query'; col: number }
  | { area: 'consensus' | 'track' | 'ruler' | 'logo'; col: number }
  | { area: 'name'; row: number }
  | { area: 'queryName' }
  | { area: 'none' };

/** What is under device point (x, y); `row` is a scrolling-row index, -1 never returned. */
export function hitTest(m: Metrics, x: number, y: number, scrollX: number, scrollY: number, columns: number, rows: number): Hit {
  if (x < 0 || y < 0 || x >= m.width || y >= m.height) return { area: 'none' };
  const inNames = x < m.namesW;
  const col = Math.floor((x - m.namesW + scrollX) / m.cellW);
  if (!inNames && (col < 0 || col >= columns)) return { area: 'none' };
  if (y < m.headerH) {
    if (y >= m.queryY && y < m.queryY + m.headerRowH) return inNames ? { area: 'queryName' } : { area: 'query', col };
    if (inNames) return { area: 'none' };
    if (y < m.rulerH) return { area: 'ruler', col };
    if (y < m.logoY) return { area: 'track', col };
    if (y < m.consensusY) return { area: 'logo', col };
    if (y < m.queryY) return { area: 'consensus', col };
    return { area: 'none' };
  }
  const row = Math.floor((y - m.headerH + scrollY) / m.cellH);
  if (row < 0 || row >= rows) return { area: 'none' };
  return inNames ? { area: 'name', row } : { area: 'cell', row, col };
}

/** The next zoom level in `direction` (+1 in, -1 out) from `current`. */
export function nextCellWidth(current: number, direction: 1 | -1): number {
  const i = CELL_WIDTHS.findIndex((w) => w >= current);
  const at = i === -1 ? CELL_WIDTHS.length - 1 : i;
  const next = CELL_WIDTHS[Math.min(CELL_WIDTHS.length - 1, Math.max(0, at + direction))];
  return next;
}

/** Ruler label spacing: the smallest "nice" step whose labels are at least `minGap` px apart. */
export function rulerStep(cellW: number, minGap: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
    if (step * cellW >= minGap) return step;
  }
  return 10000;
}

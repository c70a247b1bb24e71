/**
 * Draws one frame of the alignment: only the cells in view, then the fixed header (ruler,
 * conservation, sequence logo, consensus, pinned query) and the names column over them, then
 * the cursor. Cost is proportional to the window, never to the alignment, so 10^6 rows scroll
 * like 10. Painting order does the clipping: what is drawn later covers what scrolled under it.
 */
import type { ColumnStats } from '../../core/alignmentStats';
import type { CellPainter } from './cells';
import { rulerStep, visibleWindow, type Metrics, type VisibleWindow } from './layout';
import type { LogoPainter } from './logo';
import type { AlignmentModel } from './model';
import type { ColourScheme } from './schemes';
import type { RowOrder } from './search';
import type { Theme } from './theme';

export interface Frame {
  model: AlignmentModel;
  stats: ColumnStats | undefined;
  /** The consensus as residue codes (from `stats`). */
  consensus: Uint8Array | undefined;
  /** Alignment row of each scrolling row. */
  order: RowOrder;
  /** 1 for rows whose name matches the search. */
  matches: Uint8Array;
  scheme: ColourScheme;
  cells: CellPainter;
  logo: LogoPainter;
  theme: Theme;
  m: Metrics;
  scrollX: number;
  scrollY: number;
  /** Changes whenever the rows, the alignment or the statistics change (not on scroll). */
  version: number;
  /** Alignment row and column of the keyboard/click cursor. */
  cursor: { row: number; col: number } | undefined;
  /** Words in the conservation track while there are no statistics yet. */
  pending: string;
}

export function drawFrame(ctx: CanvasRenderingContext2D, f: Frame): void {
  const { m, theme } = f;
  const win = visibleWindow(m, f.scrollX, f.scrollY, f.model.width, f.order.length);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, m.width, m.height);
  drawBody(ctx, f, win);
  drawHeader(ctx, f, win);
  drawNames(ctx, f, win);
  drawCursor(ctx, f, win);
}

function drawBody(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow): void {
  const { model, order, m } = f;
  f.cells.paint(ctx, {
    x: m.namesW,
    y: m.headerH,
    width: m.width - m.namesW,
    height: m.height - m.headerH,
    col0: win.col0,
    col1: win.col1,
    x0: win.x0,
    rows: win.row1 - win.row0,
    residues: (i) => model.row(order.at(win.row0 + i)),
    top: (i) => win.y0 + i * m.cellH,
    rowH: m.cellH,
    scroll: { x: f.scrollX, y: f.scrollY, version: f.version },
  });
  // Marks would cover whole columns at overview zoom.
  if (m.cellW < 4 * m.dpr || model.format !== 'a3m') return;
  for (let r = win.row0, y = win.y0; r < win.row1; r++, y += m.cellH) {
    const ins = model.insertionRecords(order.at(r));
    if (ins) drawInsertions(ctx, f, win, ins, Math.max(y, m.headerH), Math.min(m.cellH, y + m.cellH - m.headerH));
  }
}

/** A3M insertions are not columns: a bar on the boundary where residues were cut out. */
function drawInsertions(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow, ins: Int32Array, y: number, h: number): void {
  const { m } = f;
  const w = Math.max(2, Math.round(2 * m.dpr));
  ctx.fillStyle = f.theme.insertion;
  for (let i = 0; i < ins.length; i += 3) {
    const before = ins[i];
    if (before < win.col0) continue;
    if (before > win.col1) break;
    ctx.fillRect(win.x0 + (before - win.col0) * m.cellW - (w >> 1), y, w, h);
  }
}

function drawHeader(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow): void {
  const { m, theme, model, stats } = f;
  ctx.fillStyle = theme.background;
  ctx.fillRect(m.namesW, 0, m.width - m.namesW, m.headerH);

  // Ruler: 1-based column numbers at "nice" steps, ticks every 5 and 10 where they fit.
  const font = Math.round(m.labelFont * 0.85);
  ctx.font = `${font}px ${theme.labelFont}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = theme.muted;
  const digits = String(model.width).length;
  const step = rulerStep(m.cellW, (digits + 2) * font * 0.65);
  const tick = Math.max(1, Math.round(m.dpr));
  const centre = (c: number) => win.x0 + (c - win.col0) * m.cellW + m.cellW / 2;
  for (let n = Math.ceil((win.col0 + 1) / step) * step; n <= win.col1; n += step) {
    const label = String(n);
    // The last label may not fit beside the right edge: end it at the edge instead of cutting it.
    const x = Math.min(centre(n - 1), m.width - ctx.measureText(label).width / 2 - 1);
    ctx.fillText(label, x, m.rulerH - Math.round(6 * m.dpr));
  }
  const minor = m.cellW * 5 >= 6 * m.dpr ? 5 : 10;
  for (let c = Math.ceil((win.col0 + 1) / minor) * minor; c <= win.col1; c += minor) {
    const long = c % 10 === 0;
    const th = Math.round((long ? 4 : 2) * m.dpr);
    ctx.fillRect(Math.round(centre(c - 1)), m.rulerH - th, tick, th);
  }

  // Conservation track.
  const top = m.rulerH + Math.round(2 * m.dpr);
  const trackH = m.trackH - Math.round(4 * m.dpr);
  if (stats) {
    ctx.fillStyle = theme.bar;
    const gap = m.cellW >= 4 * m.dpr ? Math.max(1, Math.round(m.dpr)) : 0;
    for (let c = win.col0, x = win.x0; c < win.col1; c++, x += m.cellW) {
      const h = Math.round(stats.conservation[c] * trackH);
      if (h > 0) ctx.fillRect(x, top + trackH - h, m.cellW - gap, h);
    }
  } else {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = theme.muted;
    ctx.fillText(f.pending, m.namesW + Math.round(8 * m.dpr), top + trackH / 2);
  }

  // Sequence logo over all rows.
  const logoPad = Math.round(2 * m.dpr);
  if (stats) f.logo.draw(ctx, stats, m, win, f.scheme, theme, m.namesW, m.logoY + logoPad, m.width - m.namesW, m.logoH - 2 * logoPad);

  // Consensus, then the pinned query (seed) row.
  if (f.consensus) drawHeaderRow(ctx, f, win, f.consensus, m.consensusY);
  drawHeaderRow(ctx, f, win, model.row(model.queryIndex), m.queryY);
  const ins = model.format === 'a3m' ? model.insertionRecords(model.queryIndex) : undefined;
  if (ins) drawInsertions(ctx, f, win, ins, m.queryY, m.headerRowH);
  ctx.fillStyle = theme.border;
  ctx.fillRect(0, m.queryY + m.headerRowH, m.width, Math.max(1, m.headerH - m.queryY - m.headerRowH - Math.round(m.dpr)));
}

function drawHeaderRow(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow, residues: Uint8Array, y: number): void {
  const { m } = f;
  f.cells.paint(ctx, {
    x: m.namesW,
    y,
    width: m.width - m.namesW,
    height: m.headerRowH,
    col0: win.col0,
    col1: win.col1,
    x0: win.x0,
    rows: 1,
    residues: () => residues,
    top: () => y,
    rowH: m.headerRowH,
  });
}

/** Monospace advance per font, measured once: names are cut to whole characters. */
const advance = new Map<string, number>();

function fitName(ctx: CanvasRenderingContext2D, font: string, text: string, width: number): string {
  let w = advance.get(font);
  if (w === undefined) {
    w = ctx.measureText('M').width || 1;
    advance.set(font, w);
  }
  const max = Math.max(1, Math.floor(width / w));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function drawNames(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow): void {
  const { m, theme, model, order, matches, cursor } = f;
  const pad = Math.round(6 * m.dpr);
  ctx.fillStyle = theme.panel;
  ctx.fillRect(0, 0, m.namesW, m.height);

  const label = m.labelFont;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = `${Math.round(label * 0.85)}px ${theme.labelFont}`;
  ctx.fillStyle = theme.muted;
  ctx.fillText('Position', pad, m.rulerH / 2);
  ctx.fillText('Conservation', pad, m.rulerH + m.trackH / 2);
  ctx.fillText('Logo (bits)', pad, m.logoY + m.logoH / 2);
  ctx.fillText('Consensus', pad, m.consensusY + m.headerRowH / 2);

  const q = model.queryIndex;
  const queryFont = `bold ${Math.min(label, m.headerRowH - Math.round(2 * m.dpr))}px ${theme.labelFont}`;
  ctx.font = queryFont;
  if (matches[q]) {
    ctx.fillStyle = theme.searchMatch;
    ctx.fillRect(0, m.queryY, m.namesW, m.headerRowH);
  }
  // The pinned seed row says what it is: a small "query" tag at the right.
  ctx.font = `${Math.round(label * 0.8)}px ${theme.labelFont}`;
  const tag = 'query';
  const tagW = ctx.measureText(tag).width;
  ctx.fillStyle = theme.muted;
  ctx.fillText(tag, m.namesW - pad - tagW, m.queryY + m.headerRowH / 2);
  ctx.font = queryFont;
  ctx.fillStyle = theme.foreground;
  ctx.fillText(fitName(ctx, queryFont, model.name(q) || 'query', m.namesW - 3 * pad - tagW), pad, m.queryY + m.headerRowH / 2);

  // A row half scrolled under the header must not write its name over the header labels.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, m.headerH, m.namesW, m.height - m.headerH);
  ctx.clip();
  const size = Math.min(label, m.cellH - Math.round(2 * m.dpr));
  const font = `${size}px ${theme.labelFont}`;
  const legible = size >= 7 * m.dpr;
  ctx.font = font;
  for (let r = win.row0, y = win.y0; r < win.row1; r++, y += m.cellH) {
    const index = order.at(r);
    if (matches[index] || cursor?.row === index) {
      ctx.fillStyle = cursor?.row === index ? theme.selection : theme.searchMatch;
      ctx.fillRect(0, y, m.namesW, m.cellH);
    }
    if (!legible) continue;
    ctx.fillStyle = theme.foreground;
    ctx.fillText(fitName(ctx, font, model.name(index) || `sequence ${index + 1}`, m.namesW - 2 * pad), pad, y + m.cellH / 2 + 0.5);
  }
  ctx.restore();
  ctx.fillStyle = theme.border;
  ctx.fillRect(0, m.queryY + m.headerRowH, m.width, Math.max(1, Math.round(m.dpr)));
  ctx.fillRect(m.namesW - Math.max(1, Math.round(m.dpr)), 0, Math.max(1, Math.round(m.dpr)), m.height);
}

function drawCursor(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow): void {
  const { cursor, m, theme } = f;
  if (!cursor || cursor.col < win.col0 || cursor.col >= win.col1) return;
  const x = win.x0 + (cursor.col - win.col0) * m.cellW;
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.namesW, 0, m.width - m.namesW, m.height);
  ctx.clip();
  // The column, faintly, through header and body: where the ruler and consensus meet the cell.
  ctx.globalAlpha = 0.35;
  ctx.fillStyle = theme.selection;
  ctx.fillRect(x, 0, m.cellW, m.height);
  ctx.globalAlpha = 1;
  drawCursorCell(ctx, f, win, x);
  ctx.restore();
}

function drawCursorCell(ctx: CanvasRenderingContext2D, f: Frame, win: VisibleWindow, x: number): void {
  const { cursor, m, theme, model, order } = f;
  if (!cursor) return;
  let y: number | undefined;
  let h = m.cellH;
  if (cursor.row === model.queryIndex) {
    y = m.queryY;
    h = m.headerRowH;
  } else {
    const pos = order.position(cursor.row);
    if (pos >= win.row0 && pos < win.row1) {
      const yy = win.y0 + (pos - win.row0) * m.cellH;
      if (yy >= m.headerH - m.cellH / 2) y = yy;
    }
  }
  if (y === undefined) return;
  const lw = Math.max(2, Math.round(2 * m.dpr));
  ctx.strokeStyle = theme.cursor;
  ctx.lineWidth = lw;
  ctx.strokeRect(x + lw / 2, y + lw / 2, Math.max(1, m.cellW - lw), Math.max(1, h - lw));
}

/**
 * The sequence logo band: per column a stack of letters, each as tall as its share of the
 * column's information content (ColumnStats.logo, in bits, over every row), tallest on top.
 * Letters are stretched glyph sprites (drawn once per letter, colour and zoom); the band is
 * painted into its own canvas and reused while only the vertical scroll changes, so scrolling
 * down a deep alignment costs one blit here.
 */
import { LOGO_LETTERS, type ColumnStats } from '../../core/alignmentStats';
import type { Metrics, VisibleWindow } from './layout';
import type { ColourScheme } from './schemes';
import type { Theme } from './theme';

/** Sprites are drawn this tall and scaled down. */
const SPRITE_H = 64;
/** Letters shorter than this (device px) are left out: they would be noise. */
const MIN_LETTER_PX = 1.5;

export class LogoPainter {
  private readonly band = document.createElement('canvas');
  private readonly bandCtx: CanvasRenderingContext2D;
  private readonly sprites = new Map<string, HTMLCanvasElement>();
  /** What the band canvas shows now: its columns, geometry, colours and statistics. */
  private key = '';
  private stats: ColumnStats | undefined;
  /** Zoom and colours the sprites were drawn for. */
  private spriteKey = '';
  private readonly order = new Int32Array(LOGO_LETTERS);

  constructor() {
    const ctx = this.band.getContext('2d');
    if (!ctx) throw new Error('Canvas 2D is not available.');
    this.bandCtx = ctx;
  }

  /** Draws the logo of the columns in view into (x, y, width, height) of `ctx`. */
  draw(ctx: CanvasRenderingContext2D, stats: ColumnStats, m: Metrics, win: VisibleWindow, scheme: ColourScheme, theme: Theme, x: number, y: number, width: number, height: number): void {
    if (width <= 0 || height <= 0) return;
    const key = `${m.cellW} ${width} ${height} ${win.col0} ${win.col1} ${win.x0} ${scheme.id} ${theme.background} ${theme.foreground}`;
    if (key !== this.key || this.stats !== stats) {
      const spriteKey = `${m.cellW} ${scheme.id} ${theme.foreground}`;
      if (spriteKey !== this.spriteKey) this.sprites.clear();
      this.spriteKey = spriteKey;
      this.paint(stats, m, win, scheme, theme, x, width, height);
      this.key = key;
      this.stats = stats;
    }
    ctx.drawImage(this.band, x, y);
  }

  private paint(stats: ColumnStats, m: Metrics, win: VisibleWindow, scheme: ColourScheme, theme: Theme, x: number, width: number, height: number): void {
    const band = this.band;
    if (band.width !== width) band.width = width;
    if (band.height !== height) band.height = height;
    const ctx = this.bandCtx;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    const gap = m.cellW >= 4 * m.dpr ? Math.max(1, Math.round(m.dpr)) : 0;
    const w = m.cellW - gap;
    const letters = m.cellW >= 4 * m.dpr;
    const scale = height / stats.logoMax;
    const logo = stats.logo;
    const order = this.order;
    for (let c = win.col0, cx = win.x0 - x; c < win.col1; c++, cx += m.cellW) {
      const base = c * LOGO_LETTERS;
      // Letters by height, smallest first: stacked from the bottom, the tallest ends on top.
      let n = 0;
      for (let l = 0; l < LOGO_LETTERS; l++) if (logo[base + l] * scale >= MIN_LETTER_PX) order[n++] = l;
      sortByHeight(order, n, logo, base);
      let top = height;
      for (let k = 0; k < n; k++) {
        const l = order[k];
        const h = logo[base + l] * scale;
        const y0 = top - h;
        const colour = letterColour(scheme, theme, 65 + l);
        if (letters) ctx.drawImage(this.sprite(String.fromCharCode(65 + l), colour, w), 0, 0, w, SPRITE_H, cx, y0, w, h);
        else {
          ctx.fillStyle = colour;
          ctx.fillRect(cx, Math.round(y0), Math.max(1, w), Math.max(1, Math.round(top) - Math.round(y0)));
        }
        top = y0;
      }
    }
  }

  /** The letter filling a w × SPRITE_H box (its ink, not its font box: as logos draw letters). */
  private sprite(letter: string, colour: string, w: number): HTMLCanvasElement {
    const id = `${letter} ${colour} ${w}`;
    let sprite = this.sprites.get(id);
    if (sprite) return sprite;
    sprite = document.createElement('canvas');
    sprite.width = w;
    sprite.height = SPRITE_H;
    const ctx = sprite.getContext('2d');
    if (ctx) {
      ctx.font = `bold ${SPRITE_H}px sans-serif`;
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      const metrics = ctx.measureText(letter);
      const left = metrics.actualBoundingBoxLeft;
      const inkW = Math.max(1, left + metrics.actualBoundingBoxRight);
      const inkH = Math.max(1, metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent);
      ctx.setTransform(w / inkW, 0, 0, SPRITE_H / inkH, (left * w) / inkW, (metrics.actualBoundingBoxAscent * SPRITE_H) / inkH);
      ctx.fillStyle = colour;
      ctx.fillText(letter, 0, 0);
    }
    this.sprites.set(id, sprite);
    return sprite;
  }
}

/** The scheme's colour for a residue, or the text colour when the scheme leaves it uncoloured. */
function letterColour(scheme: ColourScheme, theme: Theme, code: number): string {
  return scheme.style(scheme.key(code, -1) & 127, theme).background ?? theme.foreground;
}

/** Insertion sort of order[0 … n) by logo height ascending (n ≤ 26). */
function sortByHeight(order: Int32Array, n: number, logo: Float32Array, base: number): void {
  for (let i = 1; i < n; i++) {
    const v = order[i];
    const h = logo[base + v];
    let j = i - 1;
    while (j >= 0 && logo[base + order[j]] > h) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = v;
  }
}

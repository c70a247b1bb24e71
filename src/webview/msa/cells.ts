/**
 * Paints bands of residue cells straight into pixel memory, then puts them on the canvas with
 * one putImageData.
 *
 * Why not drawImage or fillText per cell: a 1280 × 800 view holds ~4,000 cells (12 px) or
 * ~250,000 (2 px overview), and per-call canvas costs (≈7 µs per drawImage with software
 * raster, measured with bench/msa.ts) made a frame take 30 ms. Here each distinct cell look
 * (scheme key × zoom × theme) is drawn once with the canvas API into a sprite, read back as
 * pixels, and a frame is typed-array copying: a cost proportional to the pixels in view,
 * independent of the alignment's size. While scrolling, the previous frame's pixels are shifted
 * and only the strips that scrolled into view are painted.
 */
import { KEY_SPACE, type CellStyle } from './schemes';

export interface PainterSpec {
  cellW: number;
  cellH: number;
  /** Letters on the cells (false at overview zoom levels, where every sprite is one colour). */
  glyphs: boolean;
  /** Complete CSS font string for letters. */
  font: string;
  /** The theme background: uncoloured cells sit on it, so every sprite is opaque. */
  background: string;
  style: (key: number) => CellStyle;
  key: (code: number, column: number) => number;
}

/** A horizontal band of the canvas filled with whole rows of cells (device px). */
export interface Band {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Columns [col0, col1), the first at canvas x `x0`. */
  col0: number;
  col1: number;
  x0: number;
  /** Rows [0, rows): their residues (ASCII) and canvas top; `rowH` may exceed the cell height (header rows stretch). */
  rows: number;
  residues: (i: number) => Uint8Array;
  top: (i: number) => number;
  rowH: number;
  /**
   * For the scrolling body: the scroll offset and a version that changes whenever anything but
   * the offset changes what the band shows (rows, alignment, statistics). Lets a frame reuse the
   * previous one's pixels.
   */
  scroll?: { x: number; y: number; version: number };
}

interface Region {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

interface Surface {
  image: ImageData;
  pixels: Uint32Array;
  /** Scroll state of the pixels now in `image` (body only). */
  at?: { x: number; y: number; version: number };
}

export class CellPainter {
  private readonly sprites: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(KEY_SPACE);
  private readonly scratch: CanvasRenderingContext2D;
  private readonly surfaces = new Map<string, Surface>();
  private backgroundPixel: number | undefined;
  /** Sprites of the columns in view, reused across rows and frames. */
  private line: Uint32Array[] = [];

  constructor(private readonly spec: PainterSpec) {
    const canvas = document.createElement('canvas');
    canvas.width = spec.cellW;
    canvas.height = spec.cellH;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('Canvas 2D is not available.');
    this.scratch = ctx;
  }

  paint(ctx: CanvasRenderingContext2D, band: Band): void {
    const W = Math.floor(band.width);
    const H = Math.floor(band.height);
    if (W <= 0 || H <= 0) return;
    const surface = this.surfaceFor(ctx, band.scroll ? 'body' : 'band', W, H);
    const px = surface.pixels;
    const prev = surface.at;
    const next = band.scroll;
    const dx = prev && next ? next.x - prev.x : 0;
    const dy = prev && next ? next.y - prev.y : 0;
    if (prev && next && prev.version === next.version && Math.abs(dx) < W && Math.abs(dy) < H) {
      shift(px, W, H, dx, dy);
      if (dy > 0) this.paintRegion(px, W, band, { y0: H - dy, y1: H, x0: 0, x1: W });
      if (dy < 0) this.paintRegion(px, W, band, { y0: 0, y1: -dy, x0: 0, x1: W });
      if (dx > 0) this.paintRegion(px, W, band, { y0: 0, y1: H, x0: W - dx, x1: W });
      if (dx < 0) this.paintRegion(px, W, band, { y0: 0, y1: H, x0: 0, x1: -dx });
    } else {
      this.paintRegion(px, W, band, { y0: 0, y1: H, x0: 0, x1: W });
    }
    surface.at = next ? { ...next } : undefined;
    ctx.putImageData(surface.image, band.x, band.y);
  }

  /** Paints the cells of `band` that fall in region `r` of the band's pixels (background elsewhere in `r`). */
  private paintRegion(px: Uint32Array, W: number, band: Band, r: Region): void {
    const bg = this.background();
    for (let y = r.y0; y < r.y1; y++) px.fill(bg, y * W + r.x0, y * W + r.x1);
    const { cellW, cellH, glyphs } = this.spec;
    const { col0, rowH } = band;
    const x0 = band.x0 - band.x;
    const first = Math.max(0, Math.floor((r.x0 - x0) / cellW));
    const last = Math.min(band.col1 - col0, Math.ceil((r.x1 - x0) / cellW));
    if (last <= first) return;
    if (this.line.length < last) this.line = new Array<Uint32Array>(last);
    const line = this.line;
    for (let i = 0; i < band.rows; i++) {
      const top = band.top(i) - band.y;
      const y0 = Math.max(r.y0, top);
      const y1 = Math.min(r.y1, top + rowH);
      if (y1 <= y0) continue;
      const s = band.residues(i);
      for (let k = first; k < last; k++) {
        const c = col0 + k;
        const key = this.spec.key(s[c], c);
        line[k] = this.sprites[key] ?? this.paintSprite(key);
      }
      // Overview sprites are one colour: paint one pixel line and copy it down the row.
      const lines = glyphs ? y1 : y0 + 1;
      for (let y = y0; y < lines; y++) {
        // Stretched rows (taller than a cell) repeat sprite lines evenly.
        const sy = rowH === cellH ? y - top : Math.min(cellH - 1, Math.floor(((y - top) * cellH) / rowH));
        const src = sy * cellW;
        const dst = y * W;
        for (let k = first, x = x0 + first * cellW; k < last; k++, x += cellW) {
          const a = x < r.x0 ? r.x0 : x;
          const b = x + cellW > r.x1 ? r.x1 : x + cellW;
          const sprite = line[k];
          for (let p = a, q = src + (a - x); p < b; p++, q++) px[dst + p] = sprite[q];
        }
      }
      if (!glyphs) for (let y = y0 + 1; y < y1; y++) px.copyWithin(y * W + r.x0, y0 * W + r.x0, y0 * W + r.x1);
    }
  }

  private surfaceFor(ctx: CanvasRenderingContext2D, role: string, w: number, h: number): Surface {
    const id = `${role} ${w}x${h}`;
    let surface = this.surfaces.get(id);
    if (!surface) {
      // A few sizes at most (body, header rows); a resize leaves stale ones behind.
      if (this.surfaces.size >= 4) this.surfaces.clear();
      const image = ctx.createImageData(w, h);
      surface = { image, pixels: new Uint32Array(image.data.buffer) };
      this.surfaces.set(id, surface);
    }
    return surface;
  }

  private background(): number {
    if (this.backgroundPixel === undefined) {
      const ctx = this.scratch;
      ctx.fillStyle = this.spec.background;
      ctx.fillRect(0, 0, 1, 1);
      this.backgroundPixel = new Uint32Array(ctx.getImageData(0, 0, 1, 1).data.buffer)[0];
    }
    return this.backgroundPixel;
  }

  /** Draws the cell for `key` once with the canvas API and keeps its pixels. */
  private paintSprite(key: number): Uint32Array {
    const { cellW, cellH, glyphs, font } = this.spec;
    const style = this.spec.style(key);
    const ctx = this.scratch;
    ctx.globalAlpha = 1;
    ctx.fillStyle = style.background ?? this.spec.background;
    ctx.fillRect(0, 0, cellW, cellH);
    if (glyphs) {
      ctx.font = font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = style.foreground;
      ctx.fillText(style.glyph, cellW / 2, cellH / 2 + 0.5);
    } else if (!style.background && style.glyph !== '-' && style.glyph !== '.') {
      // Uncoloured residues at overview zoom: a faint block, so sequence still differs from gap.
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = style.foreground;
      ctx.fillRect(0, 0, cellW, cellH);
      ctx.globalAlpha = 1;
    }
    const sprite = new Uint32Array(ctx.getImageData(0, 0, cellW, cellH).data.buffer.slice(0));
    this.sprites[key] = sprite;
    return sprite;
  }
}

/** Moves the pixels by (-dx, -dy): the content scrolled by (dx, dy). */
function shift(px: Uint32Array, W: number, H: number, dx: number, dy: number): void {
  if (dy > 0) px.copyWithin(0, dy * W, H * W);
  else if (dy < 0) px.copyWithin(-dy * W, 0, (H + dy) * W);
  if (dx > 0) for (let y = 0; y < H; y++) px.copyWithin(y * W, y * W + dx, y * W + W);
  else if (dx < 0) for (let y = 0; y < H; y++) px.copyWithin(y * W - dx, y * W, y * W + W + dx);
}

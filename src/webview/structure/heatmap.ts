/**
 * The PAE heat map: the matrix image on one canvas (computed once), the linked markers on a
 * second canvas above it (cheap to redraw). Hover reads a residue pair; drag a rectangle to
 * select a block (its two segments light up in 3-D and on the plot); a click selects the
 * scored residue. Keyboard: arrows move a cell cursor (Shift: 10); Space starts a block at
 * the cursor and a second Space closes it; Enter selects the cursor's residue; Esc clears.
 */
import type { PaeMatrix } from '../../core/pae';
import { blockOfRect, imageSide, paeImage, pairAt, spanOf } from './heatmapGeometry';
import type { LinkState, Links } from './links';

export interface HeatmapOptions {
  describePair(row: number, col: number): string;
  onActivate(index: number): void;
}

export class PaeHeatmap {
  readonly element: HTMLDivElement;
  private readonly image: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private size = 320;
  private drag: { x: number; y: number; x1: number; y1: number } | undefined;
  private cursor = { row: 0, col: 0 };
  private anchor: { row: number; col: number } | undefined;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly pae: PaeMatrix,
    private readonly links: Links,
    private readonly options: HeatmapOptions,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'pae-map';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'application');
    this.element.setAttribute('aria-roledescription', 'PAE heat map');
    this.element.setAttribute('aria-label', `Predicted aligned error, ${pae.n} × ${pae.n} residues. Drag or Space to select a block; arrows move.`);
    this.image = document.createElement('canvas');
    this.image.className = 'pae-image';
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'pae-overlay';
    this.element.append(this.image, this.overlay);
    this.overlay.addEventListener('pointerdown', (e) => this.onDown(e));
    this.overlay.addEventListener('pointermove', (e) => this.onMove(e));
    this.overlay.addEventListener('pointerup', (e) => this.onUp(e));
    this.overlay.addEventListener('pointerleave', () => {
      if (!this.drag) this.links.hover(undefined, 'pae');
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.observer = new ResizeObserver(() => this.layout());
  }

  attach(): void {
    this.layout(true);
    this.observer.observe(this.element);
  }

  dispose(): void {
    this.observer.disconnect();
  }

  private layout(force = false): void {
    const size = Math.max(120, Math.min(480, Math.floor(this.element.clientWidth)));
    if (size === this.size && !force) return;
    this.size = size;
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.image, this.overlay]) {
      c.width = Math.round(size * dpr);
      c.height = Math.round(size * dpr);
      c.style.width = `${size}px`;
      c.style.height = `${size}px`;
    }
    this.element.style.height = `${size}px`;
    this.paint();
    this.show(this.links.current);
  }

  /** The matrix image at its own resolution, computed once (a resize only rescales it). */
  private matrixImage: HTMLCanvasElement | undefined;

  private paint(): void {
    const ctx = this.image.getContext('2d');
    if (!ctx) return;
    if (!this.matrixImage) {
      const side = imageSide(this.pae.n);
      const scratch = document.createElement('canvas');
      scratch.width = side;
      scratch.height = side;
      scratch.getContext('2d')?.putImageData(new ImageData(paeImage(this.pae, side), side, side), 0, 0);
      this.matrixImage = scratch;
    }
    ctx.imageSmoothingEnabled = this.matrixImage.width > this.image.width;
    ctx.drawImage(this.matrixImage, 0, 0, this.image.width, this.image.height);
  }

  /** Redraws the markers: hover crosshair, selected residue, block rectangle, drag rectangle, keyboard cursor. */
  show(state: Readonly<LinkState>): void {
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    const dpr = this.overlay.width / this.size;
    const n = this.pae.n;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.size, this.size);
    const band = (i: number, colour: string) => {
      const [a, b] = spanOf(this.size, n, i, i);
      const w = Math.max(1.5, b - a);
      ctx.fillStyle = colour;
      ctx.fillRect(a + (b - a) / 2 - w / 2, 0, w, this.size);
      ctx.fillRect(0, a + (b - a) / 2 - w / 2, this.size, w);
    };
    if (state.selected !== undefined) band(state.selected, 'rgba(255, 60, 208, 0.75)');
    if (state.hover !== undefined) {
      if (state.hoverRow !== undefined) {
        const [x0, x1] = spanOf(this.size, n, state.hover, state.hover);
        const [y0, y1] = spanOf(this.size, n, state.hoverRow, state.hoverRow);
        ctx.strokeStyle = 'rgba(255, 60, 208, 0.95)';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x0 - 2, y0 - 2, Math.max(1, x1 - x0) + 4, Math.max(1, y1 - y0) + 4);
      } else band(state.hover, 'rgba(255, 60, 208, 0.45)');
    }
    if (state.block) {
      const [x0, x1] = spanOf(this.size, n, state.block.cols[0], state.block.cols[1]);
      const [y0, y1] = spanOf(this.size, n, state.block.rows[0], state.block.rows[1]);
      ctx.fillStyle = 'rgba(255, 60, 208, 0.12)';
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#ff3cd0';
      ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    }
    if (this.drag) {
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.strokeRect(this.drag.x, this.drag.y, this.drag.x1 - this.drag.x, this.drag.y1 - this.drag.y);
      ctx.setLineDash([]);
    }
    if (document.activeElement === this.element) {
      const [x0, x1] = spanOf(this.size, n, this.cursor.col, this.cursor.col);
      const [y0, y1] = spanOf(this.size, n, this.cursor.row, this.cursor.row);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.strokeRect(x0 - 3, y0 - 3, Math.max(1, x1 - x0) + 6, Math.max(1, y1 - y0) + 6);
    }
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = this.overlay.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const { x, y } = this.point(e);
    this.drag = { x, y, x1: x, y1: y };
    this.overlay.setPointerCapture(e.pointerId);
  }

  private onMove(e: PointerEvent): void {
    const { x, y } = this.point(e);
    if (this.drag) {
      this.drag.x1 = x;
      this.drag.y1 = y;
      this.show(this.links.current);
      return;
    }
    const pair = pairAt(this.size, this.pae.n, x, y);
    this.links.hover(pair?.col, 'pae', pair?.row);
    if (pair) this.overlay.title = this.options.describePair(pair.row, pair.col);
  }

  private onUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag) return;
    if (this.overlay.hasPointerCapture(e.pointerId)) this.overlay.releasePointerCapture(e.pointerId);
    const moved = Math.abs(drag.x1 - drag.x) + Math.abs(drag.y1 - drag.y);
    if (moved < 4) {
      const pair = pairAt(this.size, this.pae.n, drag.x, drag.y);
      if (pair) {
        this.links.select(pair.col, 'pae');
        this.options.onActivate(pair.col);
      }
      return;
    }
    this.links.selectBlock(blockOfRect(this.size, this.pae.n, drag.x, drag.y, drag.x1, drag.y1), 'pae');
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.pae.n;
    const step = e.shiftKey ? 10 : 1;
    const c = this.cursor;
    switch (e.key) {
      case 'ArrowRight':
        c.col = Math.min(n - 1, c.col + step);
        break;
      case 'ArrowLeft':
        c.col = Math.max(0, c.col - step);
        break;
      case 'ArrowDown':
        c.row = Math.min(n - 1, c.row + step);
        break;
      case 'ArrowUp':
        c.row = Math.max(0, c.row - step);
        break;
      case ' ':
        // Space: first press anchors a block at the cursor, the second closes it there.
        if (!this.anchor) this.anchor = { ...c };
        else {
          const a = this.anchor;
          this.anchor = undefined;
          this.links.selectBlock({ rows: [a.row, c.row], cols: [a.col, c.col] }, 'keyboard');
        }
        e.preventDefault();
        return;
      case 'Enter':
        this.links.select(c.col, 'keyboard');
        this.options.onActivate(c.col);
        e.preventDefault();
        return;
      case 'Escape':
        this.anchor = undefined;
        this.links.clear('keyboard');
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.links.hover(c.col, 'keyboard', c.row);
    this.element.setAttribute('aria-valuetext', this.options.describePair(c.row, c.col));
    this.status?.(this.options.describePair(c.row, c.col));
  }

  /** Where keyboard moves are announced (the view's live status line). */
  status: ((text: string) => void) | undefined;
}

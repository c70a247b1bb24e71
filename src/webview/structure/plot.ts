/**
 * The per-residue pLDDT plot: an SVG drawn with DOM APIs, band backgrounds in the legend's
 * colours, chain dividers, and markers for the linked hover / selection / PAE block. Keyboard:
 * it is one focusable slider over residues (arrows, Shift: 10, Page Up/Down: 100, Home/End,
 * Enter centres the 3-D view, Esc clears).
 */
import type { Residue } from '../../core/structure';
import { BANDS } from './confidence';
import type { LinkState, Links } from './links';
import { chainStarts, indexAt, linePath, plotBox, residueTicks, slotWidth, xOf, yOf, type PlotBox } from './plotGeometry';
import { svg } from './svg';

export interface PlotOptions {
  describe(index: number): string;
  onActivate(index: number): void;
}

const HEIGHT = 150;

export class PlddtPlot {
  readonly element: HTMLDivElement;
  private readonly root: SVGSVGElement;
  private readonly markers: SVGGElement;
  private box: PlotBox = plotBox(600, HEIGHT);
  private readonly observer: ResizeObserver;

  constructor(
    private readonly residues: readonly Residue[],
    private readonly values: readonly number[],
    private readonly links: Links,
    private readonly options: PlotOptions,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'plddt-plot';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'slider');
    this.element.setAttribute('aria-label', 'Per-residue pLDDT plot: arrow keys choose a residue');
    this.element.setAttribute('aria-valuemin', '1');
    this.element.setAttribute('aria-valuemax', String(values.length));
    this.root = svg('svg', { class: 'plot', role: 'img', 'aria-label': `pLDDT of ${values.length} residues` });
    this.markers = svg('g', { class: 'markers' });
    this.element.append(this.root);
    this.element.addEventListener('pointermove', (e) => this.links.hover(this.indexAtEvent(e), 'plot'));
    this.element.addEventListener('pointerleave', () => this.links.hover(undefined, 'plot'));
    this.element.addEventListener('click', (e) => {
      const i = this.indexAtEvent(e);
      if (i !== undefined) {
        this.links.select(i, 'plot');
        this.options.onActivate(i);
      }
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.observer = new ResizeObserver(() => this.draw());
  }

  /** Draws once the element is in the page (its width decides the geometry), and on resize. */
  attach(): void {
    this.draw();
    this.observer.observe(this.element);
  }

  dispose(): void {
    this.observer.disconnect();
  }

  private indexAtEvent(e: MouseEvent): number | undefined {
    const rect = this.root.getBoundingClientRect();
    return indexAt(this.box, this.values.length, e.clientX - rect.left);
  }

  private draw(): void {
    const width = Math.max(200, Math.floor(this.element.clientWidth));
    if (width === this.box.width && this.root.childNodes.length) return;
    const b = (this.box = plotBox(width, HEIGHT));
    const n = this.values.length;
    this.root.setAttribute('viewBox', `0 0 ${b.width} ${b.height}`);
    this.root.setAttribute('width', String(b.width));
    this.root.setAttribute('height', String(b.height));
    const bands = svg('g', { class: 'bands' });
    const edges = [100, 90, 70, 50, 0];
    BANDS.forEach((band, k) => {
      const y0 = yOf(b, edges[k]);
      const y1 = yOf(b, edges[k + 1]);
      bands.append(svg('rect', { x: b.left, y: y0, width: b.width - b.left - b.right, height: y1 - y0, fill: band.css, class: `band band-${band.id}` }));
    });
    const axes = svg('g', { class: 'axes' });
    for (const v of [0, 50, 70, 90, 100]) {
      const y = yOf(b, v);
      axes.append(svg('line', { x1: b.left, x2: b.width - b.right, y1: y, y2: y, class: 'grid' }));
      axes.append(svg('text', { x: b.left - 4, y: y + 3.5, 'text-anchor': 'end', class: 'tick' }, String(v)));
    }
    for (const t of residueTicks(b, n)) {
      const x = xOf(b, n, t - 1);
      axes.append(svg('line', { x1: x, x2: x, y1: b.height - b.bottom, y2: b.height - b.bottom + 3, class: 'grid' }));
      axes.append(svg('text', { x, y: b.height - 6, 'text-anchor': 'middle', class: 'tick' }, String(t)));
    }
    const chains = this.residues.map((r) => r.chain);
    for (const i of chainStarts(chains)) {
      const x = b.left + (i * (b.width - b.left - b.right)) / n;
      axes.append(svg('line', { x1: x, x2: x, y1: b.top, y2: b.height - b.bottom, class: 'chain-break' }));
      axes.append(svg('text', { x: x + 3, y: b.top + 10, class: 'chain-label' }, `chain ${this.residues[i].chain}`));
    }
    const line = svg('path', { d: linePath(b, this.values), class: 'line' });
    this.root.replaceChildren(bands, axes, line, this.markers);
    this.show(this.links.current);
  }

  /** Redraws only the markers (hover, selection, PAE block ranges). */
  show(state: Readonly<LinkState>): void {
    const b = this.box;
    const n = this.values.length;
    const w = slotWidth(b, n);
    const nodes: SVGElement[] = [];
    const span = (a: number, z: number, cls: string) => {
      const x0 = xOf(b, n, a) - w / 2;
      nodes.push(svg('rect', { x: x0, y: b.top, width: Math.max(1, xOf(b, n, z) + w / 2 - x0), height: b.height - b.top - b.bottom, class: cls }));
    };
    if (state.block) {
      span(state.block.rows[0], state.block.rows[1], 'block block-rows');
      span(state.block.cols[0], state.block.cols[1], 'block block-cols');
    }
    const mark = (i: number | undefined, cls: string) => {
      if (i === undefined) return;
      const x = xOf(b, n, i);
      nodes.push(svg('line', { x1: x, x2: x, y1: b.top, y2: b.height - b.bottom, class: cls }));
      nodes.push(svg('circle', { cx: x, cy: yOf(b, this.values[i]), r: 3.5, class: `${cls}-dot` }));
    };
    mark(state.selected, 'selected');
    if (state.hoverRow !== undefined && state.hoverRow !== state.hover) mark(state.hoverRow, 'hover');
    mark(state.hover, 'hover');
    this.markers.replaceChildren(...nodes);
    const focus = state.selected ?? state.hover;
    if (focus !== undefined) {
      this.element.setAttribute('aria-valuenow', String(focus + 1));
      this.element.setAttribute('aria-valuetext', this.options.describe(focus));
    }
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.values.length;
    const current = this.links.current.selected ?? this.links.current.hover ?? -1;
    const step = e.shiftKey ? 10 : 1;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = Math.min(n - 1, current + step);
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = Math.max(0, current < 0 ? 0 : current - step);
        break;
      case 'PageUp':
        next = Math.min(n - 1, current + 100);
        break;
      case 'PageDown':
        next = Math.max(0, current - 100);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'Enter':
      case ' ':
        if (current >= 0) this.options.onActivate(current);
        e.preventDefault();
        return;
      case 'Escape':
        this.links.clear('keyboard');
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.links.select(next, 'keyboard');
  }
}

/**
 * The alignment canvas: a native scroll container whose content is an empty spacer the size of
 * the whole alignment, with one viewport-sized canvas kept in place by `position: sticky`. The
 * browser does the scrolling (wheel, touchpad, scrollbars); each scroll draws only what is in
 * view on the next animation frame. Mouse and keyboard move a cursor cell that the status line
 * describes. Rows arrive in batches while the file is read (`rowsAdded`) and statistics from the
 * worker (`setStats`): the viewer computes nothing over all rows itself.
 */
import type { ColumnStats } from '../../core/alignmentStats';
import { el } from '../common/dom';
import { CellPainter } from './cells';
import { keyAction, type KeyAction } from './keys';
import {
  CELL_WIDTHS,
  contentSize,
  DEFAULT_CELL_WIDTH,
  hitTest,
  metrics,
  nextCellWidth,
  pageSize,
  visibleWindow,
  type Hit,
  type Metrics,
} from './layout';
import { LogoPainter } from './logo';
import type { AlignmentModel } from './model';
import { drawFrame } from './render';
import { makeScheme, type ColourScheme, type SchemeId } from './schemes';
import { moveCursor, rowPosition, scrollToReveal, type Cursor } from './navigation';
import { scrollingRows, type RowOrder } from './search';
import { describeCell, describeColumn, describeHit, describeLogo } from './status';
import { readTheme, type Theme } from './theme';
import { Tooltip } from './tooltip';

export interface ViewerCallbacks {
  /** The cursor moved: the status line text (or '' when nothing is selected). */
  onCursor(text: string): void;
  /** Scheme, zoom or scroll changed (to persist them, and to update the toolbar). */
  onViewChange(): void;
}

/** The viewer's own work per frame (ms), last `FRAME_LOG` frames: read by `npm run bench` through the page. */
const FRAME_LOG = 4096;
export const frameLog = { times: new Float32Array(FRAME_LOG), count: 0 };

export interface ViewSettings {
  scheme: SchemeId;
  cellWidth: number;
  scrollLeft: number;
  scrollTop: number;
}

export interface SearchResult {
  count: number;
  /** 1-based index of the current match, 0 when none. */
  current: number;
}

export class MsaViewer {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly spacer: HTMLDivElement;
  private readonly tooltip: Tooltip;

  private model: AlignmentModel;
  private stats: ColumnStats | undefined;
  private consensus: Uint8Array | undefined;
  private order: RowOrder;
  private matchFlags: Uint8Array;
  private matches: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private matchIndex = -1;
  private filterOnly = false;
  private schemeId: SchemeId;
  private scheme: ColourScheme;
  private cellWidth = DEFAULT_CELL_WIDTH;
  private namesCss = 160;
  private theme: Theme;
  private m!: Metrics;
  /** Sprites for the current zoom, scheme and theme; undefined when one of them changed. */
  private cells: CellPainter | undefined;
  private readonly logo = new LogoPainter();
  private pending = 'reading…';
  private cursor: Cursor | undefined;
  private frame = 0;
  /** Bumped when what the rows show changes other than by scrolling (see Frame.version). */
  private version = 0;
  /** Called after the next frame that has rows in it (the first screen of a load). */
  private rowsDrawn: (() => void) | undefined;
  private readonly disposers: (() => void)[] = [];

  constructor(
    parent: HTMLElement,
    model: AlignmentModel,
    private readonly callbacks: ViewerCallbacks,
    initial?: Partial<ViewSettings>,
  ) {
    this.canvas = el('canvas', { class: 'stage', attrs: { 'aria-hidden': 'true' } });
    this.spacer = el('div', { class: 'spacer' });
    this.element = el(
      'div',
      {
        class: 'viewer',
        attrs: {
          tabindex: '0',
          role: 'application',
          'aria-roledescription': 'alignment',
          'aria-describedby': 'msa-help',
        },
      },
      this.canvas,
      this.spacer,
    );
    this.tooltip = new Tooltip();
    parent.append(this.element, this.tooltip.element);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This webview cannot draw on a canvas.');
    this.ctx = ctx;
    this.theme = readTheme();

    this.model = model;
    this.order = scrollingRows(model.rowCount, model.queryIndex);
    this.matchFlags = new Uint8Array(model.rowCount);
    this.schemeId = initial?.scheme ?? (looksNucleic(model) ? 'nucleotide' : 'clustal');
    this.scheme = makeScheme(this.schemeId, () => this.stats);
    if (initial?.cellWidth && CELL_WIDTHS.includes(initial.cellWidth)) this.cellWidth = initial.cellWidth;
    this.namesCss = this.measureNames();
    this.updateLabel();
    this.installEvents();
    this.resize();
    if (initial?.scrollLeft || initial?.scrollTop) {
      this.element.scrollLeft = initial.scrollLeft ?? 0;
      this.element.scrollTop = initial.scrollTop ?? 0;
    }
    this.requestDraw();
  }

  /** Shows a new version of the alignment (file changed), keeping zoom, scheme and scroll. */
  setModel(model: AlignmentModel): void {
    this.model = model;
    this.stats = undefined;
    this.consensus = undefined;
    this.matchFlags = new Uint8Array(model.rowCount);
    this.matches = new Int32Array(0);
    this.matchIndex = -1;
    this.order = scrollingRows(model.rowCount, model.queryIndex);
    if (this.cursor && (this.cursor.row >= model.rowCount || this.cursor.col >= model.width)) this.cursor = undefined;
    this.namesCss = this.measureNames();
    this.updateLabel();
    this.relayout();
    this.reportCursor();
  }

  /** More rows of the current model arrived: the scroll range grows, the view repaints. */
  rowsAdded(): void {
    const n = this.model.rowCount;
    if (this.matchFlags.length < n) {
      const flags = new Uint8Array(Math.max(n, this.matchFlags.length * 2));
      flags.set(this.matchFlags);
      this.matchFlags = flags;
    }
    const before = this.order.length;
    if (!(this.filterOnly && this.matches.length)) this.order = scrollingRows(n, this.model.queryIndex);
    this.updateLabel();
    const names = this.measureNames();
    if (names !== this.namesCss) {
      this.namesCss = names;
      this.relayout();
      return;
    }
    // Rows are appended: the body changes only if the view reached past the old last row.
    this.sizeSpacer();
    if (visibleWindow(this.m, this.scrollX, this.scrollY, this.model.width, this.order.length).row1 > before) this.version++;
    this.requestDraw();
  }

  /** Column statistics from the worker (over the rows so far, then over all of them). */
  setStats(stats: ColumnStats): void {
    this.stats = stats;
    this.consensus = Uint8Array.from(stats.consensus, (c) => c.charCodeAt(0));
    this.version++;
    this.requestDraw();
    this.reportCursor();
  }

  /** `fn` runs once, right after the next frame that draws rows. */
  /**
   * Calls `fn` once rows have been drawn. `now`: draw at once instead of in the next animation
   * frame (the first screen of a load: the frame it is composited in comes one frame sooner).
   */
  onRowsDrawnOnce(fn: () => void, { now = false } = {}): void {
    this.rowsDrawn = fn;
    if (!now) return this.requestDraw();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  /** What the conservation track says while there are no statistics yet. */
  setPending(text: string): void {
    if (text === this.pending) return;
    this.pending = text;
    if (!this.stats) this.requestDraw();
  }

  get alignment(): AlignmentModel {
    return this.model;
  }

  get columnStats(): ColumnStats | undefined {
    return this.stats;
  }

  get settings(): ViewSettings {
    return { scheme: this.schemeId, cellWidth: this.cellWidth, scrollLeft: this.element.scrollLeft, scrollTop: this.element.scrollTop };
  }

  get colourScheme(): ColourScheme {
    return this.scheme;
  }

  setScheme(id: SchemeId): void {
    if (id === this.schemeId) return;
    this.schemeId = id;
    this.scheme = makeScheme(id, () => this.stats);
    this.cells = undefined;
    this.requestDraw();
    this.callbacks.onViewChange();
  }

  /** +1 zooms in, -1 out, keeping the cursor column (or the centre) where it is on screen. */
  zoom(direction: 1 | -1): void {
    const next = nextCellWidth(this.cellWidth, direction);
    if (next === this.cellWidth) return;
    const m = this.m;
    const win = visibleWindow(m, this.scrollX, this.scrollY, this.model.width, this.order.length);
    const cursorVisible = this.cursor && this.cursor.col >= win.col0 && this.cursor.col < win.col1;
    const anchorCol = cursorVisible && this.cursor ? this.cursor.col : Math.floor((this.scrollX + (m.width - m.namesW) / 2) / m.cellW);
    const anchorX = anchorCol * m.cellW - this.scrollX;
    const anchorRow = Math.floor((this.scrollY + (m.height - m.headerH) / 2) / m.cellH);
    const anchorY = anchorRow * m.cellH - this.scrollY;
    this.cellWidth = next;
    this.tooltip.hide();
    this.relayout();
    // The anchor keeps its place on screen: same offset from the names column and the header.
    this.element.scrollLeft = Math.max(0, anchorCol * this.m.cellW - anchorX) / this.m.dpr;
    this.element.scrollTop = Math.max(0, anchorRow * this.m.cellH - anchorY) / this.m.dpr;
    this.callbacks.onViewChange();
  }

  get zoomLevel(): { cellWidth: number; min: boolean; max: boolean } {
    return { cellWidth: this.cellWidth, min: this.cellWidth <= CELL_WIDTHS[0], max: this.cellWidth >= CELL_WIDTHS[CELL_WIDTHS.length - 1] };
  }

  /** Highlights the names containing `query` and moves to the first; empty clears. */
  search(query: string): SearchResult {
    this.matchFlags.fill(0);
    this.matches = this.model.findNames(query);
    for (const i of this.matches) this.matchFlags[i] = 1;
    this.matchIndex = -1;
    this.applyFilter();
    if (this.matches.length) this.goToMatch(0);
    else this.requestDraw();
    return this.searchResult;
  }

  /** Next (+1) or previous (-1) match, wrapping around. */
  nextMatch(direction: 1 | -1): SearchResult {
    if (this.matches.length) this.goToMatch((this.matchIndex + direction + this.matches.length) % this.matches.length);
    return this.searchResult;
  }

  get searchResult(): SearchResult {
    return { count: this.matches.length, current: this.matchIndex + 1 };
  }

  /** With `only`, just the matching sequences scroll under the query. */
  setFilter(only: boolean): void {
    this.filterOnly = only;
    this.applyFilter();
  }

  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    for (const d of this.disposers.splice(0)) d();
    this.element.remove();
    this.tooltip.element.remove();
  }

  // -------------------------------------------------------------------------------------------

  private get scrollX(): number {
    return Math.round(this.element.scrollLeft * this.m.dpr);
  }

  private get scrollY(): number {
    return Math.round(this.element.scrollTop * this.m.dpr);
  }

  private updateLabel(): void {
    const { rowCount, width } = this.model;
    this.element.setAttribute('aria-label', `Alignment of ${rowCount} sequences, ${width} columns`);
  }

  /** Wide enough for the longest name (within reason), measured in the names font. */
  private measureNames(): number {
    const longest = this.model.longestName;
    this.ctx.font = `12px ${this.theme.labelFont}`;
    const advance = this.ctx.measureText('M').width || 7.2;
    return Math.round(Math.min(220, Math.max(110, longest * advance + 16)));
  }

  private applyFilter(): void {
    this.order = scrollingRows(this.model.rowCount, this.model.queryIndex, this.filterOnly && this.matches.length ? this.matches : undefined);
    this.relayout();
  }

  private goToMatch(index: number): void {
    this.matchIndex = index;
    const row = this.matches[index];
    this.cursor = { row, col: this.cursor?.col ?? this.firstVisibleColumn() };
    const pos = this.order.position(row);
    if (pos >= 0) {
      // The match goes to the top of the scrolling rows, as a "find" in a text editor would.
      this.element.scrollTop = (pos * this.m.cellH) / this.m.dpr;
    }
    this.ensureVisible();
    this.reportCursor();
    this.requestDraw();
  }

  private firstVisibleColumn(): number {
    return visibleWindow(this.m, this.scrollX, this.scrollY, this.model.width, this.order.length).col0;
  }

  /** Canvas and spacer follow the container size and devicePixelRatio. */
  private resize(): void {
    const w = this.element.clientWidth;
    const h = this.element.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.relayout(w, h, dpr);
  }

  private relayout(w = this.element.clientWidth, h = this.element.clientHeight, dpr = this.m?.dpr ?? window.devicePixelRatio ?? 1): void {
    const m = metrics(w, h, dpr, this.cellWidth, this.namesCss);
    this.version++;
    const cellsStale = !this.m || m.cellW !== this.m.cellW || m.cellH !== this.m.cellH || m.dpr !== this.m.dpr;
    this.m = m;
    if (this.canvas.width !== m.width) this.canvas.width = m.width;
    if (this.canvas.height !== m.height) this.canvas.height = m.height;
    if (cellsStale) this.cells = undefined;
    // The geometry in CSS px, for automation and tests that click on cells.
    const d = this.element.dataset;
    d.namesWidth = String(m.namesW / dpr);
    d.headerHeight = String(m.headerH / dpr);
    d.queryTop = String(m.queryY / dpr);
    d.cellWidth = String(m.cellW / dpr);
    d.cellHeight = String(m.cellH / dpr);
    this.sizeSpacer(h);
    this.requestDraw();
  }

  /** The scrollable extent: the canvas itself takes the first viewport of height, the spacer the rest. */
  private sizeSpacer(h = this.element.clientHeight): void {
    const { m } = this;
    const size = contentSize(m, this.model.width, this.order.length);
    this.spacer.style.width = `${Math.ceil(size.width / m.dpr)}px`;
    this.spacer.style.height = `${Math.max(0, Math.ceil(size.height / m.dpr) - h)}px`;
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const started = performance.now();
    if (!this.cells) {
      const scheme = this.scheme;
      const theme = this.theme;
      this.cells = new CellPainter({
        cellW: this.m.cellW,
        cellH: this.m.cellH,
        glyphs: this.m.glyphs,
        font: `${this.m.residueFont}px ${theme.residueFont}`,
        background: theme.background,
        style: (key) => scheme.style(key, theme),
        key: (code, column) => scheme.key(code, column),
      });
    }
    drawFrame(this.ctx, {
      model: this.model,
      stats: this.stats,
      consensus: this.consensus,
      order: this.order,
      matches: this.matchFlags,
      scheme: this.scheme,
      cells: this.cells,
      logo: this.logo,
      pending: this.pending,
      theme: this.theme,
      m: this.m,
      scrollX: this.scrollX,
      scrollY: this.scrollY,
      cursor: this.cursor,
      version: this.version,
    });
    frameLog.times[frameLog.count++ % FRAME_LOG] = performance.now() - started;
    if (this.rowsDrawn && this.model.rowCount > 0) {
      const done = this.rowsDrawn;
      this.rowsDrawn = undefined;
      done();
    }
  }

  private installEvents(): void {
    const on = <K extends keyof HTMLElementEventMap>(target: HTMLElement | Window, type: K, fn: (e: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions) => {
      target.addEventListener(type, fn as EventListener, options);
      this.disposers.push(() => target.removeEventListener(type, fn as EventListener, options));
    };
    let persistTimer = 0;
    on(this.element, 'scroll', () => {
      this.requestDraw();
      this.tooltip.hide();
      clearTimeout(persistTimer);
      persistTimer = window.setTimeout(() => this.callbacks.onViewChange(), 300);
    });
    on(
      this.element,
      'wheel',
      (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        // Ctrl + wheel (and touchpad pinch) zooms the residues, not the page.
        e.preventDefault();
        this.zoom(e.deltaY < 0 ? 1 : -1);
      },
      { passive: false },
    );
    on(this.element, 'mousemove', (e) => this.hover(e));
    on(this.element, 'mouseleave', () => this.tooltip.hide());
    on(this.element, 'mousedown', (e) => {
      if (e.button !== 0) return;
      this.click(this.hitAt(e));
      this.focus();
    });
    on(this.element, 'keydown', (e) => {
      const action = keyAction(e);
      if (!action) return;
      e.preventDefault();
      this.onKey(action);
    });
    const observer = new ResizeObserver(() => this.resize());
    observer.observe(this.element);
    this.disposers.push(() => observer.disconnect());
    // VS Code switches theme by changing the body's class; the canvas must follow.
    const themeObserver = new MutationObserver(() => {
      this.theme = readTheme();
      this.cells = undefined;
      this.requestDraw();
    });
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.disposers.push(() => themeObserver.disconnect());
  }

  private hitAt(e: MouseEvent): Hit {
    const rect = this.canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left) * this.m.dpr;
    const y = (e.clientY - rect.top) * this.m.dpr;
    return hitTest(this.m, x, y, this.scrollX, this.scrollY, this.model.width, this.order.length);
  }

  private hover(e: MouseEvent): void {
    const text = describeHit(this.model, this.order, this.stats, this.hitAt(e));
    if (text) this.tooltip.show(text, e.clientX, e.clientY);
    else this.tooltip.hide();
  }

  private click(hit: Hit): void {
    const model = this.model;
    switch (hit.area) {
      case 'cell':
        this.cursor = { row: this.order.at(hit.row), col: hit.col };
        break;
      case 'query':
        this.cursor = { row: model.queryIndex, col: hit.col };
        break;
      case 'consensus':
      case 'track':
      case 'ruler':
      case 'logo':
        this.cursor = { row: this.cursor?.row ?? model.queryIndex, col: hit.col };
        this.requestDraw();
        this.callbacks.onCursor(hit.area === 'logo' ? describeLogo(hit.col, this.stats) : describeColumn(hit.col, this.stats));
        return;
      case 'name':
        this.cursor = { row: this.order.at(hit.row), col: this.cursor?.col ?? this.firstVisibleColumn() };
        break;
      case 'queryName':
        this.cursor = { row: model.queryIndex, col: this.cursor?.col ?? this.firstVisibleColumn() };
        break;
      case 'none':
        return;
    }
    this.reportCursor();
    this.requestDraw();
  }

  private reportCursor(): void {
    const c = this.cursor;
    this.callbacks.onCursor(c && c.row < this.model.rowCount ? describeCell(this.model, c.row, c.col) : '');
  }

  private onKey(action: KeyAction): void {
    const model = this.model;
    if (action.kind === 'zoom') return this.zoom(action.direction);
    if (action.kind === 'find') {
      document.getElementById('msa-search')?.focus();
      return;
    }
    if (action.kind === 'clear') {
      this.cursor = undefined;
      this.reportCursor();
      this.requestDraw();
      return;
    }
    if (!this.cursor) {
      // The first key press puts the cursor on the top-left cell in view.
      this.cursor = { row: model.queryIndex, col: this.firstVisibleColumn() };
      if (action.kind === 'move' || action.kind === 'page') {
        this.reportCursor();
        this.requestDraw();
        return;
      }
    }
    const grid = { order: this.order, queryIndex: model.queryIndex, width: model.width, pageRows: pageSize(this.m).rows };
    const { cursor, scrollRows } = moveCursor(this.cursor, action, grid);
    if (scrollRows) this.element.scrollTop += (scrollRows * this.m.cellH) / this.m.dpr;
    this.cursor = cursor;
    this.ensureVisible();
    this.reportCursor();
    this.requestDraw();
  }

  /** Scrolls the least needed to bring the cursor cell into view. */
  private ensureVisible(): void {
    const c = this.cursor;
    if (!c) return;
    const pos = rowPosition({ order: this.order, queryIndex: this.model.queryIndex, width: this.model.width, pageRows: 0 }, c.row);
    const { x, y } = scrollToReveal(this.m, this.scrollX, this.scrollY, c.col, pos);
    if (x !== this.scrollX) this.element.scrollLeft = x / this.m.dpr;
    if (y !== this.scrollY) this.element.scrollTop = y / this.m.dpr;
  }
}

/** Nucleotide colours by default when the query is ≥ 90 % A, C, G, T, U, N (the stats confirm later). */
function looksNucleic(model: AlignmentModel): boolean {
  const q = model.row(model.queryIndex);
  let residues = 0;
  let nucleic = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q[i] | 32;
    if (c === 45 || c === 46) continue;
    residues++;
    if (c === 97 || c === 99 || c === 103 || c === 116 || c === 117 || c === 110) nucleic++;
  }
  return residues > 0 && nucleic / residues >= 0.9;
}

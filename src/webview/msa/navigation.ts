/**
 * Where the cursor goes for a key, and how far to scroll to keep it in view. Pure: the viewer
 * applies the results to its state and its scroll container.
 */
import type { KeyAction } from './keys';
import type { Metrics } from './layout';
import type { RowOrder } from './search';

export interface Cursor {
  /** Alignment row. */
  row: number;
  col: number;
}

export interface Grid {
  /** Alignment row of each scrolling row (the query is pinned, not among them). */
  order: RowOrder;
  queryIndex: number;
  width: number;
  /** Whole scrolling rows in view: the PageUp/PageDown step. */
  pageRows: number;
}

/** The cursor's place among the scrolling rows; -1 for the pinned query (or a row filtered out). */
export function rowPosition(grid: Grid, row: number): number {
  return row === grid.queryIndex ? -1 : grid.order.position(row);
}

/**
 * The cursor after a movement key, and how many rows the view itself scrolls (Page keys scroll
 * a page, like an editor, and the cursor travels with the view).
 */
export function moveCursor(cursor: Cursor, action: KeyAction, grid: Grid): { cursor: Cursor; scrollRows: number } {
  const last = grid.order.length - 1;
  let pos = rowPosition(grid, cursor.row);
  let col = cursor.col;
  let scrollRows = 0;
  switch (action.kind) {
    case 'move':
      pos = clamp(pos + action.rows, -1, last);
      col = clamp(col + action.cols, 0, grid.width - 1);
      break;
    case 'page':
      scrollRows = action.direction * grid.pageRows;
      pos = clamp(pos + scrollRows, -1, last);
      break;
    case 'columnEdge':
      col = action.to === 'first' ? 0 : grid.width - 1;
      break;
    case 'rowEdge':
      pos = action.to === 'first' ? -1 : last;
      break;
    default:
      return { cursor, scrollRows: 0 };
  }
  return { cursor: { row: pos < 0 ? grid.queryIndex : grid.order.at(pos), col }, scrollRows };
}

/** The smallest scroll (device px) that shows column `col` and scrolling row `pos` (-1: pinned, any y). */
export function scrollToReveal(m: Metrics, scrollX: number, scrollY: number, col: number, pos: number): { x: number; y: number } {
  const bodyW = m.width - m.namesW;
  const bodyH = m.height - m.headerH;
  let x = scrollX;
  let y = scrollY;
  const left = col * m.cellW;
  if (left < x) x = left;
  else if (left + m.cellW > x + bodyW) x = left + m.cellW - bodyW;
  if (pos >= 0) {
    const top = pos * m.cellH;
    if (top < y) y = top;
    else if (top + m.cellH > y + bodyH) y = top + m.cellH - bodyH;
  }
  return { x, y };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

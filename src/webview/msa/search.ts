/** The order of the rows that scroll under the pinned query, and finding rows in it. Pure. */

/** Alignment row of each scrolling row, without materialising 10^6 indices when nothing is filtered. */
export interface RowOrder {
  readonly length: number;
  /** Alignment row at scrolling position `pos` (0 … length − 1). */
  at(pos: number): number;
  /** Scrolling position of alignment row `row`, or -1 (the query, a row filtered out). */
  position(row: number): number;
}

/**
 * The rows that scroll under the pinned query: every row but the query, or with `only` the
 * matches (the query stays pinned either way).
 */
export function scrollingRows(rowCount: number, queryIndex: number, only?: Int32Array): RowOrder {
  if (only) {
    const rows = only.filter((i) => i !== queryIndex);
    return { length: rows.length, at: (pos) => rows[pos], position: (row) => positionOf(rows, row) };
  }
  const length = Math.max(0, rowCount - 1);
  return {
    length,
    at: (pos) => (pos < queryIndex ? pos : pos + 1),
    position: (row) => (row === queryIndex || row < 0 || row >= rowCount ? -1 : row < queryIndex ? row : row - 1),
  };
}

/** Index in `order` of alignment row `row`, or -1; `order` is ascending, so a binary search. */
export function positionOf(order: Int32Array, row: number): number {
  let lo = 0;
  let hi = order.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (order[mid] === row) return mid;
    if (order[mid] < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The rows of an order, for tests and small lists. */
export function orderToArray(order: RowOrder): number[] {
  return Array.from({ length: order.length }, (_, i) => order.at(i));
}

/** Finding sequences by name, and the scrolling-row order the search filter produces. Pure. */

/** Alignment rows whose name contains `query` (case-insensitive), in alignment order. */
export function findByName(names: readonly string[], query: string): Int32Array {
  const q = query.trim().toLowerCase();
  if (!q) return new Int32Array(0);
  const hits: number[] = [];
  for (let i = 0; i < names.length; i++) if (names[i].toLowerCase().includes(q)) hits.push(i);
  return Int32Array.from(hits);
}

/**
 * The rows that scroll under the pinned query: every row but the query, or with `only` the
 * matches (the query stays pinned either way).
 */
export function scrollingRows(rowCount: number, queryIndex: number, only?: Int32Array): Int32Array {
  if (only) return only.filter((i) => i !== queryIndex);
  const order = new Int32Array(Math.max(0, rowCount - 1));
  for (let i = 0, k = 0; i < rowCount; i++) if (i !== queryIndex) order[k++] = i;
  return order;
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

/**
 * The one selection state the three panels share (3-D view, pLDDT plot, PAE map): a hovered
 * residue, a selected residue, and a selected PAE block (two residue ranges). Each panel
 * reports what the user did here and redraws from what it is told; none talks to another.
 */

/** Inclusive residue index range (indices into the structure's residue list). */
export type Range = readonly [start: number, end: number];

export interface Block {
  /** PAE rows: the aligned segment. */
  rows: Range;
  /** PAE columns: the scored segment. */
  cols: Range;
}

export interface LinkState {
  hover?: number;
  /** With a hover over the PAE map: the aligned residue (row); `hover` is the scored one (column). */
  hoverRow?: number;
  selected?: number;
  block?: Block;
}

export type Source = 'structure' | 'plot' | 'pae' | 'keyboard';
export type Listener = (state: Readonly<LinkState>, source: Source) => void;

export class Links {
  private state: LinkState = {};
  private readonly listeners: Listener[] = [];

  constructor(private readonly residues: number) {}

  get current(): Readonly<LinkState> {
    return this.state;
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  hover(index: number | undefined, source: Source, row?: number): void {
    const next = this.valid(index);
    const nextRow = next === undefined ? undefined : this.valid(row);
    if (next === this.state.hover && nextRow === this.state.hoverRow) return;
    this.set({ ...this.state, hover: next, hoverRow: nextRow }, source);
  }

  /** Selecting a residue clears a block selection (one thing is selected at a time). */
  select(index: number | undefined, source: Source): void {
    const next = this.valid(index);
    if (next === this.state.selected && !this.state.block) return;
    this.set({ ...this.state, selected: next, block: undefined }, source);
  }

  selectBlock(block: Block | undefined, source: Source): void {
    const clamped = block && { rows: this.range(block.rows), cols: this.range(block.cols) };
    this.set({ ...this.state, block: clamped, selected: undefined }, source);
  }

  clear(source: Source): void {
    this.set({ hover: this.state.hover, hoverRow: this.state.hoverRow }, source);
  }

  private set(state: LinkState, source: Source): void {
    this.state = state;
    for (const l of this.listeners) l(this.state, source);
  }

  private valid(index: number | undefined): number | undefined {
    return index !== undefined && Number.isInteger(index) && index >= 0 && index < this.residues ? index : undefined;
  }

  private range([a, b]: Range): Range {
    const lo = Math.max(0, Math.min(a, b));
    const hi = Math.min(this.residues - 1, Math.max(a, b));
    return [lo, hi];
  }
}

/** Keyboard commands of the alignment canvas (as in Jalview / AliView cursor mode). Pure. */

export type KeyAction =
  | { kind: 'move'; rows: number; cols: number }
  | { kind: 'page'; direction: 1 | -1 }
  | { kind: 'columnEdge'; to: 'first' | 'last' }
  | { kind: 'rowEdge'; to: 'first' | 'last' }
  | { kind: 'zoom'; direction: 1 | -1 }
  | { kind: 'find' }
  | { kind: 'clear' };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Ctrl (⌘ on macOS) with an arrow jumps 10 cells. */
export function keyAction(e: KeyInput): KeyAction | undefined {
  const mod = e.ctrlKey || e.metaKey;
  const step = mod ? 10 : 1;
  switch (e.key) {
    case 'ArrowUp':
      return { kind: 'move', rows: -step, cols: 0 };
    case 'ArrowDown':
      return { kind: 'move', rows: step, cols: 0 };
    case 'ArrowLeft':
      return { kind: 'move', rows: 0, cols: -step };
    case 'ArrowRight':
      return { kind: 'move', rows: 0, cols: step };
    case 'PageUp':
      return { kind: 'page', direction: -1 };
    case 'PageDown':
      return { kind: 'page', direction: 1 };
    case 'Home':
      return mod ? { kind: 'rowEdge', to: 'first' } : { kind: 'columnEdge', to: 'first' };
    case 'End':
      return mod ? { kind: 'rowEdge', to: 'last' } : { kind: 'columnEdge', to: 'last' };
    case '+':
    case '=':
      return e.altKey ? undefined : { kind: 'zoom', direction: 1 };
    case '-':
    case '_':
      return e.altKey ? undefined : { kind: 'zoom', direction: -1 };
    case '/':
      return { kind: 'find' };
    case 'f':
    case 'F':
      return mod ? { kind: 'find' } : undefined;
    case 'Escape':
      return { kind: 'clear' };
    default:
      return undefined;
  }
}

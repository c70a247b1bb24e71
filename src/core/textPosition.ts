/**
 * Offsets ↔ line/column in submitted text, counted the way VS Code counts them (0-based lines,
 * columns in UTF-16 code units, `\r\n`, `\n` and a lone `\r` each end a line) so diagnostics land
 * on the right character in the editor. vscode-free.
 */
import type { SourceDiagnostic } from './errors';

/** A 0-based position in the file, as in a VS Code `Position`. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A 0-based half-open range in the file. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** Splits text into lines with the same line-break rule as VS Code (no line-break characters kept). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Returns a function mapping a character offset in `text` to its position in the file.
 * `lineOffset` is where `text` starts in the file (a selection), so positions point at the file.
 */
export function createPositionMapper(text: string, lineOffset = 0): (offset: number) => SourcePosition {
  const lineStarts = computeLineStarts(text);
  return (offset) => {
    const line = lastIndexAtOrBelow(lineStarts, offset);
    return { line: line + lineOffset, column: offset - lineStarts[line] };
  };
}

/** "line 3, column 14" — 1-based, for messages read by people. */
export function formatPosition(position: SourcePosition): string {
  return `line ${position.line + 1}, column ${position.column + 1}`;
}

/** Diagnostic range fields for a single character. */
export function pointAt(position: SourcePosition): Pick<SourceDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { line: position.line, column: position.column, endLine: position.line, endColumn: position.column + 1 };
}

/** Diagnostic range fields for a range. */
export function rangeFields(range: SourceRange): Pick<SourceDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

/** Orders diagnostics by position so the Problems panel and messages read top to bottom. */
export function sortDiagnostics(diagnostics: SourceDiagnostic[]): SourceDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0d) {
      // \r\n is one line break; a lone \r is one too.
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (ch === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the last element <= value in an ascending array whose first element is <= value. */
function lastIndexAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sorted[mid] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The first non-blank character (a byte order mark counts as blank) and its line. */
export interface FirstContent {
  /** -1 when the text is blank. */
  offset: number;
  position: SourcePosition;
  /** That character's line, from it to the line break. */
  line: string;
}

/**
 * Where the content starts, in time proportional to the blank prefix and the first line only:
 * format sniffing must not map a 50 MiB file's every line to learn where its first '>' is.
 */
export function firstContent(text: string, lineOffset = 0): FirstContent {
  const m = /[^\s\uFEFF]/.exec(text);
  if (!m) return { offset: -1, position: { line: lineOffset, column: 0 }, line: '' };
  const offset = m.index;
  const position = createPositionMapper(text.slice(0, offset), lineOffset)(offset);
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
  return { offset, position, line: text.slice(offset, end) };
}

/**
 * Cheap checks on a file before it is parsed: empty, too large, binary. The UI stats the file
 * first and calls this with only `byteLength`; it reads the file (and passes its first chunk)
 * only when the size is acceptable, so a 500 MB file is rejected without being read. vscode-free.
 */
import { ValidationError, type SourceDiagnostic } from './errors';

/** Files above this are refused. Submissions are single genes and small request bodies. */
export const DEFAULT_MAX_SOURCE_BYTES = 50 * 1024 * 1024;

/** How much of the file the binary sniffing looks at (as git and `file` do, roughly). */
export const BINARY_SNIFF_BYTES = 8 * 1024;

/**
 * Share of control / non-UTF-8 bytes above which a file is treated as binary. Perl's `-B` uses
 * 30%; legitimate FASTA or JSON has essentially none, so this only catches real binaries.
 */
export const MAX_NON_TEXT_RATIO = 0.3;

const BYTES_PER_MB = 1024 * 1024;

export interface SourceFileInfo {
  /** Path or name; only the base name appears in messages. */
  fileName: string;
  /** Size of the whole file in bytes (from a stat). */
  byteLength: number;
  /** The first chunk of the file, when it has been read (at least BINARY_SNIFF_BYTES, or all of it). */
  bytes?: Uint8Array;
}

export interface SourceFileLimits {
  maxBytes?: number;
}

/** Throws a ValidationError (with one diagnostic) when the file is empty, too large or binary. */
export function checkSourceFile(file: SourceFileInfo, limits: SourceFileLimits = {}): void {
  const name = displayFileName(file.fileName);
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const problem =
    (file.byteLength === 0 ? atFileStart(`${name} is empty`) : undefined) ??
    sizeProblem(name, file.byteLength, maxBytes) ??
    (file.bytes ? contentProblem(name, file.bytes, file.byteLength) : undefined);
  if (problem) throw new ValidationError(problem.message, [problem]);
}

/** The base name of a path (either separator), for messages. */
export function displayFileName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

/** "500.0 MB"; whole limits print without a decimal ("50 MB"). */
export function formatMegabytes(bytes: number, options: { whole?: boolean } = {}): string {
  const mb = bytes / BYTES_PER_MB;
  return options.whole && Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}

function sizeProblem(name: string, byteLength: number, maxBytes: number): SourceDiagnostic | undefined {
  if (byteLength <= maxBytes) return undefined;
  return atFileStart(`${name} is ${formatMegabytes(byteLength)}; the limit is ${formatMegabytes(maxBytes, { whole: true })}`);
}

function contentProblem(name: string, bytes: Uint8Array, byteLength: number): SourceDiagnostic | undefined {
  const head = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (startsWith(head, [0x1f, 0x8b])) {
    return atFileStart(`${name} is gzip-compressed; decompress it (e.g. with gunzip) and submit the plain text file`);
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return atFileStart(`${name} is UTF-16 text; save it as UTF-8 and submit it again`);
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    const position = bytePosition(head, nul);
    return {
      line: position.line,
      column: position.column,
      severity: 'error',
      message: `${name} looks like a binary file, not text: it has a NUL byte at offset ${nul} (line ${position.line + 1})`,
    };
  }
  const ratio = nonTextRatio(head);
  if (ratio > MAX_NON_TEXT_RATIO) {
    const percent = Math.round(ratio * 100);
    return atFileStart(`${name} looks like a binary file, not text: ${percent}% of its first ${formatKilobytes(head.length)} are control or non-UTF-8 bytes`);
  }
  // Only a chunk that holds the whole file can prove the file is blank.
  if (bytes.length >= byteLength && isBlank(bytes)) return atFileStart(`${name} is empty (it contains only whitespace)`);
  return undefined;
}

/** Share of bytes that no text file would contain: C0 controls other than whitespace, DEL, invalid UTF-8. */
function nonTextRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let controls = 0;
  for (const byte of bytes) {
    if ((byte < 0x20 && !isWhitespaceByte(byte) && byte !== 0x1b) || byte === 0x7f) controls++;
  }
  // Each malformed UTF-8 sequence decodes to one U+FFFD; a multi-byte character cut off at the end
  // of the chunk adds at most one, which cannot tip the ratio.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let replacements = 0;
  for (const ch of decoded) if (ch === '\ufffd') replacements++;
  return (controls + replacements) / bytes.length;
}

function isBlank(bytes: Uint8Array): boolean {
  const start = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0; // a UTF-8 byte order mark is not content
  for (let i = start; i < bytes.length; i++) if (!isWhitespaceByte(bytes[i])) return false;
  return true;
}

function isWhitespaceByte(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** Line and column (in bytes, close enough for pointing at binary junk) of a byte offset. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function formatKilobytes(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** File-level problems point at the start of the file: there is no better place, and VS Code needs one. */
function atFileStart(message: string): SourceDiagnostic {
  return { line: 0, column: 0, severity: 'error', message };
}

/**
 * Cheap checks on a file before it is parsed: empty, too large, binary, UTF-16. The UI stats the
 * file first and calls this with only `byteLength`; it reads the file (and passes its first chunk)
 * only when the size is acceptable, so a 500 MiB file is rejected without being read. Then
 * `decodeSourceText` turns the bytes into text without silently replacing anything. File-level
 * problems sit at 1:1. Sizes are binary megabytes, labelled MiB. vscode-free.
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

const BYTES_PER_MIB = 1024 * 1024;

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

/** "500.0 MiB"; whole limits print without a decimal ("50 MiB"). */
export function formatMebibytes(bytes: number, options: { whole?: boolean } = {}): string {
  const mib = bytes / BYTES_PER_MIB;
  return options.whole && Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
}

/** @deprecated the old name; sizes are MiB and say so. */
export const formatMegabytes = formatMebibytes;

function sizeProblem(name: string, byteLength: number, maxBytes: number): SourceDiagnostic | undefined {
  if (byteLength <= maxBytes) return undefined;
  return atFileStart(`${name} is ${formatMebibytes(byteLength)}; the limit is ${formatMebibytes(maxBytes, { whole: true })}`);
}

function contentProblem(name: string, bytes: Uint8Array, byteLength: number): SourceDiagnostic | undefined {
  const head = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (startsWith(head, [0x1f, 0x8b])) {
    return atFileStart(`${name} is gzip-compressed; decompress it (e.g. with gunzip) and submit the plain text file`);
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return atFileStart(`${name} is UTF-16 text; save it as UTF-8 and submit it again`);
  }
  const utf16 = utf16WithoutBom(head);
  if (utf16) return atFileStart(`${name} is UTF-16 (${utf16}) text without a byte order mark; save it as UTF-8 and submit it again`);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    // The file as a whole is the problem, so the diagnostic sits at 1:1; the message says where the NUL is.
    const position = bytePosition(head, nul);
    return atFileStart(`${name} looks like a binary file, not text: it has a NUL byte at offset ${nul} (line ${position.line + 1})`);
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

/** 'little-endian' / 'big-endian' when every other byte is NUL and the rest is mostly ASCII text. */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = Math.floor(bytes.length / 2);
  if (oddNul / pairs > 0.9 && evenNul / pairs < 0.1) return 'little-endian';
  if (evenNul / pairs > 0.9 && oddNul / pairs < 0.1) return 'big-endian';
  return undefined;
}

export interface DecodedSource {
  text: string;
  /** Told: the file was not UTF-8 and was read as Windows-1252 (with where the first such byte is). */
  warnings: SourceDiagnostic[];
}

/**
 * The file's text. UTF-8 is read strictly (a leading byte order mark is dropped, as VS Code does);
 * a file that is not valid UTF-8 — typically Windows-1252 or Latin-1 with a 'µ' or '°' in a
 * header — is read as Windows-1252 with a warning at the first byte that is not UTF-8, instead of
 * silently turning it into U+FFFD.
 */
export function decodeSourceText(bytes: Uint8Array, fileName: string): DecodedSource {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), warnings: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const text = decodeWindows1252(bytes);
    const position = bytePosition(bytes, bad);
    const before = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(bytes.lastIndexOf(0x0a, bad - 1) + 1, bad));
    const column = before.length;
    return {
      text,
      warnings: [
        {
          line: position.line,
          column,
          endLine: position.line,
          endColumn: column + 1,
          severity: 'warning',
          message:
            `${displayFileName(fileName)} is not UTF-8 (byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')} at line ${position.line + 1}, ` +
            `column ${column + 1}); it was read as Windows-1252. Save it as UTF-8 if that is wrong`,
        },
      ],
    };
  }
}

/** Windows-1252's 0x80–0x9F; undefined bytes map to the C1 control of the same value, as browsers do. */
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    let part = '';
    for (const b of chunk) part += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    out += part;
  }
  return out;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
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

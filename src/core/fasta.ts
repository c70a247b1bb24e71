/**
 * FASTA parsing that remembers where every residue came from, and alphabet checks that report a
 * bad residue at its line and column in the original file. vscode-free; shared by all providers.
 */
import type { SourceDiagnostic } from './errors';
import { TICK, type Tick } from './inputCheck';
import { quoteName } from './safeText';
import { formatPosition, pointAt, rangeFields, sortDiagnostics, type SourcePosition, type SourceRange } from './textPosition';

/** One line of sequence data as it appears in the file. */
export interface SequenceLine {
  /** 0-based line in the file (selection offset applied). */
  line: number;
  /** 0-based column of `text` within that line (leading whitespace skipped). */
  column: number;
  /** The line's content, trimmed at both ends; may still contain inner whitespace. */
  text: string;
  /** Index in `FastaRecord.sequence` of this line's first residue. */
  residueStart: number;
}

export interface FastaRecord {
  /** The header up to the first whitespace (may be empty for a bare `>`). */
  id: string;
  /** The rest of the header after the id, trimmed. */
  description: string;
  /** The whole header after '>', trimmed ('' for a bare sequence). */
  header: string;
  /** A bare sequence: the file had no header; `headerLine` is its first line. */
  bare?: boolean;
  /** Column of `header`'s first character on the header line (1 unless '>' is followed by spaces). */
  headerColumn?: number;
  /** Residues with all whitespace removed, case preserved. */
  sequence: string;
  /** 0-based line of the `>` header in the file. */
  headerLine: number;
  sequenceLines: SequenceLine[];
}

export interface FastaParseOptions {
  /** 0-based line of the text's first line within the file (for selections). */
  lineOffset?: number;
}

export interface FastaParseResult {
  records: FastaRecord[];
  /** Structural problems (errors) and duplicate ids (warnings); residues are checked separately. */
  diagnostics: SourceDiagnostic[];
}

/**
 * Parses FASTA text. Never throws: structural problems come back as diagnostics so callers can
 * report them together with alphabet problems in one pass.
 */
export function parseFasta(text: string, options: FastaParseOptions = {}): FastaParseResult {
  const records: FastaRecord[] = [];
  const diagnostics: SourceDiagnostic[] = [];
  for (const step of scanFasta(text, options)) {
    if (step === TICK) continue;
    if (step.kind === 'orphan') diagnostics.push(orphanSequenceDiagnostic(step));
    else records.push(step.record);
  }
  for (const record of records) {
    if (record.sequence.length === 0) diagnostics.push(emptyRecordDiagnostic(record));
  }
  diagnostics.push(...duplicateIdDiagnostics(records));
  return { records, diagnostics: sortDiagnostics(diagnostics) };
}

export interface FastaScanOptions extends FastaParseOptions {
  /**
   * Read sequence data before the first header as one record with this id (a bare sequence
   * without a header); otherwise such data is reported once as an orphan line.
   */
  bareRecordId?: string;
}

/** Sequence data before the first header (the first such line; `count` says how many there were). */
export interface OrphanLine {
  kind: 'orphan';
  line: number;
  column: number;
  endColumn: number;
}

export type FastaScanStep = { kind: 'record'; record: FastaRecord } | OrphanLine | Tick;

/** Lines between two ticks: small enough that a slice never overruns by much, large enough to cost nothing. */
const LINES_PER_TICK = 64;

/**
 * FASTA as a stream of records, one at a time, with a TICK every few hundred lines so a caller
 * can yield to the event loop (see core/inputCheck `runInSlices`). Nothing is kept after a record
 * is handed out, so memory is bounded by the largest record, not the file. Line breaks are VS
 * Code's (`\r\n`, `\n`, a lone `\r`); a leading byte order mark is skipped (VS Code hides it, so
 * columns on line 1 count from after it). `;` and `#` lines are comments (FASTA, A3M).
 */
export function* scanFasta(text: string, options: FastaScanOptions = {}): Generator<FastaScanStep, void, void> {
  const lineOffset = options.lineOffset ?? 0;
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = lineOffset;
  let current: FastaRecord | undefined;
  let orphanReported = false;
  let nextLf = -2;
  let nextCr = -2;
  let sinceTick = 0;
  while (pos <= n) {
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    const end = nextLf === -1 ? (nextCr === -1 ? n : nextCr) : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
    const raw = text.slice(pos, end);
    const first = raw.charCodeAt(0);
    if (first === 0x3e /* > */) {
      if (current) yield { kind: 'record', record: current };
      current = startRecord(raw, line);
    } else if (first !== 0x3b /* ; */ && first !== 0x23 /* # */ && !isBlankLine(raw)) {
      if (!current && options.bareRecordId !== undefined) {
        current = { id: options.bareRecordId, description: '', header: '', sequence: '', headerLine: line, sequenceLines: [], bare: true };
      }
      if (current) appendSequenceLine(current, raw, line);
      else if (!orphanReported) {
        // One diagnostic for the first stray line is enough; the rest share its cause.
        orphanReported = true;
        const column = raw.length - raw.trimStart().length;
        yield { kind: 'orphan', line, column, endColumn: raw.trimEnd().length };
      }
    }
    pos = end + (text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? 2 : 1);
    line++;
    if (++sinceTick >= LINES_PER_TICK) {
      sinceTick = 0;
      yield TICK;
    }
  }
  if (current) yield { kind: 'record', record: current };
}

/** True when a line starts a FASTA header anywhere in the text (a fast native search). */
export function hasFastaHeader(text: string): boolean {
  return /(?:^|[\r\n])\uFEFF?>/.test(text);
}

/** `record "gene1"`, or `the record at line 3` when the header has no id. For messages. */
export function recordLabel(record: FastaRecord): string {
  if (record.bare) return 'the sequence';
  return record.id ? `record ${quoteName(record.id, 60)}` : `the record at line ${record.headerLine + 1}`;
}

/** The range of `>id` on the header line: where to point when the record as a whole is at fault. */
export function headerRange(record: FastaRecord): SourceRange {
  return {
    start: { line: record.headerLine, column: 0 },
    end: { line: record.headerLine, column: 1 + record.id.length },
  };
}

/** File position of residue `index` of `record.sequence`. */
export function locateResidue(record: FastaRecord, index: number): SourcePosition {
  const lines = record.sequenceLines;
  if (lines.length === 0) return headerRange(record).start;
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid].residueStart <= index) low = mid;
    else high = mid - 1;
  }
  const sequenceLine = lines[low];
  return { line: sequenceLine.line, column: sequenceLine.column + columnOfResidue(sequenceLine.text, index - sequenceLine.residueStart) };
}

// ---------------------------------------------------------------------------------------------
// Alphabets

export interface Alphabet {
  /** e.g. "IUPAC nucleotide". */
  readonly name: string;
  /** The word used in messages: "Invalid nucleotide 'J' …". */
  readonly residueNoun: string;
  /** Allowed characters, upper case; matching is case-insensitive (lower case is soft-masking). */
  readonly letters: string;
  /** Extra explanation for particular rejected characters (keyed by upper-case character). */
  readonly reasons: Readonly<Record<string, string>>;
  allows(ch: string): boolean;
}

export interface AlphabetSpec {
  name: string;
  residueNoun: string;
  letters: string;
  reasons?: Record<string, string>;
}

export function defineAlphabet(spec: AlphabetSpec): Alphabet {
  const allowed = new Set(spec.letters.toUpperCase());
  return {
    name: spec.name,
    residueNoun: spec.residueNoun,
    letters: spec.letters.toUpperCase(),
    reasons: spec.reasons ?? {},
    allows: (ch) => allowed.has(asciiUpper(ch)),
  };
}

/** Gap characters used in alignments (A3M/aligned FASTA). */
const GAP_LETTERS = '-.';

/** IUPAC nucleotide codes: ACGTU plus the ambiguity codes RYSWKMBDHVN. Gaps only when asked for. */
export function nucleotideAlphabet(options: { allowGaps?: boolean } = {}): Alphabet {
  const gapReason = 'alignment gaps are not allowed here; remove them from the sequence';
  return defineAlphabet({
    name: options.allowGaps ? 'aligned IUPAC nucleotide' : 'IUPAC nucleotide',
    residueNoun: 'nucleotide',
    letters: 'ACGTURYSWKMBDHVN' + (options.allowGaps ? GAP_LETTERS : ''),
    reasons: options.allowGaps ? {} : { '-': gapReason, '.': gapReason },
  });
}

/** The 20 standard amino acids plus B Z X U O and `*` (stop). Gaps (`-` `.`) only when asked for. */
export function proteinAlphabet(options: { allowGaps?: boolean } = {}): Alphabet {
  const gapReason = 'alignment gaps are not allowed here; remove them or submit the alignment as such';
  return defineAlphabet({
    name: options.allowGaps ? 'aligned IUPAC protein' : 'IUPAC protein',
    residueNoun: 'amino acid',
    letters: 'ACDEFGHIKLMNPQRSTVWY' + 'BZXUO*' + (options.allowGaps ? GAP_LETTERS : ''),
    reasons: options.allowGaps ? {} : { '-': gapReason, '.': gapReason },
  });
}

/** IUPAC nucleotides without gaps: the right check for a coding sequence. */
export const IUPAC_NUCLEOTIDE = nucleotideAlphabet();
export const IUPAC_PROTEIN = proteinAlphabet();
export const IUPAC_PROTEIN_ALIGNED = proteinAlphabet({ allowGaps: true });

// ---------------------------------------------------------------------------------------------
// Residue checks

/**
 * A sequence plus the way back to the file, whatever it came from (a FASTA record, a JSON string
 * literal). Lets one set of checks report positions for every input format.
 */
export interface LocatedSequence {
  /** How messages name it: `record "gene1"`, `"sequence"`, `sequence[1] (gene_of_interest)`. */
  label: string;
  sequence: string;
  /** File position of residue `index`. */
  locate(index: number): SourcePosition;
  /** Where to point when the sequence as a whole is at fault (its header, its JSON node). */
  anchor: SourceRange;
}

export interface AlphabetCheckOptions {
  /** Invalid characters reported one by one; the rest are summed up in one more diagnostic. */
  maxReported?: number;
  severity?: SourceDiagnostic['severity'];
}

export const DEFAULT_MAX_REPORTED = 5;

/** Diagnostics for the invalid characters of a FASTA record. */
export function checkAlphabet(record: FastaRecord, alphabet: Alphabet, options: AlphabetCheckOptions = {}): SourceDiagnostic[] {
  return checkResidues(locatedRecord(record), alphabet, options);
}

/** A FASTA record as a `LocatedSequence`. */
export function locatedRecord(record: FastaRecord): LocatedSequence {
  return {
    label: recordLabel(record),
    sequence: record.sequence,
    locate: (index) => locateResidue(record, index),
    anchor: headerRange(record),
  };
}

/**
 * One diagnostic per invalid character for the first few, then one that counts the rest, so a
 * wrong file type (a protein in a nucleotide slot) reads as one clear problem, not thousands.
 */
export function checkResidues(target: LocatedSequence, alphabet: Alphabet, options: AlphabetCheckOptions = {}): SourceDiagnostic[] {
  const maxReported = options.maxReported ?? DEFAULT_MAX_REPORTED;
  const severity = options.severity ?? 'error';
  const diagnostics: SourceDiagnostic[] = [];
  let invalidCount = 0;
  let firstUnreported = -1;
  const { sequence } = target;
  for (let index = 0; index < sequence.length; index++) {
    const ch = sequence[index];
    if (alphabet.allows(ch)) continue;
    invalidCount++;
    if (invalidCount <= maxReported) {
      diagnostics.push(invalidResidueDiagnostic(target, alphabet, index, severity));
    } else if (firstUnreported < 0) {
      firstUnreported = index;
    }
  }
  if (firstUnreported >= 0) {
    const more = invalidCount - maxReported;
    const position = target.locate(firstUnreported);
    diagnostics.push({
      ...pointAt(position),
      severity,
      message: `…and ${more} more invalid ${plural(more, 'character')} in ${target.label} (${invalidCount} in total; allowed: ${alphabet.name})`,
    });
  }
  return diagnostics;
}

/** `'J'`, `' ' (space)`, `'é' (U+00E9)` — a character people can recognise in a message. */
export function describeCharacter(ch: string): string {
  const named: Record<string, string> = { ' ': 'space', '\t': 'tab', '\u00a0': 'no-break space' };
  const codePoint = ch.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (named[ch]) return `'${ch}' (${named[ch]})`;
  // Controls, bidi and zero-width characters, odd spaces and lone surrogates never appear raw in a message.
  if (/^[\p{Cc}\p{Cf}\p{Cs}\p{Z}]$/u.test(ch)) return hex;
  if (codePoint > 0x7e) return `'${ch}' (${hex})`;
  return `'${ch}'`;
}

// ---------------------------------------------------------------------------------------------
// Internals

function startRecord(raw: string, line: number): FastaRecord {
  const afterMark = raw.slice(1);
  const header = trimLine(afterMark);
  const split = firstWhitespace(header);
  return {
    id: split < 0 ? header : header.slice(0, split),
    description: split < 0 ? '' : header.slice(split).trim(),
    header,
    headerColumn: 1 + afterMark.length - afterMark.trimStart().length,
    sequence: '',
    headerLine: line,
    sequenceLines: [],
  };
}

function appendSequenceLine(record: FastaRecord, raw: string, line: number): void {
  const text = trimLine(raw);
  const column = text.length === raw.length ? 0 : raw.length - raw.trimStart().length;
  record.sequenceLines.push({ line, column, text, residueStart: record.sequence.length });
  record.sequence += firstWhitespace(text) >= 0 ? text.replace(/\s+/g, '') : text;
}

/** Trims only when an end is whitespace: most lines are not, and trim() allocates. */
function trimLine(raw: string): string {
  const n = raw.length;
  return n > 0 && !isSpaceCode(raw.charCodeAt(0)) && !isSpaceCode(raw.charCodeAt(n - 1)) ? raw : raw.trim();
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

/** Index of the first whitespace character, without a regex (a hot loop over every line). */
function firstWhitespace(text: string): number {
  for (let i = 0; i < text.length; i++) if (isSpaceCode(text.charCodeAt(i))) return i;
  return -1;
}

function isBlankLine(raw: string): boolean {
  return raw.length === 0 || (isSpaceCode(raw.charCodeAt(0)) && raw.trim() === '');
}

/** Column within `text` of its `residueIndex`-th non-whitespace character. */
function columnOfResidue(text: string, residueIndex: number): number {
  let seen = 0;
  for (let column = 0; column < text.length; column++) {
    if (/\s/.test(text[column])) continue;
    if (seen === residueIndex) return column;
    seen++;
  }
  return text.length;
}

export function orphanSequenceDiagnostic({ line, column, endColumn }: OrphanLine): SourceDiagnostic {
  return {
    line,
    column,
    endLine: line,
    endColumn,
    severity: 'error',
    message: `Sequence data at line ${line + 1} comes before any '>' header; each FASTA record starts with a header line such as ">gene1 description"`,
  };
}

export function emptyRecordDiagnostic(record: FastaRecord): SourceDiagnostic {
  const label = recordLabel(record);
  return {
    ...rangeFields(headerRange(record)),
    severity: 'error',
    message: `${capitalise(label)} at line ${record.headerLine + 1} has no sequence`,
  };
}

function duplicateIdDiagnostics(records: readonly FastaRecord[]): SourceDiagnostic[] {
  const firstLineById = new Map<string, number>();
  const diagnostics: SourceDiagnostic[] = [];
  for (const record of records) {
    if (!record.id) continue;
    const firstLine = firstLineById.get(record.id);
    if (firstLine === undefined) {
      firstLineById.set(record.id, record.headerLine);
      continue;
    }
    diagnostics.push({
      ...rangeFields(headerRange(record)),
      severity: 'warning',
      message: `Duplicate record id "${record.id}" at line ${record.headerLine + 1} (first used at line ${firstLine + 1})`,
    });
  }
  return diagnostics;
}

function invalidResidueDiagnostic(
  target: LocatedSequence,
  alphabet: Alphabet,
  index: number,
  severity: SourceDiagnostic['severity'],
): SourceDiagnostic {
  const ch = target.sequence[index];
  const position = target.locate(index);
  const reason = alphabet.reasons[asciiUpper(ch)] ?? commonReason(ch);
  return {
    ...pointAt(position),
    severity,
    message:
      `Invalid ${alphabet.residueNoun} ${describeCharacter(ch)} at ${formatPosition(position)} in ${target.label}` +
      (reason ? `: ${reason}` : ` (allowed: ${alphabet.name})`),
  };
}

/** Why characters that no alphabet allows are there: the usual ways lab files go wrong. */
function commonReason(ch: string): string | undefined {
  if (ch >= '0' && ch <= '9') return 'digits are not residues; remove position numbers (as in GenBank ORIGIN lines)';
  switch (ch) {
    case ',':
    case ';':
      return `a '${ch}' inside the sequence: is this a spreadsheet (CSV) export? Save the column as plain text without separators`;
    case '"':
      return 'a double quote inside the sequence: is this a spreadsheet (CSV) export? Remove the quotes';
    case '>':
      return "'>' starts a header only at the beginning of a line";
    case '\ufeff':
      return 'a byte order mark in the middle of the file: were two files joined together?';
    case '\ufffd':
      return 'a character that could not be decoded: save the file as UTF-8';
    default:
      return undefined;
  }
}

/** Upper-cases ASCII letters only, so e.g. Turkish 'ı' is not mistaken for 'I'. */
function asciiUpper(ch: string): string {
  const code = ch.charCodeAt(0);
  return code >= 0x61 && code <= 0x7a && ch.length === 1 ? String.fromCharCode(code - 0x20) : ch;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

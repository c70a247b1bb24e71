/**
 * Multiple sequence alignments: reading A3M, aligned FASTA (.afa) and Clustal (.aln), writing
 * A3M and FASTA, and per-column statistics (consensus, identity, conservation).
 *
 * Pure and vscode-free: the extension host (save, custom editor) and the alignment webview
 * (which bundles this file and parses in the page) run the same code.
 *
 * The model is the match-state alignment: `rows` all have `width` columns. A3M's lowercase
 * letters and '.' are insertions relative to the query (the first sequence); they are not
 * columns, so they are cut out of `rows` and kept in `insertions`, which is what lets
 * "Save as A3M" give back the file it read.
 *
 * Speed matters (10,000 × 1,000 in well under 200 ms): lines are found with indexOf, every
 * per-record check is one native regex call, and only rows that have insertions are scanned.
 */
import { ValidationError, type SourceDiagnostic } from './errors';

export type AlignmentFormat = 'a3m' | 'fasta' | 'clustal';

export interface AlignmentParseOptions {
  /** `auto` (the default) looks at the file name and the text. */
  format?: AlignmentFormat | 'auto';
  /** Used for the format guess (`.a3m`, `.aln`) and in messages. */
  fileName?: string;
}

/** Residues inserted (A3M lowercase, and '.') just before match column `before` (0…width). */
export interface Insertion {
  before: number;
  text: string;
}

export interface Alignment {
  /** The format the text was read as. */
  format: AlignmentFormat;
  /** Header up to the first whitespace. */
  names: string[];
  /** The rest of the header, trimmed ('' when none). */
  descriptions: string[];
  /** Match-state rows, all `width` long. Case is kept for FASTA and Clustal. */
  rows: string[];
  /** A3M only: per row, its insertions in column order, or undefined when it has none. */
  insertions?: (Insertion[] | undefined)[];
  width: number;
  /** The query (seed) sequence: always the first record, as in A3M. */
  queryIndex: 0;
}

/** Only upper-case letters, '-' and '*': the common, fast case (one native scan per row). */
const NOT_MATCH_STATE = /[^A-Z*-]/;
/** Residue letters, gaps ('-', '.') and '*' (stop / end marker): anything else is a mistake. */
const NOT_RESIDUE = /[^A-Za-z.*-]/;
const HAS_INSERTION = /[a-z.]/;
const NOT_MATCH_RUNS = /[^A-Z*-]+/g;
const INSERTION_TEXT = /^[a-z.]+$/;
const WHITESPACE = /\s+/g;

interface RawRecord {
  name: string;
  description: string;
  /** 0-based line of the header (or, for Clustal, of the first line naming the sequence). */
  line: number;
  sequence: string;
  /** Sequence lines and their 0-based line numbers, kept only to locate a bad character. */
  chunks: string[];
  chunkLines: number[];
  /**
   * Has characters other than upper case, '-' and '*' (lower case, '.', or something to clean
   * up or reject); set by `classify`. False for the bulk of rows, which then need no other check.
   */
  lower: boolean;
}

export function parseAlignment(text: string, options: AlignmentParseOptions = {}): Alignment {
  const source = normaliseText(text);
  const what = options.fileName ? `${options.fileName}` : 'The alignment';
  let format = options.format ?? 'auto';
  if (format === 'auto') format = guessFormat(source, options.fileName);
  const records = format === 'clustal' ? readClustal(source, what) : readFasta(source, what);
  if (records.length === 0) throw new ValidationError(`${what} contains no sequences.`);
  classify(records);
  if (format === 'a3m') return toMatchStates(records);
  if (options.format === undefined || options.format === 'auto') {
    // Unequal lengths in a FASTA file that has lowercase letters: most likely A3M under another name.
    if (format === 'fasta' && records.some((r) => r.lower && HAS_INSERTION.test(r.sequence)) && !equalLengths(records)) {
      try {
        return toMatchStates(records);
      } catch {
        // Not A3M either: report the FASTA problem below, which is the one the user can act on.
      }
    }
  }
  return toAligned(records, format);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One line-break convention ('\n') and no byte-order mark, so the readers stay simple. */
function normaliseText(text: string): string {
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (s.indexOf('\r') !== -1) s = s.replace(/\r\n?/g, '\n');
  return s;
}

function guessFormat(text: string, fileName: string | undefined): AlignmentFormat {
  const ext = /\.([^./\\]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (isClustalHeader(firstContentLine(text))) return 'clustal';
  if (ext === 'aln' || ext === 'clustal' || ext === 'clw') return 'clustal';
  if (ext === 'a3m') return 'a3m';
  return 'fasta';
}

function firstContentLine(text: string): string {
  const m = /^[ \t]*\S[^\n]*/m.exec(text);
  return m ? m[0].trim() : '';
}

/** CLUSTAL W/X/O and the tools that write the same layout (MUSCLE, PROBCONS). */
function isClustalHeader(line: string): boolean {
  return /^(CLUSTAL|MUSCLE|PROBCONS)\b/i.test(line);
}

function splitHeader(header: string): { name: string; description: string } {
  const m = /\s/.exec(header);
  if (!m) return { name: header, description: '' };
  return { name: header.slice(0, m.index), description: header.slice(m.index + 1).trim() };
}

/** FASTA and A3M records. `#` lines (A3M's "#12 1" header, comments) and `;` lines are skipped. */
function readFasta(text: string, what: string): RawRecord[] {
  const records: RawRecord[] = [];
  let current: RawRecord | undefined;
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const first = text.charCodeAt(start);
    if (first === 62 /* > */) {
      if (current) finishRecord(current);
      // No object spread here: V8 clones spread literals on a slow path (60 ms for 10,000 headers).
      const { name, description } = splitHeader(text.slice(start + 1, end).trim());
      current = { name, description, line, sequence: '', chunks: [], chunkLines: [], lower: false };
      records.push(current);
    } else if (first !== 35 /* # */ && first !== 59 /* ; */ && end > start) {
      const chunk = text.slice(start, end);
      if (chunk.trim() !== '') {
        if (!current) {
          throw new ValidationError(`${what}: line ${line + 1} has sequence data before the first '>' header; is this a FASTA or A3M alignment?`, [
            { line, column: 0, message: "Sequence data before the first '>' header.", severity: 'error' },
          ]);
        }
        current.chunks.push(chunk);
        current.chunkLines.push(line);
      }
    }
    start = end + 1;
  }
  if (current) finishRecord(current);
  return records;
}

function finishRecord(r: RawRecord): void {
  r.sequence = r.chunks.length === 1 ? r.chunks[0] : r.chunks.join('');
}

/**
 * Clustal: a header line, then blocks of `name  residues  [count]` lines separated by blank
 * lines. Lines that start with whitespace are the conservation line (`*:.`) and are ignored.
 */
function readClustal(text: string, what: string): RawRecord[] {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i === lines.length || !isClustalHeader(lines[i].trim())) {
    throw new ValidationError(`${what} is not a Clustal alignment: the first line must start with "CLUSTAL".`, [
      { line: i, column: 0, message: 'Expected a "CLUSTAL" header line.', severity: 'error' },
    ]);
  }
  const byName = new Map<string, RawRecord>();
  const records: RawRecord[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || /^\s/.test(line)) continue;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || (fields.length > 2 && !/^\d+$/.test(fields[2])) || fields.length > 3) {
      throw new ValidationError(`${what}: line ${i + 1} is not "name residues [count]".`, [
        { line: i, column: 0, message: 'Expected a sequence name, its residues and an optional count.', severity: 'error' },
      ]);
    }
    const [name, residues] = fields;
    let record = byName.get(name);
    if (!record) {
      record = { name, description: '', line: i, sequence: '', chunks: [], chunkLines: [], lower: false };
      byName.set(name, record);
      records.push(record);
    }
    record.chunks.push(residues);
    record.chunkLines.push(i);
  }
  for (const r of records) finishRecord(r);
  return records;
}

function label(r: RawRecord): string {
  return r.name ? `"${r.name}"` : `at line ${r.line + 1}`;
}

/**
 * One native scan per row: rows of upper case, '-' and '*' only (the bulk of most files) need
 * nothing more. The others are checked by `validate` as their format reads them, so A3M rows
 * are not scanned twice.
 */
function classify(records: readonly RawRecord[]): void {
  for (const r of records) {
    if (r.sequence.length === 0) {
      throw new ValidationError(`Sequence ${label(r)} (line ${r.line + 1}) is empty.`, [
        { line: r.line, column: 0, message: 'This record has no residues.', severity: 'error' },
      ]);
    }
    r.lower = NOT_MATCH_STATE.test(r.sequence);
  }
}

/**
 * Every character is a residue letter, a gap or '*'; whitespace inside lines is layout and is
 * dropped. Otherwise points at the first bad character.
 */
function validate(r: RawRecord): void {
  if (!NOT_RESIDUE.test(r.sequence)) return;
  r.sequence = r.sequence.replace(WHITESPACE, '');
  if (NOT_RESIDUE.test(r.sequence)) throw invalidCharacter(r);
  if (r.sequence.length === 0) {
    throw new ValidationError(`Sequence ${label(r)} (line ${r.line + 1}) is empty.`, [
      { line: r.line, column: 0, message: 'This record has no residues.', severity: 'error' },
    ]);
  }
}

function invalidCharacter(r: RawRecord): ValidationError {
  for (let k = 0; k < r.chunks.length; k++) {
    const chunk = r.chunks[k];
    const column = chunk.search(/[^A-Za-z.*\-\s]/);
    if (column === -1) continue;
    const ch = chunk[column];
    const printable = ch >= ' ' && ch <= '~';
    const shown = printable ? `'${ch}'` : `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const line = r.chunkLines[k];
    const message = `Sequence ${label(r)} has an invalid character ${shown} at line ${line + 1}, column ${column + 1}: alignments may contain only letters, '-', '.' and '*'.`;
    return new ValidationError(message, [{ line, column, endLine: line, endColumn: column + 1, message, severity: 'error' }]);
  }
  return new ValidationError(`Sequence ${label(r)} (line ${r.line + 1}) contains an invalid character.`);
}

function equalLengths(records: readonly RawRecord[]): boolean {
  const n = records[0].sequence.length;
  return records.every((r) => r.sequence.length === n);
}

function lengthError(r: RawRecord, length: number, first: RawRecord, width: number, unit: string, hint = ''): ValidationError {
  const message =
    `All sequences of an alignment must have the same length: sequence ${label(r)} (line ${r.line + 1}) has ${length} ${unit}, ` +
    `but the first sequence ${label(first)} (line ${first.line + 1}) has ${width}.${hint}`;
  const diagnostic: SourceDiagnostic = { line: r.line, column: 0, endLine: r.line, endColumn: 1 + r.name.length, message, severity: 'error' };
  return new ValidationError(message, [diagnostic]);
}

/** FASTA / Clustal: the rows are the sequences as written; they must be equally long. */
function toAligned(records: RawRecord[], format: AlignmentFormat): Alignment {
  for (const r of records) if (r.lower) validate(r);
  const first = records[0];
  const width = first.sequence.length;
  for (const r of records) {
    if (r.sequence.length !== width) {
      const looksA3m = format === 'fasta' && records.some((x) => HAS_INSERTION.test(x.sequence));
      const hint = looksA3m ? ' Lowercase letters suggest A3M, where they are insertions; open the file as A3M.' : '';
      throw lengthError(r, r.sequence.length, first, width, 'columns', hint);
    }
  }
  return {
    format,
    names: records.map((r) => r.name),
    descriptions: records.map((r) => r.description),
    rows: records.map((r) => r.sequence),
    width,
    queryIndex: 0,
  };
}

/** A3M: uppercase letters and '-' are match columns; lowercase and '.' are insertions. */
function toMatchStates(records: RawRecord[]): Alignment {
  const n = records.length;
  const rows = new Array<string>(n);
  const insertions = new Array<Insertion[] | undefined>(n);
  let width = -1;
  for (let k = 0; k < n; k++) {
    const r = records[k];
    if (!r.lower) {
      rows[k] = r.sequence;
      insertions[k] = undefined;
    } else {
      let cut = cutInsertions(r.sequence);
      // A cut-out run that is not lower case or '.' is whitespace to drop, or a bad character.
      if (!cut.clean) {
        validate(r);
        cut = cutInsertions(r.sequence);
      }
      rows[k] = cut.row;
      insertions[k] = cut.insertions.length ? cut.insertions : undefined;
    }
    if (width === -1) width = rows[k].length;
    else if (rows[k].length !== width) {
      throw lengthError(records[k], rows[k].length, records[0], width, "match columns (upper-case letters and '-')");
    }
  }
  return {
    format: 'a3m',
    names: records.map((r) => r.name),
    descriptions: records.map((r) => r.description),
    rows,
    insertions,
    width,
    queryIndex: 0,
  };
}

/**
 * One pass over the row: every run of characters that are not match states is cut out, and
 * the replacer, seeing each at its offset, records it as an insertion. `clean` is false when a
 * run was not all lower case and '.', which `validate` then explains.
 */
function cutInsertions(sequence: string): { row: string; insertions: Insertion[]; clean: boolean } {
  const insertions: Insertion[] = [];
  let removed = 0;
  let clean = true;
  const row = sequence.replace(NOT_MATCH_RUNS, (text: string, offset: number) => {
    if (clean && !INSERTION_TEXT.test(text)) clean = false;
    insertions.push({ before: offset - removed, text });
    removed += text.length;
    return '';
  });
  return { row, insertions, clean };
}

// ---------------------------------------------------------------------------------------------
// Writing

function header(aln: Alignment, i: number): string {
  const description = aln.descriptions[i];
  return `>${aln.names[i]}${description ? ` ${description}` : ''}`;
}

/** Aligned FASTA: the match-state rows (A3M insertions are dropped, as in `reformat.pl a3m fas`), 60 per line. */
export function toFasta(aln: Alignment, lineWidth = 60): string {
  const out: string[] = [];
  for (let i = 0; i < aln.rows.length; i++) {
    out.push(header(aln, i));
    const row = aln.rows[i];
    if (row.length <= lineWidth) out.push(row);
    else for (let j = 0; j < row.length; j += lineWidth) out.push(row.slice(j, j + lineWidth));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/**
 * A3M, one line per sequence. Rows read from A3M get their insertions back; rows from FASTA or
 * Clustal are upper-cased (lowercase would mean "insertion") with '.' gaps written as '-'.
 */
export function toA3m(aln: Alignment): string {
  const out: string[] = [];
  for (let i = 0; i < aln.rows.length; i++) {
    out.push(header(aln, i));
    const row = aln.rows[i];
    const ins = aln.insertions?.[i];
    if (aln.format !== 'a3m') out.push(row.toUpperCase().replace(/\./g, '-'));
    else if (!ins) out.push(row);
    else {
      let line = '';
      let at = 0;
      for (const { before, text } of ins) {
        line += row.slice(at, before) + text;
        at = before;
      }
      out.push(line + row.slice(at));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Column statistics

export interface ColumnStats {
  /**
   * Most common residue (upper case) per column, gaps aside: a column mostly of gaps still says
   * which residue its sequences agree on ('-' only when it is all gaps). Gaps show in `gaps`.
   */
  consensus: string;
  /** Rows carrying the consensus residue / all rows (gaps count in the denominator). */
  identity: Float32Array;
  /** Fraction of rows with a gap. */
  gaps: Float32Array;
  /**
   * 0…1: (1 − H / log2 K) × (1 − gap fraction), H the Shannon entropy of the column with the gap
   * as a symbol and K = 21 (20 amino acids + gap; 5 for nucleotides). The occupancy factor keeps
   * a mostly-gap column from scoring as "conserved".
   */
  conservation: Float32Array;
  /** True when ≥ 90 % of residues are A, C, G, T, U or N. */
  nucleotide: boolean;
}

/** Symbol index: 0–25 letters (either case), 26 gap, 27 other. */
const SYMBOLS = 28;
const GAP = 26;
const SYMBOL_OF = (() => {
  const t = new Uint8Array(128).fill(27);
  for (let c = 0; c < 26; c++) {
    t[65 + c] = c;
    t[97 + c] = c;
  }
  t[45] = GAP; // '-'
  t[46] = GAP; // '.'
  return t;
})();

/** A C G N T U. */
const NUCLEOTIDE_SYMBOLS = [0, 2, 6, 13, 19, 20];

/**
 * Counts residues per column a slice of rows at a time, so a viewer can spread the work over
 * several tasks and keep scrolling smooth while the conservation track is computed.
 */
export class ColumnCounter {
  private readonly counts: Uint32Array;
  private next = 0;

  constructor(private readonly aln: Alignment) {
    this.counts = new Uint32Array(aln.width * SYMBOLS);
  }

  get done(): boolean {
    return this.next >= this.aln.rows.length;
  }

  /** Counts up to `rows` more rows. */
  add(rows: number): void {
    const { width } = this.aln;
    const all = this.aln.rows;
    const counts = this.counts;
    const end = Math.min(all.length, this.next + rows);
    for (let r = this.next; r < end; r++) {
      const s = all[r];
      for (let j = 0, o = 0; j < width; j++, o += SYMBOLS) {
        const code = s.charCodeAt(j);
        counts[o + (code < 128 ? SYMBOL_OF[code] : 27)]++;
      }
    }
    this.next = end;
  }

  /** The statistics of all rows (counting any not yet counted first). */
  finish(): ColumnStats {
    if (!this.done) this.add(Infinity);
    return statsFromCounts(this.counts, this.aln.width, this.aln.rows.length);
  }
}

export function columnStats(aln: Alignment): ColumnStats {
  return new ColumnCounter(aln).finish();
}

function statsFromCounts(counts: Uint32Array, width: number, rowCount: number): ColumnStats {
  let nucleic = 0;
  let residues = 0;
  for (let j = 0, o = 0; j < width; j++, o += SYMBOLS) {
    for (let c = 0; c < 26; c++) residues += counts[o + c];
    for (const c of NUCLEOTIDE_SYMBOLS) nucleic += counts[o + c];
  }
  const nucleotide = residues > 0 && nucleic / residues >= 0.9;
  const maxEntropy = Math.log2(nucleotide ? 5 : 21);
  const n = rowCount || 1;
  const identity = new Float32Array(width);
  const gaps = new Float32Array(width);
  const conservation = new Float32Array(width);
  const consensus: string[] = new Array<string>(width);
  for (let j = 0, o = 0; j < width; j++, o += SYMBOLS) {
    let best = GAP;
    let bestCount = 0;
    let entropy = 0;
    for (let c = 0; c < SYMBOLS; c++) {
      const k = counts[o + c];
      if (k === 0) continue;
      if (c < 26 && k > bestCount) {
        best = c;
        bestCount = k;
      }
      const p = k / n;
      entropy -= p * Math.log2(p);
    }
    const gapFraction = counts[o + GAP] / n;
    gaps[j] = gapFraction;
    identity[j] = bestCount / n;
    conservation[j] = Math.max(0, 1 - entropy / maxEntropy) * (1 - gapFraction);
    consensus[j] = bestCount === 0 ? '-' : String.fromCharCode(65 + best);
  }
  return { consensus: consensus.join(''), identity, gaps, conservation, nucleotide };
}

/** The conservation track alone (see `ColumnStats.conservation`). */
export function conservation(aln: Alignment): Float32Array {
  return columnStats(aln).conservation;
}

/** Total number of inserted residues (A3M); 0 for other formats. */
export function insertionCount(aln: Alignment): number {
  let total = 0;
  for (const list of aln.insertions ?? []) if (list) for (const i of list) total += i.text.length;
  return total;
}

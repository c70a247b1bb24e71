/**
 * Streaming alignment reader: bytes in (any chunking), rows out in compact batches. A3M,
 * aligned FASTA and Clustal. Pure and vscode-free: the alignment webview's worker feeds it the
 * file as it arrives, `parseAlignment` (core/alignment.ts) feeds it a whole text, so both read
 * files the same way and report the same errors.
 *
 * The model is the match-state alignment: every row has `width` columns. A3M's lowercase
 * letters and '.' are insertions relative to the query (the first record): they are not
 * columns, they are cut out of the row and kept as insertions (column they precede + text).
 *
 * Speed (the webview parses 10^8 residues): a row's line is scanned four bytes at a time (two
 * lookups in a table of byte pairs) until its line break and copied with one `set` into its
 * place in the batch; an A3M line's words are stored into the row as they pass the test (no
 * call into the runtime per insertion, see `a3mLine`). Headers
 * are copied once, while their end is found. Only lower case, '.', '*', whitespace and bad
 * bytes are looked at one by one. Measurements: docs/decisions.md "Reader speed".
 */
import { ValidationError, type SourceDiagnostic } from './errors';

export type AlignmentFormat = 'a3m' | 'fasta' | 'clustal';

/** Rows in transferable form: one buffer of `count × width` residues plus headers and insertions. */
export interface RowBatch {
  /** Index of the batch's first row in the alignment. */
  first: number;
  count: number;
  width: number;
  /** `count × width` match-state residues (ASCII), row after row. */
  residues: Uint8Array;
  /** The header lines without '>' and trimmed, one after another (UTF-8). */
  headers: Uint8Array;
  /** Per row, 3 offsets into `headers`: header start, name end, description start; plus one final end (3 × count + 1). */
  headerIndex: Uint32Array;
  /** A3M: row r's insertions are records insertionStart[r] … insertionStart[r + 1] (count + 1 entries). */
  insertionStart?: Uint32Array;
  /** Per insertion record: match column it precedes (0…width), offset into `insertionText`, length. */
  insertions?: Int32Array;
  insertionText?: Uint8Array;
}

export interface ReaderOptions {
  /** `auto` (the default) looks at the file name and the text. */
  format?: AlignmentFormat | 'auto';
  /** For the format guess (`.a3m`, `.aln`) and in messages. */
  fileName?: string;
  /** Residue bytes per batch; a full batch is handed over at once (default 4 MiB). */
  batchBytes?: number;
  /** Rows in the first batch: enough for a first screen, handed over before the rest is read (default: a full batch). */
  firstBatchRows?: number;
  onBatch(batch: RowBatch): void;
}

export interface ReaderSummary {
  format: AlignmentFormat;
  width: number;
  rows: number;
  insertedResidues: number;
}

// Byte classes. MATCH: A–Z, '-', '*'. INSERT: a–z, '.'. SPACE: layout inside a line. BAD: the rest.
const MATCH = 1;
const INSERT = 2;
const SPACE = 4;
const BAD = 8;
const CLASS = (() => {
  const t = new Uint8Array(256).fill(BAD);
  for (let c = 65; c <= 90; c++) t[c] = MATCH;
  for (let c = 97; c <= 122; c++) t[c] = INSERT;
  t[45] = MATCH; // -
  t[42] = MATCH; // *
  t[46] = INSERT; // .
  for (const c of [32, 9, 11, 12, 13]) t[c] = SPACE;
  return t;
})();

const NL = 10;
const CR = 13;
const GT = 62;
const HASH = 35;
const SEMI = 59;
/** At most this many bytes of an A3M line are read per call (room for its insertions is reserved per call). */
const SEGMENT = 64 * 1024;
/** Enough to see the first line of any real file (Clustal's header decides the format). */
const DETECT_BYTES = 64 * 1024;

type Mode = 'fasta' | 'a3m' | 'undecided';
type LineState = 'start' | 'header' | 'skip' | 'seq';

/** A growable byte buffer. */
class Bytes {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }
  /** Room for `extra` bytes after `length`; bytes already written past `length` are kept (see `headerLine`). */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = Math.max(64, this.buf.length * 2);
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf);
    this.buf = next;
  }
  push(b: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = b;
  }
  append(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    // Headers and insertions are short: a loop beats creating a view to `set` from.
    if (n < 64) {
      const buf = this.buf;
      for (let i = start, o = this.length; i < end; i++, o++) buf[o] = src[i];
    } else this.buf.set(src.subarray(start, end), this.length);
    this.length += n;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** A growable Int32 list. */
class Ints {
  buf: Int32Array;
  length = 0;
  constructor(capacity = 64) {
    this.buf = new Int32Array(capacity);
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }
}

const utf8 = new TextDecoder('utf-8');

/** OR of the classes of bytes [s, e): one tight pass (a small function V8 optimises well). */
function classesOf(buf: Uint8Array, s: number, e: number): number {
  let bits = 0;
  for (let i = s; i < e; i++) bits |= CLASS[buf[i]];
  return bits;
}

/** 1 for the bytes of a match-state run (A–Z, '-'): the byte-by-byte ends of `matchRunEnd`. */
const RUN = (() => {
  const t = new Uint8Array(256);
  for (let c = 65; c <= 90; c++) t[c] = 1;
  t[45] = 1;
  return t;
})();

/** 1 for a 16-bit value whose two bytes are both run bytes (so byte order does not matter). */
const PAIR = (() => {
  const t = new Uint8Array(65536);
  for (let x = 0; x < 65536; x++) t[x] = RUN[x & 0xff] & RUN[x >> 8];
  return t;
})();

/**
 * End of the run of upper-case letters and '-' that starts at `i` (at most `e`): four bytes at a
 * time where the chunk has an aligned word view (`words`, over the same bytes as `buf`), else
 * byte by byte. '*', a line break and anything else end the run (the caller looks at that byte).
 *
 * A word passes when both its 16-bit halves are pairs of run bytes: two lookups in a 64 KiB
 * table (it stays in the cache) cost less than a branch-free bit test of the four bytes.
 */
function matchRunEnd(buf: Uint8Array, words: Int32Array | undefined, i: number, e: number): number {
  if (words) {
    while (i < e && i & 3) {
      if (RUN[buf[i]] === 0) return i;
      i++;
    }
    let k = i >> 2;
    const end = e >> 2;
    for (; k < end; k++) {
      const w = words[k];
      if ((PAIR[w & 0xffff] & PAIR[w >>> 16]) === 0) break;
    }
    if (k << 2 > i) i = k << 2;
  }
  while (i < e && RUN[buf[i]] !== 0) i++;
  return i;
}

/**
 * In/out registers of `a3mLine`: column, insertion text length, run list length; out: where it
 * stopped; in: where the row's runs start in the run list (a run is never merged across rows).
 */
const LINE_STATE = new Int32Array(5);

/** The byte order of typed arrays here: words read from `Int32Array` are stored back through a `DataView` in it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Words `k`… of a match run stored to `rowData` from byte `o` while they pass the test of
 * `matchRunEnd` (at most up to word `end`); returns the word where it stopped. A function of its
 * own so that the loop keeps its few values in registers.
 */
function copyRunWords(words: Int32Array, rowData: DataView, k: number, end: number, o: number): number {
  for (; k < end; k++) {
    const w = words[k];
    if ((PAIR[w & 0xffff] & PAIR[w >>> 16]) === 0) break;
    rowData.setInt32(o, w, LITTLE_ENDIAN);
    o += 4;
  }
  return k;
}

/**
 * One A3M line: runs of match states are copied to `row` from `base` (up to `width` columns), insertion bytes go to
 * `text` and their runs, as (column before, text offset, length) triples, to `runs`; whitespace is skipped. A
 * run goes on across line breaks while no match state comes between. The caller has reserved
 * room in `text` and `runs`. Stops at a line break (state[3]: where it stopped, else `e`).
 * Returns the OR of the classes of the other bytes (SPACE, BAD).
 *
 * A match run is copied while it is found: each word that passes the test of `matchRunEnd` is
 * stored at once (through `rowData`, a `DataView` over `row`'s bytes, as its place in the row
 * is not 4-aligned after an insertion). So an insertion costs no call into the runtime: no view
 * to `set` from, no `copyWithin`.
 */
function a3mLine(
  buf: Uint8Array,
  words: Int32Array | undefined,
  s: number,
  first: number,
  e: number,
  row: Uint8Array,
  rowData: DataView,
  base: number,
  width: number,
  text: Uint8Array,
  runs: Int32Array,
  state: Int32Array,
): number {
  let col = state[0];
  let t = state[1];
  let r = state[2];
  const r0 = state[4];
  let bits = 0;
  // [s, first) is a run of match states the caller has found: one copy.
  const n0 = Math.min(first - s, width - col);
  if (n0 > 0) row.set(buf.subarray(s, s + n0), base + col);
  col += first - s;
  let i = first;
  while (i < e) {
    if (words !== undefined) {
      // Up to a word boundary byte by byte, then word by word while the row has room for a word.
      while (i < e && (i & 3) !== 0) {
        const b = buf[i];
        if (RUN[b] === 0) break;
        if (col < width) row[base + col] = b;
        col++;
        i++;
      }
      if ((i & 3) === 0) {
        let k = i >> 2;
        let end = e >> 2;
        const room = width - col;
        if (room < (end - k) << 2) end = room > 0 ? k + (room >> 2) : k;
        k = copyRunWords(words, rowData, k, end, base + col);
        const n = (k << 2) - i;
        col += n;
        i += n;
      }
    }
    // The run's last bytes (or all of it without a word view).
    while (i < e) {
      const b = buf[i];
      if (RUN[b] === 0) break;
      if (col < width) row[base + col] = b;
      col++;
      i++;
    }
    if (i === e) break;
    const b = buf[i];
    if (b === NL) break;
    const c = CLASS[b];
    if (c === MATCH) {
      // '*'
      if (col < width) row[base + col] = b;
      col++;
      i++;
    } else if (c === INSERT) {
      const start = i;
      while (i < e && CLASS[buf[i]] === INSERT) text[t++] = buf[i++];
      if (r > r0 && runs[r - 3] === col) runs[r - 1] += i - start;
      else {
        runs[r++] = col;
        runs[r++] = t - (i - start);
        runs[r++] = i - start;
      }
    } else {
      bits |= c;
      i++;
    }
  }
  state[0] = col;
  state[1] = t;
  state[2] = r;
  state[3] = i;
  return bits;
}

/** An undecided row read as A3M, put back as written: match states and insertions interleaved. */
function asWritten(row: Uint8Array, columns: number, runs: Ints, text: Bytes): Uint8Array {
  const out = new Uint8Array(row.length);
  let o = 0;
  let at = 0;
  let t = 0;
  for (let k = 0; k < runs.length; k += 3) {
    const before = runs.buf[k];
    const length = runs.buf[k + 2];
    out.set(row.subarray(at, before), o);
    o += before - at;
    at = before;
    out.set(text.buf.subarray(t, t + length), o);
    o += length;
    t += length;
  }
  out.set(row.subarray(at, columns), o);
  return out;
}

function isClustalHeader(line: string): boolean {
  return /^(CLUSTAL|MUSCLE|PROBCONS)\b/i.test(line);
}

export class AlignmentReader {
  private readonly what: string;
  private readonly requested: AlignmentFormat | 'auto';
  private readonly batchBytes: number;
  private readonly firstBatchRows: number;
  private readonly onBatch: (batch: RowBatch) => void;

  private format: AlignmentFormat | undefined;
  private mode: Mode = 'undecided';
  /** A3M chosen because a row's lower-case letters only make sense as insertions (not by name). */
  private sawInsertChar = false;

  // Input position.
  private detect: Bytes | undefined = new Bytes(4096);
  private clustal: Uint8Array[] | undefined;
  private state: LineState = 'start';
  private line = 0;
  /** Absolute byte offsets: where the current chunk and the current line start. */
  private chunkStart = 0;
  private lineStart = 0;
  /** Bytes of the header line being read, written at the tail of `bHeaders` (past its length). */
  private headerLength = 0;
  /**
   * Where in that header the first byte <= ' ' is, -1 while there is none so far: the name ends
   * at a whitespace byte, so `finishHeader` looks for it from here on, not from the start.
   */
  private headerLow = -1;
  /** The chunk being scanned and a word view of it (when its bytes are 4-aligned), for `matchRunEnd`. */
  private chunk: Uint8Array | undefined;
  private words: Int32Array | undefined;
  /** A bad character whose UTF-8 bytes continue in the next chunk: the error is thrown once it is complete. */
  private cut: { bytes: Uint8Array; length: number; line: number; column: number } | undefined;

  // The record being read.
  private inRecord = false;
  private recLine = 0;
  /** The record's header is recHeader[recStart, recEnd): name up to recNameEnd, description from recDescStart. */
  private recHeader: Uint8Array = new Uint8Array(0);
  private recStart = 0;
  private recNameEnd = 0;
  private recDescStart = 0;
  private recEnd = 0;
  /** The row being read is row[rowAt, rowAt + width): its place in the batch (no view per row). */
  private row: Uint8Array = new Uint8Array(0);
  private rowAt = 0;
  /** Columns so far (FASTA: every residue; A3M: match states) and inserted residues. */
  private col = 0;
  private extra = 0;
  private recHasInsert = false;
  /** Insertion runs of this row: (before, text offset, length) triples, their text in `recInsText`. */
  private recIns = new Ints();
  private recInsText = new Bytes(64);
  /**
   * A3M rows after the query go straight into the batch's insertion lists (`bIns`, `bInsText`),
   * not through `recIns` and a copy at the row's end; the query and undecided rows do not.
   */
  private direct = false;
  /** The record as written (whitespace dropped), kept while the format is undecided or for the query. */
  private raw = new Bytes(1024);
  /** The query: kept as written until it ends. */
  private keepRaw = false;

  // The alignment so far.
  private width = -1;
  private rows = 0;
  private insertedResidues = 0;
  private queryName = '';
  private queryLine = 0;

  // The batch being filled.
  /** Rows per batch, and of the batch being filled (the first may be smaller). */
  private capacity = 0;
  private bCapacity = 0;
  private bFirst = 0;
  private bCount = 0;
  private bResidues: Uint8Array = new Uint8Array(0);
  /** `bResidues` for A3M's word stores (see `a3mLine`). */
  private rowData: DataView = new DataView(new ArrayBuffer(0));
  private bHeaders = new Bytes(0);
  private bHeaderIndex = new Uint32Array(0);
  private bInsStart: Uint32Array | undefined;
  private bIns: Ints | undefined;
  private bInsText: Bytes | undefined;
  /** Where the complete rows' runs and text end in `bIns` / `bInsText`; a direct row's own follow them. */
  private insDone = 0;
  private textDone = 0;

  constructor(options: ReaderOptions) {
    this.what = options.fileName || 'The alignment';
    this.requested = options.format ?? 'auto';
    this.batchBytes = Math.max(1, options.batchBytes ?? 4 * 1024 * 1024);
    this.firstBatchRows = Math.max(1, options.firstBatchRows ?? Number.MAX_SAFE_INTEGER);
    this.onBatch = options.onBatch;
  }

  /** Reads the next bytes of the file. Throws ValidationError at the first problem. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.cut) this.throwCut(chunk);
    if (this.detect) {
      this.detect.append(chunk, 0, chunk.length);
      this.decideFormat(false);
      return;
    }
    if (this.clustal) {
      this.clustal.push(chunk.slice());
      return;
    }
    this.scan(chunk);
  }

  /** The input is complete: reads the last record, hands over the last rows, and says what was read. */
  end(): ReaderSummary {
    if (this.cut) this.throwCut(new Uint8Array(0));
    if (this.detect) this.decideFormat(true);
    if (this.clustal) this.readClustal();
    else {
      if (this.state === 'header') this.finishHeader();
      if (this.inRecord) this.finishRecord();
    }
    if (this.rows === 0) throw new ValidationError(`${this.what} contains no sequences.`);
    this.flush();
    return { format: this.format ?? 'fasta', width: this.width, rows: this.rows, insertedResidues: this.insertedResidues };
  }

  private throwCut(next: Uint8Array): never {
    const cut = this.cut;
    this.cut = undefined;
    if (!cut) throw new Error('no cut character');
    const bytes = new Uint8Array(cut.length);
    bytes.set(cut.bytes);
    bytes.set(next.subarray(0, cut.length - cut.bytes.length), cut.bytes.length);
    throw this.badCharacter(bytes, cut.line, cut.column);
  }

  /** Hands over the complete rows read so far (e.g. to draw the first screen before the file has arrived). */
  flush(): void {
    if (this.bCount === 0) return;
    const n = this.bCount;
    const full = n === this.bCapacity;
    const batch: RowBatch = {
      first: this.bFirst,
      count: n,
      width: this.width,
      // A partly filled batch is copied to its size, so a transfer carries no unused capacity.
      residues: full ? this.bResidues : this.bResidues.slice(0, n * this.width),
      headers: this.bHeaders.buf.slice(0, this.bHeaders.length),
      headerIndex: this.bHeaderIndex.slice(0, 3 * n + 1),
    };
    if (this.bInsStart && this.bIns && this.bInsText) {
      batch.insertionStart = this.bInsStart.slice(0, n + 1);
      batch.insertions = this.bIns.buf.slice(0, this.insDone);
      batch.insertionText = this.bInsText.buf.slice(0, this.textDone);
    }
    this.bCapacity = this.capacity;
    const old = this.bHeaders;
    this.newBatch(this.bFirst + n);
    if (this.state === 'header' && this.headerLength > 0) {
      // A header line cut by the end of a chunk: its bytes so far move to the new batch.
      this.bHeaders.reserve(this.headerLength);
      this.bHeaders.buf.set(old.buf.subarray(old.length, old.length + this.headerLength));
    }
    if (this.inRecord && this.rows > 0) {
      // The row being read moves to the new batch, with what it has so far.
      this.bResidues.set(this.row.subarray(this.rowAt, this.rowAt + Math.min(this.col, this.width)));
      this.row = this.bResidues;
      this.rowAt = 0;
    }
    this.onBatch(batch);
  }

  get rowCount(): number {
    return this.rows;
  }

  /** The format as far as it is known (undefined before the first line is read). */
  get currentFormat(): AlignmentFormat | undefined {
    return this.format;
  }

  // -------------------------------------------------------------------------------------------
  // Format

  /** Decides the format once the first line is complete (or the input ended); true when decided. */
  private decideFormat(atEnd: boolean): boolean {
    const head = this.detect;
    if (!head) return true;
    let start = 0;
    if (head.length >= 3 && head.buf[0] === 0xef && head.buf[1] === 0xbb && head.buf[2] === 0xbf) start = 3;
    else if (!atEnd && head.length < 3) return false;
    const text = head.buf.subarray(start, head.length);
    // The first line with something on it.
    let first: string | undefined;
    for (let s = 0; s < text.length; ) {
      let e = text.indexOf(NL, s);
      if (e === -1) {
        if (!atEnd && text.length < DETECT_BYTES) return false;
        e = text.length;
      }
      const line = utf8.decode(text.subarray(s, e)).trim();
      if (line !== '') {
        first = line;
        break;
      }
      s = e + 1;
    }
    if (first === undefined && !atEnd && text.length < DETECT_BYTES) return false;

    const ext = /\.([^./\\]+)$/.exec(this.what)?.[1]?.toLowerCase();
    let format: AlignmentFormat;
    if (this.requested !== 'auto') format = this.requested;
    else if (first !== undefined && isClustalHeader(first)) format = 'clustal';
    else if (ext === 'aln' || ext === 'clustal' || ext === 'clw') format = 'clustal';
    else if (ext === 'a3m') format = 'a3m';
    else format = 'fasta';
    this.format = format;
    // Auto-detected FASTA may still turn out to be A3M under another name: the first row with
    // lower case decides (see finishRecord). An explicit format is taken at its word.
    this.mode = format === 'a3m' ? 'a3m' : format === 'fasta' && this.requested === 'auto' ? 'undecided' : 'fasta';
    this.detect = undefined;
    if (format === 'clustal') this.clustal = [text.slice()];
    else {
      this.chunkStart = start;
      this.lineStart = start;
      this.scan(text);
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // FASTA / A3M lines

  private scan(buf: Uint8Array): void {
    const n = buf.length;
    this.chunk = buf;
    this.words = buf.byteOffset % 4 === 0 && buf.buffer instanceof ArrayBuffer ? new Int32Array(buf.buffer, buf.byteOffset, n >> 2) : undefined;
    const base = this.chunkStart;
    let pos = 0;
    while (pos < n) {
      if (this.state === 'start') {
        this.lineStart = base + pos;
        const b = buf[pos];
        if (b === GT) {
          if (this.inRecord) this.finishRecord();
          this.state = 'header';
          this.recLine = this.line;
          this.headerLength = 0;
          this.headerLow = -1;
          pos++;
          continue;
        }
        this.state = b === HASH || b === SEMI ? 'skip' : 'seq';
      }
      if (this.state === 'seq' && this.inRecord && !this.keepRaw) {
        // The bulk of the file: a row's line, read while its end is found.
        const stop = this.rowLine(buf, pos, n);
        if (this.cut) return;
        if (stop === n) break;
        if (buf[stop] !== NL) {
          pos = stop;
          continue;
        }
        this.state = 'start';
        this.line++;
        pos = stop + 1;
        continue;
      }
      if (this.state === 'header') {
        const nl = this.headerLine(buf, pos, n);
        if (nl === -1) break;
        this.finishHeader();
        this.line++;
        pos = nl + 1;
        continue;
      }
      const nl = buf.indexOf(NL, pos);
      const end = nl === -1 ? n : nl;
      if (this.state === 'seq' && end > pos) {
        this.sequence(buf, pos, end, this.line, base + pos - this.lineStart);
        if (this.cut) return;
      }
      if (nl === -1) break;
      this.state = 'start';
      this.line++;
      pos = nl + 1;
    }
    this.chunkStart = base + n;
  }

  /**
   * Header bytes from `pos` up to the line break, copied while it is found (headers are short: a
   * loop does both for less than a call to indexOf and a copy) to the tail of the batch's headers,
   * where the row takes them over without another copy (see `appendRow`). Returns the position
   * of the line break, or -1 when the line goes on in the next chunk.
   */
  private headerLine(buf: Uint8Array, pos: number, n: number): number {
    const h = this.bHeaders;
    const lim = Math.min(n, pos + 256);
    h.reserve(this.headerLength + (lim - pos));
    const out = h.buf;
    const at = h.length + this.headerLength;
    let o = at;
    let e = pos;
    let low = this.headerLow;
    while (e < lim) {
      const c = buf[e];
      if (c <= 32) {
        // One test for the line break and for the name's end (whitespace is <= ' ').
        if (c === NL) break;
        if (low < 0) low = o - h.length;
      }
      out[o++] = c;
      e++;
    }
    this.headerLength += o - at;
    this.headerLow = low;
    if (e < lim) return e;
    if (lim === n) return -1;
    // A long header: the rest is not looked at byte by byte, so the name's end is searched from here.
    if (low < 0) this.headerLow = this.headerLength;
    const nl = buf.indexOf(NL, lim);
    const end = nl === -1 ? n : nl;
    h.reserve(this.headerLength + (end - lim));
    h.buf.set(buf.subarray(lim, end), h.length + this.headerLength);
    this.headerLength += end - lim;
    return nl;
  }

  private finishHeader(): void {
    const h = this.bHeaders.buf;
    // Trim ASCII whitespace (and the '\r' of Windows line breaks).
    let s = this.bHeaders.length;
    let e = s + this.headerLength;
    while (s < e && CLASS[h[s]] === SPACE) s++;
    while (e > s && CLASS[h[e - 1]] === SPACE) e--;
    // Bytes before the first one <= ' ' (see `headerLine`) are not whitespace.
    let nameEnd = this.headerLow < 0 ? e : Math.max(s, Math.min(e, this.bHeaders.length + this.headerLow));
    while (nameEnd < e && CLASS[h[nameEnd]] !== SPACE) nameEnd++;
    let desc = nameEnd;
    while (desc < e && CLASS[h[desc]] === SPACE) desc++;
    // No copy: nothing else is written to the headers before this record is finished.
    this.beginRecord(h, s, nameEnd, desc, e, this.recLine);
    this.state = 'start';
  }

  private beginRecord(header: Uint8Array, start: number, nameEnd: number, descStart: number, end: number, line: number): void {
    this.inRecord = true;
    this.recHeader = header;
    this.recStart = start;
    this.recNameEnd = nameEnd;
    this.recDescStart = descStart;
    this.recEnd = end;
    this.recLine = line;
    this.col = 0;
    this.extra = 0;
    this.recHasInsert = false;
    this.recIns.length = 0;
    this.recInsText.length = 0;
    this.raw.length = 0;
    // The query's length is unknown until it ends: it is kept as written and read at its end.
    this.keepRaw = this.rows === 0;
    this.direct = !this.keepRaw && this.mode === 'a3m' && this.bInsStart !== undefined;
    // Other rows are written straight into their place in the batch.
    if (!this.keepRaw) {
      this.row = this.bResidues;
      this.rowAt = this.bCount * this.width;
    }
  }

  /** Residue bytes [s, e) of a sequence line; `column` is where `s` is in its line (for messages). */
  private sequence(buf: Uint8Array, s: number, e: number, line: number, column: number): void {
    if (!this.inRecord) {
      if (classesOf(buf, s, e) === SPACE) return;
      throw new ValidationError(`${this.what}: line ${line + 1} has sequence data before the first '>' header; is this a FASTA or A3M alignment?`, [
        { line, column: 0, message: "Sequence data before the first '>' header.", severity: 'error' },
      ]);
    }
    if (this.keepRaw) {
      const bits = classesOf(buf, s, e);
      if (bits & BAD) return this.invalidCharacter(buf, s, e, line, column);
      if (bits & INSERT) this.recHasInsert = true;
      if (bits & SPACE) {
        for (let i = s; i < e; i++) if (CLASS[buf[i]] !== SPACE) this.raw.push(buf[i]);
      } else this.raw.append(buf, s, e);
      return;
    }
    if (this.mode !== 'a3m') {
      if (matchRunEnd(buf, buf === this.chunk ? this.words : undefined, s, e) === e) {
        // The common case: the whole line is upper case and gaps.
        this.copy(buf, s, e);
        return;
      }
      const bits = classesOf(buf, s, e);
      if (bits & BAD) return this.invalidCharacter(buf, s, e, line, column);
      if (bits === MATCH || (this.mode === 'fasta' && !(bits & SPACE))) {
        // The common case: the whole line is columns.
        if (bits & INSERT) this.sawInsertChar = true;
        this.copy(buf, s, e);
        return;
      }
      if (this.mode === 'fasta') {
        if (bits & INSERT) this.sawInsertChar = true;
        const width = this.width;
        for (let i = s; i < e; i++) {
          const b = buf[i];
          if (CLASS[b] === SPACE) continue;
          if (this.col < width) this.row[this.rowAt + this.col] = b;
          this.col++;
        }
        return;
      }
    }
    // A3M, or undecided with lower case or whitespace in this line: insertions are cut out (an
    // undecided row is put back together if it turns out to be FASTA, see finishRecord).
    this.a3mSegment(buf, s, s, e, line, column);
  }

  /**
   * A3M bytes from `s` up to a line break or `e`, whichever comes first; [s, first) is a run of
   * match states already found. The caller keeps `e` within SEGMENT bytes of `first`: room for
   * that many insertions is reserved. Returns where it stopped.
   */
  private a3mSegment(buf: Uint8Array, s: number, first: number, e: number, line: number, column: number): number {
    const direct = this.direct && this.bIns !== undefined && this.bInsText !== undefined;
    const runs = direct && this.bIns ? this.bIns : this.recIns;
    const text = direct && this.bInsText ? this.bInsText : this.recInsText;
    runs.reserve(3 * (e - first));
    text.reserve(e - first);
    const state = LINE_STATE;
    state[0] = this.col;
    state[1] = text.length;
    state[2] = runs.length;
    state[4] = direct ? this.insDone : 0;
    const bits = a3mLine(buf, buf === this.chunk ? this.words : undefined, s, first, e, this.row, this.rowData, this.rowAt, this.width, text.buf, runs.buf, state);
    const stop = state[3];
    if (bits & BAD) {
      this.invalidCharacter(buf, s, stop, line, column);
      return stop;
    }
    this.col = state[0];
    if (state[1] !== text.length) this.recHasInsert = true;
    this.extra += state[1] - text.length;
    text.length = state[1];
    runs.length = state[2];
    return stop;
  }

  /**
   * A row's sequence line from `s` (not the query, inside a record), found and read in one pass:
   * its end is where the run of match states stops (FASTA), or where A3M reading meets the line
   * break, instead of a separate search for the line break first. Returns the position of the
   * line break, or where it stopped: `n` (the line goes on in the next chunk) or, in A3M, a
   * segment boundary (the line goes on at that position). Anything unusual in a FASTA line
   * (lower case, whitespace, a bad byte) takes the general path of `sequence`.
   */
  private rowLine(buf: Uint8Array, s: number, n: number): number {
    const column = this.chunkStart + s - this.lineStart;
    // A3M: one pass that reads the line and stores it into the row as it goes (see `a3mLine`).
    if (this.mode === 'a3m') return this.a3mSegment(buf, s, s, Math.min(n, s + SEGMENT), this.line, column);
    const j = matchRunEnd(buf, buf === this.chunk ? this.words : undefined, s, n);
    if (j === n || buf[j] === NL) {
      this.copy(buf, s, j);
      return j;
    }
    if (buf[j] === CR && j + 1 < n && buf[j + 1] === NL) {
      // A Windows line break: the '\r' is layout, as in `sequence`.
      this.copy(buf, s, j);
      return j + 1;
    }
    const nl = buf.indexOf(NL, j);
    const end = nl === -1 ? n : nl;
    this.sequence(buf, s, end, this.line, column);
    return end;
  }

  /** Bytes [s, e), all columns, to the row (as far as it goes: a longer row is reported at its end). */
  private copy(buf: Uint8Array, s: number, e: number): void {
    const len = e - s;
    const width = this.width;
    if (this.col + len <= width) this.row.set(buf.subarray(s, e), this.rowAt + this.col);
    else if (this.col < width) this.row.set(buf.subarray(s, s + width - this.col), this.rowAt + this.col);
    this.col += len;
  }

  private finishRecord(): void {
    if (this.rows === 0) this.finishQuery();
    this.inRecord = false;
    if (this.col + this.extra === 0) {
      const message = `Sequence ${this.label()} (line ${this.recLine + 1}) is empty.`;
      throw new ValidationError(message, [{ line: this.recLine, column: 0, message: 'This record has no residues.', severity: 'error' }]);
    }
    if (this.mode === 'undecided' && this.recHasInsert) {
      // The first row with lower case decides: as long as the query (which has none) → FASTA with
      // lower-case residues; longer → A3M, where they are insertions.
      if (this.col + this.extra === this.width) {
        this.mode = 'fasta';
        this.format = 'fasta';
        this.sawInsertChar = true;
        this.row.set(asWritten(this.row.subarray(this.rowAt, this.rowAt + this.width), this.col, this.recIns, this.recInsText), this.rowAt);
        this.col = this.width;
        this.extra = 0;
        this.recIns.length = 0;
        this.recInsText.length = 0;
      } else {
        this.mode = 'a3m';
        this.format = 'a3m';
        this.startInsertions();
      }
    }
    if (this.col !== this.width) throw this.lengthError();
    this.appendRow();
  }

  /** The query sets the width and, when the format is still open, whether lower case can be insertions. */
  private finishQuery(): void {
    this.keepRaw = false;
    const raw = this.raw.view().slice();
    this.raw.length = 0;
    // A query with lower case is not A3M's seed (nothing is inserted relative to itself): FASTA.
    if (this.mode === 'undecided' && this.recHasInsert) this.mode = 'fasta';
    if (this.mode === 'fasta' && this.recHasInsert) this.sawInsertChar = true;
    let width = raw.length;
    if (this.mode === 'a3m') {
      width = 0;
      for (let i = 0; i < raw.length; i++) if (CLASS[raw[i]] === MATCH) width++;
    }
    this.width = width;
    this.queryName = this.name();
    this.queryLine = this.recLine;
    this.capacity = Math.max(1, Math.floor(this.batchBytes / Math.max(1, width)));
    this.bCapacity = Math.min(this.capacity, this.firstBatchRows);
    this.newBatch(0);
    this.row = this.bResidues;
    this.rowAt = 0;
    if (this.format === 'a3m') this.startInsertions();
    const hadInsert = this.recHasInsert;
    this.col = 0;
    this.extra = 0;
    this.recIns.length = 0;
    this.recInsText.length = 0;
    if (raw.length) this.sequence(raw, 0, raw.length, this.recLine, 0);
    this.keepRaw = false;
    this.recHasInsert = hadInsert;
  }

  private startInsertions(): void {
    if (this.bInsStart) return;
    this.bInsStart = new Uint32Array(this.bCapacity + 1);
    this.bIns = new Ints(256);
    this.bInsText = new Bytes(1024);
  }

  private newBatch(first: number): void {
    // The header list starts as large as the last batch's needed (scaled to its rows), so it
    // does not grow by doubling, copy after copy, in every batch.
    const cap = this.bCapacity;
    const scale = this.bCount > 0 ? (cap / this.bCount) * 1.125 : 0;
    this.bFirst = first;
    this.bCount = 0;
    this.bResidues = new Uint8Array(cap * Math.max(1, this.width));
    this.rowData = new DataView(this.bResidues.buffer, this.bResidues.byteOffset, this.bResidues.byteLength);
    this.bHeaders = new Bytes(Math.max(Math.min(1 << 20, cap * 48), Math.ceil(this.bHeaders.length * scale)));
    // The index and insertion lists are copied out at each flush, so they are reused from batch to
    // batch: fewer fresh allocations, whose pages the allocator would have to fault in again.
    // Entries past a batch's count are stale but never read (each row writes its own before).
    if (this.bHeaderIndex.length < 3 * cap + 1) this.bHeaderIndex = new Uint32Array(3 * cap + 1);
    if (this.bInsStart) {
      // insertionStart[0] is never written: it stays 0.
      if (this.bInsStart.length < cap + 1) this.bInsStart = new Uint32Array(cap + 1);
      const ins = this.bIns;
      const text = this.bInsText;
      if (ins && text) {
        // A direct row cut by flush() moves to the new batch with its runs and text so far.
        const n = ins.length - this.insDone;
        const m = text.length - this.textDone;
        if (n > 0) {
          ins.buf.copyWithin(0, this.insDone, ins.length);
          for (let j = 1; j < n; j += 3) ins.buf[j] -= this.textDone;
        }
        if (m > 0) text.buf.copyWithin(0, this.textDone, text.length);
        ins.length = n;
        text.length = m;
      }
      this.insDone = 0;
      this.textDone = 0;
    }
  }

  private appendRow(): void {
    const k = this.bCount;
    const h = this.bHeaders;
    const at = h.length;
    this.bHeaderIndex[3 * k] = at;
    this.bHeaderIndex[3 * k + 1] = at + this.recNameEnd - this.recStart;
    this.bHeaderIndex[3 * k + 2] = at + this.recDescStart - this.recStart;
    // The header was read into its place (headerLine) unless a new batch was begun since, it had
    // leading whitespace, or it came from elsewhere (Clustal).
    if (this.recHeader === h.buf && this.recStart === at) h.length = this.recEnd;
    else h.append(this.recHeader, this.recStart, this.recEnd);
    this.bHeaderIndex[3 * k + 3] = h.length;
    if (this.bInsStart && this.bIns && this.bInsText) {
      if (!this.direct) {
        const ins = this.recIns;
        const runs = ins.buf;
        const out = this.bIns;
        out.reserve(ins.length);
        const dst = out.buf;
        let o = out.length;
        const textAt = this.bInsText.length;
        for (let i = 0; i < ins.length; i += 3) {
          dst[o++] = runs[i];
          dst[o++] = textAt + runs[i + 1];
          dst[o++] = runs[i + 2];
        }
        out.length = o;
        this.bInsText.append(this.recInsText.buf, 0, this.recInsText.length);
      }
      this.insDone = this.bIns.length;
      this.textDone = this.bInsText.length;
      this.bInsStart[k + 1] = this.insDone / 3;
      this.insertedResidues += this.extra;
    }
    this.bCount = k + 1;
    this.rows++;
    if (this.bCount === this.bCapacity) this.flush();
  }

  // -------------------------------------------------------------------------------------------
  // Clustal: blocks of `name residues [count]` lines; a row is complete only at the end of the file.

  private readClustal(): void {
    const parts = this.clustal ?? [];
    this.clustal = undefined;
    let total = 0;
    for (const p of parts) total += p.length;
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const lines = utf8.decode(all).replace(/\r\n?/g, '\n').split('\n');
    let i = 0;
    while (i < lines.length && lines[i].trim() === '') i++;
    if (i === lines.length || !isClustalHeader(lines[i].trim())) {
      throw new ValidationError(`${this.what} is not a Clustal alignment: the first line must start with "CLUSTAL".`, [
        { line: i, column: 0, message: 'Expected a "CLUSTAL" header line.', severity: 'error' },
      ]);
    }
    const byName = new Map<string, { name: string; line: number; chunks: string[]; lines: number[] }>();
    const records: { name: string; line: number; chunks: string[]; lines: number[] }[] = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      if (line === '' || /^\s/.test(line)) continue;
      const fields = line.trim().split(/\s+/);
      if (fields.length < 2 || (fields.length > 2 && !/^\d+$/.test(fields[2])) || fields.length > 3) {
        throw new ValidationError(`${this.what}: line ${i + 1} is not "name residues [count]".`, [
          { line: i, column: 0, message: 'Expected a sequence name, its residues and an optional count.', severity: 'error' },
        ]);
      }
      const [name, residues] = fields;
      let record = byName.get(name);
      if (!record) {
        record = { name, line: i, chunks: [], lines: [] };
        byName.set(name, record);
        records.push(record);
      }
      record.chunks.push(residues);
      record.lines.push(i);
    }
    const encoder = new TextEncoder();
    for (const r of records) {
      const name = encoder.encode(r.name);
      this.beginRecord(name, 0, name.length, name.length, name.length, r.line);
      r.chunks.forEach((chunk, k) => {
        const bytes = encoder.encode(chunk);
        this.sequence(bytes, 0, bytes.length, r.lines[k], 0);
      });
      this.finishRecord();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  private name(): string {
    return utf8.decode(this.recHeader.subarray(this.recStart, this.recNameEnd));
  }

  private label(name = this.name(), line = this.recLine): string {
    return name ? `"${name}"` : `at line ${line + 1}`;
  }

  /**
   * Throws for the first bad byte in [s, e), naming the character; a UTF-8 character cut by the
   * end of the chunk is completed from the next chunk first (see `push`).
   */
  private invalidCharacter(buf: Uint8Array, s: number, e: number, line: number, column: number): void {
    let i = s;
    while (i < e && CLASS[buf[i]] !== BAD) i++;
    const b = buf[i];
    const at = column + (i - s);
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (i + length > buf.length) {
      this.cut = { bytes: buf.slice(i), length, line, column: at };
      return;
    }
    throw this.badCharacter(buf.subarray(i, i + length), line, at);
  }

  private badCharacter(bytes: Uint8Array, line: number, column: number): ValidationError {
    const b = bytes[0];
    let shown: string;
    if (b >= 0x20 && b <= 0x7e) shown = `'${String.fromCharCode(b)}'`;
    else {
      const ch = b < 0x80 ? b : (utf8.decode(bytes).codePointAt(0) ?? 0xfffd);
      shown = `U+${ch.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    const message = `Sequence ${this.label()} has an invalid character ${shown} at line ${line + 1}, column ${column + 1}: alignments may contain only letters, '-', '.' and '*'.`;
    return new ValidationError(message, [{ line, column, endLine: line, endColumn: column + 1, message, severity: 'error' }]);
  }

  private lengthError(): ValidationError {
    const a3m = this.mode === 'a3m';
    const unit = a3m ? "match columns (upper-case letters and '-')" : 'columns';
    const hint = !a3m && this.format === 'fasta' && this.sawInsertChar ? ' Lowercase letters suggest A3M, where they are insertions; open the file as A3M.' : '';
    const name = this.name();
    const message =
      `All sequences of an alignment must have the same length: sequence ${this.label(name)} (line ${this.recLine + 1}) has ${this.col} ${unit}, ` +
      `but the first sequence ${this.label(this.queryName, this.queryLine)} (line ${this.queryLine + 1}) has ${this.width}.${hint}`;
    const diagnostic: SourceDiagnostic = { line: this.recLine, column: 0, endLine: this.recLine, endColumn: 1 + name.length, message, severity: 'error' };
    return new ValidationError(message, [diagnostic]);
  }
}

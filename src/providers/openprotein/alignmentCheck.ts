/**
 * An aligned file (A3M, A2M, aligned FASTA, Clustal) as ONE ready-made MSA upload — what the
 * public OpenProtein SDK does with `upload_msa` (openprotein/align/api.py `msa_post`: the file as
 * `msa_file`, query parameter `is_seed=false`) — after checking that every row has the same
 * number of match columns (the error points at the first row that differs).
 *
 * The upload is re-written one record per line, so the service reads exactly the alignment we
 * checked: headers as written, residues without whitespace or a terminal '*'. For aligned FASTA
 * and Clustal, where every column is a match column, lower case is sent in upper case and '.'
 * as '-' (in the A3M the service reads, lower case and '.' would be insertions); both are told.
 * A3M/A2M rows are sent as written (their case is meaningful). vscode-free, pure.
 */
import type { SourceDiagnostic } from '../../core/errors';
import {
  checkResidues,
  emptyRecordDiagnostic,
  headerRange,
  locatedRecord,
  locateResidue,
  orphanSequenceDiagnostic,
  recordLabel,
  scanFasta,
  type FastaRecord,
} from '../../core/fasta';
import { accepted, BoundedDiagnostics, refused, TICK, type InputCheck, type Tick } from '../../core/inputCheck';
import { jobNameFromId } from '../../core/jobName';
import { capitalise, headerWarnings, innerWhitespace, lowercaseLetters, plural } from '../../core/recordChecks';
import { formatCount, quoteName } from '../../core/safeText';
import { formatPosition, pointAt, rangeFields, splitLines, type SourcePosition } from '../../core/textPosition';
import type { SourceText } from '../types';
import { ALIGNED_RESIDUES, CLEAN_ROW, internalStop, internalStopError, nucleotideLikeWarning } from './residues';

export type AlignedFormat = 'a3m' | 'a2m' | 'fasta' | 'clustal';

export const FORMAT_NAMES: Readonly<Record<AlignedFormat, string>> = { a3m: 'A3M', a2m: 'A2M', fasta: 'aligned FASTA', clustal: 'Clustal' };

/** One MSA job: the upload is the file content to POST as `msa_file` with `is_seed=false`. */
export interface MsaPayload {
  kind: 'msa';
  /** The job name (from the file name: the job is the whole file). */
  name: string;
  format: AlignedFormat;
  rows: number;
  /** Match columns per row. */
  columns: number;
  /** `>header\nrow\n` per record, LF line ends. */
  upload: string;
}

const MAX_ERRORS = 20;
const MAX_PER_KIND = 5;

/** A told change summed up over all rows: how many, and where the first one is. */
class Aggregate {
  count = 0;
  rows = 0;
  first: SourcePosition | undefined;
  add(first: SourcePosition, count: number): void {
    this.count += count;
    this.rows++;
    this.first ??= first;
  }
}

/** Clustal blocks to records (rows kept until the end: blocks interleave). */
function* readClustal(source: SourceText, fileName: string): Generator<Tick, { records: FastaRecord[] } | { error: SourceDiagnostic }, void> {
  const lines = splitLines(source.text.replace(/^\uFEFF/, ''));
  const lineOffset = source.lineOffset ?? 0;
  const byName = new Map<string, FastaRecord>();
  const records: FastaRecord[] = [];
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    if (i % 512 === 511) yield TICK;
    const raw = lines[i];
    const line = i + lineOffset;
    if (!headerSeen) {
      if (raw.trim() !== '') headerSeen = true;
      continue;
    }
    // Blank lines separate blocks; lines starting with whitespace are the conservation line.
    if (raw.trim() === '' || /^\s/.test(raw)) continue;
    const m = /^(\S+)(\s+)(\S+)(?:\s+\d+)?\s*$/.exec(raw);
    if (!m) {
      const message = `${fileName}: line ${line + 1} is not a Clustal row ("name  residues  [count]")`;
      return { error: { line, column: 0, endLine: line, endColumn: raw.length, severity: 'error', message } };
    }
    const [, name, space, residues] = m;
    let record = byName.get(name);
    if (!record) {
      record = { id: name, description: '', header: name, headerColumn: 0, sequence: '', headerLine: line, sequenceLines: [] };
      byName.set(name, record);
      records.push(record);
    }
    record.sequenceLines.push({ line, column: name.length + space.length, text: residues, residueStart: record.sequence.length });
    record.sequence += residues;
  }
  return { records };
}

/** Records of the aligned file, one at a time (Clustal: all at the end), with structural errors. */
function* alignedRecords(source: SourceText, fileName: string, format: AlignedFormat, errors: BoundedDiagnostics): Generator<Tick | FastaRecord, void, void> {
  if (format === 'clustal') {
    const read = yield* readClustal(source, fileName);
    if ('error' in read) errors.add(read.error);
    else yield* read.records;
    return;
  }
  for (const step of scanFasta(source.text, { lineOffset: source.lineOffset })) {
    if (step === TICK) yield TICK;
    else if (step.kind === 'orphan') errors.add(orphanSequenceDiagnostic(step));
    else yield step.record;
  }
}

/** Match columns: upper case and '-' in A3M/A2M (lower case and '.' are insertions); every character otherwise. */
function columnsOf(row: string, format: AlignedFormat): number {
  if (format !== 'a3m' && format !== 'a2m') return row.length;
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c === 0x2d) n++;
  }
  return n;
}

/** Index in `row` of match column `column` (0-based), or row.length when the row has fewer. */
function indexOfColumn(row: string, column: number, format: AlignedFormat): number {
  if (format !== 'a3m' && format !== 'a2m') return Math.min(column, row.length);
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c === 0x2d) {
      if (n === column) return i;
      n++;
    }
  }
  return row.length;
}

function endOfRecord(record: FastaRecord): SourcePosition {
  const last = record.sequenceLines[record.sequenceLines.length - 1];
  return last ? { line: last.line, column: last.column + last.text.length } : headerRange(record).end;
}

/**
 * Checks the aligned file and builds the upload. `told` carries warnings the caller already has
 * (e.g. "read as A3M"). Runs as a generator that yields TICK (core/inputCheck).
 */
export function* checkAlignedFile(source: SourceText, fileName: string, format: AlignedFormat, told: SourceDiagnostic[] = []): Generator<Tick, InputCheck<MsaPayload>, void> {
  const errors = new BoundedDiagnostics(MAX_ERRORS, (n) => `…and ${formatCount(n)} more ${plural(n, 'error')} in ${fileName}`);
  const headerNotes = new BoundedDiagnostics(MAX_PER_KIND, (n) => `…and ${formatCount(n)} more headers to look at`);
  const duplicates = new BoundedDiagnostics(MAX_PER_KIND, (n) => `…and ${formatCount(n)} more duplicate names`);
  const stops = new Aggregate();
  const lower = new Aggregate();
  const dots = new Aggregate();
  const spaces = new Aggregate();
  const seen = new Map<string, number>();
  const upload: string[] = [];
  const warnings: SourceDiagnostic[] = [...told];
  const matchUnit = format === 'a3m' || format === 'a2m' ? "match columns (upper-case letters and '-')" : 'columns';
  let first: { record: FastaRecord; width: number } | undefined;
  let badRows = 0;
  let firstBad: SourceDiagnostic | undefined;
  let rows = 0;

  for (const item of alignedRecords(source, fileName, format, errors)) {
    if (item === TICK) {
      yield TICK;
      continue;
    }
    const record = item;
    rows++;
    if (record.sequence.length === 0) {
      errors.add(emptyRecordDiagnostic(record));
      continue;
    }
    if (!CLEAN_ROW.test(record.sequence)) {
      for (const d of checkResidues(locatedRecord(record), ALIGNED_RESIDUES, { maxReported: 3 })) errors.add(d);
      const stop = internalStop(record.sequence);
      if (stop >= 0) errors.add(internalStopError(record, stop, 'an alignment row'));
    }
    let row = record.sequence;
    if (row.endsWith('*')) {
      stops.add(locateResidue(record, row.length - 1), 1);
      row = row.slice(0, -1);
    }
    const ws = innerWhitespace(record);
    if (ws) spaces.add(ws.first, ws.count);
    if (format === 'fasta' || format === 'clustal') {
      const lc = lowercaseLetters(record);
      if (lc) lower.add(lc.first, lc.count);
      const dot = row.indexOf('.');
      if (dot >= 0) dots.add(locateResidue(record, dot), row.split('.').length - 1);
      row = row.toUpperCase().replace(/\./g, '-');
    }

    const width = columnsOf(row, format);
    if (!first) {
      first = { record, width };
      if (!/[A-Za-z]/.test(row)) {
        errors.add({ ...rangeFields(headerRange(record)), severity: 'error', message: `The first row, ${recordLabel(record)} at line ${record.headerLine + 1}, is the query and has no residues` });
      }
      const nucleotide = nucleotideLikeWarning(record);
      if (nucleotide) warnings.push(nucleotide);
    } else if (width !== first.width) {
      badRows++;
      if (!firstBad) {
        const position = width > first.width ? locateResidue(record, indexOfColumn(row, first.width, format)) : endOfRecord(record);
        firstBad = {
          ...pointAt(position),
          severity: 'error',
          message:
            `${capitalise(recordLabel(record))} (line ${record.headerLine + 1}) has ${formatCount(width)} ${matchUnit}, but the first row ` +
            `${quoteName(first.record.id)} has ${formatCount(first.width)}; every row of an alignment must have the same number ` +
            `(${width > first.width ? 'the first extra column is' : 'the row ends'} at ${formatPosition(position)})`,
        };
      }
    }

    for (const d of headerWarnings(record, record.id)) headerNotes.add(d);
    if (record.id) {
      const firstLine = seen.get(record.id);
      if (firstLine === undefined) seen.set(record.id, record.headerLine);
      else {
        duplicates.add({
          ...rangeFields(headerRange(record)),
          severity: 'warning',
          message: `Duplicate name ${quoteName(record.id)} at line ${record.headerLine + 1} (first used at line ${firstLine + 1})`,
        });
      }
    }
    upload.push(`>${record.header}\n${row}\n`);
  }

  if (firstBad) {
    const more = badRows - 1;
    errors.add(more > 0 ? { ...firstBad, message: `${firstBad.message}; ${formatCount(more)} more ${plural(more, 'row differs', 'rows differ')}` } : firstBad);
  }
  if (rows === 0 && errors.count === 0) {
    errors.add({ line: source.lineOffset ?? 0, column: 0, severity: 'error', message: `${fileName} has no sequences` });
  }
  warnings.push(...aggregateWarnings(fileName, format, { stops, lower, dots, spaces }), ...headerNotes.list(), ...duplicates.list());
  if (errors.count > 0 || !first) return refused([...errors.list(), ...warnings]);

  const name = jobNameFromId('', fileName);
  const payload: MsaPayload = { kind: 'msa', name, format, rows, columns: first.width, upload: upload.join('') };
  const summary =
    `${fileName}: one ready-made MSA (${FORMAT_NAMES[format]}) of ${formatCount(rows)} ${plural(rows, 'sequence')} × ` +
    `${formatCount(first.width)} ${format === 'a3m' || format === 'a2m' ? 'match columns' : 'columns'}, query ${quoteName(first.record.id || '(no name)')}`;
  return accepted(payload, warnings, summary, 1, [name]);
}

function aggregateWarnings(
  fileName: string,
  format: AlignedFormat,
  { stops, lower, dots, spaces }: { stops: Aggregate; lower: Aggregate; dots: Aggregate; spaces: Aggregate },
): SourceDiagnostic[] {
  const out: SourceDiagnostic[] = [];
  const add = (a: Aggregate, message: string) => {
    if (a.first) out.push({ ...pointAt(a.first), severity: 'warning', message });
  };
  const first = (a: Aggregate) => (a.first ? formatPosition(a.first) : '');
  const rows = (a: Aggregate) => `${formatCount(a.rows)} ${plural(a.rows, 'row')}`;
  add(stops, `The terminal stop '*' of ${rows(stops)} (first at ${first(stops)}) is not sent`);
  add(spaces, `${fileName} has ${formatCount(spaces.count)} ${plural(spaces.count, 'space or tab', 'spaces or tabs')} inside sequence lines (first at ${first(spaces)}); they are not sent`);
  add(
    lower,
    `${formatCount(lower.count)} lower-case ${plural(lower.count, 'letter')} in ${rows(lower)} (first at ${first(lower)}) ${lower.count === 1 ? 'is' : 'are'} sent in upper case: ` +
      `in ${FORMAT_NAMES[format]} every column is a match column, while in the A3M the service reads lower case would mean an insertion`,
  );
  add(dots, `${formatCount(dots.count)} '.' ${plural(dots.count, 'gap')} in ${rows(dots)} (first at ${first(dots)}) ${dots.count === 1 ? 'is' : 'are'} sent as '-': in the A3M the service reads, '.' would mean an insertion`);
  return out;
}

/**
 * Local validation of an OpenProtein PoET MSA submission. One file is one intent:
 * - an aligned file (A3M, A2M, aligned FASTA, Clustal) is ONE ready-made MSA job (`is_seed=false`,
 *   as the public SDK's `upload_msa` sends it), see alignmentCheck.ts;
 * - one unaligned sequence (FASTA record, or a bare sequence named after the file) is one seed job;
 * - several unaligned records become one job each, but only after the user confirms the count
 *   (`jobCount`, `names`), and at most `maxSeeds` of them (setting MAX_SEEDS_SETTING, default 20;
 *   above it the file is refused with how to raise the limit).
 * Stockholm files are refused with how to convert them. Sequence data before the first header is
 * an error. Parsing runs in time slices (core/inputCheck), keeping at most `maxSeeds` sequences
 * and a few names, so a 100,000-record file neither blocks the extension host nor fills memory.
 * What is sent and what is told: docs/normalisation.md. vscode-free, pure.
 */
import type { SourceDiagnostic } from '../../core/errors';
import {
  checkResidues,
  emptyRecordDiagnostic,
  hasFastaHeader,
  headerRange,
  locatedRecord,
  orphanSequenceDiagnostic,
  scanFasta,
  type FastaRecord,
} from '../../core/fasta';
import { displayFileName } from '../../core/fileChecks';
import { accepted, BoundedDiagnostics, MAX_LISTED_NAMES, refused, runInSlices, runToEnd, TICK, toValidationError, type ChunkOptions, type InputCheck, type Tick } from '../../core/inputCheck';
import { jobNameFromId } from '../../core/jobName';
import { headerWarnings, innerWhitespaceWarning, lowercaseWarning, plural } from '../../core/recordChecks';
import { formatCount, quoteName } from '../../core/safeText';
import { firstContent, formatPosition, pointAt, rangeFields } from '../../core/textPosition';
import type { ParsedSubmission, SourceText } from '../types';
import { checkAlignedFile, type AlignedFormat, type MsaPayload } from './alignmentCheck';
import { CLEAN_SEED, internalStop, internalStopError, nucleotideLikeWarning, SEED_RESIDUES, terminalStopWarning, unusualResidueWarning } from './residues';

export type { AlignedFormat, MsaPayload } from './alignmentCheck';

/** The setting that caps how many seed jobs one file may start. */
export const MAX_SEEDS_SETTING = 'biojobs.openprotein.maxSeedsPerFile';
export const DEFAULT_MAX_SEEDS = 20;

export interface ProteinSeed {
  name: string;
  /** Upper case, no gaps, no terminal '*': exactly the record's residues with the told changes. */
  sequence: string;
}

/** One job per seed (`is_seed=true`). */
export interface SeedsPayload {
  kind: 'seeds';
  seeds: ProteinSeed[];
}

export type OpenProteinPayload = SeedsPayload | MsaPayload;

export interface OpenProteinCheckOptions extends ChunkOptions {
  /** Most seed jobs one file may start (the MAX_SEEDS_SETTING value). Default 20. */
  maxSeeds?: number;
}

export interface OpenProteinSubmission extends ParsedSubmission {
  kind: OpenProteinPayload['kind'];
  payload: OpenProteinPayload;
  diagnostics: SourceDiagnostic[];
  jobCount: number;
  names: string[];
}

/** Validates in time slices: never blocks the event loop for long, whatever the file's size. */
export function checkOpenProteinInput(source: SourceText, options: OpenProteinCheckOptions = {}): Promise<InputCheck<OpenProteinPayload>> {
  return runInSlices(openProteinCheck(source, options), options);
}

export function checkOpenProteinInputSync(source: SourceText, options: OpenProteinCheckOptions = {}): InputCheck<OpenProteinPayload> {
  return runToEnd(openProteinCheck(source, options));
}

/** The previous contract: throws a ValidationError when there is an error. */
export function parseOpenProteinSource(source: SourceText, options: OpenProteinCheckOptions = {}): OpenProteinSubmission {
  const check = checkOpenProteinInputSync(source, options);
  if (!check.payload) throw toValidationError(check);
  return { kind: check.payload.kind, summary: check.summary, payload: check.payload, diagnostics: check.warnings, jobCount: check.jobCount, names: check.names };
}

/** Ungapped, upper case, without a terminal stop. */
export function seedSequence(aligned: string): string {
  return aligned.replace(/[-.]/g, '').toUpperCase().replace(/\*$/, '');
}

/** The validator as a generator that yields TICK while it works. */
export function* openProteinCheck(source: SourceText, options: OpenProteinCheckOptions = {}): Generator<Tick, InputCheck<OpenProteinPayload>, void> {
  const fileName = displayFileName(source.fileName);
  const lineOffset = source.lineOffset ?? 0;
  const text = source.text;
  const { offset, position, line: firstLine } = firstContent(text, lineOffset);
  if (offset < 0) return refused([{ line: lineOffset, column: 0, severity: 'error', message: `${fileName} is empty` }]);
  const at = (message: string): SourceDiagnostic => ({ ...pointAt(position), severity: 'error', message });

  if (/^# ?STOCKHOLM/i.test(firstLine)) {
    return refused([
      at(
        `${fileName} is a Stockholm alignment (${formatPosition(position)}), which is not read here. Convert it to A3M or aligned FASTA first, ` +
          'e.g. "esl-reformat afa file.sto > file.afa" (HMMER) or "reformat.pl sto a3m file.sto file.a3m" (HH-suite), and submit that',
      ),
    ]);
  }
  if (/^(CLUSTAL|MUSCLE|PROBCONS)\b/i.test(firstLine)) {
    const told: SourceDiagnostic = {
      ...pointAt(position),
      severity: 'warning',
      message: `${fileName} is a Clustal alignment: it is sent as aligned FASTA (one ">name" line and one row per sequence; the header and conservation lines are not sent)`,
    };
    return yield* checkAlignedFile(source, fileName, 'clustal', [told]);
  }
  if (firstLine.startsWith('"')) {
    return refused([
      at(`${fileName} starts with a double quote at ${formatPosition(position)}: this looks like a spreadsheet (CSV) export. Save the sequences as plain FASTA text`),
    ]);
  }
  const bare = !/^[>;#]/.test(firstLine) && !hasFastaHeader(text);
  if (bare) return yield* checkSeeds(source, fileName, options, 1, true);

  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'a3m' || extension === 'a2m') return yield* checkAlignedFile(source, fileName, extension);

  const shape = yield* classify(source);
  if (shape.aligned) {
    const told: SourceDiagnostic[] = [];
    let format: AlignedFormat = 'fasta';
    if (shape.a3mLike) {
      format = 'a3m';
      told.push({
        line: shape.firstHeaderLine,
        column: 0,
        severity: 'warning',
        message: `${fileName} is read as A3M: its rows differ in length but agree once lower-case letters and '.' are taken as insertions (rename it to .a3m to say so)`,
      });
    }
    return yield* checkAlignedFile(source, fileName, format, told);
  }
  return yield* checkSeeds(source, fileName, options, shape.records, false);
}

interface Shape {
  records: number;
  aligned: boolean;
  /** Rows of different raw length whose match columns (upper case and '-') agree. */
  a3mLike: boolean;
  firstHeaderLine: number;
}

/**
 * First pass: how many records, and is this an alignment? Two or more records with a gap
 * character, or with lower case whose match columns agree while raw lengths differ, are one.
 * Equal-length records without gaps are read as separate sequences (point mutants look like that),
 * and each becomes a job only after the user confirms the count.
 */
function* classify(source: SourceText): Generator<Tick, Shape, void> {
  let records = 0;
  let anyGap = false;
  let anyLower = false;
  let rawLength = -1;
  let rawEqual = true;
  let matchCount = -1;
  let matchEqual = true;
  let firstHeaderLine = source.lineOffset ?? 0;
  for (const step of scanFasta(source.text, { lineOffset: source.lineOffset })) {
    if (step === TICK) {
      yield TICK;
      continue;
    }
    if (step.kind !== 'record') continue;
    const seq = step.record.sequence.endsWith('*') ? step.record.sequence.slice(0, -1) : step.record.sequence;
    if (records === 0) firstHeaderLine = step.record.headerLine;
    records++;
    let matches = 0;
    for (let i = 0; i < seq.length; i++) {
      const c = seq.charCodeAt(i);
      if ((c >= 0x41 && c <= 0x5a) || c === 0x2d) matches++;
      else if (c >= 0x61 && c <= 0x7a) anyLower = true;
      if (c === 0x2d || c === 0x2e) anyGap = true;
    }
    if (rawLength < 0) {
      rawLength = seq.length;
      matchCount = matches;
    } else {
      if (seq.length !== rawLength) rawEqual = false;
      if (matches !== matchCount) matchEqual = false;
    }
  }
  const a3mLike = records >= 2 && anyLower && !rawEqual && matchEqual;
  return { records, aligned: records >= 2 && (anyGap || a3mLike), a3mLike, firstHeaderLine };
}

/** Unaligned records: one seed job each, capped, each checked and normalised with what is told. */
function* checkSeeds(source: SourceText, fileName: string, options: OpenProteinCheckOptions, count: number, bare: boolean): Generator<Tick, InputCheck<SeedsPayload>, void> {
  const maxSeeds = options.maxSeeds ?? DEFAULT_MAX_SEEDS;
  if (count > maxSeeds) {
    const message =
      `${fileName} has ${formatCount(count)} unaligned sequences; one file starts at most ${formatCount(maxSeeds)} ` +
      `seed jobs (one paid job each). To submit them all, raise the setting "${MAX_SEEDS_SETTING}"; ` +
      'to submit one, select its record and use Submit Selection; to send them as one MSA job, align them and submit the alignment';
    return refused([{ line: source.lineOffset ?? 0, column: 0, severity: 'error', message }]);
  }
  const errors = new BoundedDiagnostics(20, (n) => `…and ${formatCount(n)} more ${plural(n, 'error')} in ${fileName}`);
  const warnings: SourceDiagnostic[] = [];
  const seen = new Map<string, number>();
  const seeds: ProteinSeed[] = [];
  const bareId = bare ? '' : undefined;
  for (const step of scanFasta(source.text, { lineOffset: source.lineOffset, bareRecordId: bareId })) {
    if (step === TICK) {
      yield TICK;
      continue;
    }
    if (step.kind === 'orphan') {
      errors.add(orphanSequenceDiagnostic(step));
      continue;
    }
    const record = step.record;
    const name = jobNameFromId(record.id, fileName);
    if (record.sequence.length === 0) {
      errors.add(emptyRecordDiagnostic(record));
      continue;
    }
    for (const d of seedProblems(record)) {
      if (d.severity === 'error') errors.add(d);
      else warnings.push(d);
    }
    warnings.push(...headerWarnings(record, name));
    if (record.id) {
      const firstLine = seen.get(record.id);
      if (firstLine === undefined) seen.set(record.id, record.headerLine);
      else {
        warnings.push({
          ...rangeFields(headerRange(record)),
          severity: 'warning',
          message: `Duplicate record id ${quoteName(record.id)} at line ${record.headerLine + 1} (first used at line ${firstLine + 1})`,
        });
      }
    }
    seeds.push({ name, sequence: seedSequence(record.sequence) });
  }
  if (seeds.length === 0 && errors.count === 0) errors.add({ line: source.lineOffset ?? 0, column: 0, severity: 'error', message: `${fileName} has no sequences` });
  if (errors.count > 0) return refused([...errors.list(), ...warnings]);

  const lengths = seeds.map((s) => s.sequence.length);
  const min = Math.min(...lengths);
  const max = Math.max(...lengths);
  const range = min === max ? `${min} aa` : `${min}–${max} aa`;
  const summary =
    seeds.length === 1
      ? `${fileName}: one seed sequence ${quoteName(seeds[0].name)} (${range})${bare ? ' (no header: named after the file)' : ''}`
      : `${fileName}: ${seeds.length} unaligned protein sequences (${range}), one seed job each`;
  return accepted<SeedsPayload>({ kind: 'seeds', seeds }, warnings, summary, seeds.length, seeds.slice(0, MAX_LISTED_NAMES).map((s) => s.name));
}

/** Alphabet, stops (errors); terminal stop, case, whitespace (told); DNA-like and rare residues (warnings). */
function seedProblems(record: FastaRecord): SourceDiagnostic[] {
  const out: SourceDiagnostic[] = [];
  if (!CLEAN_SEED.test(record.sequence)) {
    out.push(...checkResidues(locatedRecord(record), SEED_RESIDUES, { maxReported: 3 }));
    const stop = internalStop(record.sequence);
    if (stop >= 0) out.push(internalStopError(record, stop, 'a protein seed'));
    if (out.length) return out;
  }
  for (const d of [terminalStopWarning(record), lowercaseWarning(record, 'residues'), innerWhitespaceWarning(record), nucleotideLikeWarning(record), unusualResidueWarning(record)]) {
    if (d) out.push(d);
  }
  return out;
}

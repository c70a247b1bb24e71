/**
 * The result every submission validator returns, and the machinery they share: bounded
 * diagnostic lists, and one parse that runs either at once (tests, small files) or in time
 * slices that yield to the event loop (a 100,000-record file must never block the extension host
 * for more than a few tens of milliseconds). vscode-free, pure.
 */
import { ValidationError, type SourceDiagnostic } from './errors';
import { displayLine, formatCount, quoteName } from './safeText';
import { sortDiagnostics } from './textPosition';

/**
 * What a validator says about a file. `errors` non-empty ⇒ nothing may be sent (`payload` is
 * undefined, `jobCount` 0). `warnings` non-empty ⇒ ask before sending ("Submit anyway"); they
 * include every normalisation that was applied, naming what changed and where. `jobCount` > 1 ⇒
 * confirm the count. Problems gets `[...errors, ...warnings]`.
 */
export interface InputCheck<P> {
  errors: SourceDiagnostic[];
  warnings: SourceDiagnostic[];
  payload: P | undefined;
  /** One line for titles and confirmations, e.g. `gene.fna: "EGFP" 720 nt (240 codons)`. */
  summary: string;
  jobCount: number;
  /** The first few job names (at most MAX_LISTED_NAMES), in file order. */
  names: string[];
}

export const MAX_LISTED_NAMES = 10;
/** How many warnings a confirmation lists; Problems has all of them. */
export const MAX_PROMPT_WARNINGS = 5;

/** A yield point inside a validator's generator. */
export const TICK = Symbol('tick');
export type Tick = typeof TICK;

export interface ChunkOptions {
  /** Lets the event loop run; default `setImmediate`. Tests inject a counter. */
  yieldNow?: () => Promise<void>;
  /** Milliseconds; default `performance.now`. */
  now?: () => number;
  /** Longest stretch of work between two yields. Default 16 ms. */
  sliceMs?: number;
}

export const DEFAULT_SLICE_MS = 16;

/** Runs a validator generator to the end without yielding (small inputs, tests, benchmarks). */
export function runToEnd<T>(work: Generator<Tick, T, void>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs a validator generator, yielding to the event loop whenever a slice has used up its time. */
export async function runInSlices<T>(work: Generator<Tick, T, void>, options: ChunkOptions = {}): Promise<T> {
  const yieldNow = options.yieldNow ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceStart = now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (now() - sliceStart >= sliceMs) {
      await yieldNow();
      sliceStart = now();
    }
  }
}

/**
 * Collects diagnostics of one kind with a bound: the first `limit` one by one, then a single
 * summary diagnostic ("…and 1,234 more"), so a 100,000-record file cannot produce 100,000
 * Problems entries or a megabyte of message text.
 */
export class BoundedDiagnostics {
  private readonly items: SourceDiagnostic[] = [];
  private extra = 0;
  private firstExtra: SourceDiagnostic | undefined;

  constructor(
    private readonly limit: number,
    /** `(n) => "…and n more records with lower-case letters"` */
    private readonly moreMessage: (more: number) => string,
  ) {}

  add(diagnostic: SourceDiagnostic): void {
    if (this.items.length < this.limit) this.items.push(diagnostic);
    else {
      this.extra++;
      this.firstExtra ??= diagnostic;
    }
  }

  get count(): number {
    return this.items.length + this.extra;
  }

  list(): SourceDiagnostic[] {
    if (!this.firstExtra) return [...this.items];
    const { line, column, endLine, endColumn, severity } = this.firstExtra;
    return [...this.items, { line, column, endLine, endColumn, severity, message: this.moreMessage(this.extra) }];
  }
}

/** Splits diagnostics by severity, each sorted by position. */
export function splitDiagnostics(diagnostics: readonly SourceDiagnostic[]): { errors: SourceDiagnostic[]; warnings: SourceDiagnostic[] } {
  const sorted = sortDiagnostics([...diagnostics]);
  return { errors: sorted.filter((d) => d.severity === 'error'), warnings: sorted.filter((d) => d.severity === 'warning') };
}

/** A refused input: the summary is the first error, with a count of the others. */
export function refused<P>(diagnostics: readonly SourceDiagnostic[]): InputCheck<P> {
  const { errors, warnings } = splitDiagnostics(diagnostics);
  return { errors, warnings, payload: undefined, summary: firstErrorSentence(errors), jobCount: 0, names: [] };
}

export function accepted<P>(payload: P, warnings: readonly SourceDiagnostic[], summary: string, jobCount: number, names: readonly string[]): InputCheck<P> {
  return { errors: [], warnings: sortDiagnostics([...warnings]), payload, summary, jobCount, names: names.slice(0, MAX_LISTED_NAMES) };
}

/** `Invalid nucleotide 'J' at line 3, column 14 … (and 2 more errors)` */
export function firstErrorSentence(errors: readonly SourceDiagnostic[]): string {
  const first = errors[0]?.message ?? 'The input is invalid';
  const more = errors.length - 1;
  return first + (more > 0 ? ` (and ${more} more ${more === 1 ? 'error' : 'errors'})` : '');
}

/** The old contract: a ValidationError carrying every diagnostic, thrown when there are errors. */
export function toValidationError(check: InputCheck<unknown>): ValidationError {
  return new ValidationError(check.summary, [...check.errors, ...check.warnings]);
}

/** The question to ask before sending, or undefined when there is nothing to ask. */
export interface SubmissionPrompt {
  /** The modal's message, e.g. `Submit 3 jobs to OpenProtein.AI?` */
  message: string;
  /** Plain text (names shown with invisibles visible): what the jobs are and the first warnings. */
  detail: string;
  /** The confirming button: `Submit 3 Jobs`, `Submit Anyway`. */
  action: string;
}

/**
 * One modal for everything that needs a yes: several jobs from one file, and/or warnings (the
 * count and the first few with line:column). Names are quoted with invisibles shown; the UI still
 * passes message and detail through `safeLabel` if its surface renders links.
 */
export function submissionPrompt(check: InputCheck<unknown>, providerLabel: string): SubmissionPrompt | undefined {
  if (check.errors.length || (check.jobCount <= 1 && check.warnings.length === 0)) return undefined;
  const lines: string[] = [displayLine(check.summary, 300)];
  if (check.jobCount > 1) {
    const listed = check.names.slice(0, MAX_LISTED_NAMES).map((n) => quoteName(n, 60));
    const rest = check.jobCount - listed.length;
    lines.push(`One job per sequence: ${listed.join(', ')}${rest > 0 ? ` and ${formatCount(rest)} more` : ''}.`);
  }
  const w = check.warnings.length;
  if (w) {
    lines.push('', `${w} ${w === 1 ? 'warning' : 'warnings'}${w > MAX_PROMPT_WARNINGS ? ` (the first ${MAX_PROMPT_WARNINGS}; all are in Problems)` : ''}:`);
    for (const d of check.warnings.slice(0, MAX_PROMPT_WARNINGS)) lines.push(`${d.line + 1}:${d.column + 1}  ${displayLine(d.message, 300)}`);
  }
  const jobs = check.jobCount > 1 ? `${formatCount(check.jobCount)} jobs` : 'the job';
  const message =
    check.jobCount > 1
      ? `Submit ${jobs} to ${providerLabel}?${w ? ` The file has ${w} ${w === 1 ? 'warning' : 'warnings'}.` : ''}`
      : `Submit to ${providerLabel} despite ${w} ${w === 1 ? 'warning' : 'warnings'}?`;
  const action = check.jobCount > 1 ? `Submit ${formatCount(check.jobCount)} Jobs` : 'Submit Anyway';
  return { message, detail: lines.join('\n'), action };
}

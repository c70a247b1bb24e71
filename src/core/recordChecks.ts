/**
 * Checks shared by every FASTA-reading validator: what in a record will be sent differently from
 * how the file writes it (inner whitespace, lower case — each a warning naming what changes and
 * where), and headers a person should look at (very long, invisible characters). The decisions
 * per provider are in docs/normalisation.md. vscode-free, pure.
 */
import type { SourceDiagnostic } from './errors';
import { headerRange, locateResidue, recordLabel, type FastaRecord } from './fasta';
import { formatCount, quoteName } from './safeText';
import { formatPosition, pointAt, rangeFields, type SourcePosition } from './textPosition';

/** Headers longer than this are worth a look (NCBI nr headers with ^A-joined titles run to thousands). */
export const LONG_HEADER_CHARS = 1000;

const WHITESPACE = /[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\ufffd]/u;

export interface Occurrences {
  first: SourcePosition;
  count: number;
}

/** Whitespace inside sequence lines (not at their ends, which is layout): where first, how many. */
export function innerWhitespace(record: FastaRecord): Occurrences | undefined {
  let first: SourcePosition | undefined;
  let count = 0;
  for (const l of record.sequenceLines) {
    if (!WHITESPACE.test(l.text)) continue;
    for (let i = 0; i < l.text.length; i++) {
      if (!WHITESPACE.test(l.text[i])) continue;
      count++;
      first ??= { line: l.line, column: l.column + i };
    }
  }
  return first ? { first, count } : undefined;
}

/** Lower-case letters in the sequence: where first, how many. */
export function lowercaseLetters(record: FastaRecord): Occurrences | undefined {
  const seq = record.sequence;
  const firstIndex = seq.search(/[a-z]/);
  if (firstIndex < 0) return undefined;
  let count = 0;
  for (let i = firstIndex; i < seq.length; i++) {
    const c = seq.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) count++;
  }
  return { first: locateResidue(record, firstIndex), count };
}

/** Told: the sequence is sent without the spaces and tabs written inside its lines. */
export function innerWhitespaceWarning(record: FastaRecord): SourceDiagnostic | undefined {
  const found = innerWhitespace(record);
  if (!found) return undefined;
  return {
    ...pointAt(found.first),
    severity: 'warning',
    message:
      `${capitalise(recordLabel(record))} has ${formatCount(found.count)} ${found.count === 1 ? 'space or tab' : 'spaces or tabs'} ` +
      `inside its sequence lines (first at ${formatPosition(found.first)}); the sequence is sent without them`,
  };
}

/** Told: lower case (soft-masking, or a lower-case file) is sent in upper case. */
export function lowercaseWarning(record: FastaRecord, residues: string): SourceDiagnostic | undefined {
  const found = lowercaseLetters(record);
  if (!found) return undefined;
  const letters = record.sequence.replace(/[^A-Za-z]/g, '').length;
  const all = found.count === letters;
  return {
    ...pointAt(found.first),
    severity: 'warning',
    message: all
      ? `${capitalise(recordLabel(record))} is written in lower case (from ${formatPosition(found.first)}); its ${residues} are sent in upper case`
      : `${capitalise(recordLabel(record))} has ${formatCount(found.count)} lower-case (soft-masked) ${residues} of ${formatCount(letters)} ` +
        `(first at ${formatPosition(found.first)}); they are sent in upper case, so the masking is not kept`,
  };
}

/** Very long headers and headers with control, bidi, zero-width or undecodable characters. */
export function headerWarnings(record: FastaRecord, jobName: string): SourceDiagnostic[] {
  if (record.bare) return [];
  const out: SourceDiagnostic[] = [];
  const line = record.headerLine + 1;
  if (record.header.length > LONG_HEADER_CHARS) {
    out.push({
      ...rangeFields(headerRange(record)),
      severity: 'warning',
      message:
        `The header at line ${line} is ${formatCount(record.header.length)} characters long; ` +
        `only its id is used, and the job is named ${quoteName(jobName)}`,
    });
  }
  const bad = INVISIBLE.exec(record.header);
  if (bad) {
    const ch = bad[0];
    const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const column = (record.headerColumn ?? 1) + bad.index;
    out.push({
      ...pointAt({ line: record.headerLine, column }),
      severity: 'warning',
      message:
        ch === '\ufffd'
          ? `The header at line ${line} has a character that could not be decoded (column ${column + 1}); is the file saved as UTF-8?`
          : `The header at line ${line} contains an invisible or control character (${code} at column ${column + 1}); ` +
            `the job is named ${quoteName(jobName)}, from letters, digits, '_', '.' and '-' only`,
    });
  }
  return out;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
  return count === 1 ? noun : pluralForm;
}

/**
 * The uploaded `msa_file`: parsing and the content checks the service answers with 400 + a string
 * detail (the multipart shape itself is checked in form.ts, pydantic-style).
 *
 * Accepted, as the API's own description of the align endpoints lists them:
 * - FASTA / A3M: records start with '>' (the whole header line is the name); '#' lines before the
 *   first record (ColabFold's "#<lengths>\t<cardinalities>") and ';' comment lines are skipped;
 * - headerless CSV: "name,sequence" or "sequence" per line;
 * - a bare sequence, possibly wrapped over several lines (named "query").
 * Whitespace inside sequences is ignored.
 *
 * is_seed=true (the default): the FIRST sequence is the query, everything after it is discarded
 * (the API's documented rule); gaps ('-', '.') and A3M case are removed, so an aligned or A3M seed
 * works. is_seed=false: the file IS the alignment: every record must have the same number of match
 * columns (upper case + '-'), and it becomes the result as uploaded (minus '.' and a trailing '*').
 */
import { matchColumnCount, type MsaRecord } from './msa';

/** The 20 standard amino acids plus X (unknown), B, Z (ambiguous), U (Sec), O (Pyl). */
export const PROTEIN_ALPHABET = 'ACDEFGHIKLMNPQRSTVWYXBZUO';
/** Longest query the emulator aligns; the real limit is undocumented (ColabFold's is in the thousands). */
export const MAX_QUERY_LENGTH = 10_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

export interface SeedInput {
  /** Name of the first record ("query" for a bare sequence). */
  name: string;
  /** The query: upper case, ungapped. */
  query: string;
  /** is_seed=false: the uploaded alignment, which is the result as-is. */
  alignment: MsaRecord[] | null;
}

interface RawRecord {
  name: string;
  /** As written, whitespace removed. */
  text: string;
}

const ALLOWED = new Set([...PROTEIN_ALPHABET, ...PROTEIN_ALPHABET.toLowerCase(), '-', '.']);

export function seedFromUpload(text: string, isSeed: boolean): Parsed<SeedInput> {
  if (text.trim() === '') return fail('msa_file is empty');
  if (text.includes('\0')) return fail('msa_file is not a text file (FASTA, A3M, CSV or a bare sequence)');
  const records = parseRecords(text);
  if (records.length === 0) return fail('msa_file has no sequences');
  const used = isSeed ? records.slice(0, 1) : records;
  for (const r of used) {
    const bad = firstInvalid(r.text);
    if (bad >= 0) {
      return fail(
        `msa_file: invalid character '${r.text[bad]}' at position ${bad + 1} of sequence '${r.name}' ` +
          `(allowed: the 20 amino acids, X, B, Z, U, O; '-' and '.' as gaps; lower case for A3M insertions; a trailing '*')`,
      );
    }
  }
  const first = used[0];
  const query = withoutStop(first.text).replace(/[-.]/g, '').toUpperCase();
  if (query === '') return fail(`msa_file: the first sequence ('${first.name}') has no residues`);
  if (query.length > MAX_QUERY_LENGTH) return fail(`msa_file: the query has ${query.length} residues; at most ${MAX_QUERY_LENGTH} are accepted`);
  if (isSeed) return { ok: true, value: { name: first.name, query, alignment: null } };

  const alignment = records.map((r) => ({ name: r.name, sequence: withoutStop(r.text).replace(/\./g, '') }));
  const width = matchColumnCount(alignment[0].sequence);
  for (const [i, r] of alignment.entries()) {
    const n = matchColumnCount(r.sequence);
    if (n !== width) {
      return fail(`msa_file (is_seed=false) is not an alignment: sequence ${i + 1} ('${r.name}') has ${n} match columns, the first has ${width}`);
    }
  }
  return { ok: true, value: { name: first.name, query: alignment[0].sequence.replace(/[^A-Z]/g, ''), alignment } };
}

function fail<T>(detail: string): Parsed<T> {
  return { ok: false, detail };
}

function parseRecords(text: string): RawRecord[] {
  const lines = text.split(/\r\n|\r|\n/);
  const content = lines.filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (content.length === 0) return [];
  if (content[0].trimStart().startsWith('>') || content[0].startsWith(';')) return fastaRecords(content);
  if (content[0].includes(',')) return csvRecords(content);
  return [{ name: 'query', text: squeeze(content.join('')) }];
}

function fastaRecords(lines: string[]): RawRecord[] {
  const records: RawRecord[] = [];
  for (const line of lines) {
    if (line.startsWith(';')) continue;
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) records.push({ name: trimmed.slice(1).trim() || `sequence-${records.length + 1}`, text: '' });
    else if (records.length > 0) records[records.length - 1].text += squeeze(line);
  }
  return records;
}

function csvRecords(lines: string[]): RawRecord[] {
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    return cells.length >= 2 ? { name: cells[0] || `sequence-${i + 1}`, text: squeeze(cells[1]) } : { name: `sequence-${i + 1}`, text: squeeze(cells[0]) };
  });
}

function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

function withoutStop(s: string): string {
  return s.endsWith('*') ? s.slice(0, -1) : s;
}

/** Index of the first character that is not a residue, gap or insertion (a trailing '*' is fine), or -1. */
function firstInvalid(s: string): number {
  const body = withoutStop(s);
  for (let i = 0; i < body.length; i++) if (!ALLOWED.has(body[i])) return i;
  return -1;
}

/**
 * Local validation of a ProteinIQ submission, before anything is sent (and before a quote):
 * - a protein FASTA file (or a bare sequence) with one record: the tool and settings are asked next;
 * - a JSON file holding a whole job body (`tool`, `name`, `input.inputs[]`, `settings`, `billing`),
 *   sent as written (the value of the parse tree: duplicate keys resolved as JSON.parse does, no
 *   schema transform). Every problem is reported at its line and column: JSON syntax, nesting
 *   deeper than 64, missing or mistyped fields, and bad residues inside a FASTA string of
 *   `input.inputs[].content` (escapes included).
 * What is sent and what is told (docs/normalisation.md): lower case and spaces inside sequence
 * lines are applied and told, a terminal '*' is told and not sent, rare residues and DNA-looking
 * text are warnings; duplicate and unknown JSON keys are told. Pure and vscode-free.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import * as z from '../../core/zod';
import { ValidationError, type SourceDiagnostic } from '../../core/errors';
import { checkResidues, defineAlphabet, headerRange, locateResidue, parseFasta, recordLabel, scanFasta, type FastaRecord, type LocatedSequence } from '../../core/fasta';
import { displayFileName } from '../../core/fileChecks';
import { TICK } from '../../core/inputCheck';
import { duplicateKeyWarnings, jsonValue, nodeAt, unknownKeyWarnings } from '../../core/jsonChecks';
import { jobNameFromId } from '../../core/jobName';
import { capitalise, headerWarnings, innerWhitespaceWarning, lowercaseWarning } from '../../core/recordChecks';
import { refuseDeepJson } from '../../core/serverText';
import { createPositionMapper, formatPosition, pointAt, rangeFields, sortDiagnostics, type SourcePosition, type SourceRange } from '../../core/textPosition';
import type { ParsedSubmission, SourceText } from '../types';

const nonBlank = z.string().check(z.refine((v) => v.trim() !== '', 'must not be blank'));

/** One input of a job body. Extra fields pass through (tools add their own). */
export const inputItemSchema = z.lazy(() => z.looseObject({
  id: nonBlank,
  slotId: nonBlank,
  kind: nonBlank,
  format: nonBlank,
  content: z.optional(z.string()),
  source: z.looseObject({ type: nonBlank }),
}));

/** The body of POST /api/v1/jobs (seeds/003, "Submit a job"). Checked only: what is sent is the file's value. */
export const jobBodySchema = z.lazy(() => z.looseObject({
  tool: nonBlank,
  name: nonBlank.check(z.refine((v) => v.length <= 200, 'is too long: at most 200 characters')),
  input: z.looseObject({ inputs: z.array(inputItemSchema).check(z.minLength(1)) }),
  settings: z.optional(z.record(z.string(), z.unknown())),
  billing: z.optional(
    z.looseObject({
      max_reserved_credits: z.optional(z.number().check(z.int(), z.positive())),
      maxReservedCredits: z.optional(z.number().check(z.int(), z.positive())),
    }),
  ),
}));
export type JobBody = z.infer<typeof jobBodySchema>;
/** The body's documented top-level fields (others are told and sent as written). */
const KNOWN_FIELDS = ['tool', 'name', 'input', 'settings', 'billing', 'project_id'];

export type ProteinIqPayload =
  | { kind: 'fasta'; name: string; sequence: string }
  /** A whole job body, sent as written. */
  | { kind: 'job'; body: JobBody };

export interface ProteinIqSubmission extends ParsedSubmission {
  kind: ProteinIqPayload['kind'];
  payload: ProteinIqPayload;
}

/** The 20 amino acids, X (unknown), B, Z (ambiguous), U (Sec), O (Pyl), and '*' (judged by place). */
const PROTEIN = defineAlphabet({
  name: 'amino acids (ACDEFGHIKLMNPQRSTVWY, X, B, Z, U, O)',
  residueNoun: 'amino acid',
  letters: 'ACDEFGHIKLMNPQRSTVWYXBZUO*',
  reasons: {
    '-': 'gaps belong in alignments; a ProteinIQ input is one ungapped sequence',
    '.': 'gaps belong in alignments; a ProteinIQ input is one ungapped sequence',
    J: "'J' (leucine or isoleucine) is ambiguous; write L, I or X",
  },
});
const RARE: Readonly<Record<string, string>> = { X: 'unknown', B: 'Asx, D or N', Z: 'Glx, E or Q', U: 'selenocysteine', O: 'pyrrolysine' };
const MAX_SYNTAX_ERRORS = 5;

export function parseProteinIqSource(source: SourceText): ProteinIqSubmission {
  const fileName = displayFileName(source.fileName);
  if (source.text.trim() === '') fail([{ line: source.lineOffset ?? 0, column: 0, severity: 'error', message: `${fileName} is empty` }]);
  const first = source.text.replace(/^\uFEFF/, '').trimStart().charAt(0);
  const json = first === '{' || first === '[' || (first !== '>' && first !== ';' && /\.json$/i.test(fileName));
  return json ? parseJobBody(source, fileName) : parseProteinFasta(source, fileName);
}

// ---------------------------------------------------------------------------------------------
// FASTA

function parseProteinFasta(source: SourceText, fileName: string): ProteinIqSubmission {
  const lineOffset = source.lineOffset ?? 0;
  const records: FastaRecord[] = [];
  const diagnostics: SourceDiagnostic[] = [];
  // A bare sequence (no header) is one record named after the file.
  for (const step of scanFasta(source.text, { lineOffset, bareRecordId: jobNameFromId('', fileName) })) {
    if (step === TICK || step.kind !== 'record') continue;
    records.push(step.record);
  }
  if (records.length > 1) {
    const second = records[1];
    diagnostics.push({
      ...rangeFields(headerRange(second)),
      severity: 'error',
      message: `${fileName} has ${records.length} sequences; a ProteinIQ job takes one (the second starts at line ${second.headerLine + 1}). Select one record and use "Submit Selection to Provider…".`,
    });
  }
  const record = records[0];
  if (!record) fail([{ line: lineOffset, column: 0, severity: 'error', message: `${fileName} has no sequence` }]);
  if (!record.sequence) fail([{ ...rangeFields(headerRange(record)), severity: 'error', message: `${capitalise(recordLabel(record))} has no residues` }]);
  const name = jobNameFromId(record.id, fileName);
  diagnostics.push(...residueChecks(located(record)));
  for (const told of [innerWhitespaceWarning(record), lowercaseWarning(record, 'amino acids')]) if (told) diagnostics.push(told);
  diagnostics.push(...headerWarnings(record, name));
  if (diagnostics.some((d) => d.severity === 'error')) fail(diagnostics);
  const sequence = record.sequence.toUpperCase().replace(/\*$/, '');
  return {
    kind: 'fasta',
    summary: `${fileName}: "${name}", ${sequence.length} aa`,
    payload: { kind: 'fasta', name, sequence },
    diagnostics: diagnostics.length ? sortDiagnostics(diagnostics) : undefined,
  };
}

function located(record: FastaRecord, label = recordLabel(record)): LocatedSequence {
  return { label, sequence: record.sequence, locate: (i) => locateResidue(record, i), anchor: headerRange(record) };
}

/**
 * The alphabet, then what is judged by place or share: a '*' inside (refused) or at the end
 * (told: not sent), rare residues (told: sent as written), a nucleotide-looking sequence (warning).
 */
function residueChecks(seq: LocatedSequence): SourceDiagnostic[] {
  const out = checkResidues(seq, PROTEIN);
  const s = seq.sequence;
  const stop = s.indexOf('*');
  if (stop >= 0 && stop < s.length - 1) {
    const p = seq.locate(stop);
    out.push({ ...pointAt(p), severity: 'error', message: `Stop '*' inside ${seq.label} at ${formatPosition(p)}; only a final '*' is allowed.` });
  }
  if (out.length) return out;
  if (stop === s.length - 1) {
    const p = seq.locate(stop);
    out.push({ ...pointAt(p), severity: 'warning', message: `The final stop '*' of ${seq.label} at ${formatPosition(p)} is not sent` });
  }
  const rare = new Map<string, number>();
  let firstRare = -1;
  let nucleotides = 0;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const up = s[i].toUpperCase();
    if (up === '*') continue;
    letters++;
    if ('ACGTUN'.includes(up)) nucleotides++;
    if (up in RARE) {
      if (firstRare < 0) firstRare = i;
      rare.set(up, (rare.get(up) ?? 0) + 1);
    }
  }
  if (letters >= 20 && nucleotides / letters >= 0.9) {
    out.push({ ...rangeFields(seq.anchor), severity: 'warning', message: `${capitalise(seq.label)} looks like a nucleotide sequence (${Math.round((100 * nucleotides) / letters)}% A, C, G, T/U or N); ProteinIQ tools such as ESMFold take protein sequences.` });
  } else if (firstRare >= 0) {
    const p = seq.locate(firstRare);
    const list = [...rare].map(([letter, n]) => `${n} ${letter} (${RARE[letter]})`).join(', ');
    out.push({ ...pointAt(p), severity: 'warning', message: `${capitalise(seq.label)} has unusual residues: ${list}, the first at ${formatPosition(p)}; they are sent as written` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON job body

interface JsonContext {
  text: string;
  root: Node;
  positionAt: (offset: number) => SourcePosition;
}

function parseJobBody(source: SourceText, fileName: string): ProteinIqSubmission {
  const positionAt = createPositionMapper(source.text, source.lineOffset);
  // Before any recursive walk: a body nested 100,000 deep is refused, not a stack overflow.
  const deep = refuseDeepJson(source.text);
  if (deep) fail([{ ...pointAt(positionAt(deep.offset)), severity: 'error', message: `${fileName}: ${deep.message}` }]);
  const errors: ParseError[] = [];
  const root = parseTree(source.text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const distinct = errors.filter((e, i) => errors.findIndex((o) => o.offset === e.offset) === i).slice(0, MAX_SYNTAX_ERRORS);
    fail(
      distinct.map((e) => {
        const start = positionAt(e.offset);
        const end = positionAt(e.offset + Math.max(1, e.length));
        return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity: 'error' as const, message: `${fileName} is not valid JSON: ${syntaxText(printParseErrorCode(e.error))} at ${formatPosition(start)}` };
      }),
    );
  }
  if (!root || root.type !== 'object') {
    fail([{ ...pointAt(positionAt(root?.offset ?? 0)), severity: 'error', message: `${fileName} must hold one JSON object: a ProteinIQ job body with "tool", "name", "input" (and optional "settings", "billing")` }]);
  }
  const context: JsonContext = { text: source.text, root, positionAt };
  // What is sent is the file's value (the last of duplicate keys, as JSON.parse reads it); the schema only checks it.
  const value = jsonValue(root);
  const parsed = jobBodySchema.safeParse(value);
  const diagnostics = parsed.success ? [] : parsed.error.issues.map((issue) => issueDiagnostic(context, issue));
  diagnostics.push(...contentChecks(context), ...duplicateKeyWarnings(context), ...unknownKeyWarnings(context, root, KNOWN_FIELDS, '', 'the ProteinIQ job body'));
  if (!parsed.success || diagnostics.some((d) => d.severity === 'error')) fail(diagnostics);
  const body = value as JobBody;
  const first = body.input.inputs[0];
  return {
    kind: 'job',
    summary: `${fileName}: "${body.name}" with ${body.tool}, ${body.input.inputs.length} input${body.input.inputs.length === 1 ? '' : 's'}${first.kind ? ` (${first.kind})` : ''}`,
    payload: { kind: 'job', body },
    diagnostics: diagnostics.length ? sortDiagnostics(diagnostics) : undefined,
  };
}

const FIELD_HINTS: Readonly<Record<string, string>> = {
  tool: 'a tool id such as "esmfold"',
  name: 'a name for the job',
  input: 'an object with "inputs": [{ "id", "slotId", "kind", "format", "content", "source": { "type": "text" } }]',
  'input.inputs': 'a list of inputs',
  'input.inputs[].id': 'e.g. "seqs_1"',
  'input.inputs[].slotId': 'e.g. "protein"',
  'input.inputs[].kind': 'e.g. "protein"',
  'input.inputs[].format': 'e.g. "fasta"',
  'input.inputs[].source': '{ "type": "text" }',
};

function issueDiagnostic(context: JsonContext, issue: z.Issue): SourceDiagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const node = nodeAt(context.root, path);
  const field = formatPath(path) || '(the body)';
  if (!node) {
    // Missing: point at the object that should hold it.
    let depth = path.length - 1;
    let parent = nodeAt(context.root, path.slice(0, depth));
    while (!parent && depth > 0) parent = nodeAt(context.root, path.slice(0, --depth));
    const at = context.positionAt(parent?.offset ?? context.root.offset);
    const hint = FIELD_HINTS[formatPath(path.slice(0, depth + 1)).replace(/\[\d+\]/g, '[]')];
    const owner = depth === 0 ? 'the job body' : `"${formatPath(path.slice(0, depth))}"`;
    return { ...pointAt(at), severity: 'error', message: `Missing "${String(path[depth])}" in ${owner} (${formatPosition(at)})${hint ? `: ${hint}` : ''}` };
  }
  const where = formatPosition(context.positionAt(node.offset));
  let message: string;
  if (issue.code === 'invalid_type') message = `"${field}" must be ${article(issue.expected)}, not ${article(node.type)} (${where})`;
  else if (issue.code === 'too_small') message = node.type === 'array' ? `"${field}" must not be empty (${where})` : node.type === 'number' ? `"${field}" must be greater than 0 (${where})` : `"${field}" must not be empty (${where})`;
  else if (issue.code === 'too_big') message = `"${field}" is too long: at most ${String(issue.maximum)} characters (${where})`;
  else message = `"${field}": ${issue.message} (${where})`;
  return { ...rangeFields(nodeRange(context, node)), severity: 'error', message };
}

/** Residue checks of each protein FASTA string in `input.inputs[].content`, at their characters in the file. */
function contentChecks(context: JsonContext): SourceDiagnostic[] {
  const inputs = nodeAt(context.root, ['input', 'inputs']);
  if (inputs?.type !== 'array') return [];
  return (inputs.children ?? []).flatMap((item, index): SourceDiagnostic[] => {
    const kind = nodeAt(item, ['kind'])?.value;
    const format = nodeAt(item, ['format'])?.value;
    const content = nodeAt(item, ['content']);
    if (kind !== 'protein' || (format !== 'fasta' && format !== undefined) || content?.type !== 'string') return [];
    const label = `input.inputs[${index}].content`;
    const mapped = jsonString(context, content);
    const parsed = parseFasta(mapped.decoded);
    const out: SourceDiagnostic[] = [];
    const at = (p: SourcePosition) => mapped.positionOf(p);
    if (!parsed.records.length) {
      // A bare sequence: one record over the whole string.
      const bare = parseFasta(`>x\n${mapped.decoded}`);
      const rec = bare.records[0];
      if (!rec || !rec.sequence) return [{ ...rangeFields(nodeRange(context, content)), severity: 'error', message: `${label} holds no sequence (${formatPosition(context.positionAt(content.offset))})` }];
      const seq = locatedIn(rec, label, (p) => at({ line: p.line - 1, column: p.column }), nodeRange(context, content));
      return residueChecks(seq);
    }
    if (parsed.records.length > 1) {
      out.push({ ...rangeFields(nodeRange(context, content)), severity: 'error', message: `${label} holds ${parsed.records.length} FASTA records; one protein per input (${formatPosition(context.positionAt(content.offset))})` });
    }
    for (const rec of parsed.records) {
      const seq = locatedIn(rec, `${label} (record "${rec.id}")`, at, nodeRange(context, content));
      if (!rec.sequence) out.push({ ...rangeFields(seq.anchor), severity: 'error', message: `${label}: record "${rec.id}" has no residues` });
      out.push(...residueChecks(seq));
    }
    return out;
  });
}

function locatedIn(record: FastaRecord, label: string, map: (p: SourcePosition) => SourcePosition, anchor: SourceRange): LocatedSequence {
  return { label, sequence: record.sequence, locate: (i) => map(locateResidue(record, i)), anchor };
}

/**
 * A JSON string literal's decoded text, and the way back from a (line, column) in the decoded
 * text to the file: escapes such as `\n` take two characters in the file.
 */
function jsonString(context: JsonContext, node: Node): { decoded: string; positionOf: (p: SourcePosition) => SourcePosition } {
  const start = node.offset + 1;
  const raw = context.text.slice(start, node.offset + node.length - 1);
  const decoded = String(node.value);
  const rawOffsets: number[] = [];
  for (let i = 0; i < raw.length; ) {
    rawOffsets.push(i);
    i += raw[i] !== '\\' ? 1 : raw[i + 1] === 'u' ? 6 : 2;
  }
  const lineStarts = [0];
  for (let i = 0; i < decoded.length; i++) {
    if (decoded[i] === '\r' && decoded[i + 1] === '\n') i++;
    if (decoded[i] === '\n' || decoded[i] === '\r') lineStarts.push(i + 1);
  }
  return {
    decoded,
    positionOf: (p) => {
      const offset = (lineStarts[p.line] ?? 0) + p.column;
      return context.positionAt(start + (rawOffsets[offset] ?? raw.length));
    },
  };
}

function nodeRange(context: JsonContext, node: Node): SourceRange {
  return { start: context.positionAt(node.offset), end: context.positionAt(node.offset + node.length) };
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function syntaxText(code: string): string {
  const known: Record<string, string> = {
    InvalidSymbol: 'unexpected symbol',
    PropertyNameExpected: 'property name in double quotes expected (a trailing comma?)',
    ValueExpected: 'value expected',
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: 'end of file expected (one JSON value only)',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfString: 'unterminated string',
    InvalidCharacter: 'invalid character in string (control characters must be escaped)',
  };
  return known[code] ?? code;
}

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}


/** Throws the ValidationError: the first error (plus a count) as message, every diagnostic attached. */
function fail(diagnostics: SourceDiagnostic[]): never {
  const sorted = sortDiagnostics(diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error');
  const more = errors.length - 1;
  throw new ValidationError((errors[0]?.message ?? 'The submission is invalid') + (more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'})` : ''), sorted);
}

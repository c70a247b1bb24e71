/**
 * Local parsing and validation of a codon optimisation submission (seeds/002, `/optimise`):
 * a nucleotide FASTA file with one coding sequence (a bare sequence without a header is read as
 * one, named after the file), or a full JSON request body. Every problem is reported at its line
 * and column; errors mean nothing is sent, warnings are asked about before sending.
 *
 * What is sent, exactly (docs/normalisation.md has the table):
 * - FASTA: the residues of the one record, in upper case with U read as T. Each of those changes,
 *   and spaces or tabs inside sequence lines, is a warning naming where it happens. Line breaks,
 *   line wrapping and a byte order mark are FASTA layout, not part of the sequence.
 * - JSON: the body as written (duplicate keys resolved as JSON.parse does, which is warned about),
 *   never rewritten: what cannot be sent as written is an error.
 * vscode-free.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type * as z from '../../core/zod';
import { jobNameFromId } from '../../core/jobName';
import type { SourceDiagnostic } from '../../core/errors';
import {
  checkResidues,
  defineAlphabet,
  emptyRecordDiagnostic,
  hasFastaHeader,
  headerRange,
  IUPAC_NUCLEOTIDE,
  locatedRecord,
  orphanSequenceDiagnostic,
  scanFasta,
  type FastaRecord,
  type LocatedSequence,
} from '../../core/fasta';
import { displayFileName } from '../../core/fileChecks';
import {
  accepted,
  refused,
  runInSlices,
  runToEnd,
  TICK,
  toValidationError,
  type ChunkOptions,
  type InputCheck,
  type Tick,
} from '../../core/inputCheck';
import { duplicateKeyWarnings, jsonValue, nodeAt, unknownKeyWarnings, type JsonSource } from '../../core/jsonChecks';
import { capitalise, headerWarnings, innerWhitespaceWarning, lowercaseWarning, plural } from '../../core/recordChecks';
import { formatCount, quoteName } from '../../core/safeText';
import { refuseDeepJson } from '../../core/serverText';
import { createPositionMapper, firstContent, formatPosition, pointAt, rangeFields, type SourceRange } from '../../core/textPosition';
import type { ParsedSubmission, SourceText } from '../types';
import { fitnessListDiagnostics, type FitnessCatalogue } from './fitnessCheck';
import { optimiseRequestSchema, type OptimiseRequest } from './schemas';

/** File extensions read as nucleotide FASTA (anything else is sniffed from its first character). */
export const CODON_FASTA_EXTENSIONS: readonly string[] = ['.fna', '.fasta', '.fa', '.fas', '.ffn'];

/** The featureType that marks the coding sequence in a component array. */
export const GENE_OF_INTEREST = 'gene_of_interest';

/** The fields of the `/optimise` body the document describes; anything else is warned about. */
export const OPTIMISE_FIELDS: readonly string[] = ['name', 'sequence', '5_utr', '3_utr', 'fitness_list'];
const COMPONENT_FIELDS: readonly string[] = ['sequence', 'featureType'];

/** Deeper than any /optimise body (4 levels) by far; deeper is refused before parsing. */
export const MAX_JSON_DEPTH = 64;

export type CodonPayload =
  /** `sequence`: upper case, U as T — exactly the told normalisations of the record's residues. */
  | { kind: 'fasta'; name: string; sequence: string }
  /** The body to POST as-is. */
  | { kind: 'json'; request: OptimiseRequest };

export interface CodonSubmission extends ParsedSubmission {
  kind: CodonPayload['kind'];
  payload: CodonPayload;
  diagnostics: SourceDiagnostic[];
}

export interface CodonCheckOptions extends ChunkOptions {
  /** The `GET /fitness` catalogue; when given, a JSON body's fitness_list is checked against it. */
  catalogue?: FitnessCatalogue;
}

const AMBIGUITY_CODES: Readonly<Record<string, string>> = {
  R: 'A or G',
  Y: 'C or T',
  S: 'G or C',
  W: 'A or T',
  K: 'G or T',
  M: 'A or C',
  B: 'C, G or T',
  D: 'A, G or T',
  H: 'A, C or T',
  V: 'A, C or G',
  N: 'any base',
};

/**
 * What a coding sequence may contain: definite bases only. The optimiser rewrites codons, so it
 * must know each one; an ambiguity code has no codon to translate.
 */
export const CODING_NUCLEOTIDES = defineAlphabet({
  name: 'A, C, G, T or U',
  residueNoun: 'nucleotide',
  letters: 'ACGTU',
  reasons: {
    ...Object.fromEntries(
      Object.entries(AMBIGUITY_CODES).map(([code, meaning]) => [
        code,
        `'${code}' is an IUPAC ambiguity code (${meaning}); codon optimisation needs definite bases A, C, G or T`,
      ]),
    ),
    '-': 'gaps are not allowed in a coding sequence',
    '.': 'gaps are not allowed in a coding sequence',
    '*': "'*' is a protein stop symbol; the coding sequence must be nucleotides",
  },
});

const STOP_CODONS: ReadonlySet<string> = new Set(['TAA', 'TAG', 'TGA']);
const START_CODON = 'ATG';
const MAX_STOP_CODONS_REPORTED = 5;
const MAX_SYNTAX_ERRORS_REPORTED = 5;

/** Validates a codon submission in time slices (never blocking the event loop for long). */
export function checkCodonInput(source: SourceText, options: CodonCheckOptions = {}): Promise<InputCheck<CodonPayload>> {
  return runInSlices(codonCheck(source, options), options);
}

/** The same check, at once. */
export function checkCodonInputSync(source: SourceText, options: CodonCheckOptions = {}): InputCheck<CodonPayload> {
  return runToEnd(codonCheck(source, options));
}

/**
 * The previous contract: throws a ValidationError (every error and warning, with positions) when
 * there is an error; otherwise returns the payload with the warnings as `diagnostics`.
 */
export function parseCodonSource(source: SourceText, options: CodonCheckOptions = {}): CodonSubmission {
  const check = checkCodonInputSync(source, options);
  if (!check.payload) throw toValidationError(check);
  return { kind: check.payload.kind, summary: check.summary, payload: check.payload, diagnostics: check.warnings };
}

/**
 * A JSON body's fitness_list against the catalogue from `GET /fitness`: the diagnostics (errors
 * and warnings, at their JSON positions), or [] when the text is not a JSON body.
 */
export function checkCodonFitness(source: SourceText, catalogue: FitnessCatalogue): SourceDiagnostic[] {
  const json = readJson(source, displayFileName(source.fileName));
  return 'context' in json ? fitnessListDiagnostics(json.context, catalogue) : [];
}

/** The validator as a generator that yields TICK while it works (see core/inputCheck). */
export function* codonCheck(source: SourceText, options: CodonCheckOptions = {}): Generator<Tick, InputCheck<CodonPayload>, void> {
  const fileName = displayFileName(source.fileName);
  const lineOffset = source.lineOffset ?? 0;
  if (firstContent(source.text).offset < 0) {
    return refused([{ line: lineOffset, column: 0, severity: 'error', message: `${fileName} is empty` }]);
  }
  const format = detectFormat(source, fileName);
  if (typeof format !== 'string') return refused([format]);
  if (format === 'json') return checkJsonSubmission(source, fileName, options.catalogue);
  return yield* checkFastaSubmission(source, fileName, format === 'bare');
}

/**
 * Coding-sequence checks: alphabet, T and U not mixed, whole codons (errors); start codon and
 * internal stop codons (warnings). `told`: FASTA input, whose RNA is sent as DNA with a warning;
 * a JSON body is sent as written, so nothing is converted or told there.
 */
export function checkCodingSequence(target: LocatedSequence, options: { told?: boolean } = {}): SourceDiagnostic[] {
  const alphabetProblems = checkResidues(target, CODING_NUCLEOTIDES);
  // Frame and codon checks on a sequence with foreign characters would only add noise.
  if (alphabetProblems.length > 0) return proteinLike(target) ?? alphabetProblems;
  if (target.sequence.length === 0) return [];

  const out: SourceDiagnostic[] = [];
  const t = firstOf(target.sequence, 'Tt');
  const u = firstOf(target.sequence, 'Uu');
  if (t >= 0 && u >= 0) {
    const [tPos, uPos] = [target.locate(t), target.locate(u)];
    return [
      {
        ...pointAt(u > t ? uPos : tPos),
        severity: 'error',
        message:
          `${capitalise(target.label)} mixes T (first at ${formatPosition(tPos)}) and U (first at ${formatPosition(uPos)}); ` +
          'a sequence is DNA (T) or RNA (U), not both',
      },
    ];
  }
  if (u >= 0 && options.told) {
    const count = countOf(target.sequence, 'Uu');
    const at = target.locate(u);
    out.push({
      ...pointAt(at),
      severity: 'warning',
      message: `${capitalise(target.label)} is RNA: its ${formatCount(count)} U ${plural(count, 'base', 'bases')} (first at ${formatPosition(at)}) are sent as T`,
    });
  }

  const sequence = toDna(target.sequence);
  const length = sequence.length;
  if (length % 3 !== 0) {
    // A frame error makes every downstream codon meaningless; stop-codon warnings would bury it.
    return [
      {
        ...rangeFields(target.anchor),
        severity: 'error',
        message:
          `${capitalise(target.label)} is ${length} nt, not a multiple of 3 ` +
          `(${Math.floor(length / 3)} codons + ${length % 3} nt); a coding sequence must be whole codons`,
      },
    ];
  }
  return [...out, ...startCodonWarning(target, sequence), ...internalStopWarnings(target, sequence)];
}

/**
 * A protein where a gene belongs: one clear error instead of a list of invalid nucleotides.
 * (It cannot be a warning: nothing in it can be codon-optimised.)
 */
function proteinLike(target: LocatedSequence): SourceDiagnostic[] | undefined {
  const letters = target.sequence.replace(/[^A-Za-z]/g, '');
  if (letters.length < 10) return undefined;
  const aminoOnly = letters.replace(/[ACGTUNacgtun]/g, '').length / letters.length;
  if (aminoOnly < 0.25) return undefined;
  return [
    {
      ...rangeFields(target.anchor),
      severity: 'error',
      message:
        `${capitalise(target.label)} looks like a protein sequence (${Math.round(aminoOnly * 100)}% of its letters are not A, C, G, T/U or N); ` +
        'codon optimisation takes the coding DNA sequence',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Format detection

/** Share of A/C/G/T/U/N letters from which a header-less first line is read as a bare sequence. */
const BARE_NUCLEOTIDE_SHARE = 0.9;

function detectFormat(source: SourceText, fileName: string): 'fasta' | 'bare' | 'json' | SourceDiagnostic {
  // The content is the better witness (a selection, an unusual extension); the extension decides
  // only when the first character says nothing.
  const text = source.text;
  const { position, line: firstLine } = firstContent(text, source.lineOffset);
  const first = firstLine.charAt(0);
  const at = (message: string): SourceDiagnostic => ({ ...pointAt(position), severity: 'error', message });
  if (/^# ?STOCKHOLM/i.test(firstLine)) {
    return at(`${fileName} is a Stockholm alignment (${formatPosition(position)}); codon optimisation takes one coding sequence as FASTA`);
  }
  if (/^(CLUSTAL|MUSCLE|PROBCONS)\b/i.test(firstLine)) {
    return at(`${fileName} is a Clustal alignment (${formatPosition(position)}); codon optimisation takes one coding sequence as FASTA`);
  }
  if (first === '>' || first === ';' || first === '#') return 'fasta';
  if (first === '{' || first === '[') return 'json';
  if (first === '"') {
    return at(
      `${fileName} starts with a double quote at ${formatPosition(position)}: this looks like a spreadsheet (CSV) export. ` +
        'Save the sequence as plain FASTA text: a ">name" line, then the sequence',
    );
  }
  const extension = /\.[^./\\]*$/.exec(fileName)?.[0].toLowerCase() ?? '';
  if (extension === '.json') return 'json';
  if (hasFastaHeader(text)) return 'fasta'; // data before the first header: reported with its position
  const letters = firstLine.replace(/[\s\d]/g, '');
  const nucleotides = letters.replace(/[^ACGTUNacgtun]/g, '').length;
  if (letters.length > 0 && nucleotides / letters.length >= BARE_NUCLEOTIDE_SHARE) return 'bare';
  return at(
    `${fileName} is neither nucleotide FASTA (starting with a '>' header) nor a JSON /optimise request body ` +
      `(starting with '{') nor a bare nucleotide sequence; found ${JSON.stringify(first)} at ${formatPosition(position)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// FASTA

function* checkFastaSubmission(source: SourceText, fileName: string, bare: boolean): Generator<Tick, InputCheck<CodonPayload>, void> {
  const diagnostics: SourceDiagnostic[] = [];
  let first: FastaRecord | undefined;
  let second: FastaRecord | undefined;
  let count = 0;
  // Only the first record is kept; a 100,000-record file is counted, not held.
  for (const step of scanFasta(source.text, { lineOffset: source.lineOffset, bareRecordId: bare ? '' : undefined })) {
    if (step === TICK) {
      yield TICK;
      continue;
    }
    if (step.kind === 'orphan') {
      diagnostics.push(orphanSequenceDiagnostic(step));
      continue;
    }
    count++;
    if (count === 1) first = step.record;
    else if (count === 2) second = step.record;
  }
  if (second) {
    const message =
      `${fileName} has ${formatCount(count)} sequences; codon optimisation takes one coding sequence per job ` +
      `(the second, ${second.id ? quoteName(second.id, 60) : 'unnamed'}, starts at line ${second.headerLine + 1}). ` +
      'Select one record and use Submit Selection.';
    return refused([...diagnostics, { ...rangeFields(headerRange(second)), severity: 'error', message }]);
  }
  if (!first) {
    // Only comments and blank lines, or sequence data without any header (already diagnosed).
    const message = `${fileName} has no FASTA record; add a header line such as ">gene1" followed by the coding sequence`;
    return refused(diagnostics.length ? diagnostics : [{ line: source.lineOffset ?? 0, column: 0, severity: 'error', message }]);
  }
  if (first.sequence.length === 0) return refused([...diagnostics, emptyRecordDiagnostic(first)]);

  const name = jobNameFromId(first.id, fileName);
  const coding = checkCodingSequence(locatedRecord(first), { told: true });
  const told = [innerWhitespaceWarning(first), lowercaseWarning(first, 'nucleotides')].filter((d): d is SourceDiagnostic => d !== undefined);
  const all = [...diagnostics, ...coding, ...told, ...headerWarnings(first, name)];
  if (all.some((d) => d.severity === 'error')) return refused(all);

  const sequence = toDna(first.sequence);
  const named = first.bare ? ` (no header: named after the file)` : '';
  return accepted<CodonPayload>({ kind: 'fasta', name, sequence }, all, `${fileName}: ${quoteName(name)} ${lengthSummary(sequence.length)}${named}`, 1, [name]);
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Maps JSON nodes to file positions. */
type JsonContext = JsonSource;

/** The parsed tree, or the errors that stop anything else from being checked. */
function readJson(source: SourceText, fileName: string): { context: JsonContext } | { errors: SourceDiagnostic[] } {
  // VS Code hides a byte order mark, so positions are counted after it.
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  const positionAt = createPositionMapper(text, source.lineOffset);
  const deep = refuseDeepJson(text, MAX_JSON_DEPTH);
  if (deep) {
    const position = positionAt(deep.offset);
    const message =
      `${fileName} is nested ${formatCount(deep.depth)} levels deep (level ${MAX_JSON_DEPTH + 1} opens at ${formatPosition(position)}); ` +
      `an /optimise request body needs 4, and more than ${MAX_JSON_DEPTH} are not read`;
    return { errors: [{ ...pointAt(position), severity: 'error', message }] };
  }
  const syntaxErrors: ParseError[] = [];
  // Strict JSON: the body goes to an API that expects JSON, and VS Code flags comments in .json too.
  const root = parseTree(text, syntaxErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (syntaxErrors.length > 0) {
    // The parser can report two codes for one mistake (a trailing comma); one per place is enough.
    const distinct = syntaxErrors.filter((error, i) => syntaxErrors.findIndex((other) => other.offset === error.offset) === i);
    return { errors: distinct.slice(0, MAX_SYNTAX_ERRORS_REPORTED).map((error) => syntaxDiagnostic(error, positionAt, fileName)) };
  }
  if (!root || root.type !== 'object') {
    const message = `${fileName} must contain one JSON object (the /optimise request body), not ${root ? describeNodeType(root) : 'nothing'}`;
    return { errors: [{ ...pointAt(positionAt(root?.offset ?? 0)), severity: 'error', message }] };
  }
  return { context: { text, root, positionAt } };
}

function checkJsonSubmission(source: SourceText, fileName: string, catalogue: FitnessCatalogue | undefined): InputCheck<CodonPayload> {
  const json = readJson(source, fileName);
  if ('errors' in json) return refused(json.errors);
  const context = json.context;
  const { root } = context;

  const value = jsonValue(root);
  const parsed = optimiseRequestSchema.safeParse(value);
  const schemaProblems = parsed.success ? [] : flattenUnionIssues(parsed.error.issues, root).map((issue) => issueDiagnostic(context, issue));
  const sequenceChecks = checkRequestSequences(context);
  const all = [
    ...schemaProblems,
    ...sequenceChecks.diagnostics,
    ...fitnessListDiagnostics(context, catalogue),
    ...duplicateKeyWarnings(context),
    ...unknownFieldWarnings(context),
    ...nameWarnings(context),
  ];
  if (!parsed.success || all.some((d) => d.severity === 'error')) return refused(all);

  // The body as written, not zod's copy: zod rebuilds objects and would drop e.g. a "__proto__" key.
  const request = value as OptimiseRequest;
  return accepted<CodonPayload>({ kind: 'json', request }, all, jsonSummary(fileName, request, sequenceChecks.cdsLength), 1, [request.name]);
}

function unknownFieldWarnings(context: JsonContext): SourceDiagnostic[] {
  const out = unknownKeyWarnings(context, context.root, OPTIMISE_FIELDS, '', 'the /optimise request body');
  const sequence = nodeAt(context.root, ['sequence']);
  if (sequence?.type === 'array') {
    (sequence.children ?? []).forEach((component, i) => out.push(...unknownKeyWarnings(context, component, COMPONENT_FIELDS, `sequence[${i}]`, 'a sequence component')));
  }
  return out;
}

/** The job name is sent as written; invisible characters in it deserve a look first. */
function nameWarnings(context: JsonContext): SourceDiagnostic[] {
  const node = nodeAt(context.root, ['name']);
  if (node?.type !== 'string') return [];
  const bad = /[\p{Cc}\p{Cf}\p{Cs}]/u.exec(String(node.value));
  if (!bad) return [];
  const code = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return [
    {
      ...rangeFields(nodeRange(context, node)),
      severity: 'warning',
      message: `"name" at ${formatPosition(context.positionAt(node.offset))} contains an invisible or control character (${code}); it is sent as written`,
    },
  ];
}

/** `req.json: "egfp" 720 nt (240 codons) in 3 components, 2 fitness metrics` */
function jsonSummary(fileName: string, request: OptimiseRequest, cdsLength: number | undefined): string {
  const cds = cdsLength === undefined ? '' : ` ${lengthSummary(cdsLength)}`;
  const components = Array.isArray(request.sequence) ? ` in ${request.sequence.length} ${plural(request.sequence.length, 'component')}` : '';
  const fitness = `${request.fitness_list.length} fitness ${plural(request.fitness_list.length, 'metric')}`;
  return `${fileName}: ${quoteName(request.name)}${cds}${components}, ${fitness}`;
}

const SYNTAX_ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name in double quotes expected (a trailing comma?)',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected (only one JSON value is allowed)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape in string',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

function syntaxDiagnostic(error: ParseError, positionAt: JsonContext['positionAt'], fileName: string): SourceDiagnostic {
  const start = positionAt(error.offset);
  const end = positionAt(error.offset + Math.max(error.length, 1));
  const code = printParseErrorCode(error.error);
  return {
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: 'error',
    message: `${fileName} is not valid JSON: ${SYNTAX_ERROR_TEXT[code] ?? code} at ${formatPosition(start)}`,
  };
}

type Issue = z.Issue;

/**
 * zod reports a failed `string | array` union as one opaque issue. When the node's JSON type
 * shows which branch was meant (an array of components), use that branch's precise issues.
 */
function flattenUnionIssues(issues: readonly Issue[], root: Node): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union') return [issue];
    const intended = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    if (intended.length !== 1 || !nodeAt(root, jsonPath(issue.path))) return [issue];
    return flattenUnionIssues(
      intended[0].map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
      root,
    );
  });
}

/** What a required field is, for "missing field" messages; keyed by path with indices as `[]`. */
const FIELD_HINTS: Readonly<Record<string, string>> = {
  name: 'a unique name for the job',
  sequence: 'the coding sequence, or an array of components with one "gene_of_interest"',
  fitness_list: 'a list of fitness metrics, e.g. [{ "name": "cai" }]',
  'fitness_list[].name': 'the fitness id, e.g. "cai" or "gc_content"',
  'sequence[].sequence': 'the nucleotides of this component',
  'sequence[].featureType': 'e.g. "gene_of_interest", "promoter", "poly_a_tail"',
};

function issueDiagnostic(context: JsonContext, issue: Issue): SourceDiagnostic {
  const path = jsonPath(issue.path);
  const node = nodeAt(context.root, path);
  if (!node) return missingFieldDiagnostic(context, path);
  const where = formatPosition(context.positionAt(node.offset));
  const field = `"${formatJsonPath(path)}"`;
  let message: string;
  switch (issue.code) {
    case 'invalid_type':
      message = `${field} must be ${withArticle(issue.expected)}, not ${describeNodeType(node)} (${where})`;
      break;
    case 'too_small':
      message =
        issue.origin === 'array'
          ? `${field} is empty; it needs at least ${issue.minimum} ${plural(Number(issue.minimum), 'entry', 'entries')} (${where})`
          : `${field} must not be empty (${where})`;
      break;
    case 'invalid_union': // the request schema's only union is `sequence`
      message = `${field} must be a nucleotide string or an array of { "sequence", "featureType" } components, not ${describeNodeType(node)} (${where})`;
      break;
    default:
      message = `${field}: ${issue.message} (${where})`;
  }
  return { ...rangeFields(nodeRange(context, node)), severity: 'error', message };
}

/** A missing field points at the `{` of the object that should hold it. */
function missingFieldDiagnostic(context: JsonContext, path: (string | number)[]): SourceDiagnostic {
  let depth = path.length - 1;
  let parent = nodeAt(context.root, path.slice(0, depth));
  while (!parent && depth > 0) parent = nodeAt(context.root, path.slice(0, --depth));
  const parentPath = path.slice(0, depth);
  const anchor = context.positionAt(parent?.offset ?? context.root.offset);
  const key = String(path[depth]);
  const owner = parentPath.length === 0 ? 'the request body' : `"${formatJsonPath(parentPath)}"`;
  const hint = FIELD_HINTS[pathPattern(path.slice(0, depth + 1))];

  return {
    ...pointAt(anchor),
    severity: 'error',
    message: `Missing required field "${key}" in ${owner} (object at ${formatPosition(anchor)})${hint ? `: ${hint}` : ''}`,
  };
}

interface SequenceCheckResult {
  diagnostics: SourceDiagnostic[];
  /** Length of the coding sequence when one could be identified. */
  cdsLength?: number;
}

/**
 * Checks the nucleotide content whatever the schema said about the rest, so one pass reports a
 * missing fitness_list and a bad residue together. Wrong JSON types are left to the schema.
 */
function checkRequestSequences(context: JsonContext): SequenceCheckResult {
  const sequenceNode = nodeAt(context.root, ['sequence']);
  const utrs = utrChecks(context, sequenceNode?.type === 'array');
  if (sequenceNode?.type === 'string') {
    const cds = locatedString(context, sequenceNode, '"sequence"');
    return { diagnostics: [...utrs, ...checkCodingSequence(cds)], cdsLength: cds.sequence.length };
  }
  if (sequenceNode?.type === 'array') {
    const components = componentChecks(context, sequenceNode);
    return { diagnostics: [...utrs, ...components.diagnostics], cdsLength: components.cdsLength };
  }
  return { diagnostics: utrs };
}

function componentChecks(context: JsonContext, arrayNode: Node): SequenceCheckResult {
  const components = (arrayNode.children ?? []).map((node, index) => ({
    index,
    node,
    featureType: nodeAt(node, ['featureType']),
    sequence: nodeAt(node, ['sequence']),
  }));
  const genes = components.filter((c) => c.featureType?.type === 'string' && c.featureType.value === GENE_OF_INTEREST);
  const diagnostics: SourceDiagnostic[] = [];

  // Flanking parts are not optimised, so IUPAC ambiguity codes are left for the API to judge.
  for (const component of components) {
    if (genes.includes(component) || component.sequence?.type !== 'string') continue;
    const label = `sequence[${component.index}]${describeFeature(component.featureType)}`;
    diagnostics.push(...checkResidues(locatedString(context, component.sequence, label), IUPAC_NUCLEOTIDE));
  }

  // A component without a string featureType is already a schema error; it might be the gene.
  const allTyped = components.every((c) => c.featureType?.type === 'string');
  if (genes.length === 0 && components.length > 0 && allTyped) {
    const found = components.map((c) => `"${String(c.featureType?.value)}"`);
    const where = context.positionAt(arrayNode.offset);
    diagnostics.push({
      ...pointAt(where),
      severity: 'error',
      message:
        `"sequence" has no component with "featureType": "${GENE_OF_INTEREST}"; exactly one is required ` +
        `(array at ${formatPosition(where)}${found.length ? `; found ${found.join(', ')}` : ''})`,
    });
    return { diagnostics };
  }
  if (genes.length > 1) {
    const first = genes[0];
    for (const extra of genes.slice(1)) {
      const node = extra.featureType ?? extra.node;
      const where = context.positionAt(node.offset);
      diagnostics.push({
        ...rangeFields(nodeRange(context, node)),
        severity: 'error',
        message:
          `"sequence" has ${genes.length} ${GENE_OF_INTEREST} components; exactly one is allowed. ` +
          `sequence[${extra.index}] at ${formatPosition(where)} is another one after ` +
          `sequence[${first.index}] (line ${context.positionAt((first.featureType ?? first.node).offset).line + 1})`,
      });
    }
    return { diagnostics };
  }
  const geneSequence = genes[0]?.sequence;
  if (geneSequence?.type === 'string') {
    const label = `sequence[${genes[0].index}] (${GENE_OF_INTEREST})`;
    const cds = locatedString(context, geneSequence, label);
    if (cds.sequence.length === 0) {
      diagnostics.push({ ...rangeFields(cds.anchor), severity: 'error', message: `The ${label} sequence is empty (${formatPosition(cds.anchor.start)})` });
    }
    diagnostics.push(...checkCodingSequence(cds));
    return { diagnostics, cdsLength: cds.sequence.length };
  }
  return { diagnostics };
}

/** UTR alphabet checks, and a warning when the API will ignore them (component arrays carry their own UTRs). */
function utrChecks(context: JsonContext, sequenceIsComponentArray: boolean): SourceDiagnostic[] {
  const diagnostics: SourceDiagnostic[] = [];
  for (const key of ['5_utr', '3_utr']) {
    const node = nodeAt(context.root, [key]);
    if (!node) continue;
    if (node.type === 'string') diagnostics.push(...checkResidues(locatedString(context, node, `"${key}"`), IUPAC_NUCLEOTIDE));
    if (sequenceIsComponentArray) {
      const keyNode = node.parent?.children?.[0] ?? node;
      const where = context.positionAt(keyNode.offset);
      diagnostics.push({
        ...rangeFields(nodeRange(context, keyNode)),
        severity: 'warning',
        message: `"${key}" is ignored by the API when "sequence" is an array of components; put it in a component instead (${formatPosition(where)})`,
      });
    }
  }
  return diagnostics;
}

/**
 * A JSON string node as a LocatedSequence: residue i maps to its character inside the literal in
 * the file, escapes included (JSON strings cannot span lines, so only the column moves).
 */
function locatedString(context: JsonContext, node: Node, label: string): LocatedSequence {
  const contentStart = node.offset + 1;
  const raw = context.text.slice(contentStart, node.offset + node.length - 1);
  const rawOffsets = raw.includes('\\') ? decodedIndexToRawOffset(raw) : undefined;
  return {
    label,
    sequence: String(node.value),
    locate: (index) => context.positionAt(contentStart + (rawOffsets ? (rawOffsets[index] ?? raw.length) : index)),
    anchor: nodeRange(context, node),
  };
}

/** For a raw string literal body with escapes: the raw offset of each decoded UTF-16 code unit. */
function decodedIndexToRawOffset(raw: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < raw.length; ) {
    offsets.push(i);
    if (raw[i] !== '\\') i += 1;
    else i += raw[i + 1] === 'u' ? 6 : 2;
  }
  return offsets;
}

function nodeRange(context: JsonContext, node: Node): SourceRange {
  return { start: context.positionAt(node.offset), end: context.positionAt(node.offset + node.length) };
}

/** zod paths may hold symbols in theory; JSON paths never do. */
function jsonPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((segment): segment is string | number => typeof segment !== 'symbol');
}

/** `fitness_list[1].name` */
function formatJsonPath(path: readonly (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/** `fitness_list[].name`: the path with indices left out, to look up per-field hints. */
function pathPattern(path: readonly (string | number)[]): string {
  return formatJsonPath(path).replace(/\[\d+\]/g, '[]');
}

function describeNodeType(node: Node): string {
  return withArticle(node.type);
}

function describeFeature(featureType: Node | undefined): string {
  return featureType?.type === 'string' ? ` (${String(featureType.value)})` : '';
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function startCodonWarning(target: LocatedSequence, dna: string): SourceDiagnostic[] {
  const first = dna.slice(0, 3);
  if (first === START_CODON) return [];
  const range = codonRange(target, 0);
  return [
    {
      ...rangeFields(range),
      severity: 'warning',
      message: `${capitalise(target.label)} does not start with ${START_CODON} (first codon is ${first} at ${formatPosition(range.start)})`,
    },
  ];
}

/**
 * Stop codons before the last codon: the protein would end there. A warning, not an error: a
 * construct may carry one on purpose (a stop-codon readthrough study, a truncation). A terminal
 * stop is normal.
 */
function internalStopWarnings(target: LocatedSequence, dna: string): SourceDiagnostic[] {
  const stops: number[] = [];
  for (let start = 0; start + 3 < dna.length; start += 3) {
    if (STOP_CODONS.has(dna.slice(start, start + 3))) stops.push(start);
  }
  const diagnostics = stops.slice(0, MAX_STOP_CODONS_REPORTED).map((start): SourceDiagnostic => {
    const range = codonRange(target, start);
    return {
      ...rangeFields(range),
      severity: 'warning',
      message:
        `Internal stop codon ${dna.slice(start, start + 3)} at codon ${start / 3 + 1} (nt ${start + 1}–${start + 3}), ` +
        `${formatPosition(range.start)} in ${target.label}: the protein would end here`,
    };
  });
  if (stops.length > MAX_STOP_CODONS_REPORTED) {
    const more = stops.length - MAX_STOP_CODONS_REPORTED;
    diagnostics.push({
      ...rangeFields(codonRange(target, stops[MAX_STOP_CODONS_REPORTED])),
      severity: 'warning',
      message: `…and ${more} more internal stop ${plural(more, 'codon')} in ${target.label} (${stops.length} in total; is the reading frame right?)`,
    });
  }
  return diagnostics;
}

/** File range of the codon starting at residue `start` (it may wrap onto the next line). */
function codonRange(target: LocatedSequence, start: number): SourceRange {
  const end = target.locate(start + 2);
  return { start: target.locate(start), end: { line: end.line, column: end.column + 1 } };
}

/** Upper case, U → T: the optimiser works on DNA. */
function toDna(sequence: string): string {
  return sequence.toUpperCase().replace(/U/g, 'T');
}

function lengthSummary(length: number): string {
  return length % 3 === 0 ? `${length} nt (${length / 3} codons)` : `${length} nt`;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function firstOf(sequence: string, letters: string): number {
  for (let i = 0; i < sequence.length; i++) if (letters.includes(sequence[i])) return i;
  return -1;
}

function countOf(sequence: string, letters: string): number {
  let n = 0;
  for (let i = 0; i < sequence.length; i++) if (letters.includes(sequence[i])) n++;
  return n;
}

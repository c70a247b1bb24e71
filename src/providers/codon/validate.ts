/**
 * Local parsing and validation of a codon optimisation submission (seeds/002, `/optimise`):
 * a nucleotide FASTA file with one coding sequence, or a full JSON request body. Every problem is
 * reported at its line and column in the file; nothing is sent while there is an error. vscode-free.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';
import { jobNameFromId } from '../../core/jobName';
import { ValidationError, type SourceDiagnostic } from '../../core/errors';
import {
  checkResidues,
  defineAlphabet,
  headerRange,
  IUPAC_NUCLEOTIDE,
  locatedRecord,
  parseFasta,
  type LocatedSequence,
} from '../../core/fasta';
import { displayFileName } from '../../core/fileChecks';
import {
  createPositionMapper,
  formatPosition,
  pointAt,
  rangeFields,
  sortDiagnostics,
  type SourcePosition,
  type SourceRange,
} from '../../core/textPosition';
import type { ParsedSubmission, SourceText } from '../types';
import { optimiseRequestSchema, type OptimiseRequest } from './schemas';

/** File extensions read as nucleotide FASTA (anything else is sniffed from its first character). */
export const CODON_FASTA_EXTENSIONS: readonly string[] = ['.fna', '.fasta', '.fa', '.fas', '.ffn'];

/** Job names derived from a FASTA id are cut to this length. */

/** The featureType that marks the coding sequence in a component array. */
export const GENE_OF_INTEREST = 'gene_of_interest';

export type CodonPayload =
  | { kind: 'fasta'; name: string; sequence: string }
  /** The body to POST as-is. */
  | { kind: 'json'; request: OptimiseRequest };

export interface CodonSubmission extends ParsedSubmission {
  kind: CodonPayload['kind'];
  payload: CodonPayload;
  diagnostics: SourceDiagnostic[];
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
 * must know each one; an ambiguity code has no codon to translate. U is accepted and read as T.
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

/**
 * Parses and validates a codon submission. Throws ValidationError carrying every error (and
 * warning) with file positions; otherwise returns the payload plus any warnings.
 */
export function parseCodonSource(source: SourceText): CodonSubmission {
  const fileName = displayFileName(source.fileName);
  if (source.text.trim() === '') {
    const message = `${fileName} is empty`;
    throw new ValidationError(message, [{ line: source.lineOffset ?? 0, column: 0, severity: 'error', message }]);
  }
  return detectFormat(source, fileName) === 'json' ? parseJsonSubmission(source, fileName) : parseFastaSubmission(source, fileName);
}


/**
 * Coding-sequence checks: alphabet, whole codons, start codon (warning), no stop codon before the
 * last one. Positions come from `target.locate`, so this works for FASTA records and JSON strings.
 */
export function checkCodingSequence(target: LocatedSequence): SourceDiagnostic[] {
  const alphabetProblems = checkResidues(target, CODING_NUCLEOTIDES);
  // Frame and codon checks on a sequence with foreign characters would only add noise.
  if (alphabetProblems.length > 0 || target.sequence.length === 0) return alphabetProblems;

  const sequence = toDna(target.sequence);
  const length = sequence.length;
  if (length % 3 !== 0) {
    // A frame error makes every downstream codon meaningless; stop-codon errors would bury it.
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
  return [...startCodonWarning(target, sequence), ...internalStopErrors(target, sequence)];
}

// ---------------------------------------------------------------------------------------------
// Format detection

function detectFormat(source: SourceText, fileName: string): 'fasta' | 'json' {
  // The content is the better witness (a selection, an unusual extension); the extension decides
  // only when the first character says nothing.
  const first = source.text.trimStart().charAt(0);
  if (first === '>' || first === ';') return 'fasta';
  if (first === '{' || first === '[') return 'json';
  const extension = /\.[^./\\]*$/.exec(fileName)?.[0].toLowerCase() ?? '';
  if (extension === '.json') return 'json';
  if (CODON_FASTA_EXTENSIONS.includes(extension)) return 'fasta';
  const offset = source.text.length - source.text.trimStart().length;
  const position = createPositionMapper(source.text, source.lineOffset)(offset);
  const message =
    `${fileName} is neither nucleotide FASTA (starting with a '>' header) nor a JSON /optimise request body ` +
    `(starting with '{'); found ${JSON.stringify(first)} at ${formatPosition(position)}`;
  throw new ValidationError(message, [{ ...pointAt(position), severity: 'error', message }]);
}

// ---------------------------------------------------------------------------------------------
// FASTA

function parseFastaSubmission(source: SourceText, fileName: string): CodonSubmission {
  const { records, diagnostics } = parseFasta(source.text, { lineOffset: source.lineOffset });
  if (records.length > 1) {
    const second = records[1];
    const message =
      `${fileName} has ${records.length} sequences; codon optimisation takes one coding sequence per job ` +
      `(the second, ${second.id ? `"${second.id}"` : 'unnamed'}, starts at line ${second.headerLine + 1}). ` +
      'Select one record and use Submit Selection.';
    reject([...diagnostics, { ...rangeFields(headerRange(second)), severity: 'error', message }]);
  }
  if (records.length === 0) {
    // Only comments and blank lines, or sequence data without any header (already diagnosed).
    const message = `${fileName} has no FASTA record; add a header line such as ">gene1" followed by the coding sequence`;
    reject(hasErrors(diagnostics) ? diagnostics : [{ line: source.lineOffset ?? 0, column: 0, severity: 'error', message }]);
  }

  const record = records[0];
  const all = sortDiagnostics([...diagnostics, ...checkCodingSequence(locatedRecord(record))]);
  if (hasErrors(all)) reject(all);
  const sequence = toDna(record.sequence);
  const name = jobNameFromId(record.id, fileName);
  return {
    kind: 'fasta',
    summary: `${fileName}: "${name}" ${lengthSummary(sequence.length)}`,
    payload: { kind: 'fasta', name, sequence },
    diagnostics: all,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Maps JSON nodes to file positions. */
interface JsonContext {
  text: string;
  root: Node;
  positionAt: (offset: number) => SourcePosition;
}

function parseJsonSubmission(source: SourceText, fileName: string): CodonSubmission {
  const positionAt = createPositionMapper(source.text, source.lineOffset);
  const syntaxErrors: ParseError[] = [];
  // Strict JSON: the body goes to an API that expects JSON, and VS Code flags comments in .json too.
  const root = parseTree(source.text, syntaxErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (syntaxErrors.length > 0) {
    // The parser can report two codes for one mistake (a trailing comma); one per place is enough.
    const distinct = syntaxErrors.filter((error, i) => syntaxErrors.findIndex((other) => other.offset === error.offset) === i);
    reject(distinct.slice(0, MAX_SYNTAX_ERRORS_REPORTED).map((error) => syntaxDiagnostic(error, positionAt, fileName)));
  }
  if (!root || root.type !== 'object') {
    const message = `${fileName} must contain one JSON object (the /optimise request body), not ${root ? describeNodeType(root) : 'nothing'}`;
    reject([{ ...pointAt(positionAt(root?.offset ?? 0)), severity: 'error', message }]);
  }

  const context: JsonContext = { text: source.text, root, positionAt };
  const value: unknown = getNodeValue(root);
  const parsed = optimiseRequestSchema.safeParse(value);
  const schemaProblems = parsed.success ? [] : flattenUnionIssues(parsed.error.issues, root).map((issue) => issueDiagnostic(context, issue));
  const sequenceChecks = checkRequestSequences(context);
  const all = sortDiagnostics([...schemaProblems, ...sequenceChecks.diagnostics, ...fitnessRangeErrors(context)]);
  if (!parsed.success || hasErrors(all)) reject(all);

  const request = parsed.data;
  return {
    kind: 'json',
    summary: jsonSummary(fileName, request, sequenceChecks.cdsLength),
    payload: { kind: 'json', request },
    diagnostics: all,
  };
}

/** `req.json: "egfp" 720 nt (240 codons) in 3 components, 2 fitness metrics` */
function jsonSummary(fileName: string, request: OptimiseRequest, cdsLength: number | undefined): string {
  const cds = cdsLength === undefined ? '' : ` ${lengthSummary(cdsLength)}`;
  const components = Array.isArray(request.sequence) ? ` in ${request.sequence.length} ${plural(request.sequence.length, 'component')}` : '';
  const fitness = `${request.fitness_list.length} fitness ${plural(request.fitness_list.length, 'metric')}`;
  return `${fileName}: "${request.name}"${cds}${components}, ${fitness}`;
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

type Issue = z.core.$ZodIssue;

/**
 * zod reports a failed `string | array` union as one opaque issue. When the node's JSON type
 * shows which branch was meant (an array of components), use that branch's precise issues.
 */
function flattenUnionIssues(issues: readonly Issue[], root: Node): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union') return [issue];
    const intended = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    if (intended.length !== 1 || !findNodeAtLocation(root, jsonPath(issue.path))) return [issue];
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
  const node = findNodeAtLocation(context.root, path);
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
  let parent = findNodeAtLocation(context.root, path.slice(0, depth));
  while (!parent && depth > 0) parent = findNodeAtLocation(context.root, path.slice(0, --depth));
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
  const sequenceNode = findNodeAtLocation(context.root, ['sequence']);
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
    featureType: findNodeAtLocation(node, ['featureType']),
    sequence: findNodeAtLocation(node, ['sequence']),
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
    const node = findNodeAtLocation(context.root, [key]);
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

/** A fitness range the optimiser cannot satisfy (e.g. gc_content min above max) is a mistake, not a request. */
function fitnessRangeErrors(context: JsonContext): SourceDiagnostic[] {
  const list = findNodeAtLocation(context.root, ['fitness_list']);
  if (list?.type !== 'array') return [];
  return (list.children ?? []).flatMap((entry, index): SourceDiagnostic[] => {
    const min = findNodeAtLocation(entry, ['min']);
    const max = findNodeAtLocation(entry, ['max']);
    if (min?.type !== 'number' || max?.type !== 'number' || Number(min.value) <= Number(max.value)) return [];
    const name = findNodeAtLocation(entry, ['name']);
    const label = `fitness_list[${index}]${name?.type === 'string' ? ` ("${String(name.value)}")` : ''}`;
    const where = context.positionAt(min.offset);
    return [
      {
        ...rangeFields(nodeRange(context, min)),
        severity: 'error',
        message: `${label}: min ${String(min.value)} is greater than max ${String(max.value)} (${formatPosition(where)})`,
      },
    ];
  });
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

function hasErrors(diagnostics: readonly SourceDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Throws the ValidationError: its message is the first error (plus a count), its diagnostics all of them. */
function reject(diagnostics: SourceDiagnostic[]): never {
  const sorted = sortDiagnostics(diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error');
  const more = errors.length - 1;
  const first = errors[0]?.message ?? 'The submission is invalid';
  throw new ValidationError(first + (more > 0 ? ` (and ${more} more ${plural(more, 'error')})` : ''), sorted);
}

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

/** Stop codons before the last codon: the protein would be truncated. A terminal stop is normal. */
function internalStopErrors(target: LocatedSequence, dna: string): SourceDiagnostic[] {
  const stops: number[] = [];
  for (let start = 0; start + 3 < dna.length; start += 3) {
    if (STOP_CODONS.has(dna.slice(start, start + 3))) stops.push(start);
  }
  const diagnostics = stops.slice(0, MAX_STOP_CODONS_REPORTED).map((start): SourceDiagnostic => {
    const range = codonRange(target, start);
    return {
      ...rangeFields(range),
      severity: 'error',
      message:
        `Internal stop codon ${dna.slice(start, start + 3)} at codon ${start / 3 + 1} (nt ${start + 1}–${start + 3}), ` +
        `${formatPosition(range.start)} in ${target.label}; only the last codon may be a stop`,
    };
  });
  if (stops.length > MAX_STOP_CODONS_REPORTED) {
    const more = stops.length - MAX_STOP_CODONS_REPORTED;
    diagnostics.push({
      ...rangeFields(codonRange(target, stops[MAX_STOP_CODONS_REPORTED])),
      severity: 'error',
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

function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
  return count === 1 ? noun : pluralForm;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

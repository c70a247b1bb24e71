/**
 * Request bodies of the job routes: JSON only (415 `unsupported_media_type` without
 * Content-Type: application/json, 400 `invalid_json` when it does not parse), then the job body
 * of https://proteiniq.io/docs/api/jobs: `tool`, `name` (submit only), `input.inputs[]`,
 * optional `settings` and `billing.max_reserved_credits` (a positive integer; the MCP schema of the
 * same API also spells it `maxReservedCredits`, accepted too). Every problem is collected with
 * the dotted field it is about, so one answer names them all.
 *
 * The input the emulator's tools take: exactly one item, `slotId` "protein", `kind` "protein",
 * `format` "fasta", `source.type` "text", `content` one FASTA record (a bare sequence is accepted)
 * of amino acids (20 standard + X B Z U O, any case, whitespace ignored, a trailing '*' allowed).
 * Saved files (`source.file_id`) are not emulated and are refused by name.
 */
import { isRecord, parseJson, type Checked, type EmulatorRequest } from '../common';
import { apiError } from './errors';
import type { Tool } from './tools';

export interface Problem {
  field: string;
  message: string;
}

export interface JobSpec {
  tool: string;
  /** '' when absent (a quote needs none). */
  name: string;
  settings: Record<string, unknown>;
  maxReservedCredits?: number;
}

export interface ProteinInput {
  /** The FASTA header (first word kept whole), or "sequence" for a bare sequence. */
  name: string;
  /** Upper case, no whitespace, no trailing '*'. */
  residues: string;
}

export const AMINO_ACIDS = 'ACDEFGHIKLMNPQRSTVWYXBZUO';
const MAX_NAME = 200;

/** The request's JSON object, or the 415 / 400 that refuses it. */
export function jsonBody(req: EmulatorRequest): Checked<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^\s*application\/json\b/i.test(type)) return { ok: false, reply: apiError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json') };
  const parsed = parseJson(req.rawBody);
  if (!parsed.ok) return { ok: false, reply: apiError('invalid_json', 'The request body is not valid JSON', { details: { reason: parsed.error } }) };
  if (!isRecord(parsed.value)) return { ok: false, reply: apiError('validation_error', 'The request body must be a JSON object', { details: { errors: [{ field: '', message: 'expected an object' }] } }) };
  return { ok: true, value: parsed.value };
}

/** The job fields; `input` is checked against the tool separately (inputOf). */
export function jobSpec(body: Record<string, unknown>, opts: { requireName: boolean }): { spec: JobSpec; problems: Problem[] } {
  const problems: Problem[] = [];
  const tool = typeof body.tool === 'string' ? body.tool : '';
  if (typeof body.tool !== 'string' || body.tool.trim() === '') problems.push({ field: 'tool', message: 'required: a tool id such as "esmfold"' });
  let name = '';
  if (body.name !== undefined || opts.requireName) {
    if (typeof body.name !== 'string' || body.name.trim() === '') problems.push({ field: 'name', message: 'required: a non-empty string' });
    else if (body.name.length > MAX_NAME) problems.push({ field: 'name', message: `at most ${MAX_NAME} characters` });
    else name = body.name;
  }
  let settings: Record<string, unknown> = {};
  if (body.settings !== undefined) {
    if (isRecord(body.settings)) settings = body.settings;
    else problems.push({ field: 'settings', message: 'expected an object keyed by setting id' });
  }
  let maxReservedCredits: number | undefined;
  if (body.billing !== undefined) {
    if (!isRecord(body.billing)) problems.push({ field: 'billing', message: 'expected an object' });
    else {
      const field = body.billing.max_reserved_credits !== undefined ? 'max_reserved_credits' : 'maxReservedCredits';
      const v = body.billing[field];
      if (v !== undefined) {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) problems.push({ field: `billing.${field}`, message: 'expected an integer > 0' });
        else maxReservedCredits = v;
      }
    }
  }
  return { spec: { tool, name, settings, ...(maxReservedCredits === undefined ? {} : { maxReservedCredits }) }, problems };
}

/** The one protein sequence of `input`, or the problems with it. */
export function inputOf(input: unknown, tool: Tool): { value?: ProteinInput; problems: Problem[] } {
  const fail = (field: string, message: string) => ({ problems: [{ field, message }] });
  if (!isRecord(input)) return fail('input', 'required: an object with "inputs"');
  if (!Array.isArray(input.inputs) || input.inputs.length === 0) return fail('input.inputs', 'required: a non-empty array');
  if (input.inputs.length > 1) return fail('input.inputs', `${tool.id} takes one input (slot "protein"); got ${input.inputs.length}`);
  const item: unknown = input.inputs[0];
  const at = 'input.inputs[0]';
  if (!isRecord(item)) return fail(at, 'expected an object');
  const problems: Problem[] = [];
  const expect = (key: string, value: string) => {
    if (item[key] !== value) problems.push({ field: `${at}.${key}`, message: `expected "${value}"` });
  };
  if (typeof item.id !== 'string' || item.id === '') problems.push({ field: `${at}.id`, message: 'required: a string' });
  expect('slotId', 'protein');
  expect('kind', 'protein');
  expect('format', 'fasta');
  const source = item.source;
  if (isRecord(source) && source.type === 'file') problems.push({ field: `${at}.source.file_id`, message: `no saved file '${String(source.file_id)}' in this workspace (the emulator has no file storage)` });
  else if (!isRecord(source) || source.type !== 'text') problems.push({ field: `${at}.source.type`, message: 'expected "text"' });
  if (typeof item.content !== 'string') problems.push({ field: `${at}.content`, message: 'required: the FASTA text' });
  if (problems.length > 0 || typeof item.content !== 'string') return { problems };
  return parseProtein(item.content, tool, `${at}.content`);
}

/** One FASTA record (or a bare sequence) of amino acids; problems name the line and column. */
export function parseProtein(text: string, tool: Tool, field: string): { value?: ProteinInput; problems: Problem[] } {
  const fail = (message: string) => ({ problems: [{ field, message }] });
  const lines = text.split(/\r\n|\r|\n/);
  let name: string | undefined;
  let residues = '';
  let records = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('>')) {
      records++;
      if (records > 1) return fail(`line ${i + 1}: a second record; ${tool.id} folds one sequence per job`);
      name = line.slice(1).trim() || 'sequence';
      continue;
    }
    if (line.startsWith(';')) continue;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (/\s/.test(ch)) continue;
      const upper = ch.toUpperCase();
      if (ch === '*' && c === line.trimEnd().length - 1 && lines.slice(i + 1).every((l) => l.trim() === '')) continue;
      if (!AMINO_ACIDS.includes(upper)) return fail(`line ${i + 1}, column ${c + 1}: '${ch}' is not an amino acid`);
      residues += upper;
    }
  }
  if (residues === '') return fail('no sequence: expected one FASTA record of amino acids');
  if (residues.length > tool.maxLength) return fail(`the sequence has ${residues.length} residues; ${tool.id} accepts at most ${tool.maxLength}`);
  return { value: { name: name ?? 'sequence', residues }, problems: [] };
}

/** Known settings of the tool, checked; unknown ones are passed through (tools add settings). */
export function settingsProblems(settings: Record<string, unknown>, tool: Tool): Problem[] {
  if (tool.id !== 'esmfold' || settings.num_recycles === undefined) return [];
  const v = settings.num_recycles;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 48 ? [] : [{ field: 'settings.num_recycles', message: 'expected an integer 0–48' }];
}

/**
 * Request validation the way the real service (a FastAPI app: `{"detail": ...}` errors) reports it:
 * shape errors are 422 with pydantic's list of `{ type, loc, msg, input }`; rules that need the
 * fitness registry are 400 with a string detail (see fitness.ts). All shape errors of a body are
 * reported at once, as pydantic does. The answers themselves are shared (../common/validation.ts).
 */
import { isRecord, parseJson, QueryReader, unprocessable, type Checked, type EmulatorRequest, type ValidationIssue } from '../common';
import { firstInvalidNucleotide, normaliseNucleotides } from './sequence';

export const GENE_OF_INTEREST = 'gene_of_interest';
/** Upper bound on the nucleotides of one request; the real limit is undocumented. */
export const MAX_NUCLEOTIDES = 100_000;
export const MAX_STATUS_JOBIDS = 100;
export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The JSON object every POST endpoint's model is read from, checked in FastAPI's order: an empty
 * body, then undecodable JSON, then JSON that is not an object — each its own 422.
 */
function jsonObjectBody(req: EmulatorRequest): Checked<Record<string, unknown>> {
  if (req.rawBody.trim() === '') return { ok: false, reply: unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]) };
  const parsed = parseJson(req.rawBody);
  if (!parsed.ok) return { ok: false, reply: unprocessable([{ type: 'json_invalid', loc: ['body'], msg: `JSON decode error: ${parsed.error}` }]) };
  const body = parsed.value;
  if (isRecord(body)) return { ok: true, value: body };
  return { ok: false, reply: unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }]) };
}

/* ---------------------------------------------------------------- /login */

/** username/password from the query (documented), else a form or JSON body (what OAuth2-style clients send). */
export function loginCredentials(req: EmulatorRequest): Checked<{ username: string; password: string }> {
  let source: 'query' | 'body' = 'query';
  let username = req.query.get('username') ?? undefined;
  let password = req.query.get('password') ?? undefined;
  if ((username === undefined || password === undefined) && req.rawBody.trim() !== '') {
    const fromBody = credentialsFromBody(req);
    if (fromBody.username !== undefined || fromBody.password !== undefined) source = 'body';
    username ??= fromBody.username;
    password ??= fromBody.password;
  }
  const issues: ValidationIssue[] = [];
  if (username === undefined) issues.push({ type: 'missing', loc: [source, 'username'], msg: 'Field required', input: null });
  if (password === undefined) issues.push({ type: 'missing', loc: [source, 'password'], msg: 'Field required', input: null });
  if (username === undefined || password === undefined) return { ok: false, reply: unprocessable(issues) };
  return { ok: true, value: { username, password } };
}

function credentialsFromBody(req: EmulatorRequest): { username?: string; password?: string } {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(req.rawBody);
    return { username: form.get('username') ?? undefined, password: form.get('password') ?? undefined };
  }
  const parsed = parseJson(req.rawBody);
  if (!parsed.ok || !isRecord(parsed.value)) return {};
  const { username, password } = parsed.value;
  return { username: typeof username === 'string' ? username : undefined, password: typeof password === 'string' ? password : undefined };
}

/* ---------------------------------------------------------------- /optimise */

export interface Component {
  sequence: string;
  featureType: string;
}

export interface OptimiseBody {
  name: string;
  /** As submitted (echoed by GET /jobs/<id>). */
  sequence: string | Component[];
  utr5?: string;
  utr3?: string;
  /** Shape-checked entries; resolved against the catalogue by fitness.ts. */
  fitnessEntries: Record<string, unknown>[];
  /** Normalised DNA of the coding sequence. */
  cds: string;
  /** Normalised DNA of everything that is not the CDS, in order. */
  utrs: string[];
  /** The whole request body, kept for GET /jobs/<id> `payload`. */
  payload: Record<string, unknown>;
}

export function optimiseBody(req: EmulatorRequest): Checked<OptimiseBody> {
  const obj = jsonObjectBody(req);
  if (!obj.ok) return obj;
  const b = obj.value;
  const issues: ValidationIssue[] = [];

  if (!('name' in b)) issues.push({ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: b });
  else if (typeof b.name !== 'string') issues.push({ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: b.name });
  else if (b.name.trim() === '') issues.push({ type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 1 character', input: b.name });

  for (const key of ['5_utr', '3_utr'] as const) {
    const v = b[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') issues.push({ type: 'string_type', loc: ['body', key], msg: 'Input should be a valid string', input: v });
    else nucleotideIssue(v, ['body', key], issues);
  }

  let cds = '';
  const utrs: string[] = [];
  const seq = b.sequence;
  if (!('sequence' in b)) issues.push({ type: 'missing', loc: ['body', 'sequence'], msg: 'Field required', input: b });
  else if (typeof seq === 'string') {
    if (seq === '') issues.push({ type: 'string_too_short', loc: ['body', 'sequence'], msg: 'String should have at least 1 character', input: seq });
    else if (!nucleotideIssue(seq, ['body', 'sequence'], issues)) cds = normaliseNucleotides(seq);
    // UTRs only count with the string form; the document says they are ignored with components.
    for (const key of ['5_utr', '3_utr'] as const) if (typeof b[key] === 'string') utrs.push(normaliseNucleotides(b[key] as string));
  } else if (Array.isArray(seq)) {
    const parts = componentsOf(seq, issues);
    if (parts) {
      const goi = parts.filter((p) => p.featureType === GENE_OF_INTEREST);
      if (goi.length !== 1) {
        issues.push({
          type: 'value_error',
          loc: ['body', 'sequence'],
          msg: `Value error, exactly one component must have featureType "${GENE_OF_INTEREST}" (found ${goi.length})`,
          input: seq,
        });
      } else if (goi[0].sequence === '') {
        issues.push({ type: 'value_error', loc: ['body', 'sequence', parts.indexOf(goi[0]), 'sequence'], msg: 'Value error, the gene_of_interest sequence is empty', input: '' });
      } else {
        cds = normaliseNucleotides(goi[0].sequence);
        for (const p of parts) if (p !== goi[0]) utrs.push(normaliseNucleotides(p.sequence));
      }
    }
  } else {
    issues.push({ type: 'union_type', loc: ['body', 'sequence'], msg: 'Input should be a valid string or a list of components', input: seq });
  }
  if (cds !== '' && cds.length < 3) issues.push({ type: 'value_error', loc: ['body', 'sequence'], msg: 'Value error, the coding sequence needs at least one codon (3 nt)', input: seq });
  const total = cds.length + utrs.reduce((n, u) => n + u.length, 0);
  if (total > MAX_NUCLEOTIDES) issues.push({ type: 'value_error', loc: ['body', 'sequence'], msg: `Value error, at most ${MAX_NUCLEOTIDES} nucleotides per request (got ${total})` });

  const fitnessEntries: Record<string, unknown>[] = [];
  const list = b.fitness_list;
  if (!('fitness_list' in b)) issues.push({ type: 'missing', loc: ['body', 'fitness_list'], msg: 'Field required', input: b });
  else if (!Array.isArray(list)) issues.push({ type: 'list_type', loc: ['body', 'fitness_list'], msg: 'Input should be a valid list', input: list });
  else if (list.length === 0) issues.push({ type: 'too_short', loc: ['body', 'fitness_list'], msg: 'List should have at least 1 item after validation, not 0', input: list });
  else {
    list.forEach((f: unknown, i) => {
      const at = ['body', 'fitness_list', i];
      if (!isRecord(f)) issues.push({ type: 'model_type', loc: at, msg: 'Input should be a valid dictionary', input: f });
      else if (!('name' in f)) issues.push({ type: 'missing', loc: [...at, 'name'], msg: 'Field required', input: f });
      else if (typeof f.name !== 'string') issues.push({ type: 'string_type', loc: [...at, 'name'], msg: 'Input should be a valid string', input: f.name });
      else if ('weight' in f && (typeof f.weight !== 'number' || !Number.isFinite(f.weight))) issues.push({ type: 'float_type', loc: [...at, 'weight'], msg: 'Input should be a valid number', input: f.weight });
      else fitnessEntries.push(f);
    });
  }

  if (issues.length > 0) return { ok: false, reply: unprocessable(issues) };
  const body: OptimiseBody = { name: b.name as string, sequence: seq as OptimiseBody['sequence'], fitnessEntries, cds, utrs, payload: b };
  if (typeof b['5_utr'] === 'string') body.utr5 = b['5_utr'];
  if (typeof b['3_utr'] === 'string') body.utr3 = b['3_utr'];
  return { ok: true, value: body };
}

function componentsOf(seq: unknown[], issues: ValidationIssue[]): Component[] | undefined {
  if (seq.length === 0) {
    issues.push({ type: 'too_short', loc: ['body', 'sequence'], msg: 'List should have at least 1 item after validation, not 0', input: seq });
    return undefined;
  }
  const before = issues.length;
  const parts: Component[] = [];
  seq.forEach((c: unknown, i) => {
    const at = ['body', 'sequence', i];
    if (!isRecord(c)) return issues.push({ type: 'model_type', loc: at, msg: 'Input should be a valid dictionary', input: c });
    for (const key of ['sequence', 'featureType'] as const) {
      if (!(key in c)) issues.push({ type: 'missing', loc: [...at, key], msg: 'Field required', input: c });
      else if (typeof c[key] !== 'string') issues.push({ type: 'string_type', loc: [...at, key], msg: 'Input should be a valid string', input: c[key] });
    }
    if (typeof c.sequence === 'string' && typeof c.featureType === 'string') {
      if (!nucleotideIssue(c.sequence, [...at, 'sequence'], issues)) parts.push({ sequence: c.sequence, featureType: c.featureType });
    }
  });
  return issues.length === before ? parts : undefined;
}

/** Adds an issue for the first non-nucleotide character; returns whether it did. */
function nucleotideIssue(seq: string, loc: (string | number)[], issues: ValidationIssue[]): boolean {
  const bad = firstInvalidNucleotide(seq);
  if (bad < 0) return false;
  issues.push({ type: 'value_error', loc, msg: `Value error, invalid nucleotide '${seq[bad]}' at position ${bad + 1} (allowed: A, C, G, T, U)`, input: seq.length > 80 ? `${seq.slice(0, 80)}…` : seq });
  return true;
}

/* ---------------------------------------------------------------- /optimise/status, /optimise/result */

export function statusBody(req: EmulatorRequest): Checked<string[]> {
  const obj = jsonObjectBody(req);
  if (!obj.ok) return obj;
  const ids = obj.value.jobids;
  if (!('jobids' in obj.value)) return { ok: false, reply: unprocessable([{ type: 'missing', loc: ['body', 'jobids'], msg: 'Field required', input: obj.value }]) };
  if (!Array.isArray(ids)) return { ok: false, reply: unprocessable([{ type: 'list_type', loc: ['body', 'jobids'], msg: 'Input should be a valid list', input: ids }]) };
  if (ids.length === 0) return { ok: false, reply: unprocessable([{ type: 'too_short', loc: ['body', 'jobids'], msg: 'List should have at least 1 item after validation, not 0', input: ids }]) };
  if (ids.length > MAX_STATUS_JOBIDS) {
    return { ok: false, reply: unprocessable([{ type: 'too_long', loc: ['body', 'jobids'], msg: `List should have at most ${MAX_STATUS_JOBIDS} items after validation, not ${ids.length}` }]) };
  }
  const issues: ValidationIssue[] = [];
  ids.forEach((id: unknown, i) => {
    if (!isUuid(id)) issues.push(uuidIssue(['body', 'jobids', i], id));
  });
  if (issues.length > 0) return { ok: false, reply: unprocessable(issues) };
  // Echoed back as sent; lookups are case-insensitive (jobs.ts).
  return { ok: true, value: ids as string[] };
}

export function resultBody(req: EmulatorRequest): Checked<string> {
  const obj = jsonObjectBody(req);
  if (!obj.ok) return obj;
  if (!('jobid' in obj.value)) return { ok: false, reply: unprocessable([{ type: 'missing', loc: ['body', 'jobid'], msg: 'Field required', input: obj.value }]) };
  const id = obj.value.jobid;
  if (!isUuid(id)) return { ok: false, reply: unprocessable([uuidIssue(['body', 'jobid'], id)]) };
  return { ok: true, value: id };
}

function uuidIssue(loc: (string | number)[], input: unknown): ValidationIssue {
  return typeof input === 'string'
    ? { type: 'uuid_parsing', loc, msg: 'Input should be a valid UUID', input }
    : { type: 'uuid_type', loc, msg: 'UUID input should be a string, bytes or UUID object', input };
}

/* ---------------------------------------------------------------- /jobs */

export function pageQuery(query: URLSearchParams): Checked<{ limit: number; start?: string }> {
  const q = new QueryReader(query);
  const limit = q.int('limit', { min: 1, max: MAX_PAGE_LIMIT }) ?? DEFAULT_PAGE_LIMIT;
  const bad = q.reply();
  if (bad) return { ok: false, reply: bad };
  const start = query.get('start');
  return { ok: true, value: start === null || start === '' ? { limit } : { limit, start } };
}

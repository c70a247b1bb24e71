/**
 * Fault injection: a FIFO queue of rules. Each request takes the first rule whose method and path
 * match; the rule's `times` counts down and the rule leaves the queue at zero.
 *
 * Faults:
 *   { kind: 'status', status, body?, headers? }  answer with this status (e.g. 429 + Retry-After, 500, 503).
 *                                                A string body is sent as text (a proxy's HTML page),
 *                                                anything else as JSON; default `{ "detail": <reason> }`.
 *   { kind: 'reset' }      destroy the socket with a TCP RST (the client sees ECONNRESET / "fetch failed").
 *   { kind: 'hang' }       never answer; the socket is destroyed when the emulator closes.
 *   { kind: 'malformed' }  200 with a truncated JSON body.
 *   { kind: 'drift', field? }  the real answer, minus a required field: the route's own drift field,
 *                          or `field` (dotted path, `*` for every array element, e.g. "results.*.status").
 *   { kind: 'delay', ms }  wait `ms` of REAL time (not the virtual clock), then answer normally.
 *
 * `phase` (default 'before') decides whether the endpoint runs first: with 'before' a status/reset/
 * hang/malformed fault answers instead of the endpoint, so nothing changes server-side (a proxy or
 * load balancer failing); with 'after' the endpoint runs and changes state (a job IS created) and
 * the client still sees the fault (a lost response). drift always runs the endpoint; delay runs it
 * after the wait.
 */
import { isRecord } from './http';

export type PathMatcher = string | RegExp | { prefix: string } | { regex: string; flags?: string };

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'drift'; field?: string }
  | { kind: 'delay'; ms: number };

export type FaultKind = Fault['kind'];
export type FaultPhase = 'before' | 'after';

export interface FaultRule {
  /** Any method when absent. */
  method?: string;
  /** A string matches the exact path (no query). */
  path: PathMatcher;
  /** How many matching requests get the fault; 'always' never runs out. Default 1. */
  times?: number | 'always';
  phase?: FaultPhase;
  fault: Fault;
}

/** A rule as reported by GET /__control/faults (RegExp shown as `{ regex, flags }`). */
export interface FaultRuleView {
  method: string | null;
  path: string | { prefix: string } | { regex: string; flags: string };
  remaining: number | 'always';
  phase: FaultPhase;
  fault: Fault;
}

interface QueuedRule {
  method?: string;
  match: (path: string) => boolean;
  view: FaultRuleView['path'];
  remaining: number;
  phase: FaultPhase;
  fault: Fault;
}

export class FaultQueue {
  private rules: QueuedRule[] = [];

  add(rules: FaultRule | readonly FaultRule[]): number {
    const list = Array.isArray(rules) ? rules : [rules as FaultRule];
    for (const r of list) {
      const times = r.times ?? 1;
      if (times !== 'always' && (!Number.isInteger(times) || times < 1)) throw new Error(`times must be an integer >= 1 or "always", got ${String(times)}`);
      this.rules.push({
        method: r.method?.toUpperCase(),
        match: compileMatcher(r.path),
        view: describeMatcher(r.path),
        remaining: times === 'always' ? Infinity : times,
        phase: r.phase ?? 'before',
        fault: r.fault,
      });
    }
    return list.length;
  }

  /** Consumes one use of the first matching rule. */
  take(method: string, path: string): { fault: Fault; phase: FaultPhase } | undefined {
    const i = this.rules.findIndex((r) => (r.method === undefined || r.method === method.toUpperCase()) && r.match(path));
    if (i < 0) return undefined;
    const rule = this.rules[i];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(i, 1);
    return { fault: rule.fault, phase: rule.phase };
  }

  list(): FaultRuleView[] {
    return this.rules.map((r) => ({
      method: r.method ?? null,
      path: r.view,
      remaining: r.remaining === Infinity ? 'always' : r.remaining,
      phase: r.phase,
      fault: r.fault,
    }));
  }

  clear(): void {
    this.rules = [];
  }
}

export function compileMatcher(m: PathMatcher): (path: string) => boolean {
  if (typeof m === 'string') return (p) => p === m;
  if (m instanceof RegExp) return (p) => new RegExp(m.source, m.flags.replace('g', '')).test(p);
  if ('prefix' in m) return (p) => p.startsWith(m.prefix);
  const re = new RegExp(m.regex, m.flags ?? '');
  return (p) => re.test(p);
}

function describeMatcher(m: PathMatcher): FaultRuleView['path'] {
  if (typeof m === 'string') return m;
  if (m instanceof RegExp) return { regex: m.source, flags: m.flags };
  if ('prefix' in m) return { prefix: m.prefix };
  return { regex: m.regex, flags: m.flags ?? '' };
}

/**
 * Checks rules that arrived as JSON (POST /__control/faults) and returns them typed.
 * Accepts one rule, an array, or `{ "rules": [...] }`. Throws with a message naming the bad field.
 */
export function parseFaultRules(input: unknown): FaultRule[] {
  const raw = isRecord(input) && Array.isArray(input.rules) ? input.rules : Array.isArray(input) ? input : [input];
  return raw.map((r: unknown, i) => parseRule(r, `rules[${i}]`));
}

function parseRule(r: unknown, at: string): FaultRule {
  if (!isRecord(r)) throw new Error(`${at}: expected an object`);
  const rule: FaultRule = { path: parsePath(r.path, `${at}.path`), fault: parseFault(r.fault, `${at}.fault`) };
  if (r.method !== undefined) {
    if (typeof r.method !== 'string') throw new Error(`${at}.method: expected a string`);
    rule.method = r.method;
  }
  if (r.times !== undefined) {
    if (r.times !== 'always' && typeof r.times !== 'number') throw new Error(`${at}.times: expected a number or "always"`);
    rule.times = r.times;
  }
  if (r.phase !== undefined) {
    if (r.phase !== 'before' && r.phase !== 'after') throw new Error(`${at}.phase: expected "before" or "after"`);
    rule.phase = r.phase;
  }
  return rule;
}

function parsePath(p: unknown, at: string): PathMatcher {
  if (typeof p === 'string') return p;
  if (isRecord(p) && typeof p.prefix === 'string') return { prefix: p.prefix };
  if (isRecord(p) && typeof p.regex === 'string') {
    const flags = typeof p.flags === 'string' ? p.flags : '';
    new RegExp(p.regex, flags); // throws a SyntaxError naming the problem
    return { regex: p.regex, flags };
  }
  throw new Error(`${at}: expected a string, { "prefix": string } or { "regex": string }`);
}

function parseFault(f: unknown, at: string): Fault {
  if (!isRecord(f)) throw new Error(`${at}: expected an object with "kind"`);
  switch (f.kind) {
    case 'status': {
      if (typeof f.status !== 'number' || !Number.isInteger(f.status) || f.status < 100 || f.status > 599) throw new Error(`${at}.status: expected an HTTP status 100-599`);
      const fault: Fault = { kind: 'status', status: f.status };
      if (f.body !== undefined) fault.body = f.body;
      if (f.headers !== undefined) {
        if (!isRecord(f.headers) || Object.values(f.headers).some((v) => typeof v !== 'string')) throw new Error(`${at}.headers: expected an object of strings`);
        fault.headers = f.headers as Record<string, string>;
      }
      return fault;
    }
    case 'reset':
    case 'hang':
    case 'malformed':
      return { kind: f.kind };
    case 'drift':
      if (f.field !== undefined && typeof f.field !== 'string') throw new Error(`${at}.field: expected a dotted path string`);
      return typeof f.field === 'string' ? { kind: 'drift', field: f.field } : { kind: 'drift' };
    case 'delay':
      if (typeof f.ms !== 'number' || !(f.ms >= 0)) throw new Error(`${at}.ms: expected a number >= 0`);
      return { kind: 'delay', ms: f.ms };
    default:
      throw new Error(`${at}.kind: expected one of status, reset, hang, malformed, drift, delay`);
  }
}

/**
 * Returns a deep copy of `value` without the field at `dotted` ("a.b", "results.*.status", "jobs.0.jobid").
 * A path that does not exist leaves the copy unchanged.
 */
export function withoutField(value: unknown, dotted: string): unknown {
  const copy = structuredClone(value);
  remove(copy, dotted.split('.'));
  return copy;
}

function remove(node: unknown, parts: string[]): void {
  if (parts.length === 0) return;
  const [head, ...rest] = parts;
  const children: unknown[] = [];
  if (Array.isArray(node)) {
    if (head === '*') children.push(...node);
    else if (/^\d+$/.test(head) && rest.length > 0) children.push(node[Number(head)]);
  } else if (isRecord(node)) {
    if (rest.length === 0) {
      if (head === '*') for (const k of Object.keys(node)) delete node[k];
      else delete node[head];
      return;
    }
    if (head === '*') children.push(...Object.values(node));
    else children.push(node[head]);
  }
  for (const c of children) remove(c, rest);
}

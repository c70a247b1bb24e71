/**
 * Error answers in the shape the emulated services (FastAPI apps) give them, shared so that both
 * emulators word a 422 alike: shape errors are 422 with pydantic's list of `{ type, loc, msg, input }`
 * (every problem of a request at once); rules about content are 400, a missing job 404, each with
 * a string `detail`. What a provider validates stays in its own validate.ts.
 */
import type { Reply } from './emulator';

/** One entry of a pydantic 422 `detail` list. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
}

/** A parsed value, or the reply that refuses the request. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export function unprocessable(issues: ValidationIssue[]): Reply {
  return { status: 422, body: { detail: issues } };
}

export function badRequest(detail: string): Reply {
  return { status: 400, body: { detail } };
}

export function notFound(detail = 'Job not found'): Reply {
  return { status: 404, body: { detail } };
}

/**
 * Collects query parameter problems so one 422 names them all. Each reader returns the parsed
 * value (or undefined when absent or invalid) and records an issue when invalid.
 */
export class QueryReader {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly query: URLSearchParams) {}

  /** A required parameter; '' (and an issue) when absent. */
  required(name: string): string {
    const raw = this.query.get(name);
    if (raw === null) this.issues.push({ type: 'missing', loc: ['query', name], msg: 'Field required', input: null });
    return raw ?? '';
  }

  all(name: string): string[] {
    return this.query.getAll(name);
  }

  /** pydantic's lax booleans: true/false, 1/0, yes/no, on/off, t/f, y/n (any case). */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 't', 'yes', 'y', 'on'].includes(v)) return true;
    if (['0', 'false', 'f', 'no', 'n', 'off'].includes(v)) return false;
    this.issues.push({ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: raw });
    return fallback;
  }

  int(name: string, bounds: { min?: number; max?: number }): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const loc = ['query', name];
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      this.issues.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
      return undefined;
    }
    const n = Number(raw);
    if (bounds.min !== undefined && n < bounds.min) {
      this.issues.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${bounds.min}`, input: raw });
      return undefined;
    }
    if (bounds.max !== undefined && n > bounds.max) {
      this.issues.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${bounds.max}`, input: raw });
      return undefined;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    const quoted = allowed.map((a) => `'${a}'`);
    const msg = `Input should be ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    this.issues.push({ type: 'enum', loc: ['query', name], msg, input: raw });
    return undefined;
  }

  /** An ISO 8601 date or date-time (no zone = UTC), as ms since the epoch. */
  datetime(name: string): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw.trim());
    const withZone = iso && !iso[4] ? `${raw.trim().replace(' ', 'T')}${iso[1] ? 'Z' : 'T00:00:00Z'}` : raw.trim().replace(' ', 'T');
    const ms = iso ? Date.parse(withZone) : NaN;
    if (Number.isNaN(ms)) {
      this.issues.push({ type: 'datetime_from_date_parsing', loc: ['query', name], msg: 'Input should be a valid datetime or date, invalid character in year', input: raw });
      return undefined;
    }
    return ms;
  }

  /** The 422 for everything collected, or null. */
  reply(): Reply | null {
    return this.issues.length > 0 ? unprocessable(this.issues) : null;
  }
}

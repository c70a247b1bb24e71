/** A minimal logger interface (a LogOutputChannel in VS Code) with redaction of secrets. */
import { safeLog } from './safeText';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s,;"']+/gi,
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /((?:password|passwd|token|access_token|api[_-]?key|secret)["']?\s*[:=]\s*["']?)[^\s&,;"'}]+/gi,
];

/** Removes bearer tokens, passwords and keys from a string before it is logged or shown. */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const s of knownSecrets) {
    if (s.length >= 4) out = out.split(s).join('***');
  }
  for (const re of SECRET_PATTERNS) {
    out = out.replace(re, (_m, prefix: string) => `${prefix}***`);
  }
  return out;
}

/**
 * What reaches the log channel: secrets redacted, then every line made safe as text (control and
 * bidi characters shown as ⟨U+…⟩, link schemes broken so no `command:` or other link forms from a
 * job name or a server's error body, long lines cut). A message's later lines are indented, so
 * a name holding a line break cannot forge a log entry of its own.
 */
export function logLine(message: string): string {
  return redact(message)
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => safeLog(line))
    .join('\n    ');
}

export const nullLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Collects lines; used by tests to assert that nothing secret was logged. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  trace(m: string) { this.lines.push(`trace ${m}`); }
  debug(m: string) { this.lines.push(`debug ${m}`); }
  info(m: string) { this.lines.push(`info ${m}`); }
  warn(m: string) { this.lines.push(`warn ${m}`); }
  error(m: string) { this.lines.push(`error ${m}`); }
}

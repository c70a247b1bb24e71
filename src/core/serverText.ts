/**
 * What a server said, as a short sentence a person can read: the message inside a JSON error
 * envelope, the title (or first text) of an HTML error page — never markup — trimmed, redacted
 * and cut with an ellipsis. Plus a depth check that refuses deeply nested JSON before a
 * recursive parser (JSON.parse, jsonc-parser, zod) can exhaust the stack. vscode-free, pure.
 *
 * The result is plain text with invisibles shown; a UI surface still passes it through
 * `safeLabel` / `safeMarkdown` (core/safeText), which break links.
 */
import { redact } from './log';
import { displayLine, formatCount } from './safeText';
import type { SourcePosition } from './textPosition';

export const DEFAULT_ERROR_EXCERPT_MAX = 200;
/** Far beyond any request or response Bio Jobs reads (the /optimise body nests 4 levels). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export interface DescribeErrorOptions {
  /** Longest result, in characters, ellipsis included. */
  maxLength?: number;
  /** Secrets to blank out wherever they appear (the session token, the password). */
  secrets?: readonly string[];
}

/**
 * One line describing an error response body, or '' for an empty body.
 * `{"detail": "Not found"}` → `Not found`; a FastAPI 422 → `fitness_list.0.weight: Input should be
 * a valid number`; `<html><title>502 Bad Gateway</title>…` → `an HTML page: 502 Bad Gateway`.
 */
export function describeErrorBody(text: string, contentType?: string, options: DescribeErrorOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_ERROR_EXCERPT_MAX;
  // Nothing past a few pages can be part of a short sentence; the rest is not even scanned.
  const body = String(text ?? '').slice(0, 256 * 1024).replace(/^\uFEFF/, '').trim();
  if (body === '') return '';
  const type = (contentType ?? '').toLowerCase();
  let sentence: string | undefined;
  if (type.includes('json') || /^[[{]/.test(body)) sentence = describeJson(body);
  if (sentence === undefined && (type.includes('html') || type.includes('xml') || /^</.test(body))) {
    const page = describeHtml(body);
    // Said as such: a web page where an API answer belongs is usually a proxy or gateway talking.
    if (page !== undefined) sentence = page === EMPTY_PAGE ? page : `an HTML page: ${page}`;
  }
  sentence ??= body;
  return displayLine(scrub(collapse(sentence), options.secrets ?? []), maxLength);
}

/** A nesting deeper than allowed: how deep, and where it first went too deep. */
export interface DeepJson {
  /** The deepest nesting in the text (counted to the end, so the message can say it). */
  depth: number;
  maxDepth: number;
  /** Offset of the bracket that opened level maxDepth + 1. */
  offset: number;
  /** 0-based, like SourcePosition. */
  position: SourcePosition;
  /** A sentence: `The JSON is nested 100000 levels deep; at most 64 are read (level 65 opens at line 1, column 65).` */
  message: string;
}

/**
 * Counts `[` / `{` nesting outside strings (and `//`, block comments, as jsonc allows) in one
 * linear pass without recursion. Returns undefined when the text nests at most `maxDepth` levels.
 */
export function refuseDeepJson(text: string, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): DeepJson | undefined {
  let depth = 0;
  let deepest = 0;
  let firstTooDeep = -1;
  let line = 0;
  let lineStart = 0;
  let position: SourcePosition = { line: 0, column: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22 /* " */) {
      // Skip the string; a string cannot span lines in JSON, so the line count is unaffected.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22 || s === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a && text.charCodeAt(i + 1) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      for (i += 2; i < text.length && !(text.charCodeAt(i) === 0x2a && text.charCodeAt(i + 1) === 0x2f); i++) {
        const s = text.charCodeAt(i);
        if (s === 0x0a || (s === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
          line++;
          lineStart = i + 1;
        }
      }
      i++;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (depth > maxDepth && firstTooDeep < 0) {
        firstTooDeep = i;
        position = { line, column: i - lineStart };
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (depth > 0) depth--;
    }
  }
  if (firstTooDeep < 0) return undefined;
  return {
    depth: deepest,
    maxDepth,
    offset: firstTooDeep,
    position,
    message:
      `The JSON is nested ${formatCount(deepest)} levels deep; at most ${maxDepth} are read ` +
      `(level ${maxDepth + 1} opens at line ${position.line + 1}, column ${position.column + 1}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON envelopes

const MAX_LISTED_ISSUES = 3;

function describeJson(body: string): string | undefined {
  const deep = refuseDeepJson(body, 32);
  if (deep) return `a JSON body nested ${formatCount(deep.depth)} levels deep`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined; // not JSON after all: read as text or HTML
  }
  return messageOf(value, 0) ?? compactJson(value);
}

/** The human message inside the common error envelopes, or undefined. */
function messageOf(value: unknown, level: number): string | undefined {
  if (level > 4 || value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) return listMessage(value, level);
  const o = value as Record<string, unknown>;

  // FastAPI / Starlette: {"detail": "..."} or {"detail": [{loc, msg, type}, ...]}; RFC 7807: title + detail.
  const detail = o.detail;
  if (typeof o.title === 'string' && typeof detail === 'string' && o.title.trim() && detail.trim() && o.title.trim() !== detail.trim()) {
    return `${o.title.trim()}: ${detail.trim()}`;
  }
  if (detail !== undefined) {
    const fromDetail = Array.isArray(detail) ? listMessage(detail, level + 1) : messageOf(detail, level + 1);
    if (fromDetail) return fromDetail;
  }
  // {"error": {"code", "message", "details"}} (Google-style) or OAuth's {"error", "error_description"}.
  const error = o.error;
  if (error && typeof error === 'object' && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    const message = firstString(e, ['message', 'msg', 'detail', 'description', 'title']);
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : undefined;
    const details = e.details !== undefined ? (Array.isArray(e.details) ? listMessage(e.details, level + 1) : messageOf(e.details, level + 1)) : undefined;
    const parts = [message ?? (code ? `error ${code}` : undefined), message && code ? `(${code})` : undefined].filter(Boolean).join(' ');
    const withDetails = details && details !== message ? `${parts ? `${parts}: ` : ''}${details}` : parts;
    if (withDetails) return withDetails;
  }
  if (typeof error === 'string' && error.trim()) {
    const description = firstString(o, ['error_description', 'message', 'detail']);
    return description ? `${error.trim()}: ${description}` : error.trim();
  }
  const message = firstString(o, ['message', 'msg', 'error_message', 'errorMessage', 'description', 'reason', 'title']);
  if (message) return message;
  // {"errors": [...]} (JSON:API, GraphQL) or {"errors": {"field": ["msg"]}} (Rails, DRF).
  const errors = o.errors;
  if (Array.isArray(errors)) return listMessage(errors, level + 1);
  if (errors && typeof errors === 'object') {
    const entries = Object.entries(errors as Record<string, unknown>);
    const parts = entries.slice(0, MAX_LISTED_ISSUES).map(([field, v]) => `${field}: ${messageOf(v, level + 2) ?? compactJson(v)}`);
    return parts.length ? parts.join('; ') + more(entries.length) : undefined;
  }
  return undefined;
}

/** A list of issues (FastAPI 422 items, JSON:API errors, strings): the first few, then a count. */
function listMessage(items: readonly unknown[], level: number): string | undefined {
  const parts: string[] = [];
  for (const item of items.slice(0, MAX_LISTED_ISSUES)) {
    const text = issueText(item, level);
    if (text) parts.push(text);
  }
  return parts.length ? parts.join('; ') + more(items.length) : undefined;
}

function issueText(item: unknown, level: number): string | undefined {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const msg = firstString(o, ['msg', 'message', 'detail', 'title']);
    if (msg && Array.isArray(o.loc)) {
      // ["body", "fitness_list", 0, "weight"] → fitness_list.0.weight: the request body is implied.
      const loc = o.loc.filter((part, i) => !(i === 0 && part === 'body')).map(String).join('.');
      return loc ? `${loc}: ${msg}` : msg;
    }
    const pointer = o.source && typeof o.source === 'object' ? firstString(o.source as Record<string, unknown>, ['pointer', 'parameter']) : undefined;
    if (msg) return pointer ? `${pointer}: ${msg}` : msg;
  }
  return messageOf(item, level + 1);
}

function more(total: number): string {
  const rest = total - MAX_LISTED_ISSUES;
  return rest > 0 ? ` (and ${rest} more)` : '';
}

function firstString(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// HTML pages

function describeHtml(body: string): string | undefined {
  if (!/<[a-z!?/][^>]*>/i.test(body)) return undefined;
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(body)?.[1];
  const titleText = title ? collapse(decodeEntities(stripTags(title))) : '';
  if (titleText) return titleText;
  const withoutInvisible = body
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|head|template|noscript|svg)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ');
  const text = collapse(decodeEntities(stripTags(withoutInvisible)));
  return text || EMPTY_PAGE;
}

const EMPTY_PAGE = 'an HTML page without text';

/** Inline elements join their text to the words around them; every other tag is a word break. */
const INLINE_TAG = /^<\/?(a|abbr|b|code|em|font|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|tt|u|var)\b/i;

/** Removes tags, including an unterminated one at the end. */
function stripTags(html: string): string {
  return html.replace(/<\/?[a-z!?][^>]*(?:>|$)/gi, (tag) => (INLINE_TAG.test(tag) ? '' : ' ')).replace(/</g, ' ');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/** Decodes entities once (so `&amp;lt;` stays `&lt;` as text). Unknown ones stay as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// ---------------------------------------------------------------------------------------------

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Known secrets, key=value secrets and bearer tokens (core/log), and JWTs wherever they stand. */
function scrub(text: string, secrets: readonly string[]): string {
  return redact(text, secrets).replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '***');
}

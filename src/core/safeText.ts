/**
 * Text from files and servers made safe for the VS Code surfaces that render Markdown or links.
 * vscode-free, pure.
 *
 * Which function for which surface:
 * - `safeLabel`: plain-text surfaces — tree labels and descriptions, panel titles, quick-pick
 *   labels / descriptions / details (`$(icon)` codicons are broken), plain string tooltips, modal
 *   dialog messages and details.
 * - `safeNotice`: notifications and the status bar (VS Code turns `[text](command:…|https://…|
 *   file:…)` into links there, and `$(name)` into icons). Same treatment, a longer default limit.
 * - `safeMarkdown`: anything appended to a `MarkdownString` (tooltips, hovers) — every Markdown,
 *   HTML and autolink construct is escaped.
 * - `safeLog`: a piece of data inside a log line (one line, longer limit).
 *
 * All three: control, format and bidirectional characters are shown visibly (`⟨U+202E⟩`,
 * `⟨ESC⟩`), line breaks collapse to one space (one log line stays one line; a label cannot grow),
 * and long text is cut with an ellipsis. Link syntax is broken by a WORD JOINER (U+2060, invisible,
 * not a letter of any scheme) inside `scheme:`, `www.` and `$(`, and Markdown punctuation is
 * backslash-escaped, so neither VS Code's link parsers nor a linkifier can form a link from data.
 */

/** Invisible, zero-width, and outside every URL scheme, host and codicon grammar. */
export const LINK_BREAK = '\u2060';
/** What a cut string ends with. */
export const ELLIPSIS = '…';

export const DEFAULT_LABEL_MAX = 200;
export const DEFAULT_MARKDOWN_MAX = 500;
export const DEFAULT_LOG_MAX = 2000;

export interface SafeTextOptions {
  /** Longest result in visible characters (code points), ellipsis included. */
  maxLength?: number;
}

export interface SafeMarkdownOptions extends SafeTextOptions {
  /** Keep line breaks as Markdown hard breaks instead of collapsing them. Default false. */
  multiline?: boolean;
}

export const DEFAULT_NOTICE_MAX = 300;

/** The limit as a number (`safeLabel(name, 60)`) or in options. */
type Limit = number | SafeTextOptions;

function maxOf(limit: Limit | undefined, fallback: number): number {
  return typeof limit === 'number' ? limit : (limit?.maxLength ?? fallback);
}

/** For plain-text surfaces: quick picks, tree labels, titles, dialogs (links and codicons broken too). */
export function safeLabel(text: string, limit?: Limit): string {
  return breakPlainLinks(displayLine(text, maxOf(limit, DEFAULT_LABEL_MAX)));
}

/** For notifications and the status bar, which turn `[text](command:…)` into links and `$(name)` into icons. */
export function safeNotice(text: string, limit?: Limit): string {
  return breakPlainLinks(displayLine(text, maxOf(limit, DEFAULT_NOTICE_MAX)));
}

/** For text appended to a MarkdownString: nothing in it can become a link, image, HTML or formatting. */
export function safeMarkdown(text: string, limit?: number | SafeMarkdownOptions): string {
  const options: SafeMarkdownOptions = typeof limit === 'number' ? { maxLength: limit } : (limit ?? {});
  const max = options.maxLength ?? DEFAULT_MARKDOWN_MAX;
  if (!options.multiline) return escapeMarkdownLine(displayLine(text, max));
  const lines = truncateUnits(toUnits(String(text), true, max), max)
    .join('')
    .split('\n')
    .map((line) => line.trim());
  // Two trailing spaces are a hard line break in CommonMark and in VS Code's renderer (marked).
  return lines.map(escapeMarkdownLine).join('  \n');
}

/** For data inside one log line. */
export function safeLog(text: string, limit?: Limit): string {
  return breakPlainLinks(displayLine(text, maxOf(limit, DEFAULT_LOG_MAX)));
}

/**
 * Control, format (bidi, zero-width) and lone-surrogate characters as visible tokens; everything
 * else unchanged (line breaks included). The building block of the three above, also used to
 * quote names inside validation messages.
 */
export function showInvisibles(text: string): string {
  let out = '';
  for (const ch of String(text)) out += isLineBreak(ch) || ch === '\t' ? ch : (visibleForm(ch) ?? ch);
  return out;
}

/** One line, invisibles shown, at most `maxLength` visible characters. No link breaking (for messages built here). */
export function displayLine(text: string, maxLength: number = DEFAULT_LABEL_MAX): string {
  return truncateUnits(toUnits(String(text), false, maxLength), maxLength).join('').trim();
}

/** `"name"` for messages: invisibles shown, cut at `maxLength`. */
export function quoteName(name: string, maxLength = 60): string {
  return `"${displayLine(name, maxLength)}"`;
}

/** Cuts to at most `maxLength` code points, the last being an ellipsis when something was cut. */
export function truncate(text: string, maxLength: number): string {
  const units: string[] = [];
  for (const ch of String(text)) {
    if (units.length > maxLength) break;
    units.push(ch);
  }
  return truncateUnits(units, maxLength).join('');
}

// ---------------------------------------------------------------------------------------------
// Internals

/** Names people know for the C0 controls that matter; the rest are shown as U+XXXX. */
const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'BS',
  0x0b: 'VT',
  0x0c: 'FF',
  0x1b: 'ESC',
  0x7f: 'DEL',
};

/** Cc (controls), Cf (format: bidi overrides, zero-width, tags, BOM), Cs (lone surrogates). */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}]$/u;

function isLineBreak(ch: string): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029' || ch === '\u0085';
}

function visibleForm(ch: string): string | undefined {
  if (!INVISIBLE.test(ch)) return undefined;
  const code = ch.codePointAt(0) ?? 0;
  return `⟨${CONTROL_NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`}⟩`;
}

/**
 * The text as display units: one per code point, a visible token for an invisible one, one space
 * for a run of line breaks (or '\n' when keeping lines) and for a tab. Units are never split, so a
 * cut cannot leave half a token or half a surrogate pair.
 */
function toUnits(text: string, keepLines: boolean, limit = Infinity): string[] {
  const units: string[] = [];
  let pendingBreak = false;
  for (const ch of text) {
    // Past the limit the text will be cut anyway: a 3-million-character string costs nothing more.
    if (units.length > limit) break;
    if (isLineBreak(ch)) {
      pendingBreak = true;
      continue;
    }
    if (pendingBreak) {
      // \r\n, blank lines and spaces around a break are one separator.
      if (keepLines) units.push('\n');
      else if (units.length && units[units.length - 1] !== ' ') units.push(' ');
      pendingBreak = false;
    }
    units.push(ch === '\t' ? ' ' : (visibleForm(ch) ?? ch));
  }
  return units;
}

function unitLength(unit: string): number {
  return unit.length === 1 ? 1 : [...unit].length;
}

function truncateUnits(units: string[], maxLength: number): string[] {
  const max = Math.max(1, Math.floor(maxLength));
  let total = 0;
  for (const u of units) total += unitLength(u);
  if (total <= max) return units;
  const out: string[] = [];
  let length = 0;
  for (const u of units) {
    const n = unitLength(u);
    if (length + n > max - 1) break;
    out.push(u);
    length += n;
  }
  while (out.length && (out[out.length - 1] === ' ' || out[out.length - 1] === '\n')) out.pop();
  out.push(ELLIPSIS);
  return out;
}

/**
 * Breaks what VS Code's plain-text surfaces would parse: `scheme:` (notification links take
 * `https://`, `command:` and `file:`; any scheme is broken so none is ever linked), `www.`, and
 * `$(name)` codicons (quick picks, status bar, tree descriptions).
 */
function breakPlainLinks(text: string): string {
  return text
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):/g, `$1${LINK_BREAK}:`)
    .replace(/\b(www)\./gi, `$1${LINK_BREAK}.`)
    .replace(/\$\(/g, `$${LINK_BREAK}(`);
}

/** Every ASCII punctuation character: CommonMark (and marked) allow a backslash before each. */
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * One line of Markdown that renders as exactly its text: a backslash before every ASCII
 * punctuation character (enough on its own for markdown-it with linkify and for marked with GFM:
 * the tests render both), and the scheme breaks as well, in case the text is ever read unescaped.
 */
function escapeMarkdownLine(line: string): string {
  return breakPlainLinks(line)
    .replace(MARKDOWN_PUNCTUATION, (ch) => `\\${ch}`)
    .replace(/^ +/, ''); // leading spaces would start a code block
}

/** `100,000`: thousands separated, without Intl (its first use costs tens of milliseconds). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Data made safe for VS Code surfaces that render Markdown or links (notifications, tree labels
 * and tooltips, quick picks, titles, the log): no link or command can be formed from it, control
 * and bidirectional characters are shown visibly, and long strings are shortened.
 */

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `⟨U+202E⟩` for a control or bidi character. */
function visible(ch: string): string {
  return `⟨U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : text;
}

/** One line of plain text: controls shown, whitespace collapsed, shortened. For labels, titles, quick picks. */
export function safeLabel(text: string, max = 200): string {
  return shorten(String(text).replace(/\r\n|[\r\n\t]/g, ' ').replace(INVISIBLE, visible).replace(/ {2,}/g, ' ').trim(), max);
}

/**
 * Text for a notification or the status bar: VS Code turns `[label](target)` into a link there
 * (`command:` targets included) and `$(name)` into an icon, and shows everything else literally,
 * so only those are broken apart (with a zero-width space), never shown with backslashes.
 */
export function safeNotice(text: string, max = 300): string {
  return safeLabel(text, max)
    .replace(/\]\s*\(/g, ']\u200b(')
    .replace(/\$\(/g, '$\u200b(')
    .replace(/\b([a-z][a-z0-9+\-.]{1,30}):\/\//gi, '$1:\u200b//');
}

/**
 * Text for a surface that renders Markdown (notifications render links; tooltips render all of it):
 * every Markdown and HTML metacharacter is backslash-escaped and `scheme:` gets a zero-width joiner
 * after its colon so neither a link nor an autolink can form.
 */
export function safeMarkdown(text: string, max = 500): string {
  return safeLabel(text, max)
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&"'=]/g, (c) => `\\${c}`)
    .replace(/\b([a-z][a-z0-9+\-.]{1,30}):/gi, '$1:\u200d');
}

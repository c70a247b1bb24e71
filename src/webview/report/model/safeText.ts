/**
 * Text from the response made safe to read: control characters (ESC, BEL, …) and bidirectional
 * overrides (U+202E, …) become visible markers such as ⟨U+202E⟩, so a string cannot reorder or
 * hide the text around it, and terminal escapes show as what they are. Rendering stays
 * textContent; this only changes what the reader sees. Tab and newline are kept.
 */

// C0 (but tab and newline), DEL, C1, and the Unicode bidi / invisible formatting controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Any value as readable text: strings made visible, the rest JSON. */
export function show(v: unknown): string {
  if (typeof v === 'string') return visible(v);
  if (v === undefined) return '—';
  return visible(JSON.stringify(v) ?? String(v));
}

/** A copy of a JSON value with every string and key made visible (for the JSON tree). */
export function visibleJson(v: unknown): unknown {
  if (typeof v === 'string') return visible(v);
  if (Array.isArray(v)) return v.map(visibleJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[visible(k)] = visibleJson(x);
    return out;
  }
  return v;
}

/**
 * A server's error body as one short sentence: the message of a JSON error envelope, the title or
 * first text of an HTML page (never its markup), or trimmed plain text. Redacted and bounded.
 */
import { redact } from './log';

const MAX_CHARS = 200;

export function describeErrorBody(text: string, contentType?: string): string {
  const raw = text.trim();
  if (!raw) return '';
  let msg: string | undefined;
  if (raw.startsWith('{') || raw.startsWith('[') || /json/i.test(contentType ?? '')) msg = fromJson(raw);
  if (msg === undefined && (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body|\?xml)/i.test(raw) || /<\/(html|body|title|p|div|h1)>/i.test(raw))) msg = fromHtml(raw);
  msg ??= raw;
  msg = redact(msg.replace(/\s+/g, ' ').trim());
  return msg.length > MAX_CHARS ? `${msg.slice(0, MAX_CHARS - 1)}…` : msg;
}

function fromJson(text: string): string | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object') return String(j);
  const o = j as Record<string, unknown>;
  const err = o.error;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : undefined;
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (message || code) return code && message ? `${message} (${code})` : (message ?? code);
  }
  const v = o.detail ?? o.error ?? o.message;
  if (typeof v === 'string') return v;
  // FastAPI 422: detail is a list of { loc, msg }.
  if (Array.isArray(v) && v.length && typeof (v[0] as { msg?: unknown }).msg === 'string') {
    const first = v[0] as { loc?: unknown[]; msg: string };
    return `${Array.isArray(first.loc) ? `${first.loc.join('.')}: ` : ''}${first.msg}${v.length > 1 ? ` (and ${v.length - 1} more)` : ''}`;
  }
  return JSON.stringify(v ?? j);
}

function fromHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = (title && title.trim()) || html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const decoded = text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? ' ');
  return `an HTML page: ${decoded.replace(/\s+/g, ' ').trim() || '(no text)'}`;
}

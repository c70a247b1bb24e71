/**
 * Validation of messages from the result webview. They come from a browser context that renders
 * remote data, so they are checked like any other untrusted input before the host acts on them.
 */
import * as z from '../../core/zod';
import type { WebviewMessage } from '../../shared/protocol';

/** Large enough for any gene or genome-scale construct, small enough not to exhaust memory. */
const MAX_SEQUENCE = 50_000_000;
const MAX_RECORDS = 10_000;
/** A whole alignment file from the alignment viewer (10,000 × 1,000 is ~10 MB). */
const MAX_ALIGNMENT_TEXT = 256_000_000;
/** An exported report (a full humanization report is ~100 KB). */
const MAX_REPORT_TEXT = 32_000_000;
/** Script, frames, plug-ins, event-handler attributes or javascript: URLs in HTML. */
const ACTIVE_HTML = /<script|<iframe|<object|<embed|<[a-z][^>]*\son[a-z]+\s*=|javascript:/i;

/** A PNG of a 4K view is a few MB; base64 adds a third. */
const MAX_SNAPSHOT_URL = 64_000_000;

const fastaRecord = z.lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(1_000)),
    description: z.optional(z.string().check(z.maxLength(10_000))),
    // Sequence letters, gaps and stops only: nothing that could form a FASTA header or markup.
    sequence: z.string().check(z.minLength(1), z.maxLength(MAX_SEQUENCE), z.regex(/^[A-Za-z*.\-\s]+$/, 'not a sequence')),
  }),
);

// Built on the first message (z.lazy), not when the extension loads: see core/zod.ts.
const webviewMessage = z.lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('copy'), text: z.string().check(z.maxLength(MAX_SEQUENCE)), what: z.string().check(z.maxLength(200)) }),
  z.object({ type: z.literal('saveFasta'), fileName: z.string().check(z.maxLength(1_000)), records: z.array(fastaRecord).check(z.minLength(1), z.maxLength(MAX_RECORDS)) }),
  z.object({
    type: z.literal('saveAlignment'),
    format: z.enum(['a3m', 'fasta']),
    fileName: z.string().check(z.maxLength(1_000)),
    text: z.string().check(z.minLength(1), z.maxLength(MAX_ALIGNMENT_TEXT)),
  }),
  z
    .object({ type: z.literal('exportReport'), format: z.enum(['markdown', 'html']), fileName: z.string().check(z.maxLength(1_000)), text: z.string().check(z.minLength(1), z.maxLength(MAX_REPORT_TEXT)) })
    // The exporter escapes all data, so live markup in an HTML export can only mean tampering.
    .check(z.refine((m) => m.format !== 'html' || !ACTIVE_HTML.test(m.text), { message: 'the HTML export contains active content', path: ['text'] })),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'error']), message: z.pipe(z.string(), z.transform((s) => s.slice(0, 2_000))) }),
  z.object({
    type: z.literal('saveSnapshot'),
    fileName: z.string().check(z.maxLength(1_000)),
    // Only a base64 PNG: nothing else can reach the disk through this message.
    dataUrl: z.string().check(z.maxLength(MAX_SNAPSHOT_URL), z.regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'not a PNG data URL')),
  }),
  // A name from the job's own file list; the host looks it up there and never builds a path from it.
  z.object({ type: z.literal('openResultFile'), name: z.string().check(z.minLength(1), z.maxLength(300)) }),
  z.object({ type: z.literal('saveResultFile'), name: z.string().check(z.minLength(1), z.maxLength(300)) }),
]));

// Compile-time check that the schema and the shared protocol agree.
type _SchemaMatchesProtocol = z.infer<typeof webviewMessage> extends WebviewMessage ? true : never;
const _check: _SchemaMatchesProtocol = true;
void _check;

export type ParsedWebviewMessage = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

export function parseWebviewMessage(raw: unknown): ParsedWebviewMessage {
  const result = webviewMessage.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message' };
}

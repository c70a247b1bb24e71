/**
 * Completing a ProteinIQ submission: the tool (a quick pick from the settings, or typed), its
 * settings, then POST /api/v1/jobs/quote — and only then the user's "Submit". The quote shows the
 * estimated, billable and available credits, the limits (active vs max concurrent jobs, daily used
 * vs max) and the billing mode; blocking errors stop the submission with their message. Jobs
 * quoted below `proteiniq.confirmAtCredits` go without asking. A JSON job body is quoted and sent
 * as written (no default billing is added to it).
 */
import { ValidationError } from '../../core/errors';
import type { SubmissionDraft, SubmitContext } from '../types';
import type { ProteinIqQuote } from './schemas';
import { serverText } from './status';
import type { JobBody, ProteinIqPayload } from './validate';

/** Setting keys under `biojobs.` (package.json). */
export const SETTINGS = {
  tools: 'proteiniq.tools',
  confirmAtCredits: 'proteiniq.confirmAtCredits',
  maxReservedCredits: 'proteiniq.maxReservedCredits',
} as const;

export const DEFAULT_TOOLS: readonly string[] = ['esmfold'];
const OTHER_TOOL = '\u0000other';
const TOOL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const memoryKey = {
  lastTool: 'proteiniq.lastTool',
  settings: (tool: string) => `proteiniq.settings.${tool}`,
};

export function checkToolId(v: string): string | undefined {
  return TOOL_ID.test(v.trim()) ? undefined : 'A tool id is letters, digits, ".", "_" or "-", e.g. "esmfold".';
}

export function checkSettingsJson(v: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(v.trim() || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? undefined : 'Settings are a JSON object keyed by setting id, e.g. {"num_recycles": 4}.';
  } catch (err) {
    return `Not JSON: ${(err as Error).message}`;
  }
}

/** The tools offered: the setting's list (or the default), the last one used first. */
export function toolChoices(configured: unknown, last: string | undefined): string[] {
  const list = Array.isArray(configured) ? configured.filter((t): t is string => typeof t === 'string' && !checkToolId(t)).map((t) => t.trim()) : [];
  const tools = [...new Set(list.length ? list : DEFAULT_TOOLS)];
  return last && tools.includes(last) ? [last, ...tools.filter((t) => t !== last)] : tools;
}

async function pickTool(ctx: SubmitContext): Promise<string | undefined> {
  const last = ctx.memory.get<string>(memoryKey.lastTool);
  const tools = toolChoices(ctx.settings.get<string[]>(SETTINGS.tools), last);
  const picked = await ctx.prompter.pickOne('ProteinIQ: run which tool?', [
    ...tools.map((t) => ({ label: t, description: t === last ? 'last used' : undefined, value: t })),
    { label: 'Other tool…', description: 'type a tool id', value: OTHER_TOOL },
  ]);
  if (picked !== OTHER_TOOL) return picked;
  const typed = await ctx.prompter.ask('ProteinIQ tool', 'The tool id, as in ProteinIQ\'s tool list (e.g. "esmfold")', '', checkToolId);
  return typed?.trim() || undefined;
}

async function askSettings(ctx: SubmitContext, tool: string): Promise<Record<string, unknown> | undefined> {
  const remembered = ctx.memory.get<Record<string, unknown>>(memoryKey.settings(tool));
  const text = await ctx.prompter.ask(`ProteinIQ ${tool}: settings`, 'Tool settings as a JSON object keyed by setting id; {} uses the tool\'s defaults', JSON.stringify(remembered ?? {}), checkSettingsJson);
  if (text === undefined) return undefined;
  return JSON.parse(text.trim() || '{}') as Record<string, unknown>;
}

/** The job body for a protein sequence (the document's input shape). */
export function fastaJobBody(payload: Extract<ProteinIqPayload, { kind: 'fasta' }>, tool: string, settings: Record<string, unknown>, maxReservedCredits: number | undefined): JobBody {
  return {
    tool,
    name: `${payload.name} (${tool})`,
    input: {
      inputs: [{ id: 'seqs_1', slotId: 'protein', kind: 'protein', format: 'fasta', content: `>${payload.name}\n${payload.sequence}`, source: { type: 'text' } }],
    },
    settings,
    ...(maxReservedCredits && maxReservedCredits > 0 ? { billing: { max_reserved_credits: Math.floor(maxReservedCredits) } } : {}),
  };
}

const n = (v: number | null | undefined) => (typeof v === 'number' ? v.toLocaleString('en-US') : '?');

/** The confirmation's text: every figure of the quote a person decides on. */
export function quoteDetail(body: JobBody, quote: ProteinIqQuote): string {
  const mode = quote.billing?.mode ?? 'unknown';
  const runtime = mode === 'runtime';
  const lines = [
    `Tool: ${serverText(body.tool, 60)} · billing: ${runtime ? 'per minute of runtime' : mode === 'fixed' ? 'fixed price' : serverText(mode, 40)}`,
    `Estimated: ${n(quote.estimated_credits)} credits · ${runtime ? 'reserved now' : 'billable'}: ${n(quote.billable_credits)} credits`,
    `Available: ${n(quote.available_credits)} credits (${n(quote.available_credits - quote.billable_credits)} after this job)`,
  ];
  const l = quote.limits;
  if (l) lines.push(`Concurrent jobs: ${n(l.active_concurrent_jobs)} of ${n(l.max_concurrent_jobs)} active · today: ${n(l.daily_limit_used)} of ${n(l.daily_limit_max)} jobs`);
  if (body.settings && Object.keys(body.settings).length) lines.push(`Settings: ${serverText(JSON.stringify(body.settings), 200)}`);
  const reserve = body.billing?.max_reserved_credits ?? body.billing?.maxReservedCredits;
  if (reserve) lines.push(`Max reserved credits: ${n(reserve)}${runtime ? ' (the job stops when they are spent)' : ''}`);
  return lines.join('\n');
}

export interface PrepareDeps {
  quote(body: JobBody): Promise<ProteinIqQuote>;
}

/** Tool and settings (FASTA), the quote, the confirmation: the draft to submit, or undefined when the user stopped. */
export async function prepareSubmission(payload: ProteinIqPayload, ctx: SubmitContext, deps: PrepareDeps): Promise<SubmissionDraft[] | undefined> {
  let body: JobBody;
  if (payload.kind === 'job') {
    body = payload.body;
  } else {
    const tool = await pickTool(ctx);
    if (!tool) return undefined;
    const settings = await askSettings(ctx, tool);
    if (!settings) return undefined;
    await ctx.memory.set(memoryKey.lastTool, tool);
    await ctx.memory.set(memoryKey.settings(tool), settings);
    body = fastaJobBody(payload, tool, settings, ctx.settings.get<number>(SETTINGS.maxReservedCredits));
  }
  const quote = await deps.quote(body);
  if (quote.blocking_errors.length) {
    const reasons = quote.blocking_errors.map((e) => `${serverText(e.message, 200)}${e.code ? ` (${serverText(e.code, 60)})` : ''}`);
    throw new ValidationError(`ProteinIQ will not run "${serverText(body.name, 80)}": ${reasons.join('; ')}`);
  }
  const threshold = ctx.settings.get<number>(SETTINGS.confirmAtCredits) ?? 0;
  if (!(quote.billable_credits < threshold)) {
    const ok = await ctx.prompter.confirm(`Submit "${serverText(body.name, 80)}" to ProteinIQ for ${n(quote.billable_credits)} credits?`, quoteDetail(body, quote), 'Submit');
    if (!ok) return undefined;
  }
  return [{ name: body.name, request: body }];
}

/**
 * The emulator's tool catalog (GET /api/v1/tools, /tools/{toolId}) and what each tool costs.
 * ProteinIQ documents the catalog's shape (https://proteiniq.io/docs/api/tools) and `esmfold`;
 * the other two are the emulator's, to give each billing mode and result kind a tool:
 * - esmfold   fixed price (the jobs page's quote example: 50 credits), a structure with pLDDT and PAE;
 * - boltz-2   billed per minute of runtime against a reservation (`billing.max_reserved_credits`),
 *             so a small reservation ends in BUDGET_EXCEEDED; a structure too (protein only here);
 * - protparam free, its result is values only (no files).
 */

export type BillingMode = 'fixed' | 'runtime';

export interface Tool {
  id: string;
  name: string;
  description: string;
  category: string;
  tags: readonly string[];
  /** fixed: `credits` per job (0 = free); runtime: `ratePerMinute` against a reservation. */
  billing: { mode: 'fixed'; credits: number } | { mode: 'runtime'; ratePerMinute: number; defaultReservation: number; typicalMinutes: number };
  /** What the result holds. */
  output: 'structure' | 'values';
  /** Longest accepted sequence. */
  maxLength: number;
}

export const TOOLS: readonly Tool[] = [
  {
    id: 'esmfold',
    name: 'ESMFold',
    description: 'Predict protein structure from sequence',
    category: 'folding',
    tags: ['protein', 'structure'],
    billing: { mode: 'fixed', credits: 50 },
    output: 'structure',
    maxLength: 5000,
  },
  {
    id: 'boltz-2',
    name: 'Boltz-2',
    description: 'Biomolecular structure prediction, billed per minute of runtime',
    category: 'folding',
    tags: ['protein', 'structure'],
    billing: { mode: 'runtime', ratePerMinute: 60, defaultReservation: 300, typicalMinutes: 3 },
    output: 'structure',
    maxLength: 2000,
  },
  {
    id: 'protparam',
    name: 'ProtParam',
    description: 'Physico-chemical parameters of a protein sequence',
    category: 'analysis',
    tags: ['protein', 'properties'],
    billing: { mode: 'fixed', credits: 0 },
    output: 'values',
    maxLength: 100_000,
  },
];

export function findTool(id: string): Tool | undefined {
  return TOOLS.find((t) => t.id === id);
}

export function isFree(tool: Tool): boolean {
  return tool.billing.mode === 'fixed' && tool.billing.credits === 0;
}

/** The list item of GET /api/v1/tools. */
export function toolSummary(t: Tool) {
  return { id: t.id, object: 'tool', name: t.name, description: t.description, category: t.category, tags: t.tags, credit_model: { is_free: isFree(t) } };
}

/** GET /api/v1/tools/{toolId}: the summary plus the input contract the emulator checks. */
export function toolDetail(t: Tool) {
  return {
    ...toolSummary(t),
    version: '1.0.0',
    beta: false,
    credit_model:
      t.billing.mode === 'fixed'
        ? { is_free: isFree(t), type: 'base', base_credits: t.billing.credits }
        : { is_free: false, type: 'runtime', rate_credits_per_minute: t.billing.ratePerMinute, default_reserved_credits: t.billing.defaultReservation },
    processing: { mode: 'async' },
    input: {
      slots: [{ id: 'protein', kind: 'protein', formats: ['fasta'], required: true, max_items: 1 }],
      settings: t.id === 'esmfold' ? [{ id: 'num_recycles', type: 'integer', min: 0, max: 48, default: 4 }] : [],
    },
    output: { kind: t.output },
    limits: { max_sequence_length: t.maxLength },
  };
}

/**
 * zod schemas for the ProteinIQ public API (seeds/003 and what ProteinIQ publishes on results,
 * errors and rate limits). Extra fields pass through; only what Bio Jobs reads is required, and
 * fields the document shows as null may be null or absent.
 */
import * as z from 'zod';

const nullableString = z.string().nullable().optional();
const nullableNumber = z.number().nullable().optional();

/** The job's `billing` object ("included when billing metadata exists"). */
export const billingSchema = z.looseObject({
  mode: nullableString,
  reserved_credits: nullableNumber,
  final_credits: nullableNumber,
  rate_credits_per_minute: nullableNumber,
  billable_runtime_seconds: nullableNumber,
  outcome: nullableString,
  finalized_at: nullableString,
});
export type ProteinIqBilling = z.infer<typeof billingSchema>;

/** The job resource of every single-job endpoint (status, submit, events, list items). */
export const jobSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  tool: nullableString,
  name: nullableString,
  credits_used: nullableNumber,
  created_at: nullableString,
  started_at: nullableString,
  completed_at: nullableString,
  progress: nullableNumber,
  execution_time_seconds: nullableNumber,
  /** A message, or an object with one (the document shows only null). */
  error: z.union([z.string(), z.looseObject({ message: nullableString, code: nullableString })]).nullable().optional(),
  billing: billingSchema.nullable().optional(),
});
export type ProteinIqJob = z.infer<typeof jobSchema>;

export const jobListSchema = z.looseObject({
  data: z.array(jobSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable().optional(),
});

export const blockingErrorSchema = z.looseObject({
  code: nullableString,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const quoteSchema = z.looseObject({
  estimated_credits: z.number(),
  available_credits: z.number(),
  billable_credits: z.number(),
  blocking_errors: z.array(blockingErrorSchema),
  limits: z
    .looseObject({
      active_concurrent_jobs: nullableNumber,
      max_concurrent_jobs: nullableNumber,
      daily_limit_used: nullableNumber,
      daily_limit_max: nullableNumber,
    })
    .nullable()
    .optional(),
  billing: z.looseObject({ mode: nullableString }).nullable().optional(),
});
export type ProteinIqQuote = z.infer<typeof quoteSchema>;

export const cancellationSchema = z.looseObject({
  refunded: z.boolean().optional(),
  job: z.looseObject({ id: z.string().optional(), status: z.string().optional() }).optional(),
});

export const accountSchema = z.looseObject({
  workspace: z.looseObject({ id: z.string(), name: nullableString }),
  limits: z.looseObject({ public_api_rate_limit: z.looseObject({ limit: nullableNumber, window_seconds: nullableNumber }).optional() }).optional(),
});

/**
 * One stored output file: with a signed, temporary `url` (the documented shape), or with its
 * bytes inline (`content`, `encoding` "utf-8" or "base64").
 */
export const resultFileSchema = z.looseObject({
  name: z.string().min(1),
  key: nullableString,
  content_type: nullableString,
  url: nullableString,
  content: nullableString,
  encoding: nullableString,
});
export type ProteinIqResultFile = z.infer<typeof resultFileSchema>;

export const resultSchema = z.looseObject({
  job_id: nullableString,
  tool: nullableString,
  status: nullableString,
  files: z.array(resultFileSchema).nullable().optional(),
  results: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type ProteinIqResult = z.infer<typeof resultSchema>;

/** The error envelope of every public API error. */
export const errorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    details: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
});
export type ProteinIqErrorBody = z.infer<typeof errorEnvelopeSchema>['error'];

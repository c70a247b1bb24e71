/**
 * zod schemas for the ProteinIQ public API (seeds/003 and what ProteinIQ publishes on results,
 * errors and rate limits). Extra fields pass through; only what Bio Jobs reads is required, and
 * fields the document shows as null may be null or absent.
 */
import * as z from '../../core/zod';

const nullableString = z.optional(z.nullable(z.string()));
const nullableNumber = z.optional(z.nullable(z.number()));

/** The job's `billing` object ("included when billing metadata exists"). */
export const billingSchema = z.lazy(() => z.looseObject({
  mode: nullableString,
  reserved_credits: nullableNumber,
  final_credits: nullableNumber,
  rate_credits_per_minute: nullableNumber,
  billable_runtime_seconds: nullableNumber,
  outcome: nullableString,
  finalized_at: nullableString,
}));
export type ProteinIqBilling = z.infer<typeof billingSchema>;

/** The job resource of every single-job endpoint (status, submit, events, list items). */
export const jobSchema = z.lazy(() => z.looseObject({
  id: z.string().check(z.minLength(1)),
  status: z.string().check(z.minLength(1)),
  tool: nullableString,
  name: nullableString,
  credits_used: nullableNumber,
  created_at: nullableString,
  started_at: nullableString,
  completed_at: nullableString,
  progress: nullableNumber,
  execution_time_seconds: nullableNumber,
  /** A message, or an object with one (the document shows only null). */
  error: z.optional(z.nullable(z.union([z.string(), z.looseObject({ message: nullableString, code: nullableString })]))),
  billing: z.optional(z.nullable(billingSchema)),
}));
export type ProteinIqJob = z.infer<typeof jobSchema>;

export const jobListSchema = z.lazy(() => z.looseObject({
  data: z.array(jobSchema),
  has_more: z.boolean(),
  next_cursor: z.optional(z.nullable(z.string())),
}));

export const blockingErrorSchema = z.lazy(() => z.looseObject({
  code: nullableString,
  message: z.string(),
  details: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
}));

export const quoteSchema = z.lazy(() => z.looseObject({
  estimated_credits: z.number(),
  available_credits: z.number(),
  billable_credits: z.number(),
  blocking_errors: z.array(blockingErrorSchema),
  limits: z.optional(
    z.nullable(
      z.looseObject({
        active_concurrent_jobs: nullableNumber,
        max_concurrent_jobs: nullableNumber,
        daily_limit_used: nullableNumber,
        daily_limit_max: nullableNumber,
      }),
    ),
  ),
  billing: z.optional(z.nullable(z.looseObject({ mode: nullableString }))),
}));
export type ProteinIqQuote = z.infer<typeof quoteSchema>;

export const cancellationSchema = z.lazy(() => z.looseObject({
  refunded: z.optional(z.boolean()),
  job: z.optional(z.looseObject({ id: z.optional(z.string()), status: z.optional(z.string()) })),
}));

export const accountSchema = z.lazy(() => z.looseObject({
  workspace: z.looseObject({ id: z.string(), name: nullableString }),
  limits: z.optional(z.looseObject({ public_api_rate_limit: z.optional(z.looseObject({ limit: nullableNumber, window_seconds: nullableNumber })) })),
}));

/**
 * One stored output file: with a signed, temporary `url` (the documented shape), or with its
 * bytes inline (`content`, `encoding` "utf-8" or "base64").
 */
export const resultFileSchema = z.lazy(() => z.looseObject({
  name: z.string().check(z.minLength(1)),
  key: nullableString,
  content_type: nullableString,
  url: nullableString,
  content: nullableString,
  encoding: nullableString,
}));
export type ProteinIqResultFile = z.infer<typeof resultFileSchema>;

export const resultSchema = z.lazy(() => z.looseObject({
  job_id: nullableString,
  tool: nullableString,
  status: nullableString,
  files: z.optional(z.nullable(z.array(resultFileSchema))),
  results: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
}));
export type ProteinIqResult = z.infer<typeof resultSchema>;

/** The error envelope of every public API error. */
export const errorEnvelopeSchema = z.lazy(() => z.looseObject({
  error: z.looseObject({
    code: z.optional(z.string()),
    message: z.optional(z.string()),
    details: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  }),
}));
export type ProteinIqErrorBody = z.infer<typeof errorEnvelopeSchema>['error'];

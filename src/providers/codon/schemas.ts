/**
 * zod schemas for the codon optimisation API (seeds/002). Remote data is parsed here once;
 * unknown extra fields pass through, a missing required field is an error naming it.
 * zod/mini, built on first use (z.lazy): see core/zod.ts for why.
 */
import * as z from '../../core/zod';

export const apiStatusSchema = z.lazy(() => z.looseObject({
  build: z.string(),
  environment: z.string(),
  firebase: z.optional(z.boolean()),
}));
export type ApiStatus = z.infer<typeof apiStatusSchema>;

export const loginResponseSchema = z.lazy(() => z.looseObject({ token: z.string().check(z.minLength(1)) }));

export const fitnessParameterSchema = z.lazy(() => z.looseObject({
  name: z.string(),
  required: z._default(z.optional(z.boolean()), false),
  type: z.union([z.enum(['boolean', 'number', 'integer', 'string']), z.string()]),
}));
export const fitnessFunctionSchema = z.lazy(() => z.looseObject({
  id: z.string(),
  name: z.string(),
  parameters: z._default(z.array(fitnessParameterSchema), []),
}));
export type FitnessFunction = z.infer<typeof fitnessFunctionSchema>;
export const fitnessListSchema = z.lazy(() => z.looseObject({ fitness_functions: z.array(fitnessFunctionSchema) }));

/** A fitness entry in a request: `name`, optional `weight`, plus metric-specific parameters. */
export const fitnessRequestSchema = z.lazy(() => z.looseObject({
  name: z.string().check(z.minLength(1)),
  weight: z.optional(z.number()),
}));

export const componentSchema = z.lazy(() => z.looseObject({
  sequence: z.string(),
  featureType: z.string().check(z.minLength(1)),
}));
export type SequenceComponent = z.infer<typeof componentSchema>;

/** The `/optimise` request body. The "exactly one gene_of_interest" rule is checked in validate.ts with positions. */
export const optimiseRequestSchema = z.lazy(() => z.looseObject({
  name: z.string().check(z.minLength(1)),
  sequence: z.union([z.string().check(z.minLength(1)), z.array(componentSchema).check(z.minLength(1))]),
  '5_utr': z.optional(z.string()),
  '3_utr': z.optional(z.string()),
  fitness_list: z.array(fitnessRequestSchema).check(z.minLength(1)),
}));
export type OptimiseRequest = z.infer<typeof optimiseRequestSchema>;

export const optimiseResponseSchema = z.lazy(() => z.looseObject({ name: z.optional(z.string()), jobid: z.string().check(z.minLength(1)) }));

export const statusResponseSchema = z.lazy(() => z.looseObject({
  results: z.array(z.looseObject({ jobid: z.string(), status: z.string(), detail: z.optional(z.nullable(z.string())) })),
}));

export const fitnessScoreSchema = z.lazy(() => z.looseObject({
  name: z.string(),
  weight: z.optional(z.number()),
  score: z.number(),
}));
export const resultSequenceSchema = z.lazy(() => z.looseObject({
  type: z.string(),
  sequence: z.string(),
  score: z.number(),
  motif_in_cds: z.optional(z.number()),
  motif_in_utr: z.optional(z.number()),
  fitness_list: z._default(z.array(fitnessScoreSchema), []),
}));
export type ResultSequence = z.infer<typeof resultSequenceSchema>;
export const optimiseResultSchema = z.lazy(() => z.looseObject({
  jobid: z.string(),
  status: z.string(),
  results: z.array(resultSequenceSchema),
  /** The reason of a failed job. */
  detail: z.optional(z.nullable(z.string())),
}));
export type OptimiseResult = z.infer<typeof optimiseResultSchema>;

export const jobSummarySchema = z.lazy(() => z.looseObject({
  jobid: z.string(),
  name: z._default(z.string(), ''),
  status: z.string(),
  created_at: z.optional(z.nullable(z.string())),
}));
export const jobListSchema = z.lazy(() => z.looseObject({
  jobs: z.array(jobSummarySchema),
  next: z.optional(z.nullable(z.string())),
  previous: z.optional(z.nullable(z.string())),
}));

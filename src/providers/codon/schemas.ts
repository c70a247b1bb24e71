/**
 * zod schemas for the codon optimisation API (seeds/002). Remote data is parsed here once;
 * unknown extra fields pass through, a missing required field is an error naming it.
 */
import * as z from 'zod';

export const apiStatusSchema = z.looseObject({
  build: z.string(),
  environment: z.string(),
  firebase: z.boolean().optional(),
});
export type ApiStatus = z.infer<typeof apiStatusSchema>;

export const loginResponseSchema = z.looseObject({ token: z.string().min(1) });

export const fitnessParameterSchema = z.looseObject({
  name: z.string(),
  required: z.boolean().optional().default(false),
  type: z.enum(['boolean', 'number', 'integer', 'string']).or(z.string()),
});
export const fitnessFunctionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  parameters: z.array(fitnessParameterSchema).default([]),
});
export type FitnessFunction = z.infer<typeof fitnessFunctionSchema>;
export const fitnessListSchema = z.looseObject({ fitness_functions: z.array(fitnessFunctionSchema) });

/** A fitness entry in a request: `name`, optional `weight`, plus metric-specific parameters. */
export const fitnessRequestSchema = z.looseObject({
  name: z.string().min(1),
  weight: z.number().optional(),
});

export const componentSchema = z.looseObject({
  sequence: z.string(),
  featureType: z.string().min(1),
});
export type SequenceComponent = z.infer<typeof componentSchema>;

/** The `/optimise` request body. The "exactly one gene_of_interest" rule is checked in validate.ts with positions. */
export const optimiseRequestSchema = z.looseObject({
  name: z.string().min(1),
  sequence: z.union([z.string().min(1), z.array(componentSchema).min(1)]),
  '5_utr': z.string().optional(),
  '3_utr': z.string().optional(),
  fitness_list: z.array(fitnessRequestSchema).min(1),
});
export type OptimiseRequest = z.infer<typeof optimiseRequestSchema>;

export const optimiseResponseSchema = z.looseObject({ name: z.string().optional(), jobid: z.string().min(1) });

export const statusResponseSchema = z.looseObject({
  results: z.array(z.looseObject({ jobid: z.string(), status: z.string(), detail: z.string().nullable().optional() })),
});

export const fitnessScoreSchema = z.looseObject({
  name: z.string(),
  weight: z.number().optional(),
  score: z.number(),
});
export const resultSequenceSchema = z.looseObject({
  type: z.string(),
  sequence: z.string(),
  score: z.number(),
  motif_in_cds: z.number().optional(),
  motif_in_utr: z.number().optional(),
  fitness_list: z.array(fitnessScoreSchema).default([]),
});
export type ResultSequence = z.infer<typeof resultSequenceSchema>;
export const optimiseResultSchema = z.looseObject({
  jobid: z.string(),
  status: z.string(),
  results: z.array(resultSequenceSchema),
  /** The reason of a failed job. */
  detail: z.string().nullable().optional(),
});
export type OptimiseResult = z.infer<typeof optimiseResultSchema>;

export const jobSummarySchema = z.looseObject({
  jobid: z.string(),
  name: z.string().default(''),
  status: z.string(),
  created_at: z.string().nullable().optional(),
});
export const jobListSchema = z.looseObject({
  jobs: z.array(jobSummarySchema),
  next: z.string().nullable().optional(),
  previous: z.string().nullable().optional(),
});

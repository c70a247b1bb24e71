/** zod schemas for the OpenProtein.AI endpoints Bio Jobs uses (seeds/000, 001). Extra fields pass through. */
import * as z from 'zod';

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
});

const nullableString = z.string().nullable().optional();

/** The Job model returned by `/api/v1/jobs` and by submissions. */
export const jobSchema = z.looseObject({
  job_id: z.string().min(1),
  status: z.string(),
  job_type: nullableString,
  created_date: nullableString,
  start_date: nullableString,
  end_date: nullableString,
  progress_counter: z.number().nullable().optional(),
  progress_message: nullableString,
  /** The worker's reason on FAILURE (the API's Job model). */
  failure_message: nullableString,
});
export type OpenProteinJob = z.infer<typeof jobSchema>;

/** The list endpoint answers a bare array; a `{ items: [...] }` page is accepted too. */
export const jobListSchema = z.union([z.array(jobSchema), z.looseObject({ items: z.array(jobSchema) }).transform((p) => p.items)]);

/** zod schemas for the OpenProtein.AI endpoints Bio Jobs uses (seeds/000, 001). Extra fields pass through. */
import * as z from '../../core/zod';

export const tokenSchema = z.lazy(() => z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.string().check(z.minLength(1)),
}));

const nullableString = z.optional(z.nullable(z.string()));

/** The Job model returned by `/api/v1/jobs` and by submissions. */
export const jobSchema = z.lazy(() => z.looseObject({
  job_id: z.string().check(z.minLength(1)),
  status: z.string(),
  job_type: nullableString,
  created_date: nullableString,
  start_date: nullableString,
  end_date: nullableString,
  progress_counter: z.optional(z.nullable(z.number())),
  progress_message: nullableString,
  /** The worker's reason on FAILURE (the API's Job model). */
  failure_message: nullableString,
}));
export type OpenProteinJob = z.infer<typeof jobSchema>;

/** The list endpoint answers a bare array; a `{ items: [...] }` page is accepted too. */
export const jobListSchema = z.lazy(() => z.union([z.array(jobSchema), z.pipe(z.looseObject({ items: z.array(jobSchema) }), z.transform((p) => p.items))]));

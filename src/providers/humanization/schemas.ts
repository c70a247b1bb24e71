/**
 * The humanization API's `GET /jobs/{job_id}` answer (seeds/004), parsed at the edge. Only what the
 * tracker needs is required (`job.id`, `job.status`); every other part may be missing, null or
 * drift — the report view reads the whole answer from the stored file and tolerates that.
 */
import * as z from '../../core/zod';

const nullableString = z.nullish(z.string());

export const jobSchema = z.lazy(() => z.looseObject({
  id: z.string(),
  status: z.string(),
  job_type: nullableString,
  error_message: nullableString,
  created_at: nullableString,
  started_at: nullableString,
  completed_at: nullableString,
  canceled_at: nullableString,
}));

const pdbPart = z.nullish(z.looseObject({ pdb_storage_path: z.nullish(z.string()) }));

export const jobResponseSchema = z.lazy(() => z.looseObject({
  job: jobSchema,
  results: z.nullish(z.array(z.unknown())),
  structure_result: pdbPart,
  complex_result: pdbPart,
}));

export type HumanizationJob = z.infer<typeof jobSchema>;
export type HumanizationResponse = z.infer<typeof jobResponseSchema>;

/**
 * Maps the humanization API's job status to ours. The document shows only "pending"; its
 * timestamps (started_at, completed_at, canceled_at) and error_message imply running, completed,
 * failed and canceled. Case and surrounding spaces are ignored and "cancelled" is the same word;
 * anything else is `unknown` (the caller keeps the raw text for the tooltip), never a guess.
 */
import type { JobStatus } from '../jobVocabulary';

export type HumanizationStatus = Exclude<JobStatus, 'submitting'>;

export function mapHumanizationStatus(raw: string): HumanizationStatus {
  switch (raw.trim().toLowerCase()) {
    case 'pending':
      return 'queued';
    case 'running':
      return 'running';
    case 'completed':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** Maps OpenProtein job statuses to ours; RETRYING is still running (the raw text says why). */
import type { JobStatus } from '../jobVocabulary';

export function mapOpenProteinStatus(raw: string): JobStatus {
  switch (raw.trim().toUpperCase()) {
    case 'PENDING':
      return 'queued';
    case 'RUNNING':
    case 'RETRYING':
      return 'running';
    case 'SUCCESS':
      return 'succeeded';
    case 'FAILURE':
      return 'failed';
    case 'CANCELED':
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** Maps the codon API's job statuses (pending, processing/running, error, success) to ours. */
import type { JobStatus } from '../jobVocabulary';

export function mapCodonStatus(raw: string): JobStatus {
  switch (raw.trim().toLowerCase()) {
    case 'pending':
      return 'queued';
    // The status endpoint documents "processing"; the result and job-list sections say "running".
    case 'processing':
    case 'running':
      return 'running';
    case 'success':
      return 'succeeded';
    case 'error':
      return 'failed';
    default:
      return 'unknown';
  }
}

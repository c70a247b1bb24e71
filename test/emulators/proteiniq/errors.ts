/**
 * ProteinIQ's error envelope, as https://proteiniq.io/docs/api/errors documents it: every public
 * API error is `{ "error": { "code", "message", "details"? } }`, `details` only when the route has
 * structured details, and clients branch on `code`. The codes and their statuses are the table of
 * that page; the emulator uses no other code.
 */
import type { Reply } from '../common';

export const ERROR_STATUS = {
  invalid_json: 400,
  validation_error: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  paid_plan_required: 402,
  daily_limit_exceeded: 402,
  concurrent_job_limit_exceeded: 402,
  forbidden: 403,
  user_not_found: 404,
  team_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  job_not_completed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The envelope with the code's documented status (`status` overrides it, e.g. a 503 from a proxy). */
export function apiError(code: ErrorCode, message: string, opts: { details?: Record<string, unknown>; headers?: Record<string, string>; status?: number } = {}): Reply {
  return { status: opts.status ?? ERROR_STATUS[code], body: errorBody(code, message, opts.details), ...(opts.headers ? { headers: opts.headers } : {}) };
}

export function jobNotFound(id: string): Reply {
  return apiError('not_found', `Job '${id}' was not found in this workspace`);
}

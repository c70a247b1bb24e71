/** Typed errors. Messages are user-facing, specific, and never contain secrets. */

/** A position in the submitted file (0-based line and column, as VS Code ranges). */
export interface SourceDiagnostic {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Local validation failed; nothing was sent. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly diagnostics: SourceDiagnostic[] = [],
  ) {
    super(message);
  }
}

/** Base class for anything that went wrong talking to a provider. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly providerId?: string,
  ) {
    super(message);
  }
}

export class HttpStatusError extends ProviderError {
  override name = 'HttpStatusError';
  constructor(
    message: string,
    readonly status: number,
    /** Milliseconds the server asked us to wait (Retry-After), if any. */
    readonly retryAfterMs?: number,
    providerId?: string,
    /** The raw answer (for the log and a job's "gone" note); never shown unescaped. */
    readonly body?: string,
  ) {
    super(message, providerId);
  }
}

/** 401/403 after the one allowed re-login, or missing credentials. */
export class AuthError extends ProviderError {
  override name = 'AuthError';
}

/** 429 (or 503 with Retry-After) that survived the retries. */
export class RateLimitError extends HttpStatusError {
  override name = 'RateLimitError';
}

export class NetworkError extends ProviderError {
  override name = 'NetworkError';
}

export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/** The job is done but its result is not there yet (e.g. still being written): ask again later. */
export class ResultNotReadyError extends ProviderError {
  override name = 'ResultNotReadyError';
  constructor(
    message: string,
    providerId?: string,
    /** Milliseconds the server asked us to wait before asking again (Retry-After), if any. */
    readonly retryAfterMs?: number,
  ) {
    super(message, providerId);
  }
}

/**
 * The response did not match the documented schema. `transient` when it was not even readable
 * (truncated JSON, an HTML page): asking again may well work.
 */
export class SchemaError extends ProviderError {
  override name = 'SchemaError';
  constructor(
    message: string,
    providerId?: string,
    readonly transient = false,
  ) {
    super(message, providerId);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Counts for the benchmarks and the "never pay twice" test, from the shared request log and the
 * emulator's record of job submissions: requests per route, status polls closer than the per-job
 * minimum (per key and job), own 429s (answered by the limiter) apart from injected ones, and what
 * each POST /api/v1/jobs did (created, replayed, conflict, refused).
 */
import type { LoggedRequest } from '../common';

export type SubmissionOutcome = 'created' | 'replayed' | 'conflict' | 'refused';

export interface Submission {
  /** Emulator clock, ms since the epoch. */
  at: number;
  workspace: string | null;
  idempotencyKey: string | null;
  outcome: SubmissionOutcome;
  status: number;
  jobId: string | null;
}

export interface FastPoll {
  jobId: string;
  /** Time since the previous status request of the same key for the same job. */
  gapMs: number;
  at: number;
}

export interface Stats {
  requests: number;
  /** Under /api/v1 (downloads from /storage are not API requests). */
  apiRequests: number;
  /** "GET /api/v1/jobs/{id}/status" → n (ids and storage keys folded). */
  byRoute: Record<string, number>;
  jobsCreated: number;
  submissions: Record<SubmissionOutcome, number>;
  statusPolls: number;
  /** Status polls of one key and job closer than `minPollMs`. */
  fastPolls: FastPoll[];
  /** 429 answered by the emulator's own limits. */
  rateLimited: number;
  /** 429 from injected faults. */
  injected429: number;
}

const STATUS_PATH = /^\/api\/v1\/jobs\/([^/]+)\/status$/;

export function routeOf(e: Pick<LoggedRequest, 'method' | 'path'>): string {
  const path = e.path.startsWith('/storage/') ? '/storage/{key}' : e.path.replace(/^(\/api\/v1\/(?:jobs|results|tools))\/(?!quote$)[^/]+/, '$1/{id}');
  return `${e.method} ${path}`;
}

export function computeStats(log: readonly LoggedRequest[], submissions: readonly Submission[], minPollMs: number): Stats {
  const byRoute: Record<string, number> = {};
  const lastPoll = new Map<string, number>();
  const fastPolls: FastPoll[] = [];
  let statusPolls = 0;
  let rateLimited = 0;
  let injected429 = 0;
  for (const e of [...log].sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq)) {
    const route = routeOf(e);
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    if (e.status === 429) {
      if (e.fault) injected429++;
      else rateLimited++;
    }
    const m = e.method === 'GET' ? STATUS_PATH.exec(e.path) : null;
    if (!m) continue;
    statusPolls++;
    const k = `${e.auth ?? ''}\u0000${m[1]}`;
    const prev = lastPoll.get(k);
    if (prev !== undefined && e.timestamp - prev < minPollMs) fastPolls.push({ jobId: m[1], gapMs: e.timestamp - prev, at: e.timestamp });
    lastPoll.set(k, e.timestamp);
  }
  const counts: Record<SubmissionOutcome, number> = { created: 0, replayed: 0, conflict: 0, refused: 0 };
  for (const s of submissions) counts[s.outcome]++;
  return {
    requests: log.length,
    apiRequests: log.filter((e) => e.path.startsWith('/api/v1/')).length,
    byRoute,
    jobsCreated: counts.created,
    submissions: counts,
    statusPolls,
    fastPolls,
    rateLimited,
    injected429,
  };
}

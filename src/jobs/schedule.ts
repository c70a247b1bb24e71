/**
 * When to check a running job next, so that a finish shows within seconds without asking all the
 * time: often when the job is about to finish, rarely while it is far from it. Pure: the poller
 * passes what it observed and the time.
 *
 * - From progress: two readings of a rising percentage give a rate and so the time left; the
 *   check comes halfway to the expected end (approaching it geometrically), then every
 *   NEAR_FINISH_MS until the job ends, backing off if it runs past its estimate.
 * - Without progress, from a per-provider estimate learned from the durations of jobs that
 *   finished before (submission → finish): rarely before the shortest of them; while jobs like
 *   it finish, when the next few percent of them would have (every NEAR_FINISH_MS at the peak,
 *   at most LEARNED_MAX_GAP_MS apart in the sparse parts), and every NEAR_FINISH_MS while others
 *   of the provider are finishing right now; backing off past the longest.
 * - With neither: doubling from the floor to the cap while nothing changes.
 * The caller applies the floor, the jitter, the focus factor and any Retry-After on top.
 */

/** How often a job is checked while it is about to finish (never under a provider's floor). */
export const NEAR_FINISH_MS = 7_000;
/**
 * While jobs like this one are finishing, the longest gap between two checks. The share rule alone
 * leaves 15–20 s gaps where the learned distribution is sparse (its first and last finishes),
 * and those gaps are the p95 of "finished → shown"; bounding them costs fewer requests than
 * checking every job at the near interval (measured in bench/converge.ts; docs/reliability.md).
 */
export const LEARNED_MAX_GAP_MS = 14_000;
/** Finished jobs remembered per provider for the duration estimate. */
const MAX_SAMPLES = 200;
/** Durations needed before the estimate is used. */
const MIN_SAMPLES = 3;
/** Other jobs of the provider finishing within this long keep the finishing window open. */
const RECENT_FINISH_MS = 60_000;
/** Jobs can run this much longer than the longest seen before counting as overdue. */
const OVERDUE_SLACK = 1.25;
/**
 * Within the learned window, the next check comes when this share of the jobs still running at
 * this age would have finished (from the learned distribution): sparse in its tails, close at its peak.
 */
const FINISH_SHARE_PER_CHECK = 0.06;
/** A progress estimate is a straight line; a job can still fail halfway: check at least this often. */
const PROGRESS_MAX_MS = 25_000;

export interface ProgressReading {
  at: number;
  percent: number;
}

/** First and latest progress readings of the current attempt (a drop starts a new attempt). */
export interface ProgressTrack {
  first: ProgressReading;
  last: ProgressReading;
}

/** Adds a reading; a lower percentage (a retried attempt) starts the track again. Pure. */
export function trackProgress(track: ProgressTrack | undefined, reading: ProgressReading): ProgressTrack {
  if (!track || reading.percent < track.last.percent) return { first: reading, last: reading };
  if (reading.percent === track.last.percent) return track;
  return { first: track.first, last: reading };
}

/** Expected time left from the progress rate, or undefined without two distinct readings. Pure. */
export function remainingFromProgress(track: ProgressTrack | undefined, now: number): number | undefined {
  if (!track || track.last.percent <= track.first.percent || track.last.at <= track.first.at) return undefined;
  const rate = (track.last.percent - track.first.percent) / (track.last.at - track.first.at);
  return (100 - track.last.percent) / rate - (now - track.last.at);
}

/** Durations (ms, submission → finish) of a provider's finished jobs, newest kept. */
export class DurationEstimate {
  private readonly samples: number[] = [];
  private sorted: number[] | undefined;
  /** When a finish of this provider was last seen. */
  lastFinishAt = -Infinity;

  add(durationMs: number, at: number): void {
    this.lastFinishAt = Math.max(this.lastFinishAt, at);
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) return;
    this.samples.push(durationMs);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    this.sorted = undefined;
  }

  get count(): number {
    return this.samples.length;
  }

  private ordered(): number[] {
    this.sorted ??= [...this.samples].sort((a, b) => a - b);
    return this.sorted;
  }

  /** The q-quantile (0..1) of the durations seen, interpolated between samples. */
  quantile(q: number): number | undefined {
    const s = this.ordered();
    if (!s.length) return undefined;
    const pos = Math.min(s.length - 1, Math.max(0, q * (s.length - 1)));
    const i = Math.floor(pos);
    return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (pos - i) : s[i];
  }

  /** The share (0..1) of durations up to `ms`, interpolated between samples (the inverse of quantile). */
  share(ms: number): number {
    const s = this.ordered();
    if (!s.length) return 0;
    if (ms <= s[0]) return 0;
    if (ms >= s[s.length - 1]) return 1;
    let i = 0;
    while (s[i + 1] < ms) i++;
    const span = s[i + 1] - s[i];
    return (i + (span > 0 ? (ms - s[i]) / span : 0)) / (s.length - 1);
  }
}

export interface CheckInput {
  now: number;
  /** Doubling interval while nothing changes: the fallback. */
  backoffMs: number;
  floorMs: number;
  maxMs: number;
  /** When the job was submitted, if this window knows (learned durations count from it). */
  submittedAt?: number;
  progress?: ProgressTrack;
  durations?: DurationEstimate;
}

export type CheckBasis = 'progress' | 'learned' | 'backoff';

/** The delay to a job's next check, and what it was based on. Pure. */
export function nextCheck(input: CheckInput): { delayMs: number; basis: CheckBasis } {
  const { now, floorMs, maxMs } = input;
  const near = Math.min(maxMs, Math.max(floorMs, NEAR_FINISH_MS));
  const clamp = (ms: number) => Math.round(Math.min(maxMs, Math.max(near, ms)));

  const left = remainingFromProgress(input.progress, now);
  if (left !== undefined) {
    // Halfway to the expected end, then at the near interval; past it, less and less often.
    const delay = left > 0 ? clamp(left / 2) : clamp(near - left / 2);
    return { delayMs: Math.min(delay, Math.max(near, PROGRESS_MAX_MS)), basis: 'progress' };
  }

  const d = input.durations;
  if (d && d.count >= MIN_SAMPLES && input.submittedAt !== undefined) {
    const elapsed = now - input.submittedAt;
    const shortest = d.quantile(0.05) as number;
    const longest = (d.quantile(0.95) as number) * OVERDUE_SLACK;
    if (elapsed < shortest) return { delayMs: clamp((shortest - elapsed) / 2), basis: 'learned' };
    if (elapsed <= longest) {
      // Jobs like this one finish now: check when the next few percent of them would have.
      const done = d.share(elapsed);
      const next = d.quantile(Math.min(1, done + FINISH_SHARE_PER_CHECK * (1 - done))) as number;
      return { delayMs: Math.min(clamp(next - elapsed), Math.max(near, LEARNED_MAX_GAP_MS)), basis: 'learned' };
    }
    // Past the longest, while others of the provider are finishing right now, the estimate lags.
    if (now - d.lastFinishAt <= RECENT_FINISH_MS) return { delayMs: near, basis: 'learned' };
    return { delayMs: clamp(near + (elapsed - longest) / 2), basis: 'learned' };
  }
  return { delayMs: Math.max(floorMs, Math.min(maxMs, input.backoffMs)), basis: 'backoff' };
}

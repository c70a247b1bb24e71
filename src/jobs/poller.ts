/**
 * The poller owns every timer. It keeps one timer, set for the earliest due job, and none at all
 * when no job needs work. Per job: exponential backoff while nothing changes, reset on a change.
 * Per provider: one request in flight, batched status calls, a rate limiter, Retry-After pauses,
 * and a pause on authentication failure until the credentials change.
 */
import type { Clock, TimerHandle } from '../core/clock';
import { AuthError, errorMessage, RateLimitError, ResultNotReadyError, SchemaError } from '../core/errors';
import { Emitter, type Event } from '../core/event';
import type { Logger } from '../core/log';
import type { PollPolicy, Provider } from '../providers/types';
import { nextInterval, withJitter } from './backoff';
import { isActive, isTerminal, needsPolling, type JobRecord, type StatusUpdate } from './model';
import { RateLimiter } from './rateLimiter';
import type { ResultStore } from './results';
import type { JobPatch, JobStore } from './store';

/** Jobs due within this much of each other share one status call (keeps batches whole). */
const COALESCE_MS = 1000;
/** A status call that does not mention a job this many times in a row marks it `unknown`. */
const MISSES_BEFORE_UNKNOWN = 3;

export interface PollerDeps {
  store: JobStore;
  results: ResultStore;
  providers: ReadonlyMap<string, Provider>;
  clock: Clock;
  log: Logger;
  random?: () => number;
  /** User floor for the interval (setting), ms. */
  pollFloorMs?: () => number;
}

interface JobTiming {
  dueAt: number;
  intervalMs: number;
  misses: number;
}

interface ProviderState {
  inFlight?: Promise<void>;
  pausedUntil: number;
  failures: number;
  authBlocked: boolean;
  limiter?: RateLimiter;
}

export interface AuthProblem {
  providerId: string;
  message: string;
}

export class Poller {
  private readonly timing = new Map<string, JobTiming>();
  private readonly providerState = new Map<string, ProviderState>();
  private timer?: TimerHandle;
  private disposed = false;
  private readonly random: () => number;
  private readonly finished = new Emitter<JobRecord>();
  private readonly authProblem = new Emitter<AuthProblem>();
  /** A job reached a terminal status (and, for success, its result is saved). */
  readonly onDidFinish: Event<JobRecord> = this.finished.event;
  /** A provider's credentials were rejected; polling for it waits for `resume`. */
  readonly onAuthProblem: Event<AuthProblem> = this.authProblem.event;
  private readonly subscription;

  constructor(private readonly deps: PollerDeps) {
    this.random = deps.random ?? Math.random;
    this.subscription = deps.store.onDidChange(() => this.schedule());
  }

  /** Starts polling whatever the store holds (call after the store is loaded). */
  start(): void {
    this.schedule();
  }

  /** Makes the given jobs (default: all) due now. A Retry-After pause is still honoured. */
  refresh(jobIds?: readonly string[]): void {
    const now = this.deps.clock.now();
    const ids = jobIds ?? this.deps.store.all().map((j) => j.id);
    for (const id of ids) {
      const t = this.timing.get(id);
      if (t) {
        t.dueAt = now;
        t.intervalMs = 0;
      }
    }
    for (const s of this.providerState.values()) {
      s.failures = 0;
      s.authBlocked = false;
    }
    this.schedule();
  }

  /** Credentials changed: lift the auth pause for this provider. */
  resume(providerId: string): void {
    const s = this.providerState.get(providerId);
    if (s) s.authBlocked = false;
    this.refresh(this.deps.store.byProvider(providerId).map((j) => j.id));
  }

  /** True while a timer is set (tests assert there is none when nothing runs). */
  get isScheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Resolves when no request is in flight (tests, deactivate). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const flights = [...this.providerState.values()].map((s) => s.inFlight).filter((p): p is Promise<void> => !!p);
      if (!flights.length) return;
      await Promise.allSettled(flights);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription.dispose();
    this.finished.dispose();
    this.authProblem.dispose();
  }

  private policy(provider: Provider): PollPolicy & { floorMs: number } {
    const floor = Math.max(provider.pollPolicy.minIntervalMs, this.deps.pollFloorMs?.() ?? 0);
    return { ...provider.pollPolicy, floorMs: floor };
  }

  private state(provider: Provider): ProviderState {
    let s = this.providerState.get(provider.id);
    if (!s) {
      const rl = provider.pollPolicy.rateLimit;
      s = { pausedUntil: 0, failures: 0, authBlocked: false, limiter: rl ? new RateLimiter(rl.requests, rl.windowMs) : undefined };
      this.providerState.set(provider.id, s);
    }
    return s;
  }

  private jobTiming(job: JobRecord): JobTiming {
    let t = this.timing.get(job.id);
    if (!t) {
      t = { dueAt: this.deps.clock.now(), intervalMs: 0, misses: 0 };
      this.timing.set(job.id, t);
    }
    return t;
  }

  /** Sets the one timer for the earliest moment any provider has due work, or clears it. */
  private schedule(): void {
    if (this.disposed) return;
    const now = this.deps.clock.now();
    const work = this.deps.store.all().filter(needsPolling);
    const live = new Set(work.map((j) => j.id));
    for (const id of this.timing.keys()) if (!live.has(id)) this.timing.delete(id);

    let earliest = Infinity;
    for (const job of work) {
      const provider = this.deps.providers.get(job.providerId);
      if (!provider) continue;
      const s = this.state(provider);
      if (s.inFlight || s.authBlocked) continue; // the run's end reschedules; auth waits for resume()
      const blockedUntil = Math.max(s.pausedUntil, s.limiter?.nextFreeAt(now) ?? now);
      earliest = Math.min(earliest, Math.max(this.jobTiming(job).dueAt, blockedUntil));
    }
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (earliest === Infinity) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, Math.max(0, earliest - now));
  }

  private tick(): void {
    if (this.disposed) return;
    const now = this.deps.clock.now();
    const due = new Map<Provider, JobRecord[]>();
    for (const job of this.deps.store.all().filter(needsPolling)) {
      const provider = this.deps.providers.get(job.providerId);
      if (!provider) continue;
      const s = this.state(provider);
      if (s.inFlight || s.authBlocked || s.pausedUntil > now) continue;
      if (this.jobTiming(job).dueAt > now + COALESCE_MS) continue;
      due.set(provider, [...(due.get(provider) ?? []), job]);
    }
    for (const [provider, jobs] of due) {
      const s = this.state(provider);
      s.inFlight = this.run(provider, jobs).finally(() => {
        s.inFlight = undefined;
        this.schedule();
      });
    }
    this.schedule();
  }

  private async run(provider: Provider, jobs: JobRecord[]): Promise<void> {
    const s = this.state(provider);
    const { batchSize } = provider.pollPolicy;
    const statusJobs = jobs.filter(isActive);
    try {
      for (let i = 0; i < statusJobs.length; i += batchSize) {
        if (this.disposed || !this.take(s)) return;
        const batch = statusJobs.slice(i, i + batchSize);
        const updates = await provider.status(batch.map((j) => j.remoteId as string));
        s.failures = 0;
        const patches = batch.flatMap((job) => {
          const patch = this.plan(provider, job, updates.get(job.remoteId as string));
          return patch ? [[job.id, patch] as const] : [];
        });
        const changed = await this.deps.store.updateMany(patches);
        for (const next of changed) if (isTerminal(next.status) && next.status !== 'succeeded') this.finished.fire(next);
      }
      // Results: jobs that were already succeeded, and those that just became so.
      const ids = new Set(jobs.map((j) => j.id));
      const needResult = this.deps.store
        .all()
        .filter((j) => ids.has(j.id) && j.status === 'succeeded' && !j.resultFile && !j.resultError);
      for (const job of needResult) {
        if (this.disposed || !this.take(s)) return;
        await this.fetchResult(provider, job);
      }
    } catch (err) {
      await this.onProviderError(provider, jobs, err);
    }
  }

  private take(s: ProviderState): boolean {
    return s.limiter ? s.limiter.tryTake(this.deps.clock.now()) : true;
  }

  /**
   * Works out each job's next due time and the store patch its update implies (none when nothing
   * changed). Pure bookkeeping: the caller writes all patches of a batch at once.
   */
  private plan(provider: Provider, job: JobRecord, update: StatusUpdate | undefined): JobPatch | undefined {
    const now = this.deps.clock.now();
    const t = this.jobTiming(job);
    const { floorMs, maxIntervalMs } = this.policy(provider);
    if (!update) {
      t.misses++;
      t.intervalMs = nextInterval(t.intervalMs, floorMs, maxIntervalMs);
      t.dueAt = now + withJitter(t.intervalMs, floorMs, this.random);
      if (t.misses < MISSES_BEFORE_UNKNOWN) return undefined;
      return { status: 'unknown', message: `${provider.label} no longer reports this job (${job.remoteId}).` };
    }
    t.misses = 0;
    const changed =
      update.status !== job.status ||
      update.rawStatus !== job.rawStatus ||
      update.progress?.percent !== job.progress?.percent ||
      update.progress?.message !== job.progress?.message ||
      (update.message ?? undefined) !== (job.message ?? undefined);
    // A change suggests more change soon: poll at the floor again; otherwise back off.
    t.intervalMs = changed ? floorMs : nextInterval(t.intervalMs, floorMs, maxIntervalMs);
    t.dueAt = now + withJitter(t.intervalMs, floorMs, this.random);
    if (!changed) return undefined;
    return { status: update.status, rawStatus: update.rawStatus, progress: update.progress, message: update.message };
  }

  private async fetchResult(provider: Provider, job: JobRecord): Promise<void> {
    try {
      const file = await provider.fetchResult(job.remoteId as string);
      const name = await this.deps.results.write(job.id, file.fileName, file.content);
      const next = await this.deps.store.update(job.id, { resultFile: name, resultView: file.view, message: undefined });
      if (next) this.finished.fire(next);
    } catch (err) {
      if (err instanceof ResultNotReadyError) {
        // Only this job waits (backing off); the provider itself is fine.
        const t = this.jobTiming(job);
        const { floorMs, maxIntervalMs } = this.policy(provider);
        t.intervalMs = nextInterval(t.intervalMs, floorMs, maxIntervalMs);
        t.dueAt = this.deps.clock.now() + withJitter(t.intervalMs, floorMs, this.random);
        this.deps.log.info(`${provider.label}: ${err.message}`);
        return;
      }
      if (err instanceof SchemaError) {
        // The result will not parse on a retry either: stop, tell the user, keep the status.
        const next = await this.deps.store.update(job.id, { resultError: err.message, message: err.message });
        if (next) this.finished.fire(next);
        return;
      }
      throw err;
    }
  }

  private async onProviderError(provider: Provider, jobs: JobRecord[], err: unknown): Promise<void> {
    const s = this.state(provider);
    const now = this.deps.clock.now();
    const message = errorMessage(err);
    if (err instanceof AuthError) {
      s.authBlocked = true;
      this.deps.log.warn(`${provider.label}: ${message}; polling paused until the credentials change`);
      this.authProblem.fire({ providerId: provider.id, message });
      return;
    }
    const { floorMs, maxIntervalMs } = this.policy(provider);
    s.failures++;
    const backoff = withJitter(Math.min(maxIntervalMs, floorMs * 2 ** s.failures), floorMs, this.random);
    const wait = err instanceof RateLimitError && err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, floorMs) : backoff;
    s.pausedUntil = now + wait;
    this.deps.log.warn(`${provider.label}: ${message}; next check in ${Math.round(wait / 1000)} s`);
    const note = `Last check failed: ${message}. Retrying in ${Math.round(wait / 1000)} s.`;
    await this.deps.store.updateMany(jobs.filter((j) => this.deps.store.get(j.id)?.message !== note).map((j) => [j.id, { message: note }] as const));
  }
}

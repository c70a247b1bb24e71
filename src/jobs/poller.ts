/**
 * The poller owns every timer and every status stream. It keeps one timer, set for the earliest
 * moment any provider has work, and none at all when no job needs work.
 *
 * - One tick per provider: every job due within the provider's floor interval goes into that
 *   tick's request, and a batching API fills the requests it makes anyway with the jobs due soonest
 *   after them; jitter applies to the tick (one draw), so jobs stay together in one batch.
 * - Per job, the next check is predicted (schedule.ts): from its progress, or from how long the
 *   provider's jobs took before (learned, kept as `finishedAt`), often near the finish and rarely
 *   far from it; backoff where nothing predicts it. Never twice within the provider's floor; an
 *   unfocused window checks each job once per ten longest intervals.
 * - Per provider: one run in flight, a rate limiter, Retry-After pauses, a pause on authentication
 *   failure until `resume`, and bad ids isolated by bisection instead of stalling the batch.
 * - Providers with an events stream are followed by it while it flows, and polled (with
 *   reconnects under backoff) when it ends or fails.
 * - Results are fetched when a job submitted or tracked here succeeds; transient failures retry
 *   with backoff, and only a definite answer ends it with `resultError`.
 * - A submission left `unknown` without a remote id is looked for again (15 s … 5 min, for a day)
 *   and joins its remote job as soon as the provider shows it.
 */
import type { Clock, TimerHandle } from '../core/clock';
import { AuthError, errorMessage, HttpStatusError, RateLimitError, ResultNotReadyError, SchemaError } from '../core/errors';
import { Emitter, type Event } from '../core/event';
import type { Logger } from '../core/log';
import { describeErrorBody } from '../core/serverText';
import { isTerminal, type StatusUpdate } from '../providers/jobVocabulary';
import type { PollPolicy, Provider } from '../providers/types';
import { backoffDelay, nextInterval } from './backoff';
import { isActive, needsPolling, wantsResultNow, type JobRecord } from './model';
import { RateLimiter } from './rateLimiter';
import type { ResultStore } from './results';
import { DurationEstimate, nextCheck, trackProgress, type ProgressTrack } from './schedule';
import { isDefiniteRefusal, statusIsolating } from './statusBatch';
import type { JobPatch, JobStore } from './store';
import { lookForSubmission } from './submit';

/** A status call that does not mention a job this many times in a row marks it `unknown`. */
const MISSES_BEFORE_UNKNOWN = 3;
/**
 * An unfocused window checks each job once per this many longest intervals (10 min at a 60 s cap):
 * nobody is looking, and regaining focus checks everything running at once.
 */
const UNFOCUSED_FACTOR = 10;
/** Reconnecting an events stream: 1 s, 2 s, 4 s … 60 s. */
const STREAM_RETRY_FLOOR_MS = 1_000;
const STREAM_RETRY_CAP_MS = 60_000;
/** Looking again for a submission that may or may not have reached the provider: 15 s … 5 min, for a day. */
const LOOK_FIRST_MS = 15_000;
const LOOK_CAP_MS = 5 * 60_000;
const LOOK_FOR_MS = 24 * 3_600_000;

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
  /** Doubling interval while nothing changes (the fallback when nothing predicts the finish). */
  intervalMs: number;
  lastPolledAt: number;
  /** The check before the last one: a finish happened between the two. */
  prevPolledAt: number;
  progress?: ProgressTrack;
  misses: number;
  /** The API refused this id on its own: it is asked alone, so the batch of the others goes through. */
  refused: boolean;
  resultAttempts: number;
  stream?: AbortController;
  streamFailures: number;
  streamRetryAt: number;
}

interface LookTiming {
  dueAt: number;
  attempts: number;
  flight?: Promise<void>;
}

interface ProviderState {
  inFlight?: Promise<void>;
  pausedUntil: number;
  failures: number;
  authBlocked: boolean;
  limiter?: RateLimiter;
  /** Streams refused in a row (before any event): new streams wait, and then go one at a time. */
  streamFailures: number;
  streamsRetryAt: number;
  probing: boolean;
  /** Learned from this provider's finished jobs (submission → finish). */
  durations: DurationEstimate;
}

export interface AuthProblem {
  providerId: string;
  message: string;
}

/** A provider became unreachable (first failure of an outage) or reachable again, or asked to slow down. */
export interface ConnectionChange {
  providerId: string;
  ok: boolean;
  message: string;
  /** The provider answered "too many requests": not an outage; polling slows down (a hint, never a dialog). */
  rateLimited?: boolean;
}

export class Poller {
  private readonly timing = new Map<string, JobTiming>();
  private readonly providerState = new Map<string, ProviderState>();
  /** Submissions without a remote id that are looked for again (`unknown` after an ambiguous send). */
  private readonly looks = new Map<string, LookTiming>();
  private timer?: TimerHandle;
  private disposed = false;
  private focused = true;
  private readonly random: () => number;
  private readonly finished = new Emitter<JobRecord>();
  private readonly authProblem = new Emitter<AuthProblem>();
  private readonly connection = new Emitter<ConnectionChange>();
  /** A job reached a terminal status (for success: its result is saved, or it waits to be opened). */
  readonly onDidFinish: Event<JobRecord> = this.finished.event;
  /** A provider's credentials were rejected; polling for it waits for `resume`. */
  readonly onAuthProblem: Event<AuthProblem> = this.authProblem.event;
  readonly onConnectionChange: Event<ConnectionChange> = this.connection.event;
  private readonly subscription;

  constructor(private readonly deps: PollerDeps) {
    this.random = deps.random ?? Math.random;
    this.subscription = deps.store.onDidChange(() => this.schedule());
  }

  /** Starts polling whatever the store holds (call after the store is loaded). */
  start(): void {
    // Jobs that finished before (this session or earlier ones) teach how long a provider's jobs take.
    const done = this.deps.store.all().filter((j) => j.origin === 'submitted' && j.finishedAt !== undefined && isTerminal(j.status));
    for (const job of done.sort((a, b) => (a.finishedAt as number) - (b.finishedAt as number))) {
      const provider = this.deps.providers.get(job.providerId);
      if (provider) this.state(provider).durations.add((job.finishedAt as number) - job.createdAt, job.finishedAt as number);
    }
    this.schedule();
  }

  /**
   * Makes the given jobs (default: all) due now — never sooner than the provider's floor after
   * their last check — and lets a job whose result failed try again. Lifts the failure backoff of
   * their providers, not a Retry-After and not an authentication pause.
   */
  refresh(jobIds?: readonly string[]): void {
    const now = this.deps.clock.now();
    const jobs = jobIds ? jobIds.map((id) => this.deps.store.get(id)).filter((j): j is JobRecord => !!j) : this.deps.store.all();
    const providers = new Set<string>();
    const retryResults: [string, JobPatch][] = [];
    for (const job of jobs) {
      providers.add(job.providerId);
      if (job.resultError && job.status === 'succeeded') retryResults.push([job.id, { resultError: undefined, message: undefined }]);
      const t = this.timing.get(job.id);
      if (t) {
        t.dueAt = now;
        t.intervalMs = 0;
        t.resultAttempts = 0;
        t.streamRetryAt = Math.min(t.streamRetryAt, now);
      }
    }
    for (const id of providers) {
      const s = this.providerState.get(id);
      if (s) {
        s.failures = 0;
        s.streamsRetryAt = 0;
      }
    }
    if (retryResults.length) void this.deps.store.updateMany(retryResults);
    this.schedule();
  }

  /** Credentials changed: lift the auth pause for this provider and check its jobs. */
  resume(providerId: string): void {
    const s = this.providerState.get(providerId);
    if (s) {
      s.authBlocked = false;
      s.failures = 0;
    }
    this.refresh(this.deps.store.byProvider(providerId).map((j) => j.id));
  }

  /** Window focus: unfocused checks each job once per ten longest intervals; regaining focus checks everything running at once. */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    if (focused) {
      this.refresh(this.deps.store.all().filter(isActive).map((j) => j.id));
      return;
    }
    // Checks planned while focused move out too (one jitter draw, so the jobs stay together; upwards
    // only, so no job is checked sooner than ten longest intervals after the focus is lost).
    const now = this.deps.clock.now();
    const jitter = 0.8 + 0.4 * this.random();
    for (const job of this.deps.store.all().filter(isActive)) {
      const provider = this.deps.providers.get(job.providerId);
      const t = this.timing.get(job.id);
      if (provider && t) t.dueAt = Math.max(t.dueAt, now + this.unfocusedDelay(provider, jitter));
    }
    this.schedule();
  }

  /** True while a timer is set (tests assert there is none when nothing runs). */
  get isScheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Streams open now (tests, diagnostics). */
  get streamCount(): number {
    return [...this.timing.values()].filter((t) => t.stream).length;
  }

  /** Resolves when no request is in flight (tests, deactivate). Streams are not waited for. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const flights = [...this.providerState.values()].map((s) => s.inFlight).concat([...this.looks.values()].map((l) => l.flight)).filter((p): p is Promise<void> => !!p);
      if (!flights.length) return;
      await Promise.allSettled(flights);
    }
  }

  /**
   * Fetches a succeeded job's result now (Open / Save on an imported job). Resolves with the
   * updated record; rejects with a sentence when it cannot be fetched.
   */
  async fetchResultNow(jobId: string): Promise<JobRecord> {
    const job = this.deps.store.get(jobId);
    if (!job?.remoteId) throw new Error('This job has no remote id.');
    if (job.result) return job;
    const provider = this.deps.providers.get(job.providerId);
    if (!provider) throw new Error(`No provider "${job.providerId}" is installed.`);
    const s = this.state(provider);
    const wait = s.limiter ? s.limiter.nextFreeAt(this.deps.clock.now()) - this.deps.clock.now() : 0;
    if (wait > 0) await this.deps.clock.sleep(wait);
    this.take(s);
    const payload = await provider.fetchResult(job.remoteId);
    const files = await this.deps.results.writeAll(job.id, payload);
    const next = await this.deps.store.update(job.id, { result: { files }, resultError: undefined, message: undefined });
    if (!next) throw new Error('The job was removed meanwhile.');
    return next;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const t of this.timing.values()) t.stream?.abort();
    this.subscription.dispose();
    this.finished.dispose();
    this.authProblem.dispose();
    this.connection.dispose();
  }

  private policy(provider: Provider): PollPolicy & { floorMs: number } {
    const floor = Math.max(provider.pollPolicy.minIntervalMs, this.deps.pollFloorMs?.() ?? 0);
    return { ...provider.pollPolicy, floorMs: floor, maxIntervalMs: Math.max(floor, provider.pollPolicy.maxIntervalMs) };
  }

  private state(provider: Provider): ProviderState {
    let s = this.providerState.get(provider.id);
    if (!s) {
      const rl = provider.pollPolicy.rateLimit;
      s = { pausedUntil: 0, failures: 0, authBlocked: false, limiter: rl ? new RateLimiter(rl.requests, rl.windowMs) : undefined, streamFailures: 0, streamsRetryAt: 0, probing: false, durations: new DurationEstimate() };
      this.providerState.set(provider.id, s);
    }
    return s;
  }

  private jobTiming(job: JobRecord): JobTiming {
    let t = this.timing.get(job.id);
    if (!t) {
      t = { dueAt: this.deps.clock.now(), intervalMs: 0, lastPolledAt: -Infinity, prevPolledAt: -Infinity, misses: 0, refused: false, resultAttempts: 0, streamFailures: 0, streamRetryAt: 0 };
      const provider = this.deps.providers.get(job.providerId);
      if (provider && this.grows(provider) && job.origin === 'submitted' && job.rawStatus === 'submitted') {
        // A documented schedule starts at the submission: its answer was the first check, the first poll is one floor later.
        t.lastPolledAt = job.updatedAt;
        t.intervalMs = this.policy(provider).floorMs;
      }
      this.timing.set(job.id, t);
    }
    return t;
  }

  private grows(provider: Provider): boolean {
    return provider.pollPolicy.backoff === 'grow';
  }

  /** The earliest a job may be checked: when due, and not within the floor of its last check. */
  private readyAt(t: JobTiming, floorMs: number): number {
    return Math.max(t.dueAt, t.lastPolledAt + floorMs);
  }

  /** Sets the one timer for the earliest moment any provider has work, or clears it. */
  private schedule(): void {
    if (this.disposed) return;
    const now = this.deps.clock.now();
    const work = this.deps.store.all().filter(needsPolling);
    const live = new Set(work.map((j) => j.id));
    for (const [id, t] of this.timing) {
      if (live.has(id)) continue;
      t.stream?.abort();
      this.timing.delete(id);
    }
    let earliest = Infinity;
    for (const job of work) {
      const provider = this.deps.providers.get(job.providerId);
      if (!provider) continue;
      const s = this.state(provider);
      if (s.inFlight || s.authBlocked) continue; // the run's end reschedules; auth waits for resume()
      const t = this.jobTiming(job);
      const blockedUntil = Math.max(s.pausedUntil, s.limiter?.nextFreeAt(now) ?? now);
      if (t.stream) continue; // pushed updates; nothing to schedule
      let at = this.readyAt(t, this.policy(provider).floorMs);
      if (provider.events && isActive(job) && !s.probing) at = Math.min(at, Math.max(t.streamRetryAt, s.streamsRetryAt));
      earliest = Math.min(earliest, Math.max(at, blockedUntil));
    }
    earliest = Math.min(earliest, this.scheduleLooks(now));
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (earliest === Infinity) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, Math.max(0, earliest - now));
  }

  /** A record whose submission may exist remotely, and whose provider can look for it. */
  private lostSubmission(job: JobRecord, now: number): Provider | undefined {
    if (job.remoteId || job.status !== 'unknown' || now - job.createdAt > LOOK_FOR_MS) return undefined;
    const provider = this.deps.providers.get(job.providerId);
    return provider?.submission ? provider : undefined;
  }

  /** Keeps one look timing per lost submission; returns when the next look is due. */
  private scheduleLooks(now: number): number {
    let earliest = Infinity;
    const live = new Set<string>();
    for (const job of this.deps.store.all()) {
      const provider = this.lostSubmission(job, now);
      if (!provider) continue;
      live.add(job.id);
      let look = this.looks.get(job.id);
      if (!look) this.looks.set(job.id, (look = { dueAt: now + LOOK_FIRST_MS, attempts: 0 }));
      const s = this.state(provider);
      if (look.flight || s.authBlocked) continue;
      earliest = Math.min(earliest, Math.max(look.dueAt, s.pausedUntil, s.limiter?.nextFreeAt(now) ?? now));
    }
    for (const [id, look] of this.looks) if (!live.has(id) && !look.flight) this.looks.delete(id);
    return earliest;
  }

  /** Looks again for each lost submission that is due: it joins its remote job as soon as that appears. */
  private runLooks(now: number): void {
    for (const job of this.deps.store.all()) {
      const provider = this.lostSubmission(job, now);
      const look = this.looks.get(job.id);
      if (!provider || !look || look.flight || look.dueAt > now) continue;
      const s = this.state(provider);
      if (s.authBlocked || s.pausedUntil > now || !this.take(s)) continue;
      look.flight = lookForSubmission({ store: this.deps.store, clock: this.deps.clock, log: this.deps.log }, provider, job, true)
        .then(() => {
          look.dueAt = this.deps.clock.now() + backoffDelay(++look.attempts, LOOK_FIRST_MS, LOOK_CAP_MS, this.random);
        })
        .finally(() => {
          look.flight = undefined;
          this.schedule();
        });
    }
  }

  private tick(): void {
    if (this.disposed) return;
    const now = this.deps.clock.now();
    this.runLooks(now);
    const byProvider = new Map<Provider, JobRecord[]>();
    for (const job of this.deps.store.all().filter(needsPolling)) {
      const provider = this.deps.providers.get(job.providerId);
      if (!provider) continue;
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), job]);
    }
    for (const [provider, jobs] of byProvider) {
      const s = this.state(provider);
      if (s.inFlight || s.authBlocked || s.pausedUntil > now) continue;
      this.openStreams(provider, jobs, now);
      const { floorMs, batchSize } = this.policy(provider);
      const polled = jobs.filter((j) => !this.jobTiming(j).stream);
      // Nothing due yet for this provider: its tick waits.
      if (!polled.some((j) => this.readyAt(this.jobTiming(j), floorMs) <= now)) continue;
      // Every job due within one floor interval rides along (a documented schedule: only jobs due now);
      // a batching API fills the requests this tick makes anyway with the jobs due soonest after them.
      const rideAlongMs = this.grows(provider) ? 0 : floorMs;
      const checkable = polled.filter((j) => isActive(j) && this.jobTiming(j).lastPolledAt + floorMs <= now);
      const due = checkable.filter((j) => this.jobTiming(j).dueAt <= now + rideAlongMs);
      let statusJobs = due;
      if (batchSize > 1 && due.length) {
        const room = Math.ceil(due.length / batchSize) * batchSize - due.length;
        const dueSet = new Set(due);
        const riders = checkable.filter((j) => !dueSet.has(j) && !this.jobTiming(j).refused).sort((a, b) => this.jobTiming(a).dueAt - this.jobTiming(b).dueAt);
        statusJobs = [...due, ...riders.slice(0, room)];
      }
      const resultJobs = polled.filter((j) => wantsResultNow(j) && this.readyAt(this.jobTiming(j), floorMs) <= now);
      if (!statusJobs.length && !resultJobs.length) continue;
      s.inFlight = this.run(provider, statusJobs, resultJobs).finally(() => {
        s.inFlight = undefined;
        this.schedule();
      });
    }
    this.schedule();
  }

  private async run(provider: Provider, statusJobs: JobRecord[], resultJobs: JobRecord[]): Promise<void> {
    const s = this.state(provider);
    const { batchSize } = provider.pollPolicy;
    // One jitter draw per tick: the jobs of this tick stay together for the next one. A documented
    // schedule draws per job, so jobs submitted together do not poll in lockstep.
    const tickJitter = 0.8 + 0.4 * this.random();
    const jitter = () => (this.grows(provider) ? 0.8 + 0.4 * this.random() : tickJitter);
    try {
      // Ids the API refused before go alone, so that they cannot fail the others' batch again.
      const healthy = statusJobs.filter((j) => !this.jobTiming(j).refused);
      const batches: JobRecord[][] = [];
      for (let i = 0; i < healthy.length; i += batchSize) batches.push(healthy.slice(i, i + batchSize));
      for (const j of statusJobs) if (this.jobTiming(j).refused) batches.push([j]);
      for (const batch of batches) {
        if (this.disposed || !this.take(s)) break;
        const now = this.deps.clock.now();
        for (const job of batch) {
          const t = this.jobTiming(job);
          t.prevPolledAt = t.lastPolledAt;
          t.lastPolledAt = now;
        }
        const outcome = await statusIsolating(batch.map((j) => j.remoteId as string), (ids) => provider.status(ids), () => this.take(s));
        this.recovered(provider);
        const patches: [string, JobPatch][] = [];
        for (const job of batch) {
          const remoteId = job.remoteId as string;
          const gone = outcome.gone.get(remoteId);
          const patch = gone ? this.goneJob(provider, job, gone, jitter()) : this.plan(provider, job, outcome.updates.get(remoteId), jitter());
          if (patch) patches.push([job.id, patch]);
        }
        await this.applyPatches(patches);
      }
      // Results: jobs that were already succeeded, and those that just became so.
      const ids = new Set([...statusJobs, ...resultJobs].map((j) => j.id));
      for (const job of this.deps.store.all().filter((j) => ids.has(j.id) && wantsResultNow(j))) {
        if (this.disposed || !this.take(s)) return;
        await this.fetchResult(provider, job);
      }
    } catch (err) {
      await this.onProviderError(provider, statusJobs, err);
    }
  }

  /** Writes a batch of patches at once and announces the jobs that finished. */
  private async applyPatches(patches: [string, JobPatch][]): Promise<void> {
    if (!patches.length) return;
    const before = new Map(patches.map(([id]) => [id, this.deps.store.get(id)?.status]));
    const changed = await this.deps.store.updateMany(patches);
    for (const next of changed) {
      const was = before.get(next.id);
      if (!isTerminal(next.status) || was === next.status) continue;
      // A success is announced when its result is saved, unless the result waits to be opened.
      if (next.status !== 'succeeded' || next.origin === 'imported') this.finished.fire(next);
    }
  }

  private take(s: ProviderState): boolean {
    return s.limiter ? s.limiter.tryTake(this.deps.clock.now()) : true;
  }

  private nextDue(provider: Provider, t: JobTiming, intervalMs: number, jitter: number): void {
    const { floorMs } = this.policy(provider);
    const ms = this.focused ? Math.round(intervalMs * jitter) : this.unfocusedDelay(provider, jitter);
    t.dueAt = this.deps.clock.now() + Math.max(floorMs, ms);
  }

  /**
   * An unfocused window's next check: ten longest intervals, the tick's jitter (0.8–1.2) shifted
   * up so that none comes sooner and the jobs of one tick still stay together.
   */
  private unfocusedDelay(provider: Provider, jitter: number): number {
    return Math.round(this.policy(provider).maxIntervalMs * UNFOCUSED_FACTOR * (jitter + 0.2));
  }

  /** The next check of an active job: from its progress, the learned durations, or backoff. */
  private scheduleJob(provider: Provider, job: JobRecord, t: JobTiming, jitter: number): void {
    const { floorMs, maxIntervalMs } = this.policy(provider);
    const { delayMs } = nextCheck({
      now: this.deps.clock.now(),
      backoffMs: t.intervalMs,
      floorMs,
      maxMs: maxIntervalMs,
      // Only a job submitted here has a known start; a tracked one may have run for hours.
      submittedAt: job.origin === 'submitted' ? job.createdAt : undefined,
      progress: t.progress,
      durations: this.state(provider).durations,
    });
    this.nextDue(provider, t, delayMs, jitter);
  }

  /**
   * Works out a job's next due time and the store patch its update implies (none when nothing
   * changed). Pure bookkeeping: the caller writes all patches of a batch at once.
   */
  private plan(provider: Provider, job: JobRecord, update: StatusUpdate | undefined, jitter: number): JobPatch | undefined {
    const t = this.jobTiming(job);
    const { floorMs, maxIntervalMs } = this.policy(provider);
    if (update) t.refused = false;
    if (!update) {
      t.misses++;
      t.intervalMs = nextInterval(t.intervalMs, floorMs, maxIntervalMs);
      this.nextDue(provider, t, t.intervalMs, jitter);
      if (t.misses < MISSES_BEFORE_UNKNOWN) return undefined;
      return { status: 'unknown', message: `${provider.label} no longer reports this job (${job.remoteId}).` };
    }
    t.misses = 0;
    let patch = statusPatch(job, update);
    const now = this.deps.clock.now();
    if (patch && isTerminal(update.status) && !isTerminal(job.status)) {
      // It finished between the last two checks: learn its duration (only a job submitted here has a known start).
      const finishedAt = Math.round(Number.isFinite(t.prevPolledAt) ? (t.prevPolledAt + now) / 2 : now);
      this.state(provider).durations.add(job.origin === 'submitted' ? finishedAt - job.createdAt : NaN, now);
      patch = { ...patch, finishedAt };
    }
    if (update.status === 'running' && update.progress?.percent !== undefined) t.progress = trackProgress(t.progress, { at: now, percent: update.progress.percent });
    else if (update.status !== 'running') t.progress = undefined;
    // A new status suggests more change soon: back to the floor; progress alone is not a change of pace.
    const statusChanged = update.status !== job.status || update.rawStatus !== job.rawStatus;
    t.intervalMs = statusChanged && !this.grows(provider) ? floorMs : nextInterval(t.intervalMs, floorMs, maxIntervalMs);
    // A documented schedule (ProteinIQ: 5 → 10 → 20 → 30 s) is kept exactly; others check when a finish is likely.
    if (this.grows(provider)) this.nextDue(provider, t, t.intervalMs, jitter);
    else this.scheduleJob(provider, job, t, jitter);
    return patch;
  }

  /** The API refused this one id (e.g. 404): the job is marked, the others go on. */
  private goneJob(provider: Provider, job: JobRecord, err: HttpStatusError, jitter: number): JobPatch | undefined {
    const t = this.jobTiming(job);
    const { floorMs, maxIntervalMs } = this.policy(provider);
    t.refused = true;
    t.intervalMs = nextInterval(t.intervalMs, floorMs, maxIntervalMs);
    this.nextDue(provider, t, t.intervalMs, jitter);
    const answer = describeErrorBody(err.body ?? '') || `HTTP ${err.status}`;
    const message = `${provider.label} does not know this job any more (HTTP ${err.status}: ${answer}).`;
    if (job.status === 'unknown' && job.message === message) return undefined;
    return { status: 'unknown', rawStatus: `HTTP ${err.status}`, message };
  }

  private async fetchResult(provider: Provider, job: JobRecord): Promise<void> {
    const t = this.jobTiming(job);
    t.lastPolledAt = this.deps.clock.now();
    try {
      const payload = await provider.fetchResult(job.remoteId as string);
      const files = await this.deps.results.writeAll(job.id, payload);
      t.resultAttempts = 0;
      const next = await this.deps.store.update(job.id, { result: { files }, resultError: undefined, message: undefined });
      if (next) this.finished.fire(next);
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (isDefiniteRefusal(err) || (err instanceof SchemaError && !err.transient)) {
        // The API says the result does not exist, or answers a well-formed body that is not one: stop, tell the user; Refresh tries again.
        const next = await this.deps.store.update(job.id, { resultError: errorMessage(err), message: `The result could not be fetched: ${errorMessage(err)}` });
        if (next) this.finished.fire(next);
        return;
      }
      // Transient (not ready, malformed, HTML page, 5xx, reset, timeout): this job waits and retries.
      const { floorMs, maxIntervalMs } = this.policy(provider);
      const retryAfter = err instanceof HttpStatusError || err instanceof ResultNotReadyError ? err.retryAfterMs : undefined;
      const wait = Math.max(retryAfter ?? 0, backoffDelay(t.resultAttempts++, floorMs, maxIntervalMs, this.random));
      t.dueAt = this.deps.clock.now() + wait;
      const note = err instanceof ResultNotReadyError ? errorMessage(err) : `The result could not be fetched yet (${errorMessage(err)}).`;
      this.deps.log.info(`${provider.label}: ${note} Retrying in ${Math.round(wait / 1000)} s.`);
      const message = `${note} Retrying in ${Math.round(wait / 1000)} s.`;
      if (this.deps.store.get(job.id)?.message !== message) await this.deps.store.update(job.id, { message });
    }
  }

  /** Opens an events stream for each active job of an events provider that has none and may reconnect now. */
  private openStreams(provider: Provider, jobs: JobRecord[], now: number): void {
    if (!provider.events) return;
    const s = this.state(provider);
    if (s.probing || s.streamsRetryAt > now) return;
    for (const job of jobs) {
      const t = this.jobTiming(job);
      if (!isActive(job) || t.stream || t.streamRetryAt > now) continue;
      if (!this.take(s)) return;
      // After refused streams, one stream at a time finds out whether they work again.
      const probe = s.streamFailures > 0;
      this.follow(provider, job, t, probe);
      if (probe) return;
    }
  }

  private follow(provider: Provider, job: JobRecord, t: JobTiming, probe = false): void {
    const events = provider.events;
    if (!events) return;
    const s = this.state(provider);
    const controller = new AbortController();
    t.stream = controller;
    if (probe) s.probing = true;
    void (async () => {
      let reason = 'the stream ended';
      let delivered = false;
      try {
        for await (const update of events.call(provider, job.remoteId as string, controller.signal)) {
          if (this.disposed || controller.signal.aborted) return;
          if (!delivered) {
            // Streams work (again): the others may open now.
            delivered = true;
            s.streamFailures = 0;
            s.streamsRetryAt = 0;
            s.probing = false;
          }
          t.streamFailures = 0;
          t.lastPolledAt = this.deps.clock.now();
          const current = this.deps.store.get(job.id);
          if (!current) return;
          await this.applyPatches([[job.id, statusPatch(current, update) ?? {}]].filter(([, p]) => Object.keys(p).length) as [string, JobPatch][]);
          this.recovered(provider);
          if (isTerminal(update.status)) {
            // An event is not a status poll: a result is fetched at once, as after a poll that saw the end.
            t.dueAt = this.deps.clock.now();
            t.lastPolledAt = -Infinity;
            return;
          }
        }
      } catch (err) {
        if (controller.signal.aborted || this.disposed) return;
        if (err instanceof AuthError) {
          this.blockAuth(provider, errorMessage(err));
          return;
        }
        reason = errorMessage(err);
      } finally {
        if (t.stream === controller) t.stream = undefined;
        if (probe) s.probing = false;
        if (!delivered && !this.disposed && !controller.signal.aborted) {
          // Refused before any event: the provider's streams are down, not this job's. Every new stream waits.
          s.streamsRetryAt = this.deps.clock.now() + backoffDelay(s.streamFailures++, STREAM_RETRY_FLOOR_MS, STREAM_RETRY_CAP_MS, this.random);
        }
        if (!this.disposed && !controller.signal.aborted) {
          const current = this.deps.store.get(job.id);
          if (current && isActive(current)) {
            // Fall back to polling now (within the floor) and reconnect later, backing off. A refused
            // reconnect leaves the polling schedule as it is: it learned nothing new.
            const now = this.deps.clock.now();
            t.streamRetryAt = now + backoffDelay(t.streamFailures++, STREAM_RETRY_FLOOR_MS, STREAM_RETRY_CAP_MS, this.random);
            if (delivered) t.dueAt = Math.min(t.dueAt, now);
            this.deps.log.info(`${provider.label}: events of ${current.remoteId} stopped (${reason}); polling, reconnecting in ${Math.round((t.streamRetryAt - now) / 1000)} s`);
          }
          this.schedule();
        }
      }
    })();
  }

  private blockAuth(provider: Provider, message: string): void {
    const s = this.state(provider);
    if (s.authBlocked) return;
    s.authBlocked = true;
    this.deps.log.warn(`${provider.label}: ${message}; polling paused until the credentials change`);
    this.authProblem.fire({ providerId: provider.id, message });
  }

  private recovered(provider: Provider): void {
    const s = this.state(provider);
    if (s.failures === 0) return;
    s.failures = 0;
    this.deps.log.info(`${provider.label} answers again.`);
    this.connection.fire({ providerId: provider.id, ok: true, message: `${provider.label} answers again.` });
  }

  private async onProviderError(provider: Provider, jobs: JobRecord[], err: unknown): Promise<void> {
    const s = this.state(provider);
    const now = this.deps.clock.now();
    const message = errorMessage(err);
    if (err instanceof AuthError) {
      this.blockAuth(provider, message);
      return;
    }
    const { floorMs, maxIntervalMs } = this.policy(provider);
    const backoff = backoffDelay(s.failures + 1, floorMs, maxIntervalMs, this.random);
    const wait = err instanceof RateLimitError && err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, floorMs) : err instanceof HttpStatusError && err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, backoff) : backoff;
    s.pausedUntil = now + wait;
    if (err instanceof RateLimitError && err.status === 429) {
      // Not an outage: the provider is there and asks for fewer requests. A slower poll and a hint.
      this.deps.log.info(`${provider.label}: ${message}; next check in ${Math.round(wait / 1000)} s`);
      this.connection.fire({ providerId: provider.id, ok: false, rateLimited: true, message: `${provider.label} asked to slow down; next check in ${Math.round(wait / 1000)} s.` });
    } else if (s.failures++ === 0) {
      // Once per outage; the recovery is announced too.
      this.deps.log.warn(`${provider.label}: ${message}; next check in ${Math.round(wait / 1000)} s`);
      this.connection.fire({ providerId: provider.id, ok: false, message: `${provider.label} cannot be reached: ${message}` });
    } else {
      this.deps.log.info(`${provider.label}: still failing (${message}); next check in ${Math.round(wait / 1000)} s`);
    }
    const note = err instanceof RateLimitError ? `${provider.label} asked to slow down; next check in ${Math.round(wait / 1000)} s.` : `Last check failed: ${message}. Retrying in ${Math.round(wait / 1000)} s.`;
    await this.deps.store.updateMany(jobs.filter((j) => this.deps.store.get(j.id)?.message !== note).map((j) => [j.id, { message: note }] as const));
  }
}

/** The store patch a status update implies, or undefined when nothing the user sees changed. Pure. */
export function statusPatch(job: JobRecord, update: StatusUpdate): JobPatch | undefined {
  const changed =
    update.status !== job.status ||
    update.rawStatus !== job.rawStatus ||
    update.progress?.percent !== job.progress?.percent ||
    update.progress?.message !== job.progress?.message ||
    (update.message ?? undefined) !== (job.message ?? undefined) ||
    (update.facts !== undefined && JSON.stringify(update.facts) !== JSON.stringify(job.facts)) ||
    (update.cancellable !== undefined && update.cancellable !== job.cancellable);
  if (!changed) return undefined;
  const patch: JobPatch = { status: update.status, rawStatus: update.rawStatus, progress: update.progress, message: update.message };
  if (update.facts !== undefined) patch.facts = update.facts;
  if (update.cancellable !== undefined) patch.cancellable = update.cancellable;
  return patch;
}

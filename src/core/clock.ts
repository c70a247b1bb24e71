/** An injectable clock so the poller, backoff and token expiry run in virtual time in tests. */

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** A promise that resolves after `ms` (virtual in tests); rejects with `signal.reason` on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = (() => {
  let next = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          fn();
        }, Math.max(0, ms)),
      );
      return { id };
    },
    clearTimeout(handle) {
      const t = timers.get(handle.id);
      if (t) {
        clearTimeout(t);
        timers.delete(handle.id);
      }
    },
    sleep(ms, signal) {
      return sleepWith(this, ms, signal);
    },
  };
})();

function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Virtual time for tests: nothing fires until `advance` / `runUntilIdle` moves time forward.
 * Awaits between timers let promise chains started by a timer settle before the next one fires.
 */
export class VirtualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Number of pending timers (the poller must leave none when nothing runs). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting async work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await this.fireUntil(target);
    this.time = target;
    await settle();
  }

  /** Fires timers until none is left or `limitMs` of virtual time has passed. */
  runUntilIdle(limitMs = 3_600_000): Promise<void> {
    return this.fireUntil(this.time + limitMs);
  }

  /** Fires every timer due at or before `end`, in order, settling async work between them. */
  private async fireUntil(end: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.nextDue();
      if (!due || due.at > end) return;
      this.timers.delete(due.id);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
  }

  private nextDue(): { id: number; at: number; fn: () => void } | undefined {
    let best: { id: number; at: number; fn: () => void } | undefined;
    for (const [id, t] of this.timers) {
      if (!best || t.at < best.at) best = { id, ...t };
    }
    return best;
  }
}

/** Lets pending promise callbacks and I/O callbacks run (real HTTP on loopback needs real turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

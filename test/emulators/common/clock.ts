/**
 * The emulator's clock: an injectable base `now()` (Date.now by default) plus a virtual offset.
 *
 * Job progress and token expiry are computed from this clock when a request arrives (no timers),
 * so a test can inject a fake base or move the offset forward (`advance`, or POST
 * `/__control/advance` from another process) and every later answer reflects the new time.
 */
export type NowFn = () => number;

export class EmulatorClock {
  private offset = 0;

  constructor(private readonly base: NowFn = Date.now) {}

  now(): number {
    return this.base() + this.offset;
  }

  /** Moves virtual time forward. Negative values are refused: the emulator's time never runs back. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    this.offset += ms;
  }

  get offsetMs(): number {
    return this.offset;
  }

  resetOffset(): void {
    this.offset = 0;
  }
}

/** Sliding-window rate limiter: at most `requests` in any `windowMs`. Pure: the caller passes the time. */
export class RateLimiter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly requests: number,
    private readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.stamps.length && this.stamps[0] <= now - this.windowMs) this.stamps.shift();
  }

  /** Takes one slot if available. */
  tryTake(now: number): boolean {
    this.prune(now);
    if (this.stamps.length >= this.requests) return false;
    this.stamps.push(now);
    return true;
  }

  /** The earliest time a slot is free (now if one is). */
  nextFreeAt(now: number): number {
    this.prune(now);
    return this.stamps.length < this.requests ? now : this.stamps[0] + this.windowMs;
  }
}

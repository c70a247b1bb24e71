/** Poll-interval arithmetic, pure so it is unit-tested without timers. */

/** The next interval after an unchanged status: doubles up to the cap. */
export function nextInterval(currentMs: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(minMs, currentMs * 2));
}

/** ±20 % jitter so many clients (or ticks) do not run in lockstep, never below the floor. */
export function withJitter(ms: number, floorMs: number, random: () => number): number {
  return Math.max(floorMs, Math.round(ms * (0.8 + 0.4 * random())));
}

/** One backoff step of a counter (failures, reconnects): floor · 2^n, capped, jittered. */
export function backoffDelay(attempt: number, floorMs: number, capMs: number, random: () => number): number {
  return withJitter(Math.min(capMs, floorMs * 2 ** Math.max(0, attempt)), floorMs, random);
}

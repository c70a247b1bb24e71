/** Poll-interval arithmetic, pure so it is unit-tested without timers. */

/** The next interval after an unchanged status: doubles up to the cap. */
export function nextInterval(currentMs: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(minMs, currentMs * 2));
}

/** ±20 % jitter so many jobs submitted together spread out, never below the floor. */
export function withJitter(ms: number, floorMs: number, random: () => number): number {
  return Math.max(floorMs, Math.round(ms * (0.8 + 0.4 * random())));
}

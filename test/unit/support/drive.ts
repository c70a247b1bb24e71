/** Drives a promise that mixes real loopback I/O with virtual-clock sleeps until it settles. */
import type { VirtualClock } from '../../../src/core/clock';

export async function drive<T>(clock: VirtualClock, p: Promise<T>, stepMs = 1000, maxSteps = 500): Promise<T> {
  let done = false;
  const tracked = p.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) {
    await new Promise((r) => setTimeout(r, 2)); // real time for sockets
    await clock.advance(stepMs);
  }
  return tracked;
}

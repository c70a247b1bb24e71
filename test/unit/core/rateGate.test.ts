/** The client-side request gate in virtual time: window, server headers, Retry-After, per-resource pace. */
import * as assert from 'node:assert/strict';
import { VirtualClock } from '../../../src/core/clock';
import { parseReset, RateGate } from '../../../src/core/rateGate';

/** Starts `n` acquisitions at once and records the virtual time each one got through. */
async function admit(clock: VirtualClock, gate: RateGate, n: number, pace?: (i: number) => string | undefined): Promise<number[]> {
  const times: number[] = [];
  const all = Promise.all(Array.from({ length: n }, (_, i) => gate.acquire({ pace: pace?.(i) }).then(() => times.push(clock.now()))));
  while (times.length < n) await clock.advance(100);
  await all;
  return times.sort((a, b) => a - b);
}

describe('RateGate', () => {
  it('lets at most `requests` through in any window, the rest as slots free up', async () => {
    const clock = new VirtualClock(0);
    const gate = new RateGate({ clock, requests: 10, windowMs: 60_000 });
    const times = await admit(clock, gate, 25);
    assert.equal(times.filter((t) => t === 0).length, 10);
    for (let i = 10; i < times.length; i++) assert.ok(times[i] - times[i - 10] >= 60_000, `request ${i} at ${times[i]}`);
  });

  it('waits while the server says nothing is left, until its ISO 8601 reset', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 5, 12, 8));
    const gate = new RateGate({ clock, requests: 100, windowMs: 60_000 });
    const reset = clock.now() + 20_000;
    gate.observe({ 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': new Date(reset).toISOString() }, clock.now());
    const start = clock.now();
    const times = await admit(clock, gate, 3);
    assert.deepEqual(times.slice(0, 2), [start, start], 'two left: two go at once');
    assert.ok(times[2] >= reset && times[2] < reset + 200, `the third waits for the reset (${times[2] - start} ms)`);
  });

  it('takes the lowest remaining of one server window (answers arrive out of order)', () => {
    const clock = new VirtualClock(0);
    const gate = new RateGate({ clock, requests: 100, windowMs: 60_000 });
    const reset = new Date(30_000).toISOString();
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 0);
    gate.observe({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }, 0);
    assert.equal(gate.nextFreeAt(0), 30_000);
  });

  it('honours a Retry-After pause', () => {
    const clock = new VirtualClock(0);
    const gate = new RateGate({ clock, requests: 100, windowMs: 60_000 });
    gate.pause(7_000, 1_000);
    assert.equal(gate.nextFreeAt(2_000), 8_000);
  });

  it('spaces requests with the same pace key, not others', async () => {
    const clock = new VirtualClock(0);
    const gate = new RateGate({ clock, requests: 100, windowMs: 60_000, paceMs: 5_000 });
    const times = await admit(clock, gate, 4, (i) => (i < 3 ? 'status:job_1' : 'status:job_2'));
    assert.deepEqual(times, [0, 0, 5_000, 10_000]);
  });

  it('reads X-RateLimit-Reset as ISO 8601, epoch seconds or ms, or seconds from now', () => {
    assert.equal(parseReset('2026-06-12T08:01:00.000Z', 0), Date.UTC(2026, 5, 12, 8, 1));
    assert.equal(parseReset('1781251260', 0), 1781251260_000);
    assert.equal(parseReset('1781251260000', 0), 1781251260_000);
    assert.equal(parseReset('30', 1000), 31_000);
    assert.equal(parseReset('soon', 0), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { DurationEstimate, NEAR_FINISH_MS, nextCheck, remainingFromProgress, trackProgress } from '../../../src/jobs/schedule';

const base = { floorMs: 3000, maxMs: 60_000, backoffMs: 12_000 };

describe('schedule: when to check a job next', () => {
  it('reads a rate from two progress readings; a drop (a retried attempt) starts again', () => {
    let t = trackProgress(undefined, { at: 0, percent: 10 });
    assert.equal(remainingFromProgress(t, 0), undefined, 'one reading says nothing about the pace');
    t = trackProgress(t, { at: 60_000, percent: 40 });
    assert.equal(remainingFromProgress(t, 60_000), 120_000);
    assert.equal(remainingFromProgress(t, 90_000), 90_000);
    t = trackProgress(t, { at: 70_000, percent: 0 });
    assert.equal(remainingFromProgress(t, 70_000), undefined);
  });

  it('from progress: halfway to the expected end, at least every 25 s, then near the end often', () => {
    const progress = { first: { at: 0, percent: 0 }, last: { at: 100_000, percent: 10 } }; // 900 s left
    assert.equal(nextCheck({ ...base, now: 100_000, progress }).delayMs, 25_000);
    const close = { first: { at: 0, percent: 0 }, last: { at: 90_000, percent: 90 } }; // 10 s left
    assert.equal(nextCheck({ ...base, now: 90_000, progress: close }).delayMs, NEAR_FINISH_MS);
    // Overdue by a minute: less often, but still within the cap.
    const d = nextCheck({ ...base, now: 160_000, progress: close }).delayMs;
    assert.ok(d > NEAR_FINISH_MS && d <= 25_000, `${d}`);
  });

  it('never under the floor: a provider floor above the near interval wins', () => {
    const close = { first: { at: 0, percent: 0 }, last: { at: 90_000, percent: 99 } };
    assert.equal(nextCheck({ ...base, floorMs: 10_000, now: 90_000, progress: close }).delayMs, 10_000);
  });

  it('from learned durations: rare before the shortest, close at the peak, sparse in the tails, backing off when overdue', () => {
    const d = new DurationEstimate();
    for (let i = 0; i < 40; i++) d.add(240_000 + i * 3000, 0); // 4:00 … 5:57, one every 3 s
    const at = (elapsed: number) => nextCheck({ ...base, durations: d, submittedAt: 0, now: elapsed });
    assert.equal(at(60_000).basis, 'learned');
    assert.ok(at(60_000).delayMs >= 40_000, `far: ${at(60_000).delayMs}`);
    assert.equal(at(300_000).delayMs, NEAR_FINISH_MS, 'at the peak');
    assert.ok(at(600_000).delayMs > at(300_000).delayMs, 'long overdue: less often');
    // Others finishing right now keep the window open even past the longest seen.
    d.add(360_000, 590_000);
    assert.equal(nextCheck({ ...base, durations: d, submittedAt: 0, now: 600_000 }).delayMs, NEAR_FINISH_MS);
  });

  it('without progress or history (or a start it cannot know): plain backoff', () => {
    assert.deepEqual(nextCheck({ ...base, now: 0 }), { delayMs: 12_000, basis: 'backoff' });
    const d = new DurationEstimate();
    for (let i = 0; i < 5; i++) d.add(100_000, 0);
    assert.equal(nextCheck({ ...base, now: 0, durations: d }).basis, 'backoff', 'a tracked job: its start is unknown');
  });

  it('interpolates quantiles and shares between samples', () => {
    const d = new DurationEstimate();
    [100, 200, 300, 400, 500].forEach((ms) => d.add(ms, 0));
    assert.equal(d.quantile(0.5), 300);
    assert.equal(d.quantile(0.125), 150);
    assert.equal(d.share(350), 0.625);
    assert.equal(d.share(50), 0);
    assert.equal(d.share(900), 1);
  });
});

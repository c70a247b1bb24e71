import * as assert from 'node:assert/strict';
import { nextInterval, withJitter } from '../../../src/jobs/backoff';
import { RateLimiter } from '../../../src/jobs/rateLimiter';

describe('backoff', () => {
  it('doubles from the floor to the cap (ProteinIQ: 5 → 10 → 20 → 30 s)', () => {
    const seq: number[] = [];
    let cur = 0;
    for (let i = 0; i < 5; i++) seq.push((cur = nextInterval(cur, 5000, 30000)));
    assert.deepEqual(seq, [5000, 10000, 20000, 30000, 30000]);
  });

  it('jitters ±20 % and never goes under the floor', () => {
    assert.equal(withJitter(10000, 5000, () => 0), 8000);
    assert.equal(withJitter(10000, 5000, () => 1), 12000);
    assert.equal(withJitter(5000, 5000, () => 0), 5000);
  });
});

describe('RateLimiter', () => {
  it('allows N requests per sliding window and says when the next slot frees', () => {
    const rl = new RateLimiter(3, 60_000);
    assert.ok(rl.tryTake(0));
    assert.ok(rl.tryTake(1000));
    assert.ok(rl.tryTake(2000));
    assert.equal(rl.tryTake(3000), false);
    assert.equal(rl.nextFreeAt(3000), 60_000);
    assert.ok(rl.tryTake(60_000));
    assert.equal(rl.tryTake(60_500), false);
    assert.equal(rl.nextFreeAt(60_500), 61_000);
  });
});

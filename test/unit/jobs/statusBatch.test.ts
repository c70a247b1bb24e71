import * as assert from 'node:assert/strict';
import { HttpStatusError } from '../../../src/core/errors';
import type { StatusUpdate } from '../../../src/providers/jobVocabulary';
import { statusIsolating } from '../../../src/jobs/statusBatch';

describe('statusIsolating', () => {
  const ok = (id: string): StatusUpdate => ({ status: 'running', rawStatus: `running ${id}` });

  it('splits a batch the API refuses because of one id, marks that id, and answers the others', async () => {
    const calls: string[][] = [];
    const out = await statusIsolating(['a', 'b', 'c', 'gone', 'e'], async (ids) => {
      calls.push([...ids]);
      if (ids.includes('gone')) throw new HttpStatusError('POST /optimise/status: HTTP 404', 404, undefined, undefined, '{"detail":"job gone not found"}');
      return new Map(ids.map((id) => [id, ok(id)]));
    });
    assert.deepEqual([...out.updates.keys()].sort(), ['a', 'b', 'c', 'e']);
    assert.deepEqual([...out.gone.keys()], ['gone']);
    assert.equal(out.gone.get('gone')?.body, '{"detail":"job gone not found"}');
    assert.ok(out.requests <= 1 + 2 * Math.ceil(Math.log2(5)), `${out.requests} requests`);
    assert.deepEqual(calls[0], ['a', 'b', 'c', 'gone', 'e']);
  });

  it('throws transient failures as they are (no bisection of an outage)', async () => {
    let calls = 0;
    await assert.rejects(
      statusIsolating(['a', 'b'], async () => {
        calls++;
        throw new HttpStatusError('HTTP 503', 503);
      }),
      /503/,
    );
    assert.equal(calls, 1);
  });
});

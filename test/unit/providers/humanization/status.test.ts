/** The humanization status mapping: one case per value the API can send, and what it must not guess. */
import * as assert from 'node:assert/strict';
import { mapHumanizationStatus } from '../../../../src/providers/humanization/status';
import { JOB_STATUSES } from '../../../emulators/humanization/lifecycle';

describe('mapHumanizationStatus', () => {
  const cases: [string, string][] = [
    ['pending', 'queued'],
    ['running', 'running'],
    ['completed', 'succeeded'],
    ['failed', 'failed'],
    ['canceled', 'cancelled'],
    ['cancelled', 'cancelled'],
    ['COMPLETED', 'succeeded'],
    [' Running ', 'running'],
    ['queued', 'unknown'],
    ['processing', 'unknown'],
    ['success', 'unknown'],
    ['error', 'unknown'],
    ['archived', 'unknown'],
    ['', 'unknown'],
    ['<img src=x onerror=alert(1)>', 'unknown'],
  ];
  for (const [raw, want] of cases) it(`maps ${JSON.stringify(raw)} to ${want}`, () => assert.equal(mapHumanizationStatus(raw), want));

  it('knows every status the emulator sends', () => {
    for (const s of JOB_STATUSES) assert.notEqual(mapHumanizationStatus(s), 'unknown', s);
  });
});

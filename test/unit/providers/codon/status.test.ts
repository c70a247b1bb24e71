import * as assert from 'node:assert/strict';
import { mapCodonStatus } from '../../../../src/providers/codon/status';

describe('mapCodonStatus', () => {
  const cases: [string, string][] = [
    ['pending', 'queued'],
    ['processing', 'running'],
    ['running', 'running'],
    ['success', 'succeeded'],
    ['error', 'failed'],
    ['SUCCESS', 'succeeded'],
    ['exploded', 'unknown'],
    ['', 'unknown'],
  ];
  for (const [raw, want] of cases) {
    it(`maps "${raw}" to ${want}`, () => assert.equal(mapCodonStatus(raw), want));
  }
});

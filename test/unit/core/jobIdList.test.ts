import * as assert from 'node:assert/strict';
import { readJobIds } from '../../../src/core/jobIdList';

describe('readJobIds', () => {
  it('reads one id per line, commas and spreadsheet columns, skipping comments and duplicates', () => {
    const text = '# exported from the lab sheet\r\n3c90c3cc-0d44-4b50-8888-8dd25736052a\r\n"4c90c3cc-0d44-4b50-8888-8dd25736052a", 5c90c3cc-0d44-4b50-8888-8dd25736052a\r\n\r\n3c90c3cc-0d44-4b50-8888-8dd25736052a\r\n';
    assert.deepEqual(readJobIds(text, 'ids.txt'), [
      { id: '3c90c3cc-0d44-4b50-8888-8dd25736052a', line: 1 },
      { id: '4c90c3cc-0d44-4b50-8888-8dd25736052a', line: 2 },
      { id: '5c90c3cc-0d44-4b50-8888-8dd25736052a', line: 2 },
    ]);
  });

  it('reads JSON arrays of strings or of job objects, and { jobs: [...] }', () => {
    assert.deepEqual(readJobIds('["a", "b"]', 'x.json').map((e) => e.id), ['a', 'b']);
    const objects = '{\n  "jobs": [\n    { "job_id": "j-1", "note": "x" },\n    { "id": "j-2" }\n  ]\n}';
    assert.deepEqual(readJobIds(objects, 'jobs.json'), [
      { id: 'j-1', line: 2 },
      { id: 'j-2', line: 3 },
    ]);
  });

  it('reads a JSON-looking file that is not JSON as text', () => {
    assert.deepEqual(readJobIds('[broken', 'x.json').map((e) => e.id), ['[broken']);
  });
});

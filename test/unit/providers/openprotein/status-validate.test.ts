import * as assert from 'node:assert/strict';
import { ValidationError } from '../../../../src/core/errors';
import { statusOf } from '../../../../src/providers/openprotein/provider';
import { mapOpenProteinStatus } from '../../../../src/providers/openprotein/status';
import { parseProteinSeeds, seedSequence } from '../../../../src/providers/openprotein/validate';

describe('mapOpenProteinStatus', () => {
  const cases: [string, string][] = [
    ['PENDING', 'queued'],
    ['RUNNING', 'running'],
    ['RETRYING', 'running'],
    ['SUCCESS', 'succeeded'],
    ['FAILURE', 'failed'],
    ['CANCELED', 'cancelled'],
    ['CANCELLED', 'cancelled'],
    ['success', 'succeeded'],
    ['SUSPENDED', 'unknown'],
  ];
  for (const [raw, want] of cases) it(`maps ${raw} to ${want}`, () => assert.equal(mapOpenProteinStatus(raw), want));

  it('keeps the raw text and the progress fields', () => {
    const s = statusOf({ job_id: 'j', status: 'RETRYING', progress_counter: 140, progress_message: 'retrying after a worker restart' });
    assert.deepEqual(s, { status: 'running', rawStatus: 'RETRYING', progress: { percent: 100, message: 'retrying after a worker restart' } });
    assert.equal(statusOf({ job_id: 'j', status: 'PENDING', progress_counter: null }).progress, undefined);
  });
});

describe('parseProteinSeeds', () => {
  const src = (text: string, fileName = 'seeds.fasta', lineOffset?: number) => ({ fileName, text, byteLength: text.length, lineOffset });

  it('makes one seed per record, ungapped and upper case (A3M)', () => {
    const out = parseProteinSeeds(src('>query\nMKV-LLaa.G\n>hom1 desc\nMKVLLG*\n', 'q.a3m'));
    assert.deepEqual(out.payload.seeds, [
      { name: 'query', sequence: 'MKVLLAAG' },
      { name: 'hom1', sequence: 'MKVLLG' },
    ]);
    assert.equal(out.summary, 'q.a3m: 2 protein sequences (6–8 aa)');
  });

  it('accepts a bare sequence named after the file', () => {
    const out = parseProteinSeeds(src('MALWMRLLPLLALLALWGPDPAAA\n', 'insulin.fasta'));
    assert.deepEqual(out.payload.seeds, [{ name: 'insulin', sequence: 'MALWMRLLPLLALLALWGPDPAAA' }]);
  });

  it('names a bad residue with its line and column, also in a bare sequence and a selection', () => {
    assert.throws(
      () => parseProteinSeeds(src('>p\nMKVL\nMK1L\n')),
      (e: unknown) => e instanceof ValidationError && /'1' at line 3, column 3/.test(e.message) && e.diagnostics[0].line === 2 && e.diagnostics[0].column === 2,
    );
    assert.throws(() => parseProteinSeeds(src('MKV#L\n', 'bare.fa')), (e: unknown) => e instanceof ValidationError && e.diagnostics[0].line === 0 && e.diagnostics[0].column === 3);
    assert.throws(() => parseProteinSeeds(src('>p\nMK@L\n', 'x.fa', 10)), (e: unknown) => e instanceof ValidationError && e.diagnostics[0].line === 11);
  });

  it('refuses an internal stop and a record of gaps only; warns on DNA', () => {
    assert.throws(() => parseProteinSeeds(src('>p\nMK*VL\n')), /Stop '\*' inside record "p" at line 2, column 3/);
    assert.throws(() => parseProteinSeeds(src('>p\n---..\n')), /no residues once gaps are removed/);
    const dna = parseProteinSeeds(src('>d\nATGGCTAGCTAGCTAGCTAGGCTAGCTAGCTAGGATC\n'));
    assert.match(dna.diagnostics?.[0].message ?? '', /looks like a nucleotide sequence/);
  });

  it('strips gaps and a terminal stop', () => {
    assert.equal(seedSequence('mk-v.l*'), 'MKVL');
  });
});

import * as assert from 'node:assert/strict';
import { ValidationError } from '../../../../src/core/errors';
import { statusOf } from '../../../../src/providers/openprotein/provider';
import { mapOpenProteinStatus } from '../../../../src/providers/openprotein/status';
import { parseOpenProteinSource as parseProteinSeeds, seedSequence } from '../../../../src/providers/openprotein/validate';

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

  it('makes an A3M one ready-made MSA job (issue 9: no longer one seed job per row)', () => {
    const out = parseProteinSeeds(src('>query\nMKV-LLaa.G\n>hom1 desc\nMKVLL-G*\n', 'q.a3m'));
    assert.equal(out.jobCount, 1);
    assert.deepEqual(out.payload, { kind: 'msa', name: 'q', format: 'a3m', rows: 2, columns: 7, upload: '>query\nMKV-LLaa.G\n>hom1 desc\nMKVLL-G\n' });
    assert.equal(out.summary, 'q.a3m: one ready-made MSA (A3M) of 2 sequences × 7 match columns, query "query"');
    assert.match(out.diagnostics[0].message, /terminal stop '\*' of 1 row \(first at line 4, column 8\) is not sent/);
  });

  it('makes several unaligned records one seed job each, upper case, and says so', () => {
    const out = parseProteinSeeds(src('>a\nMKVLLG\n>b desc\nmkvllaag\n'));
    assert.equal(out.jobCount, 2);
    assert.deepEqual(out.payload, { kind: 'seeds', seeds: [{ name: 'a', sequence: 'MKVLLG' }, { name: 'b', sequence: 'MKVLLAAG' }] });
    assert.equal(out.summary, 'seeds.fasta: 2 unaligned protein sequences (6–8 aa), one seed job each');
    assert.match(out.diagnostics[0].message, /^Record "b" is written in lower case/);
  });

  it('accepts a bare sequence named after the file', () => {
    const out = parseProteinSeeds(src('MALWMRLLPLLALLALWGPDPAAA\n', 'insulin.fasta'));
    assert.deepEqual(out.payload, { kind: 'seeds', seeds: [{ name: 'insulin', sequence: 'MALWMRLLPLLALLALWGPDPAAA' }] });
  });

  it('names a bad residue with its line and column, also in a bare sequence and a selection', () => {
    assert.throws(
      () => parseProteinSeeds(src('>p\nMKVL\nMK1L\n')),
      (e: unknown) => e instanceof ValidationError && /'1' at line 3, column 3/.test(e.message) && e.diagnostics[0].line === 2 && e.diagnostics[0].column === 2,
    );
    assert.throws(() => parseProteinSeeds(src('MKV#L\n', 'bare.fa')), (e: unknown) => e instanceof ValidationError && e.diagnostics[0].line === 0 && e.diagnostics[0].column === 3);
    assert.throws(() => parseProteinSeeds(src('>p\nMK@L\n', 'x.fa', 10)), (e: unknown) => e instanceof ValidationError && e.diagnostics[0].line === 11);
  });

  it('refuses an internal stop and gaps in a single seed (issue 9: gaps are no longer stripped silently); warns on DNA', () => {
    assert.throws(() => parseProteinSeeds(src('>p\nMK*VL\n')), /Stop '\*' inside record "p" at line 2, column 3/);
    assert.throws(() => parseProteinSeeds(src('>p\nMK-VL\n')), /Invalid amino acid '-' at line 2, column 3 in record "p": gaps belong in alignments/);
    const dna = parseProteinSeeds(src('>d\nATGGCTAGCTAGCTAGCTAGGCTAGCTAGCTAGGATC\n'));
    assert.match(dna.diagnostics?.[0].message ?? '', /looks like a nucleotide sequence/);
  });

  it('strips gaps and a terminal stop', () => {
    assert.equal(seedSequence('mk-v.l*'), 'MKVL');
  });
});

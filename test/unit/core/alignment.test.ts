import assert from 'node:assert/strict';
import { columnStats, conservation, insertionCount, parseAlignment, toA3m, toFasta } from '../../../src/core/alignment';
import { ValidationError } from '../../../src/core/errors';

/** Runs `fn`, expecting a ValidationError, and returns it for further checks. */
function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ValidationError');
}

const A3M = [
  '#3 1', // HH-suite's size line: not a record
  '>query seed sequence',
  'MKV-LA',
  '>hit1 E=1e-5',
  'MKaaV-LA', // two residues inserted before column 2
  '>hit2',
  'M-VALAcd', // insertion after the last column
  '>hit3',
  '..MKVALA', // '.' is an insertion too (A2M style)
  '',
].join('\n');

describe('core/alignment', () => {
  describe('parseAlignment: A3M', () => {
    it('keeps upper case and gaps as columns and cuts out lower-case insertions', () => {
      const aln = parseAlignment(A3M, { fileName: 'msa.a3m' });
      assert.equal(aln.format, 'a3m');
      assert.equal(aln.width, 6);
      assert.equal(aln.queryIndex, 0);
      assert.deepEqual(aln.names, ['query', 'hit1', 'hit2', 'hit3']);
      assert.deepEqual(aln.descriptions, ['seed sequence', 'E=1e-5', '', '']);
      assert.deepEqual(aln.rows, ['MKV-LA', 'MKV-LA', 'M-VALA', 'MKVALA']);
      assert.deepEqual(aln.insertions, [
        undefined,
        [{ before: 2, text: 'aa' }],
        [{ before: 6, text: 'cd' }],
        [{ before: 0, text: '..' }],
      ]);
      assert.equal(insertionCount(aln), 6);
    });

    it('recognises A3M content in a .fasta file by its insertions', () => {
      const aln = parseAlignment(A3M, { fileName: 'msa.fasta' });
      assert.equal(aln.format, 'a3m');
      assert.equal(aln.width, 6);
    });

    it('round-trips through toA3m with every insertion in place', () => {
      const aln = parseAlignment(A3M, { format: 'a3m' });
      const written = toA3m(aln);
      assert.equal(written, A3M.split('\n').slice(1).join('\n'));
      assert.deepEqual(parseAlignment(written, { format: 'a3m' }), aln);
    });

    it('reads wrapped records, Windows line breaks and a byte-order mark', () => {
      const aln = parseAlignment('\ufeff>q\r\nMKV\r\n-LA\r\n>h\r\nMKaV\r\n-LA\r\n', { format: 'a3m' });
      assert.deepEqual(aln.rows, ['MKV-LA', 'MKV-LA']);
      assert.deepEqual(aln.insertions?.[1], [{ before: 2, text: 'a' }]);
    });

    it('names the record, its line and both lengths when match columns differ', () => {
      const err = validationError(() => parseAlignment('>q\nMKVLA\n>ok\nMKaVLA\n>short\nMKcV\n', { format: 'a3m' }));
      assert.match(err.message, /sequence "short" \(line 5\) has 3 match columns/);
      assert.match(err.message, /first sequence "q" \(line 1\) has 5/);
      assert.deepEqual(err.diagnostics.map((d) => d.line), [4]);
    });
  });

  describe('parseAlignment: aligned FASTA', () => {
    it('reads equal-length rows with gaps, keeping case as written', () => {
      const aln = parseAlignment('>a first\nMK-VL\n>b\nmkAVL\n>c\nM..VL\n', { fileName: 'x.afa' });
      assert.equal(aln.format, 'fasta');
      assert.equal(aln.width, 5);
      assert.deepEqual(aln.rows, ['MK-VL', 'mkAVL', 'M..VL']);
      assert.equal(aln.insertions, undefined);
    });

    it('rejects unequal lengths with an error naming the record, its line and both lengths', () => {
      const err = validationError(() => parseAlignment('>a\nMKVLA\n>b\nMKVLA\n>odd one\nMKV\nL\n', { fileName: 'x.fasta' }));
      assert.equal(
        err.message,
        'All sequences of an alignment must have the same length: sequence "odd" (line 5) has 4 columns, but the first sequence "a" (line 1) has 5.',
      );
      assert.deepEqual(err.diagnostics[0], { line: 4, column: 0, endLine: 4, endColumn: 4, message: err.message, severity: 'error' });
    });

    it('hints at A3M when lower-case letters explain nothing', () => {
      const err = validationError(() => parseAlignment('>a\nMKVLA\n>b\nMKaVLAAA\n', { format: 'fasta' }));
      assert.match(err.message, /has 8 columns, but the first sequence "a" \(line 1\) has 5\. Lowercase letters suggest A3M/);
    });

    it('points at an invalid character with its line and column', () => {
      const err = validationError(() => parseAlignment('>a\nMKVLA\n>b\nMK\nV1LA\n'));
      assert.equal(err.message, "Sequence \"b\" has an invalid character '1' at line 5, column 2: alignments may contain only letters, '-', '.' and '*'.");
      assert.deepEqual(err.diagnostics.map((d) => [d.line, d.column]), [[4, 1]]);
    });

    it('rejects text without records, data before the first header and empty records', () => {
      assert.match(validationError(() => parseAlignment('\n\n')).message, /contains no sequences/);
      assert.match(validationError(() => parseAlignment('MKV\n>a\nMKV\n')).message, /line 1 has sequence data before the first '>' header/);
      assert.match(validationError(() => parseAlignment('>a\nMKV\n>b\n\n>c\nMKV\n')).message, /Sequence "b" \(line 3\) is empty/);
    });

    it('drops whitespace inside sequence lines', () => {
      assert.deepEqual(parseAlignment('>a\nMK VL\n>b\nMK\tVL \n').rows, ['MKVL', 'MKVL']);
    });

    it('writes FASTA 60 columns per line, dropping A3M insertions', () => {
      const long = 'A'.repeat(70);
      const aln = parseAlignment(`>q desc\n${long}\n>h\n${'A'.repeat(10)}xyz${'-'.repeat(60)}\n`, { format: 'a3m' });
      assert.equal(toFasta(aln), `>q desc\n${'A'.repeat(60)}\n${'A'.repeat(10)}\n>h\n${'A'.repeat(10)}${'-'.repeat(50)}\n${'-'.repeat(10)}\n`);
    });

    it('writes FASTA rows as A3M in upper case with "-" gaps, so nothing reads as an insertion', () => {
      const aln = parseAlignment('>a\nmk.VL\n>b\nMKAVL\n');
      const a3m = toA3m(aln);
      assert.equal(a3m, '>a\nMK-VL\n>b\nMKAVL\n');
      assert.deepEqual(parseAlignment(a3m, { format: 'a3m' }).rows, ['MK-VL', 'MKAVL']);
    });
  });

  describe('parseAlignment: Clustal', () => {
    const CLUSTAL = [
      'CLUSTAL W (1.83) multiple sequence alignment',
      '',
      '',
      'seq1      MKV-LA 5',
      'seq2      MKVALA 6',
      '          *** **',
      '',
      'seq1      GG',
      'seq2      G- 7',
      '          * ',
      '',
    ].join('\n');

    it('joins the blocks and ignores the conservation line and residue counts', () => {
      const aln = parseAlignment(CLUSTAL, { fileName: 'x.aln' });
      assert.equal(aln.format, 'clustal');
      assert.deepEqual(aln.names, ['seq1', 'seq2']);
      assert.deepEqual(aln.rows, ['MKV-LAGG', 'MKVALAG-']);
      assert.equal(aln.width, 8);
    });

    it('is recognised by its header whatever the file is called', () => {
      assert.equal(parseAlignment(CLUSTAL, { fileName: 'x.txt' }).format, 'clustal');
    });

    it('reports a block where a sequence is missing as unequal lengths', () => {
      const text = CLUSTAL.replace('seq2      G- 7\n', '');
      assert.match(validationError(() => parseAlignment(text)).message, /sequence "seq2" \(line 5\) has 6 columns, but the first sequence "seq1" \(line 4\) has 8/);
    });

    it('rejects a .aln file without the CLUSTAL header', () => {
      assert.match(validationError(() => parseAlignment('seq1 MKV\n', { fileName: 'x.aln' })).message, /first line must start with "CLUSTAL"/);
    });
  });

  describe('column statistics', () => {
    const aln = parseAlignment('>a\nMKVW-\n>b\nMKIW-\n>c\nMRVW-\n>d\nMK-Wa-\n', { format: 'a3m' });

    it('finds the consensus, identity and gap fraction per column', () => {
      const stats = columnStats(aln);
      assert.equal(stats.consensus, 'MKVW-');
      assert.deepEqual([...stats.identity], [1, 0.75, 0.5, 1, 0]);
      assert.deepEqual([...stats.gaps], [0, 0, 0.25, 0, 1]);
      assert.equal(stats.nucleotide, false);
    });

    it('scores an invariant column 1, an all-gap column 0 and a mixed column in between', () => {
      const c = conservation(aln);
      assert.equal(c[0], 1);
      assert.equal(c[4], 0);
      assert.ok(c[1] > c[2] && c[2] > 0, `${c[1]} > ${c[2]} > 0`);
    });

    it('names the residue a mostly-gap column agrees on, and "-" only for an all-gap column', () => {
      const stats = columnStats(parseAlignment('>a\nK-\n>b\n--\n>c\n--\n'));
      assert.equal(stats.consensus, 'K-');
      assert.deepEqual([...stats.gaps].map((g) => Math.round(g * 100)), [67, 100]);
    });

    it('counts lower-case FASTA residues like upper-case ones and detects nucleotides', () => {
      const dna = parseAlignment('>a\nacgt\n>b\nACGA\n');
      const stats = columnStats(dna);
      assert.equal(stats.consensus, 'ACGA');
      assert.equal(stats.identity[0], 1);
      assert.equal(stats.nucleotide, true);
    });
  });

  describe('at scale', () => {
    /** 10,000 × 1,000 A3M with gaps and insertions, deterministic. */
    function bigA3m(): string {
      const AA = 'ACDEFGHIKLMNPQRSTVWY';
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const query = Array.from({ length: 1000 }, () => AA[Math.floor(rnd() * 20)]);
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const row: string[] = [];
        for (let j = 0; j < 1000; j++) {
          const x = rnd();
          row.push(x < 0.15 ? '-' : x < 0.6 ? query[j] : AA[Math.floor(rnd() * 20)]);
          if (rnd() < 0.004) row.push('kd');
        }
        lines.push(`>seq${i} synthetic`, row.join(''));
      }
      return `${lines.join('\n')}\n`;
    }

    // Speed is measured by `npm run bench` (bench/msa.ts), not asserted here.
    it('reads 10,000 × 1,000 A3M and writes it back byte for byte', function () {
      this.timeout(60_000);
      const text = bigA3m();
      const aln = parseAlignment(text, { fileName: 'big.a3m' });
      assert.equal(aln.rows.length, 10_000);
      assert.equal(aln.width, 1000);
      assert.ok(insertionCount(aln) > 0);
      assert.equal(toA3m(aln), text);
      assert.equal(columnStats(aln).consensus.length, 1000);
    });
  });
});

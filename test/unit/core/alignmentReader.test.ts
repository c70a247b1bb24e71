import assert from 'node:assert/strict';
import { alignmentFromBatches, columnStats, parseAlignment, type Alignment } from '../../../src/core/alignment';
import { AlignmentReader, type ReaderOptions, type RowBatch } from '../../../src/core/alignmentReader';
import { ColumnCounts, LOGO_LETTERS } from '../../../src/core/alignmentStats';
import { ValidationError } from '../../../src/core/errors';

interface Read {
  aln: Alignment;
  batches: RowBatch[];
}

/** Feeds `text` to a reader in chunks cut at `cuts` (byte sizes, repeated), as a file arriving over the wire. */
function readChunked(text: string | Uint8Array, cuts: number[], options: Partial<ReaderOptions> = {}): Read {
  const batches: RowBatch[] = [];
  const reader = new AlignmentReader({ fileName: 'x.a3m', ...options, onBatch: (b) => batches.push(b) });
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = cuts[k % cuts.length];
    // A copy per chunk: the reader must not keep views of a chunk it was handed.
    reader.push(bytes.slice(i, i + n));
    i += n;
  }
  const summary = reader.end();
  return { aln: alignmentFromBatches(summary.format, summary.width, batches), batches };
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ValidationError');
}

/** Wrapped records, insertions across line breaks, '.', a comment line, CRLF, names with UTF-8. */
const A3M = [
  '#2 1',
  '>query seed é',
  'MKV-LA',
  'GG',
  '>hit1 E=1e-5',
  'MKaa',
  'aV-LAGG',
  '>hitβ',
  '..MKVALAGGcd',
  '>hit3 x',
  'MK VA LA G G',
  '',
].join('\r\n');

describe('core/alignmentReader (streaming)', () => {
  it('reads the same alignment however the bytes are cut into chunks', () => {
    const whole = parseAlignment(A3M, { fileName: 'x.a3m' });
    assert.deepEqual(whole.rows, ['MKV-LAGG', 'MKV-LAGG', 'MKVALAGG', 'MKVALAGG']);
    assert.deepEqual(whole.names, ['query', 'hit1', 'hitβ', 'hit3']);
    assert.deepEqual(whole.descriptions, ['seed é', 'E=1e-5', '', 'x']);
    assert.deepEqual(whole.insertions, [undefined, [{ before: 2, text: 'aaa' }], [{ before: 0, text: '..' }, { before: 8, text: 'cd' }], undefined]);
    for (const cuts of [[1], [2], [3, 1], [7], [13, 2, 5], [1 << 20]]) {
      assert.deepEqual(readChunked(A3M, cuts).aln, whole, `chunks of ${cuts.join(',')}`);
    }
  });

  it('reads random A3M as written: insertions anywhere (line ends, chunk ends), wrapped lines, CRLF, whole lines in one chunk', () => {
    // An independent oracle: the rows and insertions the text was built from.
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const pick = (s: string) => s[Math.floor(rnd() * s.length)];
    for (let trial = 0; trial < 300; trial++) {
      const width = 1 + Math.floor(rnd() * 70);
      const rows: string[] = [];
      const insertions: (Alignment['insertions'] & object)[number][] = [];
      const lines: string[] = [];
      const count = 2 + Math.floor(rnd() * 6);
      for (let r = 0; r < count; r++) {
        let row = '';
        let written = '';
        const ins: { before: number; text: string }[] = [];
        for (let c = 0; c <= width; c++) {
          if (r > 0 && rnd() < 0.1) {
            const text = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick('acdefghiklmnpqrstvwy.')).join('');
            ins.push({ before: c, text });
            written += text;
          }
          if (c === width) break;
          const b = pick('ACDEFGHIKLMNPQRSTVWY--*');
          row += b;
          written += b;
        }
        rows.push(row);
        insertions.push(ins.length ? ins : undefined);
        lines.push(`>s${r} d`);
        const wrap = rnd() < 0.3 ? 1 + Math.floor(rnd() * 12) : written.length;
        for (let at = 0; at < written.length; at += wrap) lines.push(written.slice(at, at + wrap));
      }
      const text = lines.join(rnd() < 0.3 ? '\r\n' : '\n') + '\n';
      for (const cuts of [[1 << 20], [1 + Math.floor(rnd() * 40)], [3, 1]]) {
        const { aln } = readChunked(text, cuts, { batchBytes: 1 + Math.floor(rnd() * 300) });
        assert.deepEqual(aln.rows, rows, `trial ${trial}, chunks of ${cuts.join(',')}`);
        assert.deepEqual(aln.insertions, insertions, `trial ${trial}, chunks of ${cuts.join(',')}`);
      }
    }
  });

  it('reads A3M the same wherever one or two chunk ends fall: insertions at row start and end, across a line break, "." gaps, CRLF', () => {
    // Every cut position (and pairs of them) lands inside an insertion run, a match run, a CRLF,
    // a header or between lines at some point.
    const text = [
      '>query seed',
      'MKVLAGGHHW-RTA',
      '>start lower case first',
      'mkMKVLAGGHHW-RTA',
      '>end lower case last',
      'MKVLAGGHHW-RTAqq',
      '>dots and a run across the line break',
      'MK..VLAgg',
      'ggGGHHW-R.TA',
      '>crlf',
      'MKVLAGGHHWyy-RTA\r',
      '>  leading space  here  ',
      'M-VLAG-HHW-RTA',
      '',
    ].join('\n');
    const rows = ['MKVLAGGHHW-RTA', 'MKVLAGGHHW-RTA', 'MKVLAGGHHW-RTA', 'MKVLAGGHHW-RTA', 'MKVLAGGHHW-RTA', 'M-VLAG-HHW-RTA'];
    const insertions = [
      undefined,
      [{ before: 0, text: 'mk' }],
      [{ before: 14, text: 'qq' }],
      [
        { before: 2, text: '..' },
        { before: 5, text: 'gggg' },
        { before: 12, text: '.' },
      ],
      [{ before: 10, text: 'yy' }],
      undefined,
    ];
    const check = (aln: Alignment, what: string) => {
      assert.deepEqual(aln.rows, rows, what);
      assert.deepEqual(aln.insertions, insertions, what);
      assert.deepEqual(aln.names, ['query', 'start', 'end', 'dots', 'crlf', 'leading'], what);
      assert.deepEqual(aln.descriptions, ['seed', 'lower case first', 'lower case last', 'and a run across the line break', '', 'space  here'], what);
    };
    const bytes = new TextEncoder().encode(text);
    for (let a = 1; a < bytes.length; a++) {
      const two = readChunked(bytes, [a, bytes.length], { batchBytes: 14 * 2 }).aln;
      check(two, `cut at ${a}`);
      for (let b = a + 1; b < bytes.length; b += 7) {
        const reader = new AlignmentReader({ fileName: 'x.a3m', batchBytes: 14 * 2, onBatch: (batch) => batches.push(batch) });
        const batches: RowBatch[] = [];
        // Views at odd offsets of a larger buffer: chunks without an aligned word view.
        const shifted = new Uint8Array(bytes.length + 1);
        shifted.set(bytes, 1);
        reader.push(shifted.subarray(1, 1 + a));
        reader.push(shifted.subarray(1 + a, 1 + b));
        reader.push(shifted.subarray(1 + b));
        const summary = reader.end();
        check(alignmentFromBatches(summary.format, summary.width, batches), `cuts at ${a} and ${b}, unaligned`);
      }
    }
  });

  it('hands over rows with the right headers when flushed in the middle of a header or a row', () => {
    const enc = new TextEncoder();
    const batches: RowBatch[] = [];
    const reader = new AlignmentReader({ fileName: 'x.a3m', onBatch: (b) => batches.push(b) });
    reader.push(enc.encode('>q first\nMKVLA\n>h1 sec'));
    reader.flush();
    reader.push(enc.encode('ond one\nMKaaVLA\n>h2 third\nMK'));
    reader.flush();
    reader.push(enc.encode('VccLA\n>  h3\n'));
    reader.flush();
    reader.push(enc.encode('MKVLA\n'));
    const summary = reader.end();
    assert.deepEqual(
      batches.map((b) => b.count),
      [1, 1, 1, 1],
      'each flush hands over the complete rows only',
    );
    const aln = alignmentFromBatches(summary.format, summary.width, batches);
    assert.deepEqual(aln.names, ['q', 'h1', 'h2', 'h3']);
    assert.deepEqual(aln.descriptions, ['first', 'second one', 'third', '']);
    assert.deepEqual(aln.rows, ['MKVLA', 'MKVLA', 'MKVLA', 'MKVLA']);
    assert.deepEqual(aln.insertions, [undefined, [{ before: 2, text: 'aa' }], [{ before: 3, text: 'cc' }], undefined]);
  });

  it("keeps a row's insertions whole when it is flushed in the middle, at every byte, and with batches of any size", () => {
    // A3M rows after the query write their insertions straight into the batch's lists: a flush
    // in the middle of a row must hand over only complete rows and carry the row's insertions so
    // far into the next batch (their text offsets included).
    const text = '>q\nMKVLAGGHHW\n>h1\nMKaaVLcAGGdeHHWf\n>h2\nggMKVLAGGHHW\n>h3\nMK\nVLAhhGGHHW\n>h4\nMKVLAGGHHWx\n';
    const expected = parseAlignment(text, { fileName: 'x.a3m' });
    assert.deepEqual(expected.insertions, [
      undefined,
      [{ before: 2, text: 'aa' }, { before: 4, text: 'c' }, { before: 7, text: 'de' }, { before: 10, text: 'f' }],
      [{ before: 0, text: 'gg' }],
      [{ before: 5, text: 'hh' }],
      [{ before: 10, text: 'x' }],
    ]);
    const bytes = new TextEncoder().encode(text);
    for (const batchBytes of [10, 20, 1 << 20]) {
      for (let a = 1; a < bytes.length; a++) {
        for (const step of [1, 5]) {
          const batches: RowBatch[] = [];
          const reader = new AlignmentReader({ fileName: 'x.a3m', batchBytes, onBatch: (b) => batches.push(b) });
          reader.push(bytes.slice(0, a));
          reader.flush();
          for (let i = a; i < bytes.length; i += step) {
            reader.push(bytes.slice(i, i + step));
            reader.flush();
          }
          const summary = reader.end();
          const aln = alignmentFromBatches(summary.format, summary.width, batches);
          const label = `batch ${batchBytes}, first cut at ${a}, then every ${step}`;
          assert.deepEqual(aln.rows, expected.rows, label);
          assert.deepEqual(aln.insertions, expected.insertions, label);
          assert.equal(summary.insertedResidues, 11, label);
        }
      }
    }
  });

  it('ends a name at the first whitespace byte however long the header and wherever it is cut', () => {
    const long = 'n'.repeat(300);
    const cases: [string, string, string][] = [
      [`${long} desc`, long, 'desc'],
      [`${long}\tdesc`, long, 'desc'],
      [`ab\x0bc d`, 'ab', 'c d'],
      [`a\x01b\fc`, 'a\x01b', 'c'],
      [`  ${long}x  y  `, `${long}x`, 'y'],
      [`${'m'.repeat(255)} ${long}`, 'm'.repeat(255), long],
      [`${'m'.repeat(256)} d`, 'm'.repeat(256), 'd'],
      [long, long, ''],
      ['', '', ''],
    ];
    for (const [header, name, description] of cases) {
      const text = `>q\nMKV\n>${header}\r\nMKV\n`;
      for (const cuts of [[1 << 20], [1], [7], [260, 3], [100]]) {
        const { aln } = readChunked(text, cuts);
        const label = `${JSON.stringify(header.slice(0, 12))}… (${header.length} bytes), cuts ${cuts.join(',')}`;
        assert.equal(aln.names[1], name, label);
        assert.equal(aln.descriptions[1], description, label);
      }
    }
  });

  it('names the record, line and column of a bad byte after an insertion, and a row too long after insertions, wherever chunks end', () => {
    const bad = '>q\nMKVLAGG\n>h1\nMKaVLAGG\n>h2 x\nMKVccLA\nG*G1\n';
    const tooLong = '>q\nMKVLAGG\n>h1\nMKaVLAGG\n>h2 x\nMKVccLAGG\nGa\n>h3\nMKVLAGG\n';
    for (let a = 1; a < bad.length; a++) {
      const err = errorOf(() => readChunked(bad, [a, bad.length]));
      assert.equal(err.message, "Sequence \"h2\" has an invalid character '1' at line 7, column 4: alignments may contain only letters, '-', '.' and '*'.", `cut at ${a}`);
      assert.deepEqual(err.diagnostics.map((d) => [d.line, d.column]), [[6, 3]]);
    }
    for (let a = 1; a < tooLong.length; a++) {
      const err = errorOf(() => readChunked(tooLong, [a, tooLong.length], { batchBytes: 7 }));
      assert.match(err.message, /sequence "h2" \(line 5\) has 8 match columns .* but the first sequence "q" \(line 1\) has 7/, `cut at ${a}`);
    }
  });

  it('stores A3M match runs word by word up to the row end exactly: insertions at every offset, one row per batch, chunks at any address', () => {
    // An A3M line's words are stored into the row as they are read (a 4-byte store may start at
    // any place in the row): each row must end exactly at its width even when it is the last of
    // a batch's buffer, and a row too long must be the length error, not a write past the batch.
    const query = 'MKVLAGGHHW-RT';
    for (let width = 1; width <= 13; width++) {
      const q = query.slice(0, width);
      for (let at = 0; at <= width; at++) {
        for (let len = 1; len <= 4; len++) {
          const ins = 'acdef'.slice(0, len);
          const written = q.slice(0, at) + ins + q.slice(at);
          const text = `>q\n${q}\n>h\n${written}\n>h2\n${q.slice(0, width - at)}${ins}${q.slice(width - at)}\n`;
          const bytes = new TextEncoder().encode(text);
          for (const offset of [0, 3]) {
            // Chunks at an address that is not a multiple of 4 have no word view: the byte path.
            const padded = new Uint8Array(bytes.length + offset);
            padded.set(bytes, offset);
            for (const batchBytes of [width, 1 << 20]) {
              const batches: RowBatch[] = [];
              const reader = new AlignmentReader({ fileName: 'x.a3m', batchBytes, onBatch: (b) => batches.push(b) });
              reader.push(padded.subarray(offset));
              const summary = reader.end();
              const aln = alignmentFromBatches(summary.format, summary.width, batches);
              const label = `width ${width}, insertion ${ins} before ${at}, offset ${offset}, batch ${batchBytes}`;
              assert.deepEqual(aln.rows, [q, q, q], label);
              assert.deepEqual(aln.insertions, [undefined, [{ before: at, text: ins }], [{ before: width - at, text: ins }]], label);
            }
          }
          // One to four match columns too many, at the end of the last row of a one-row batch.
          const tooLong = `>q\n${q}\n>h\n${written}${'ACDEF'.slice(0, len)}\n`;
          for (const cuts of [[1 << 20], [4], [3]]) {
            const err = errorOf(() => readChunked(tooLong, cuts, { batchBytes: width }));
            assert.match(err.message, new RegExp(`sequence "h" \\(line 3\\) has ${width + len} match columns`), `width ${width}, ${len} too many`);
          }
        }
      }
    }
  });

  it('splits a multi-byte character or the byte-order mark across chunks without harm', () => {
    const text = `\ufeff>naïve_名前 déjà\nMKV\n>b\nMKV\n`;
    for (const cuts of [[1], [2], [4, 1]]) {
      const { aln } = readChunked(text, cuts, { fileName: 'x.fasta' });
      assert.deepEqual(aln.names, ['naïve_名前', 'b']);
      assert.deepEqual(aln.descriptions, ['déjà', '']);
    }
  });

  it('hands over full batches as it goes, a small first batch, and the rest on flush or end', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `>s${i}\nMKVLA\n`).join('');
    const { batches } = readChunked(rows, [9], { batchBytes: 5 * 8, firstBatchRows: 3 });
    assert.deepEqual(
      batches.map((b) => [b.first, b.count]),
      [[0, 3], [3, 8], [11, 8], [19, 6]],
    );
    assert.ok(batches.every((b) => b.residues.length === b.count * 5), 'no unused capacity is handed over');

    const flushed: RowBatch[] = [];
    const reader = new AlignmentReader({ fileName: 'x.fasta', onBatch: (b) => flushed.push(b) });
    reader.push(new TextEncoder().encode('>a\nMKV\n>b\nMK'));
    reader.flush();
    assert.deepEqual(flushed.map((b) => b.count), [1], 'only complete rows: b is still being read');
    reader.push(new TextEncoder().encode('V\n'));
    reader.end();
    assert.deepEqual(flushed.map((b) => [b.first, b.count]), [[0, 1], [1, 1]]);
    assert.equal(new TextDecoder().decode(flushed[1].residues), 'MKV');
  });

  it('a .fasta file turns out to be A3M at the first row with insertions, after rows were handed over', () => {
    const text = '>q\nMKVLA\n>h1\nMKVLA\n>h2\nMKaVLA\n>h3\nMK-LA\n';
    const { aln, batches } = readChunked(text, [4], { fileName: 'x.fasta', batchBytes: 5, firstBatchRows: 1 });
    assert.equal(aln.format, 'a3m');
    assert.deepEqual(aln.rows, ['MKVLA', 'MKVLA', 'MKVLA', 'MK-LA']);
    assert.deepEqual(aln.insertions, [undefined, undefined, [{ before: 2, text: 'a' }], undefined]);
    assert.equal(batches[0].insertions, undefined, 'rows before the decision carry no insertion lists');
  });

  it('keeps lower case as residues in FASTA when rows are as long as the query', () => {
    const { aln } = readChunked('>q\nMKVLA\n>h\nmk\nvLA\n>h2\nMK.LA\n', [3], { fileName: 'x.afa' });
    assert.equal(aln.format, 'fasta');
    assert.deepEqual(aln.rows, ['MKVLA', 'mkvLA', 'MK.LA']);
  });

  it('points at an invalid character on its line and column even when the line spans chunks', () => {
    const text = '>a\nMKVLA\n>b\nMKV\nLAMK1L\n';
    for (const cuts of [[1], [3], [100]]) {
      const err = errorOf(() => readChunked(text, cuts, { fileName: 'x.fasta' }));
      assert.equal(err.message, "Sequence \"b\" has an invalid character '1' at line 5, column 5: alignments may contain only letters, '-', '.' and '*'.");
      assert.deepEqual(err.diagnostics.map((d) => [d.line, d.column]), [[4, 4]]);
    }
    assert.match(errorOf(() => readChunked('>a\nMKé\n', [2], { fileName: 'x.fasta' })).message, /invalid character U\+00E9 at line 2, column 3/);
  });

  it('reads Clustal, whose rows are complete only at the end, from chunks', () => {
    const text = 'CLUSTAL W\n\nseq1  MKV-LA 5\nseq2  MKVALA 6\n      *** **\n\nseq1  GG\nseq2  G-\n';
    const { aln } = readChunked(text, [3], { fileName: 'x.aln' });
    assert.equal(aln.format, 'clustal');
    assert.deepEqual(aln.rows, ['MKV-LAGG', 'MKVALAG-']);
  });

  it('reports a file without sequences, and an empty one', () => {
    assert.match(errorOf(() => readChunked('', [1])).message, /contains no sequences/);
    assert.match(errorOf(() => readChunked('\n\n# nothing\n', [1], { fileName: 'x.fasta' })).message, /contains no sequences/);
  });

  it('counts columns batch by batch to the same statistics as the whole alignment, with a logo', () => {
    const text = '>a\nMKVW-\n>b\nMKIW-\n>c\nMRVW-\n>d\nMK-Wa-\n';
    const { aln, batches } = readChunked(text, [5], { batchBytes: 10, firstBatchRows: 1 });
    const counts = new ColumnCounts(aln.width);
    for (const b of batches) counts.addRows(b.residues, b.count);
    const stats = counts.stats();
    const whole = columnStats(aln);
    assert.equal(stats.consensus, 'MKVW-');
    assert.deepEqual(stats, whole);
    assert.equal(stats.rows, 4);
    // Column 1 is all M: its whole stack is M; column 5 is all gaps: no stack.
    const stack = (col: number) => Array.from(stats.logo.subarray(col * LOGO_LETTERS, (col + 1) * LOGO_LETTERS));
    assert.ok(stack(0)[12] > 0 && stack(0).every((h, l) => l === 12 || h === 0));
    assert.ok(stack(4).every((h) => h === 0));
    assert.ok(stack(1)[10] > stack(1)[17], 'K (3 of 4) above R (1 of 4)');
  });
});

import assert from 'node:assert/strict';
import {
  checkAlphabet,
  describeCharacter,
  IUPAC_NUCLEOTIDE,
  IUPAC_PROTEIN,
  IUPAC_PROTEIN_ALIGNED,
  locateResidue,
  nucleotideAlphabet,
  parseFasta,
} from '../../../src/core/fasta';

describe('core/fasta', () => {
  describe('parseFasta', () => {
    it('reads ids, descriptions, sequences and the lines they came from', () => {
      const { records, diagnostics } = parseFasta('>gene1 first gene\nATGAAA\nTTTTAA\n>gene2\nATGTAA\n');
      assert.deepEqual(diagnostics, []);
      assert.equal(records.length, 2);
      assert.equal(records[0].id, 'gene1');
      assert.equal(records[0].description, 'first gene');
      assert.equal(records[0].sequence, 'ATGAAATTTTAA');
      assert.equal(records[0].headerLine, 0);
      assert.deepEqual(records[0].sequenceLines, [
        { line: 1, column: 0, text: 'ATGAAA', residueStart: 0 },
        { line: 2, column: 0, text: 'TTTTAA', residueStart: 6 },
      ]);
      assert.equal(records[1].id, 'gene2');
      assert.equal(records[1].description, '');
      assert.equal(records[1].headerLine, 3);
    });

    it('counts lines the same way with CRLF line endings', () => {
      const { records, diagnostics } = parseFasta('>a\r\nACGT\r\n\r\nGGCC\r\n');
      assert.deepEqual(diagnostics, []);
      assert.equal(records[0].sequence, 'ACGTGGCC');
      assert.deepEqual(
        records[0].sequenceLines.map((l) => [l.line, l.text]),
        [
          [1, 'ACGT'],
          [3, 'GGCC'],
        ],
      );
      assert.deepEqual(locateResidue(records[0], 5), { line: 3, column: 1 });
    });

    it('skips blank lines and ; comments', () => {
      const { records, diagnostics } = parseFasta('; made by hand\n\n>a\n; inline note\nAC\n\nGT\n');
      assert.deepEqual(diagnostics, []);
      assert.equal(records.length, 1);
      assert.equal(records[0].sequence, 'ACGT');
      assert.equal(records[0].headerLine, 2);
    });

    it('removes whitespace inside sequence lines but keeps residue columns exact', () => {
      const { records } = parseFasta('>a\n  ATG AAA\tTTT\n');
      const record = records[0];
      assert.equal(record.sequence, 'ATGAAATTT');
      assert.equal(record.sequenceLines[0].column, 2);
      assert.deepEqual(locateResidue(record, 0), { line: 1, column: 2 });
      assert.deepEqual(locateResidue(record, 3), { line: 1, column: 6 }); // after the space
      assert.deepEqual(locateResidue(record, 6), { line: 1, column: 10 }); // after the tab
    });

    it('reports sequence data before the first header at its line, once', () => {
      const { records, diagnostics } = parseFasta('ACGT\nACGT\n>a\nACGT\n');
      assert.equal(records.length, 1);
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].severity, 'error');
      assert.equal(diagnostics[0].line, 0);
      assert.match(diagnostics[0].message, /^Sequence data at line 1 comes before any '>' header/);
    });

    it('reports a header with no sequence as an error at the header', () => {
      const { records, diagnostics } = parseFasta('>a\nACGT\n>b empty\n\n');
      assert.equal(records.length, 2);
      assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.line, d.message]),
        [['error', 2, 'Record "b" at line 3 has no sequence']],
      );
    });

    it('warns about duplicate ids, pointing at the repeat', () => {
      const { diagnostics } = parseFasta('>a\nAC\n>a\nGT\n');
      assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.line, d.message]),
        [['warning', 2, 'Duplicate record id "a" at line 3 (first used at line 1)']],
      );
    });

    it('applies a selection line offset to every line', () => {
      const { records, diagnostics } = parseFasta('>a\nAC\n>b\n', { lineOffset: 10 });
      assert.equal(records[0].headerLine, 10);
      assert.equal(records[0].sequenceLines[0].line, 11);
      assert.equal(diagnostics[0].line, 12);
      assert.match(diagnostics[0].message, /at line 13 has no sequence/);
    });

    it('ignores a byte order mark', () => {
      const { records, diagnostics } = parseFasta('\ufeff>a\nAC\n');
      assert.deepEqual(diagnostics, []);
      assert.equal(records[0].id, 'a');
    });

    it('returns nothing for empty text', () => {
      assert.deepEqual(parseFasta(''), { records: [], diagnostics: [] });
    });
  });

  describe('checkAlphabet', () => {
    it('names the invalid residue, its line and column, and the record', () => {
      const { records } = parseFasta('>gene1\nATGAAACCCGGGTT\nATGAAACCCGGGTJAA\n');
      const diagnostics = checkAlphabet(records[0], IUPAC_NUCLEOTIDE);
      assert.equal(diagnostics.length, 1);
      const [d] = diagnostics;
      assert.equal(d.message, `Invalid nucleotide 'J' at line 3, column 14 in record "gene1" (allowed: IUPAC nucleotide)`);
      assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity], [2, 13, 2, 14, 'error']);
    });

    it('accepts lower case and every IUPAC nucleotide code', () => {
      const { records } = parseFasta('>a\nacgtuRYSWKMBDHVN\n');
      assert.deepEqual(checkAlphabet(records[0], IUPAC_NUCLEOTIDE), []);
    });

    it('rejects gaps in nucleotides unless allowed, saying why', () => {
      const { records } = parseFasta('>a\nAC-GT\n');
      const [d] = checkAlphabet(records[0], IUPAC_NUCLEOTIDE);
      assert.match(d.message, /^Invalid nucleotide '-' at line 2, column 3 in record "a": alignment gaps are not allowed here/);
      assert.deepEqual(checkAlphabet(records[0], nucleotideAlphabet({ allowGaps: true })), []);
    });

    it('reports the first few invalid characters and counts the rest', () => {
      const { records } = parseFasta('>p\nMKTAYIAKQRQISFVKSHFSRQ\n');
      const diagnostics = checkAlphabet(records[0], IUPAC_NUCLEOTIDE, { maxReported: 3 });
      assert.equal(diagnostics.length, 4);
      // Invalid as nucleotides: I Q Q I F F Q (M K T A Y R S V H are IUPAC codes).
      assert.match(diagnostics[0].message, /^Invalid nucleotide 'I' at line 2, column 6/);
      assert.equal(diagnostics[3].message, '…and 4 more invalid characters in record "p" (7 in total; allowed: IUPAC nucleotide)');
      assert.deepEqual([diagnostics[3].line, diagnostics[3].column], [1, 11]);
    });

    it('checks proteins, with gaps only in the aligned alphabet', () => {
      const { records } = parseFasta('>p\nMKT-AYBZXUO*\n');
      const [d] = checkAlphabet(records[0], IUPAC_PROTEIN);
      assert.match(d.message, /^Invalid amino acid '-' at line 2, column 4 in record "p"/);
      assert.deepEqual(checkAlphabet(records[0], IUPAC_PROTEIN_ALIGNED), []);
      const { records: bad } = parseFasta('>q\nMKJ\n');
      assert.match(checkAlphabet(bad[0], IUPAC_PROTEIN)[0].message, /^Invalid amino acid 'J' at line 2, column 3/);
    });

    it('points into CRLF files and selections correctly', () => {
      const { records } = parseFasta('>a\r\nACGT\r\nAC1T\r\n', { lineOffset: 4 });
      const [d] = checkAlphabet(records[0], IUPAC_NUCLEOTIDE);
      assert.deepEqual([d.line, d.column], [6, 2]);
      assert.match(d.message, /'1' at line 7, column 3/);
    });
  });

  describe('describeCharacter', () => {
    it('makes invisible and non-ASCII characters recognisable', () => {
      assert.equal(describeCharacter('J'), "'J'");
      assert.equal(describeCharacter(' '), "' ' (space)");
      assert.equal(describeCharacter('\u0007'), 'U+0007');
      assert.equal(describeCharacter('é'), "'é' (U+00E9)");
    });
  });
});

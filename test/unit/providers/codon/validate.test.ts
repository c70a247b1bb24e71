import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError, type SourceDiagnostic } from '../../../../src/core/errors';
import type { SourceText } from '../../../../src/providers/types';
import { jobNameFromId } from '../../../../src/core/jobName';
import { parseCodonSource } from '../../../../src/providers/codon/validate';

// Compiled to out/test/unit/providers/codon/, so the repository root is five levels up.
const EXAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'examples');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

function source(fileName: string, text: string, lineOffset?: number): SourceText {
  return { fileName, text, byteLength: Buffer.byteLength(text), lineOffset };
}

function rejection(input: SourceText): ValidationError {
  try {
    parseCodonSource(input);
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected parseCodonSource to throw');
}

const errors = (diagnostics: readonly SourceDiagnostic[]) => diagnostics.filter((d) => d.severity === 'error');
const at = (d: SourceDiagnostic) => [d.line, d.column];

/** A well-formed request body; tests change one thing at a time. */
function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'egfp_test',
    sequence: [
      { sequence: 'TAATACGACTCACTATAGGG', featureType: 'promoter' },
      { sequence: 'ATGAAATTTGGGTAA', featureType: 'gene_of_interest' },
      { sequence: 'AAAAAAAAAA', featureType: 'poly_a_tail' },
    ],
    fitness_list: [{ name: 'gc_content', min: 40, max: 60 }],
    ...overrides,
  };
}
const json = (body: unknown) => JSON.stringify(body, null, 2) + '\n';

describe('providers/codon/validate', () => {
  describe('FASTA', () => {
    it('accepts a real CDS (examples/gene.fna, EGFP 720 nt)', () => {
      const parsed = parseCodonSource(source('examples/gene.fna', example('gene.fna')));
      assert.equal(parsed.kind, 'fasta');
      assert.equal(parsed.summary, 'gene.fna: "EGFP" 720 nt (240 codons)');
      assert.deepEqual(parsed.diagnostics, []);
      assert.equal(parsed.payload.kind, 'fasta');
      if (parsed.payload.kind !== 'fasta') return;
      assert.equal(parsed.payload.name, 'EGFP');
      assert.equal(parsed.payload.sequence.length, 720);
      assert.match(parsed.payload.sequence, /^ATGGTGAGCAAG[ACGT]+TAA$/);
    });

    it('normalises case and U to T, and derives a safe job name from the id', () => {
      const parsed = parseCodonSource(source('mrna.fa', '>sp|P42212|GFP_AEQVI some protein\naugaaauaa\n'));
      assert.deepEqual(parsed.payload, { kind: 'fasta', name: 'sp_P42212_GFP_AEQVI', sequence: 'ATGAAATAA' });
    });

    it('rejects two records, pointing at the second header (examples/two-genes.fasta)', () => {
      const err = rejection(source('two-genes.fasta', example('two-genes.fasta')));
      assert.equal(
        err.message,
        'two-genes.fasta has 2 sequences; codon optimisation takes one coding sequence per job (the second, "mCherry", starts at line 14). Select one record and use Submit Selection.',
      );
      assert.equal(err.diagnostics.length, 1);
      assert.deepEqual(at(err.diagnostics[0]), [13, 0]);
    });

    it('names a wrong residue with its line and column (examples/bad-residue.fna)', () => {
      const err = rejection(source('bad-residue.fna', example('bad-residue.fna')));
      assert.equal(err.message, `Invalid nucleotide 'J' at line 3, column 14 in record "EGFP" (allowed: A, C, G, T or U)`);
      assert.deepEqual(err.diagnostics.map(at), [[2, 13]]);
    });

    it('gives a specific error for IUPAC ambiguity codes', () => {
      const err = rejection(source('gene.fna', '>g\nATGNNNTAA\n'));
      assert.equal(
        err.diagnostics[0].message,
        `Invalid nucleotide 'N' at line 2, column 4 in record "g": 'N' is an IUPAC ambiguity code (any base); codon optimisation needs definite bases A, C, G or T`,
      );
      assert.equal(errors(err.diagnostics).length, 3);
      assert.match(err.message, /\(and 2 more errors\)$/);
    });

    it('rejects a length that is not a multiple of 3, with the length', () => {
      const err = rejection(source('gene.fna', '>g\nATGAAATTTGA\n'));
      assert.equal(err.message, 'Record "g" is 11 nt, not a multiple of 3 (3 codons + 2 nt); a coding sequence must be whole codons');
      assert.deepEqual(at(err.diagnostics[0]), [0, 0]);
    });

    it('warns (issue 9: no longer refuses) about internal stop codons with codon number, line and column; a terminal stop is fine', () => {
      const parsed = parseCodonSource(source('gene.fna', '>g\nATGAAA\nTAGCCC\nTGATAA\n'));
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.severity, d.line, d.column, d.message]),
        [
          ['warning', 2, 0, 'Internal stop codon TAG at codon 3 (nt 7–9), line 3, column 1 in record "g": the protein would end here'],
          ['warning', 3, 0, 'Internal stop codon TGA at codon 5 (nt 13–15), line 4, column 1 in record "g": the protein would end here'],
        ],
      );
      assert.deepEqual(parsed.payload, { kind: 'fasta', name: 'g', sequence: 'ATGAAATAGCCCTGATAA' });
    });

    it('gives a stop codon split over two lines a range over both', () => {
      const [d] = parseCodonSource(source('gene.fna', '>g\nATGAAAT\nAGCCCTAA\n')).diagnostics;
      assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [1, 6, 2, 2]);
    });

    it('warns, without throwing, when the start codon is not ATG', () => {
      const parsed = parseCodonSource(source('gene.fna', '>g\nGTGAAATAA\n'));
      assert.deepEqual(
        parsed.diagnostics?.map((d) => [d.severity, d.line, d.column, d.message]),
        [['warning', 1, 0, 'Record "g" does not start with ATG (first codon is GTG at line 2, column 1)']],
      );
    });

    it('keeps positions exact with CRLF line endings', () => {
      const err = rejection(source('gene.fna', '>g\r\nATGAAA\r\nCCXGGG\r\nTAA\r\n'));
      assert.deepEqual(err.diagnostics.map(at), [[2, 2]]);
      assert.match(err.message, /'X' at line 3, column 3/);
    });

    it('applies the selection line offset to every position', () => {
      const err = rejection(source('genes.fasta', '>g2\nATGAAA\nCCXGGG\nTAA\n', 20));
      assert.deepEqual(err.diagnostics.map(at), [[22, 2]]);
      assert.match(err.message, /'X' at line 23, column 3 in record "g2"/);
    });

    it('rejects a header without sequence, and sequence data before the first header', () => {
      assert.equal(rejection(source('gene.fna', '>g\n\n')).message, 'Record "g" at line 1 has no sequence');
      const err = rejection(source('gene.fna', 'ATGAAATAA\n>g\nATGTAA\n'));
      assert.match(err.message, /^Sequence data at line 1 comes before any '>' header/);
    });

    it('accepts a bare CDS without a header (issue 9), named after the file', () => {
      const parsed = parseCodonSource(source('my gene.fna', 'ATGAAA\nTTTTAA\n'));
      assert.deepEqual(parsed.payload, { kind: 'fasta', name: 'my_gene', sequence: 'ATGAAATTTTAA' });
      assert.equal(parsed.summary, 'my gene.fna: "my_gene" 12 nt (4 codons) (no header: named after the file)');
      assert.deepEqual(parsed.diagnostics, []);
    });

    it('rejects an empty or blank file', () => {
      assert.equal(rejection(source('gene.fna', '')).message, 'gene.fna is empty');
      assert.equal(rejection(source('gene.fna', ' \n\n')).message, 'gene.fna is empty');
      assert.match(rejection(source('gene.fna', '; only a comment\n')).message, /^gene\.fna has no FASTA record/);
    });

    it('rejects text that is neither FASTA nor JSON, with its position', () => {
      const err = rejection(source('notes.txt', '\nhello'));
      assert.match(err.message, /^notes\.txt is neither nucleotide FASTA .* found "h" at line 2, column 1$/);
    });
  });

  describe('JSON request body', () => {
    it('accepts a component-array body as-is (examples/optimise-request.json)', () => {
      const text = example('optimise-request.json');
      const parsed = parseCodonSource(source('optimise-request.json', text));
      assert.equal(parsed.kind, 'json');
      assert.equal(parsed.summary, 'optimise-request.json: "egfp_ivt_mrna" 720 nt (240 codons) in 4 components, 3 fitness metrics');
      assert.deepEqual(parsed.diagnostics, []);
      assert.deepEqual(parsed.payload, { kind: 'json', request: JSON.parse(text) });
    });

    it('accepts a string sequence with UTRs', () => {
      const body = { sequence: 'ATGAAATAA', '5_utr': 'GGATCGAT', '3_utr': 'AAAAAAAA', name: 'seq', fitness_list: [{ name: 'dna_manufact', weight: 1 }] };
      const parsed = parseCodonSource(source('req.json', json(body)));
      assert.equal(parsed.summary, 'req.json: "seq" 9 nt (3 codons), 1 fitness metric');
      assert.deepEqual(parsed.payload, { kind: 'json', request: body });
    });

    it('reports a syntax error at its line and column', () => {
      const text = '{\n  "name": "x",\n  "sequence": "ATG"\n  "fitness_list": []\n}\n';
      const err = rejection(source('req.json', text));
      assert.equal(err.message, "req.json is not valid JSON: ',' expected at line 4, column 3");
      assert.deepEqual(at(err.diagnostics[0]), [3, 2]);
    });

    it('reports a trailing comma once', () => {
      const err = rejection(source('req.json', '{ "name": "x", }'));
      assert.equal(err.diagnostics.length, 1);
      assert.match(err.message, /trailing comma\?\) at line 1, column 16$/);
    });

    it('reports a missing fitness_list at the object that should hold it', () => {
      const body = requestBody();
      delete body.fitness_list;
      const err = rejection(source('req.json', json(body)));
      assert.equal(
        err.message,
        'Missing required field "fitness_list" in the request body (object at line 1, column 1): a list of fitness metrics, e.g. [{ "name": "cai" }]',
      );
      assert.deepEqual(at(err.diagnostics[0]), [0, 0]);
    });

    it('names the field path and points at the node for type errors and empty lists', () => {
      const text = '{\n  "name": 42,\n  "sequence": "ATGTAA",\n  "fitness_list": [ { "weight": "high" } ]\n}';
      const err = rejection(source('req.json', text));
      assert.deepEqual(
        err.diagnostics.map((d) => [d.line, d.column, d.message]),
        [
          [1, 10, '"name" must be a string, not a number (line 2, column 11)'],
          [3, 20, 'Missing required field "name" in "fitness_list[0]" (object at line 4, column 21): the fitness id, e.g. "cai" or "gc_content"'],
          [3, 32, '"fitness_list[0].weight" must be a number, not a string (line 4, column 33)'],
        ],
      );
      const empty = rejection(source('req.json', json(requestBody({ fitness_list: [] }))));
      assert.match(empty.message, /^"fitness_list" is empty; it needs at least 1 entry \(line \d+, column \d+\)$/);
    });

    it('explains a sequence of the wrong type, and reports component fields precisely', () => {
      assert.match(rejection(source('req.json', json(requestBody({ sequence: 5 })))).message, /^"sequence" must be a nucleotide string or an array of \{ "sequence", "featureType" \} components, not a number/);
      const err = rejection(source('req.json', json(requestBody({ sequence: [{ sequence: 'ATGTAA' }] }))));
      assert.equal(err.diagnostics.length, 1); // no "no gene_of_interest" noise: the missing featureType may be it
      assert.match(err.message, /^Missing required field "featureType" in "sequence\[0\]" \(object at line 4, column 5\): e\.g\. "gene_of_interest"/);
    });

    it('rejects two gene_of_interest components, pointing at the second (examples/two-goi.json)', () => {
      const text = example('two-goi.json');
      const err = rejection(source('two-goi.json', text));
      assert.equal(errors(err.diagnostics).length, 1);
      const [d] = err.diagnostics;
      const lines = text.split('\n');
      assert.match(lines[d.line], /"featureType": "gene_of_interest"/);
      assert.equal(d.line, 17);
      assert.equal(d.column, lines[d.line].indexOf('"gene_of_interest"'));
      assert.equal(
        d.message,
        '"sequence" has 2 gene_of_interest components; exactly one is allowed. sequence[3] at line 18, column 22 is another one after sequence[1] (line 10)',
      );
    });

    it('rejects a component array without a gene_of_interest, listing what it found', () => {
      const body = requestBody({ sequence: [{ sequence: 'ATGTAA', featureType: 'gene_of_intrest' }] });
      const err = rejection(source('req.json', json(body)));
      assert.match(err.message, /^"sequence" has no component with "featureType": "gene_of_interest"; exactly one is required \(array at line 3, column 15; found "gene_of_intrest"\)$/);
      assert.deepEqual(at(err.diagnostics[0]), [2, 14]);
    });

    it('points at a bad nucleotide inside the gene_of_interest string literal', () => {
      const text = '{\n  "name": "x",\n  "sequence": [\n    { "featureType": "gene_of_interest", "sequence": "ATGAZATAA" }\n  ],\n  "fitness_list": [{ "name": "cai" }]\n}\n';
      const err = rejection(source('req.json', text));
      const column = text.split('\n')[3].indexOf('ATGAZ') + 4;
      assert.deepEqual(err.diagnostics.map(at), [[3, column]]);
      assert.equal(err.message, `Invalid nucleotide 'Z' at line 4, column ${column + 1} in sequence[0] (gene_of_interest) (allowed: A, C, G, T or U)`);
    });

    it('maps positions through escapes in the string literal', () => {
      const text = '{"name":"x","sequence":"\\u0041TG\\nAAATAA","fitness_list":[{"name":"cai"}]}';
      const err = rejection(source('req.json', text));
      // \u0041 is one residue spanning six characters, so the decoded newline (index 3) sits at the
      // backslash of \n: column 24 (content start) + 6 + 2.
      assert.deepEqual(err.diagnostics.map(at), [[0, 32]]);
      assert.match(err.message, /^Invalid nucleotide U\+000A at line 1, column 33 in "sequence"/);
    });

    it('runs frame and stop-codon checks on the string sequence', () => {
      const frame = rejection(source('req.json', json(requestBody({ sequence: 'ATGAAAT' }))));
      assert.match(frame.message, /^"sequence" is 7 nt, not a multiple of 3/);
      const stop = parseCodonSource(source('req.json', '{"name":"x","fitness_list":[{"name":"cai"}],\n"sequence":"ATGTAAGGGTGA"}'));
      assert.equal(stop.diagnostics[0].message, 'Internal stop codon TAA at codon 2 (nt 4–6), line 2, column 16 in "sequence": the protein would end here');
      assert.equal(stop.diagnostics[0].severity, 'warning');
      assert.deepEqual(at(stop.diagnostics[0]), [1, 15]);
    });

    it('checks UTR alphabets and warns that UTRs are ignored with a component array', () => {
      const bad = rejection(source('req.json', json({ ...requestBody({ sequence: 'ATGTAA' }), '5_utr': 'GGAT!CGAT' })));
      assert.match(bad.message, /^Invalid nucleotide '!' at line \d+, column \d+ in "5_utr"/);

      const parsed = parseCodonSource(source('req.json', json({ ...requestBody(), '5_utr': 'GGATCGAT', '3_utr': 'AAAA' })));
      assert.deepEqual(
        parsed.diagnostics?.map((d) => [d.severity, d.message.replace(/ \(line.*/, '')]),
        [
          ['warning', '"5_utr" is ignored by the API when "sequence" is an array of components; put it in a component instead'],
          ['warning', '"3_utr" is ignored by the API when "sequence" is an array of components; put it in a component instead'],
        ],
      );
    });

    it('rejects a fitness range with min above max', () => {
      const err = rejection(source('req.json', json(requestBody({ fitness_list: [{ name: 'gc_content', min: 70, max: 40 }] }))));
      assert.match(err.message, /^fitness_list\[0\] \("gc_content"\): min 70 is greater than max 40 \(line \d+, column \d+\)$/);
    });

    it('reports schema and sequence errors together in one pass', () => {
      const body = requestBody({ sequence: 'ATGAJATAA' });
      delete body.fitness_list;
      const err = rejection(source('req.json', json(body)));
      assert.equal(errors(err.diagnostics).length, 2);
      assert.match(err.message, /\(and 1 more error\)$/);
    });

    it('applies the selection line offset to JSON positions', () => {
      const err = rejection(source('req.json', '{\n  "name": 42, "sequence": "ATGTAA", "fitness_list": [{"name": "cai"}]\n}', 5));
      assert.deepEqual(at(err.diagnostics[0]), [6, 10]);
      assert.match(err.message, /\(line 7, column 11\)$/);
    });

    it('keeps JSON positions exact with CRLF line endings', () => {
      const err = rejection(source('req.json', '{\r\n  "name": "x",\r\n  "sequence": "ATGXAA",\r\n  "fitness_list": [{"name": "cai"}]\r\n}\r\n'));
      assert.deepEqual(err.diagnostics.map(at), [[2, 18]]);
    });

    it('rejects a body that is not an object', () => {
      assert.equal(rejection(source('req.json', '[1, 2]')).message, 'req.json must contain one JSON object (the /optimise request body), not an array');
    });
  });

  describe('jobNameFromId', () => {
    it('keeps [A-Za-z0-9_.-], at most 64 characters, and falls back to the file name', () => {
      assert.equal(jobNameFromId('EGFP', 'gene.fna'), 'EGFP');
      assert.equal(jobNameFromId('gi|123|ref|NM_000.1|', 'gene.fna'), 'gi_123_ref_NM_000.1');
      assert.equal(jobNameFromId('x'.repeat(100), 'gene.fna').length, 64);
      assert.equal(jobNameFromId('', 'my gene.fna'), 'my_gene');
      assert.equal(jobNameFromId('|||', '***'), 'sequence');
    });
  });
});

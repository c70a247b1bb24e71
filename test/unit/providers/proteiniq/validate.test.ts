/** ProteinIQ submissions validated locally, with positions: protein FASTA and JSON job bodies. */
import * as assert from 'node:assert/strict';
import { ValidationError } from '../../../../src/core/errors';
import { parseProteinIqSource, type ProteinIqSubmission } from '../../../../src/providers/proteiniq/validate';

const parse = (text: string, fileName = 'p.fasta', lineOffset?: number): ProteinIqSubmission => parseProteinIqSource({ fileName, text, byteLength: text.length, lineOffset });

function rejects(text: string, fileName: string, check: (e: ValidationError) => void): void {
  assert.throws(() => parse(text, fileName), (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    check(e);
    return true;
  });
}

const LYSOZYME = 'KVFGRCELAAAMKRHGLDNYRGYSLGNWVCAAKFESNFNTQATNRNTDGSTDYGILQINSR';

const body = (content: string, extra = '') => `{
  "tool": "esmfold",
  "name": "Lysozyme ESMFold run",
  "input": {
    "inputs": [
      { "id": "seqs_1", "slotId": "protein", "kind": "protein", "format": "fasta", "content": ${JSON.stringify(content)}, "source": { "type": "text" } }
    ]
  },
  "settings": {}${extra}
}`;

describe('ProteinIQ validation', () => {
  it('reads one protein record, upper-cased, final stop dropped', () => {
    const s = parse(`>lyso some description\n${LYSOZYME.slice(0, 30).toLowerCase()}\n${LYSOZYME.slice(30)}*\n`);
    assert.deepEqual(s.payload, { kind: 'fasta', name: 'lyso', sequence: LYSOZYME });
    assert.equal(s.summary, `p.fasta: "lyso", ${LYSOZYME.length} aa`);
  });

  it('takes a bare sequence, named after the file', () => {
    assert.deepEqual(parse(`${LYSOZYME}\n`, 'lysozyme.faa').payload, { kind: 'fasta', name: 'lysozyme', sequence: LYSOZYME });
  });

  it('refuses a second record at its header', () => {
    rejects(`>a\n${LYSOZYME}\n>b\n${LYSOZYME}\n`, 'two.fasta', (e) => {
      assert.match(e.message, /two\.fasta has 2 sequences; a ProteinIQ job takes one/);
      assert.deepEqual([e.diagnostics[0].line, e.diagnostics[0].column], [2, 0]);
    });
  });

  it('points at a bad residue (with a selection offset) and a stop inside', () => {
    assert.throws(
      () => parse('>p\nMKVL\nMK1L*A\n', 'sel.fasta', 10),
      (e: unknown) => e instanceof ValidationError && e.diagnostics.some((d) => d.line === 12 && d.column === 2 && /'1'/.test(d.message)) && e.diagnostics.some((d) => d.line === 12 && d.column === 4 && /Stop '\*' inside/.test(d.message)),
    );
  });

  it('warns (does not refuse) a nucleotide-looking sequence', () => {
    const s = parse(`>dna\n${'ACGT'.repeat(20)}\n`);
    assert.equal(s.diagnostics?.[0].severity, 'warning');
    assert.match(s.diagnostics?.[0].message ?? '', /looks like a nucleotide sequence/);
  });

  it('accepts a whole JSON job body, sent as written', () => {
    const s = parse(body(`>lyso\n${LYSOZYME}`, ',\n  "billing": { "max_reserved_credits": 100 }'), 'job.json');
    assert.equal(s.kind, 'job');
    assert.equal(s.payload.kind === 'job' && s.payload.body.billing?.max_reserved_credits, 100);
    assert.equal(s.summary, 'job.json: "Lysozyme ESMFold run" with esmfold, 1 input (protein)');
  });

  it('names a missing field at the object that should hold it, with a hint', () => {
    rejects('{\n  "name": "x",\n  "input": { "inputs": [] }\n}', 'job.json', (e) => {
      const missing = e.diagnostics.find((d) => /Missing "tool"/.test(d.message));
      assert.ok(missing, JSON.stringify(e.diagnostics));
      assert.deepEqual([missing.line, missing.column], [0, 0]);
      assert.match(missing.message, /a tool id such as "esmfold"/);
      const empty = e.diagnostics.find((d) => /"input\.inputs" must not be empty/.test(d.message));
      assert.deepEqual([empty?.line, empty?.column], [2, 23]);
    });
  });

  it('names a wrong type at its node', () => {
    rejects(body(LYSOZYME).replace('"settings": {}', '"settings": []'), 'job.json', (e) => {
      assert.match(e.message, /"settings" must be an? (record|object), not an array \(line 9, column 15\)/);
    });
  });

  it('points at a bad residue inside the JSON content string, escapes counted', () => {
    const text = body('>lyso\nKVFGRC\nEL4AAM');
    rejects(text, 'job.json', (e) => {
      const d = e.diagnostics.find((x) => /'4'/.test(x.message));
      assert.ok(d, JSON.stringify(e.diagnostics));
      const line = text.split('\n')[d.line];
      assert.equal(line[d.column], '4', `column ${d.column} of ${line}`);
    });
  });

  it('reports JSON syntax errors at their position', () => {
    rejects('{\n  "tool": "esmfold",\n}', 'job.json', (e) => {
      assert.match(e.message, /job\.json is not valid JSON: .* at line 3, column 1/);
    });
  });

  it('tells what it changes: lower case sent upper, the final stop not sent, rare residues sent as written', () => {
    const s = parse(`>lyso\n${LYSOZYME.toLowerCase()}X*\n`);
    assert.equal(s.payload.kind === 'fasta' && s.payload.sequence, `${LYSOZYME}X`);
    const told = (s.diagnostics ?? []).map((d) => `${d.severity}: ${d.message}`);
    assert.ok(told.some((t) => /^warning: Record "lyso" has 61 lower-case \(soft-masked\) amino acids of 62 .*sent in upper case/.test(t)), told.join('\n'));
    assert.ok(told.some((t) => /^warning: The final stop '\*' of record "lyso" at line 2, column \d+ is not sent$/.test(t)), told.join('\n'));
    assert.ok(told.some((t) => /^warning: Record "lyso" has unusual residues: 1 X \(unknown\)/.test(t)), told.join('\n'));
  });

  it('sends a JSON body as written: the last of duplicate keys (told), unknown fields (told), no trimming', () => {
    const text = body(LYSOZYME).replace('"name": "Lysozyme ESMFold run",', '"name": "first",\n  "name": "  Lysozyme  ",\n  "project": "p1",');
    const s = parse(text, 'job.json');
    assert.equal(s.payload.kind === 'job' && s.payload.body.name, '  Lysozyme  ');
    assert.equal(s.payload.kind === 'job' && (s.payload.body as Record<string, unknown>).project, 'p1');
    const told = (s.diagnostics ?? []).map((d) => d.message);
    assert.ok(told.some((m) => /^Duplicate key "name" at line 4, column 3 \(first at line 3, column 3\); only this last value is sent$/.test(m)), told.join('\n'));
    assert.ok(told.some((m) => /^Unknown field "project" at line 5, column 3: the ProteinIQ job body does not document it; it is sent as written$/.test(m)), told.join('\n'));
  });

  it('refuses JSON nested too deep before walking it', () => {
    rejects(`{"tool": ${'['.repeat(100_000)}`, 'deep.json', (e) => assert.match(e.message, /^deep\.json: The JSON is nested 100,001 levels deep; at most 64 are read \(level 65 opens at line 1, column 73\)/));
  });

  it('refuses an empty file', () => {
    rejects('  \n', 'e.fasta', (e) => assert.match(e.message, /e\.fasta is empty/));
  });
});

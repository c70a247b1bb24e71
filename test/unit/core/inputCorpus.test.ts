/**
 * test/fixtures/inputs: every case file through the same pipeline the UI runs — checkSourceFile on
 * the bytes, decodeSourceText, then the provider's validator in time slices — against the expected
 * outcome (accept / warn / refuse), the words the message must contain and the position of the
 * first error (refuse) or warning (warn). Then, for every file that may be sent: the payload holds
 * exactly the sequences the file holds, read here by an independent reader, changed only by the
 * normalisations a warning tells about.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceDiagnostic } from '../../../src/core/errors';
import { ValidationError } from '../../../src/core/errors';
import { checkSourceFile, decodeSourceText } from '../../../src/core/fileChecks';
import type { InputCheck } from '../../../src/core/inputCheck';
import { checkCodonInput, type CodonPayload } from '../../../src/providers/codon/validate';
import { openProteinRequests } from '../../../src/providers/openprotein/request';
import { checkOpenProteinInput, type OpenProteinPayload } from '../../../src/providers/openprotein/validate';
import { FITNESS_FUNCTIONS } from '../../emulators/codon/fitness';
import { CASES, INPUTS, type InputCase } from '../../fixtures/inputCases';

export { CASES, INPUTS, type InputCase } from '../../fixtures/inputCases';

type Outcome = { check?: InputCheck<CodonPayload | OpenProteinPayload>; errors: SourceDiagnostic[]; warnings: SourceDiagnostic[]; text: string };

/** The UI's pipeline, without VS Code. */
export async function runCase(c: InputCase): Promise<Outcome> {
  const bytes = new Uint8Array(readFileSync(join(INPUTS, c.file)));
  const fileName = c.file.split('/').pop() ?? c.file;
  try {
    checkSourceFile({ fileName, byteLength: bytes.byteLength, bytes: bytes.subarray(0, 8192) });
  } catch (err) {
    if (err instanceof ValidationError) return { errors: err.diagnostics, warnings: [], text: '' };
    throw err;
  }
  const decoded = decodeSourceText(bytes, fileName);
  const source = { fileName, text: decoded.text, byteLength: bytes.byteLength };
  const check =
    c.provider === 'codon'
      ? await checkCodonInput(source, { catalogue: FITNESS_FUNCTIONS })
      : await checkOpenProteinInput(source);
  return { check, errors: check.errors, warnings: [...decoded.warnings, ...check.warnings].sort((a, b) => a.line - b.line || a.column - b.column), text: decoded.text };
}

const where = (d: SourceDiagnostic) => `${d.line + 1}:${d.column + 1}`;

describe('test/fixtures/inputs: the corpus', () => {
  it('has at least 60 cases across both providers, each with a reason to exist', () => {
    assert.ok(CASES.length >= 60, `${CASES.length} cases`);
    assert.ok(CASES.filter((c) => c.provider === 'codon').length >= 25);
    assert.ok(CASES.filter((c) => c.provider === 'openprotein').length >= 25);
    for (const outcome of ['accept', 'warn', 'refuse']) assert.ok(CASES.some((c) => c.outcome === outcome));
    for (const c of CASES) if (c.outcome !== 'accept') assert.ok(c.words.length && c.at, `${c.file} needs words and a position`);
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.outcome}${c.words.length ? ` (${c.words.join(' · ')})` : ''}`, async () => {
      const out = await runCase(c);
      const describe = () => JSON.stringify({ errors: out.errors.map((d) => `${where(d)} ${d.message}`), warnings: out.warnings.map((d) => `${where(d)} ${d.message}`) }, null, 1);
      const actual = out.errors.length ? 'refuse' : out.warnings.length ? 'warn' : 'accept';
      assert.equal(actual, c.outcome, describe());
      const relevant = c.outcome === 'refuse' ? out.errors : out.warnings;
      const text = c.outcome === 'refuse' ? (relevant[0]?.message ?? '') : relevant.map((d) => d.message).join('\n');
      for (const word of c.words) assert.ok(text.toLowerCase().includes(word.toLowerCase()), `"${word}" missing from: ${text}`);
      if (c.at) assert.equal(where(relevant[0]), c.at, describe());
      if (c.outcome !== 'refuse') {
        assert.ok(out.check?.payload, 'a payload to send');
        assert.equal(out.check.jobCount, c.jobs ?? 1, 'jobs');
      } else {
        assert.equal(out.check?.payload, undefined);
        assert.equal(out.check?.jobCount ?? 0, 0);
      }
      // Every message is a sentence for people: no internal error text.
      for (const d of [...out.errors, ...out.warnings]) assert.doesNotMatch(d.message, /undefined|\[object |NaN|Maximum call stack|TypeError/);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// What is sent is what the file holds

/** An independent FASTA reader: records as (header, residues), nothing else. */
function readRecords(text: string): { header: string; residues: string }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const records: { header: string; residues: string }[] = [];
  if (!lines.some((l) => l.startsWith('>'))) return [{ header: '', residues: lines.join('').replace(/\s/g, '') }];
  for (const line of lines) {
    if (line.startsWith('>')) records.push({ header: line.slice(1).trim(), residues: '' });
    else if (!/^[;#]/.test(line) && records.length) records[records.length - 1].residues += line.replace(/\s/g, '');
  }
  return records;
}

function readClustalRows(text: string): { header: string; residues: string }[] {
  const rows = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const m = /^(\S+)\s+(\S+)/.exec(line);
    if (m) rows.set(m[1], (rows.get(m[1]) ?? '') + m[2]);
  }
  return [...rows].map(([header, residues]) => ({ header, residues }));
}

/** The normalisations a validator may apply, each with the words of the warning that must tell it. */
const TOLD: readonly { name: string; apply: (s: string) => string; told: RegExp }[] = [
  { name: 'upper case', apply: (s) => s.toUpperCase(), told: /sent in upper case/ },
  { name: 'U as T', apply: (s) => s.replace(/U/g, 'T').replace(/u/g, 't'), told: /sent as T/ },
  { name: "no terminal '*'", apply: (s) => s.replace(/\*$/, ''), told: /terminal stop '\*'.* not sent/ },
  { name: "'.' as '-'", apply: (s) => s.replace(/\./g, '-'), told: /sent as '-'/ },
];

/** Applies each normalisation that changes the file's residues, asserting that a warning told it. */
function expectedResidues(residues: string, warnings: readonly SourceDiagnostic[], allowed: readonly string[]): string {
  let out = residues;
  for (const n of TOLD) {
    if (!allowed.includes(n.name)) continue;
    const next = n.apply(out);
    if (next !== out) assert.ok(warnings.some((w) => n.told.test(w.message)), `${n.name} changed the sequence without a warning saying so`);
    out = next;
  }
  return out;
}

describe('test/fixtures/inputs: what is sent is what the file holds', () => {
  for (const c of CASES.filter((x) => x.outcome !== 'refuse')) {
    it(c.file, async () => {
      const out = await runCase(c);
      const payload = out.check?.payload;
      assert.ok(payload);
      if (payload.kind === 'json') {
        // JSON bodies are sent as written (the last of duplicate keys, as JSON.parse reads them).
        assert.deepEqual(JSON.parse(JSON.stringify(payload.request)), JSON.parse(out.text.replace(/^\uFEFF/, '')));
        return;
      }
      if (payload.kind === 'fasta') {
        const [record] = readRecords(out.text);
        assert.equal(payload.sequence, expectedResidues(record.residues, out.warnings, ['upper case', 'U as T']));
        return;
      }
      const requests = openProteinRequests(payload);
      if (payload.kind === 'seeds') {
        const records = readRecords(out.text);
        assert.equal(requests.length, records.length);
        records.forEach((r, i) => {
          assert.equal(requests[i].isSeed, true);
          assert.equal(requests[i].content, expectedResidues(r.residues, out.warnings, ['upper case', "no terminal '*'"]));
        });
        return;
      }
      // One MSA: the upload holds every row of the file, in order, with its header.
      assert.equal(requests.length, 1);
      assert.equal(requests[0].isSeed, false);
      const isClustal = /^CLUSTAL/.test(out.text);
      const rows = isClustal ? readClustalRows(out.text) : readRecords(out.text);
      const uploaded = readRecords(requests[0].content);
      assert.equal(uploaded.length, rows.length);
      const caseMatters = payload.format === 'a3m' || payload.format === 'a2m';
      rows.forEach((r, i) => {
        assert.equal(uploaded[i].header, r.header);
        const allowed = caseMatters ? ["no terminal '*'"] : ['upper case', "no terminal '*'", "'.' as '-'"];
        assert.equal(uploaded[i].residues, expectedResidues(r.residues, out.warnings, allowed), `row ${i + 1}`);
      });
    });
  }
});

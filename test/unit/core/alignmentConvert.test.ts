import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAlignment, toFasta } from '../../../src/core/alignment';
import { convertAlignmentFile } from '../../../src/core/alignmentConvert';
import { syntheticAlignment } from '../../e2e/alignmentFixture';

describe('core/alignmentConvert (Save as in the custom editor)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-convert-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes A3M back byte for byte and FASTA as toFasta does, over many batches', async function () {
    this.timeout(60_000);
    const text = syntheticAlignment({ sequences: 6000, columns: 700 }); // > 4 MiB: several batches
    const source = path.join(dir, 'in.a3m');
    fs.writeFileSync(source, text);
    assert.equal(await convertAlignmentFile(source, 'in.a3m', 'a3m', path.join(dir, 'out.a3m')), 6000);
    assert.equal(fs.readFileSync(path.join(dir, 'out.a3m'), 'utf8'), text);
    await convertAlignmentFile(source, 'in.a3m', 'fasta', path.join(dir, 'out.fasta'));
    assert.equal(fs.readFileSync(path.join(dir, 'out.fasta'), 'utf8'), toFasta(parseAlignment(text, { fileName: 'in.a3m' })));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['in.a3m', 'out.a3m', 'out.fasta'], 'no temporary file left');
  });

  it('leaves an existing target alone when the source cannot be read', async () => {
    const source = path.join(dir, 'bad.afa');
    fs.writeFileSync(source, '>a\nMKV\n>b\nMK\n');
    fs.writeFileSync(path.join(dir, 'out.fasta'), 'before');
    await assert.rejects(convertAlignmentFile(source, 'bad.afa', 'fasta', path.join(dir, 'out.fasta')), /same length/);
    assert.equal(fs.readFileSync(path.join(dir, 'out.fasta'), 'utf8'), 'before');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['bad.afa', 'out.fasta']);
  });
});

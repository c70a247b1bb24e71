import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/core/errors';
import { checkSourceFile, decodeSourceText, DEFAULT_MAX_SOURCE_BYTES, displayFileName, type SourceFileInfo } from '../../../src/core/fileChecks';

const MB = 1024 * 1024;
const utf8 = (text: string) => new TextEncoder().encode(text);

function rejection(file: SourceFileInfo, limits?: { maxBytes?: number }): ValidationError {
  try {
    checkSourceFile(file, limits);
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected checkSourceFile to throw');
}

describe('core/fileChecks', () => {
  it('accepts ordinary FASTA and JSON text', () => {
    const fasta = utf8('>EGFP\nATGGTGAGCAAGGGCGAGGAG\n');
    assert.doesNotThrow(() => checkSourceFile({ fileName: 'gene.fna', byteLength: fasta.length, bytes: fasta }));
    const json = utf8('{ "name": "Protéine ß" }\n'); // non-ASCII UTF-8 is text
    assert.doesNotThrow(() => checkSourceFile({ fileName: 'req.json', byteLength: json.length, bytes: json }));
  });

  it('rejects a zero-byte file by its size alone', () => {
    const err = rejection({ fileName: '/home/me/gene.fna', byteLength: 0 });
    assert.equal(err.message, 'gene.fna is empty');
    assert.deepEqual(err.diagnostics, [{ line: 0, column: 0, severity: 'error', message: 'gene.fna is empty' }]);
  });

  it('rejects a file with only whitespace', () => {
    const bytes = utf8(' \n\r\n\t  \n');
    assert.equal(rejection({ fileName: 'gene.fna', byteLength: bytes.length, bytes }).message, 'gene.fna is empty (it contains only whitespace)');
  });

  it('does not call a file blank from a whitespace-only first chunk', () => {
    const bytes = utf8('   \n');
    assert.doesNotThrow(() => checkSourceFile({ fileName: 'gene.fna', byteLength: 10_000, bytes }));
  });

  it('rejects a 500 MiB file from its stat size (sizes labelled MiB, issue 9), without reading it', () => {
    // No bytes are passed: the caller never reads an oversized file.
    const err = rejection({ fileName: 'gene.fna', byteLength: 500 * MB });
    assert.equal(err.message, 'gene.fna is 500.0 MiB; the limit is 50 MiB');
    assert.equal(err.diagnostics.length, 1);
  });

  it('takes the size limit as a parameter', () => {
    assert.equal(DEFAULT_MAX_SOURCE_BYTES, 50 * MB);
    assert.doesNotThrow(() => checkSourceFile({ fileName: 'gene.fna', byteLength: 50 * MB }));
    assert.equal(rejection({ fileName: 'gene.fna', byteLength: 3 * MB }, { maxBytes: 2 * MB }).message, 'gene.fna is 3.0 MiB; the limit is 2 MiB');
    assert.equal(rejection({ fileName: 'gene.fna', byteLength: 2 * MB }, { maxBytes: 1.5 * MB }).message, 'gene.fna is 2.0 MiB; the limit is 1.5 MiB');
  });

  it('rejects binary content at 1:1 (issue 9) and names the offset of the first NUL byte', () => {
    const bytes = new Uint8Array([...utf8('>a\nACGT'), 0, 1, 2, 3]);
    const err = rejection({ fileName: 'gene.fna', byteLength: 4096, bytes });
    assert.equal(err.message, 'gene.fna looks like a binary file, not text: it has a NUL byte at offset 7 (line 2)');
    assert.deepEqual([err.diagnostics[0].line, err.diagnostics[0].column], [0, 0]);
  });

  it('recognises UTF-16 without a byte order mark (it is not "binary")', () => {
    const le = new Uint8Array([...utf8('>a\nACGT\n')].flatMap((b) => [b, 0]));
    assert.equal(rejection({ fileName: 'gene.fna', byteLength: le.length, bytes: le }).message, 'gene.fna is UTF-16 (little-endian) text without a byte order mark; save it as UTF-8 and submit it again');
    const be = new Uint8Array([...utf8('>a\nACGT\n')].flatMap((b) => [0, b]));
    assert.match(rejection({ fileName: 'gene.fna', byteLength: be.length, bytes: be }).message, /UTF-16 \(big-endian\)/);
  });

  it('decodes UTF-8 strictly, dropping a byte order mark; anything else is read as Windows-1252 and told where', () => {
    assert.deepEqual(decodeSourceText(utf8('\ufeff>a µ\nACGT\n'), 'g.fna'), { text: '>a µ\nACGT\n', warnings: [] });
    const latin = new Uint8Array([...utf8('>a\n>b 37'), 0xb0, ...utf8('C \u0080'), 0x80, ...utf8('\nAC\n')]);
    const decoded = decodeSourceText(latin, '/data/g.fna');
    assert.equal(decoded.text.split('\n')[1].slice(0, 6), '>b 37°');
    assert.ok(decoded.text.includes('€'));
    assert.deepEqual(
      decoded.warnings.map((d) => [d.line, d.column, d.severity, d.message]),
      [[1, 5, 'warning', 'g.fna is not UTF-8 (byte 0xB0 at line 2, column 6); it was read as Windows-1252. Save it as UTF-8 if that is wrong']],
    );
  });

  it('rejects content that is mostly control or non-UTF-8 bytes, even without a NUL', () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 2 ? 0x01 + (i % 7) : 0x80 + (i % 64);
    assert.match(rejection({ fileName: 'image.fa', byteLength: bytes.length, bytes }).message, /^image\.fa looks like a binary file, not text: \d+% of its first 4 KB are control or non-UTF-8 bytes$/);
  });

  it('only sniffs the first 8 KB', () => {
    const bytes = new Uint8Array(20_000).fill(0x41);
    bytes[10_000] = 0; // beyond the sniffed chunk
    assert.doesNotThrow(() => checkSourceFile({ fileName: 'gene.fna', byteLength: bytes.length, bytes }));
  });

  it('recognises gzip and UTF-16 files and says what to do', () => {
    const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]);
    assert.equal(rejection({ fileName: 'genome.fna.gz', byteLength: 6, bytes: gz }).message, 'genome.fna.gz is gzip-compressed; decompress it (e.g. with gunzip) and submit the plain text file');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x3e, 0x00, 0x61, 0x00]);
    assert.equal(rejection({ fileName: 'gene.fna', byteLength: 6, bytes: utf16 }).message, 'gene.fna is UTF-16 text; save it as UTF-8 and submit it again');
  });

  it('uses the base name of Windows and POSIX paths in messages', () => {
    assert.equal(displayFileName('C:\\data\\gene.fna'), 'gene.fna');
    assert.equal(displayFileName('/data/gene.fna'), 'gene.fna');
    assert.equal(displayFileName('gene.fna'), 'gene.fna');
  });
});

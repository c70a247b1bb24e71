/**
 * The report's text outputs and its inputs from the host, in node: Markdown / HTML exports
 * (escaping hostile text), FASTA records, visible control characters, the PDB summary, finding
 * the structure files, the report's message parser, and the host's check of exportReport.
 */
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/ui/panels/messages';
import { parseReportMessage } from '../../../src/webview/report/messages';
import { exportReport, htmlText, mdText, type ExportHeader } from '../../../src/webview/report/model/export';
import { chainRecords, fastaId, formatFasta } from '../../../src/webview/report/model/fasta';
import { baseName, findStructureFile, primaryFile, type ReportFile } from '../../../src/webview/report/model/files';
import { summarisePdb } from '../../../src/webview/report/model/pdbSummary';
import { buildReport } from '../../../src/webview/report/model/report';
import { visible, visibleJson } from '../../../src/webview/report/model/safeText';
import { PARENT, STRATEGIES } from '../../emulators/humanization/antibody';
import { HOSTILE_STRINGS } from '../../emulators/humanization/hostile';
import { fvPdb } from '../../emulators/humanization/pdb';
import { structurePlddt } from '../../emulators/humanization/report';
import { startHumanizationEmulator, type HumanizationEmulator } from '../../emulators/humanization/server';

const HEADER: ExportHeader = { jobName: 'muMAb4D5 <humanised>', provider: 'Antibody humanization', status: 'succeeded', rawStatus: 'completed', exportedAt: '2026-05-11T09:00:00.000Z' };

/** Markdown outside fenced code blocks (inside them nothing is markup). */
const prose = (md: string) => md.replace(/^(`{3,})[a-z]*\n[\s\S]*?^\1$/gm, '');

describe('webview/report outputs', () => {
  let emu: HumanizationEmulator;
  before(async () => {
    emu = await startHumanizationEmulator();
  });
  after(async () => {
    await emu.close();
  });

  describe('safe text', () => {
    it('shows control and bidi characters as markers, keeps tab and newline', () => {
      assert.equal(visible('a\u202Eb\u001b[31mc\u0007\td\n'), 'a⟨U+202E⟩b⟨U+001B⟩[31mc⟨U+0007⟩\td\n');
      assert.equal(visible('\u200B\u2066x\u2069\uFEFF'), '⟨U+200B⟩⟨U+2066⟩x⟨U+2069⟩⟨U+FEFF⟩');
      assert.deepEqual(visibleJson({ 'k\u202E': ['v\u0007', 1, null] }), { 'k⟨U+202E⟩': ['v⟨U+0007⟩', 1, null] });
    });

    it('escapes Markdown punctuation and HTML entities after that', () => {
      assert.equal(mdText('[x](command:workbench.action.terminal.new)'), '\\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\)');
      assert.equal(mdText('a|b\nc'), 'a\\|b c');
      assert.equal(htmlText('<img src=x onerror=alert(1)> & "q"'), '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    });
  });

  describe('exports', () => {
    it('writes a Markdown report with the job, every strategy, the comparison and all parts', () => {
      const md = exportReport(buildReport(emu.response(emu.seeded.full)), HEADER, 'markdown');
      assert.match(md, /^# muMAb4D5 \\<humanised\\> — antibody humanization report$/m);
      for (const h of ['## Job', '## Humanization', '### cdr\\_grafting', '### Strategies side by side', '## Structure', '## Stability', '## Immunogenicity', '## Antibody–antigen complex']) assert.ok(md.includes(`\n${h}\n`), h);
      // The parent over the design with the changes marked under them.
      const block = /```text\n(muMAb4D5 +)(\S+)\n(cdr_grafting +)(\S+)\n( +)([ ^]+)\n```/.exec(md);
      assert.ok(block, 'alignment block');
      assert.equal(block[2].slice(0, 120), PARENT.vh);
      assert.equal(block[4], STRATEGIES[0].vh);
      assert.equal([...block[6]].filter((c) => c === '^').length, 30);
      assert.match(md, /^\| 5 \| 5 \| FR1 \| Q → V \| yes \|$/m);
      assert.match(md, /^\| deamidation \| NG \| 55 \| CDR2 \| high \|$/m);
      assert.match(md, /^\| OASis identity \| 0\\\.813 \| 0\\\.822 \| 0\\\.857 \| 0\\\.813 \|$/m);
      assert.match(md, /^\| Predicted Tm \| 71\\\.4 °C \|$/m);
      assert.match(md, /^\| ipTM \| 0\\\.79 \|$/m);
    });

    it('says which parts are absent, in both formats', () => {
      const m = buildReport(emu.response(emu.seeded.partial));
      const md = exportReport(m, HEADER, 'markdown');
      assert.match(md, /^> structure\\_result is null/m);
      assert.match(md, /^> The response has no complex\\_result field/m);
      const html = exportReport(m, HEADER, 'html');
      assert.match(html, /<blockquote>structure_result is null/);
    });

    it('keeps hostile strings inert: no live link or markup, no bidi override, all of them still readable', () => {
      const m = buildReport(emu.response(emu.seeded.hostile));
      const md = exportReport(m, HEADER, 'markdown');
      const html = exportReport(m, HEADER, 'html');
      assert.ok(!prose(md).includes('[x](command:'), 'no command link');
      assert.ok(!/(^|[^\\])<(img|script|svg)/im.test(prose(md)), 'no unescaped HTML in Markdown prose');
      assert.ok(prose(md).includes('\\<img src=x onerror=alert\\(1\\)\\>'), 'escaped, so shown as text');
      for (const text of [md, html]) {
        assert.ok(!text.includes('\u202E') && !text.includes('\u001b') && !text.includes('\u0007'));
        assert.ok(text.includes('⟨U+202E⟩'));
      }
      assert.ok(!/<(img|script|svg|iframe)\b/i.test(html.replace(/^<!DOCTYPE html>/, '')), 'only our own tags');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
      assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt;'));
      assert.equal(parseWebviewMessage({ type: 'exportReport', format: 'html', fileName: 'r.html', text: html }).ok, true, 'the host accepts it');
      assert.ok(HOSTILE_STRINGS.length > 0);
    });

    it('a file that is not the response is exported with that said', () => {
      const md = exportReport(buildReport([1]), HEADER, 'markdown');
      assert.match(md, /^> The result is a JSON list, not the job response object\\\.$/m);
    });
  });

  describe('FASTA', () => {
    it('makes safe ids and one-line descriptions, 60 residues a line', () => {
      assert.equal(fastaId('cdr grafting <img src=x>'), 'cdr_grafting_img_src_x');
      assert.equal(fastaId('\u202E'), 'sequence');
      const records = chainRecords('oasis\u202E\nx', { vh: STRATEGIES[2].vh });
      assert.deepEqual(records.map((r) => [r.id, r.description]), [['oasis_x_VH', 'oasis⟨U+202E⟩ x VH (humanised)']]);
      const text = formatFasta(records);
      assert.equal(text.split('\n')[1].length, 60);
      assert.equal(text.split('\n').length, 1 + 2 + 1);
      // The host accepts the records as they are.
      assert.equal(parseWebviewMessage({ type: 'saveFasta', fileName: 'x.fasta', records }).ok, true);
    });
  });

  describe('structure files', () => {
    const file = (name: string, extra: Partial<ReportFile> = {}): ReportFile => ({ name, mediaType: 'chemical/x-pdb', size: 1, view: 'structure', primary: false, uri: `u:${name}`, ...extra });
    const report = file('report.json', { mediaType: 'application/json', view: 'report', primary: true });

    it('finds the report and the structure named by the storage path, or by the part', () => {
      assert.equal(primaryFile([file('a.pdb'), report])?.name, 'report.json');
      assert.equal(primaryFile([file('a.pdb'), { ...report, primary: false }])?.name, 'report.json', 'by view');
      assert.equal(baseName('http://h/storage/v1/object/structures/j/abc.pdb?token=1'), 'abc.pdb');
      const files = [report, file('abc.pdb'), file('complex.pdb')];
      assert.equal(findStructureFile(files, 'structures/j/abc.pdb', 'structure')?.name, 'abc.pdb');
      assert.equal(findStructureFile(files, 'complexes/j/zzz.pdb', 'complex')?.name, 'complex.pdb');
      assert.equal(findStructureFile([report, file('model.pdb')], 'x/y.pdb', 'structure')?.name, 'model.pdb', 'the only one');
      assert.equal(findStructureFile([report, file('model.pdb')], 'x/y.pdb', 'complex'), undefined);
      assert.equal(findStructureFile([report], 'x/y.pdb', 'structure'), undefined);
    });

    it('counts atoms, chains and residues of a PDB', () => {
      const s = summarisePdb(fvPdb(STRATEGIES[0], structurePlddt('j', STRATEGIES[0]), 'model'));
      assert.deepEqual([s.format, s.atoms, s.chains], ['pdb', 4 * 227, [{ id: 'H', residues: 120 }, { id: 'L', residues: 107 }]]);
      assert.equal(s.title, 'HUMANIZED FV MODEL');
      assert.deepEqual(summarisePdb('not a structure'), { format: 'unknown', atoms: 0, chains: [], title: undefined });
      assert.equal(summarisePdb('data_x\nloop_\n_atom_site.id\nATOM 1 N\n').format, 'mmcif');
    });
  });

  describe('messages', () => {
    const job = { id: 'j', providerId: 'humanization', providerLabel: 'H', name: 'n', status: 'succeeded', createdAt: 1, updatedAt: 2 };

    it('reads a contract-v2 show with files, and a v1 show with data', () => {
      const v2 = parseReportMessage({ type: 'show', job: { ...job, facts: [{ label: 'Credits', value: '3' }] }, view: 'report', files: [{ name: 'report.json', mediaType: 'application/json', size: 10, view: 'report', primary: true, uri: 'https://x/report.json' }] });
      assert.equal(v2?.type, 'show');
      assert.equal(v2?.type === 'show' && v2.files[0].primary, true);
      const v1 = parseReportMessage({ type: 'show', job, view: 'report', fileName: 'r.json', data: { job: {} } });
      assert.deepEqual(v1?.type === 'show' && [v1.files, v1.data], [[], { job: {} }]);
    });

    it('refuses malformed shows with a reason, ignores strangers', () => {
      assert.deepEqual(parseReportMessage({ type: 'show', job: { ...job, createdAt: 'x' }, view: 'report', files: [] }), { type: 'invalid', reason: 'job.createdAt is not a number' });
      assert.deepEqual(parseReportMessage({ type: 'show', job, view: 'report', files: [{ name: 1 }] }), { type: 'invalid', reason: 'files[0].name is not a string' });
      assert.deepEqual(parseReportMessage({ type: 'show', job, view: 'report' }), { type: 'invalid', reason: 'files is not a list' });
      assert.deepEqual(parseReportMessage({ type: 'show', job: { ...job, facts: [{ label: 1 }] }, view: 'report', files: [] }), { type: 'invalid', reason: 'job.facts is not a list of { label, value }' });
      assert.equal(parseReportMessage({ type: 'other' }), undefined);
      assert.equal(parseReportMessage('show'), undefined);
      assert.deepEqual(parseReportMessage({ type: 'error' }), { type: 'error', message: 'Unknown error.' });
    });

    it('the host takes exportReport in both formats and refuses HTML with live content', () => {
      assert.equal(parseWebviewMessage({ type: 'exportReport', format: 'markdown', fileName: 'r.md', text: '# r' }).ok, true);
      for (const bad of ['<p>x</p><script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<iframe src=x>']) {
        const r = parseWebviewMessage({ type: 'exportReport', format: 'html', fileName: 'r.html', text: bad });
        assert.deepEqual(r, { ok: false, reason: 'text: the HTML export contains active content' }, bad);
      }
      assert.equal(parseWebviewMessage({ type: 'exportReport', format: 'pdf', fileName: 'r.pdf', text: 'x' }).ok, false);
      assert.equal(parseWebviewMessage({ type: 'exportReport', format: 'markdown', fileName: 'r.md', text: '' }).ok, false);
    });
  });
});

/**
 * The humanization report's pure parts, in node: numbering → regions, mutations (derived and
 * listed), liability scan and the response's own list, epitope placement, pLDDT, ΔΔG, and the
 * whole-response model read from what the emulator serves (full, partial, drifted, hostile).
 */
import assert from 'node:assert/strict';
import { alignSequences } from '../../../src/webview/report/model/align';
import { readDdg, ddgColor } from '../../../src/webview/report/model/ddg';
import { placeEpitopes } from '../../../src/webview/report/model/epitopes';
import { liabilityKind, parseApiLiabilities, scanLiabilities } from '../../../src/webview/report/model/liabilities';
import { compareChain, parseApiMutations, placeMutation } from '../../../src/webview/report/model/mutations';
import { compareLabels, parseLabel, readNumbering, regionName, regionOf, schemeOf, type Region } from '../../../src/webview/report/model/numbering';
import { readPlddt } from '../../../src/webview/report/model/plddt';
import { absentNote, buildReport } from '../../../src/webview/report/model/report';
import { num, time } from '../../../src/webview/report/model/values';
import { PARENT, STRATEGIES } from '../../emulators/humanization/antibody';
import { HOSTILE_STRINGS } from '../../emulators/humanization/hostile';
import { imgtLabels, kabatLabels } from '../../emulators/humanization/numbering';
import { startHumanizationEmulator, type HumanizationEmulator } from '../../emulators/humanization/server';

const TRASTUZUMAB_VH = STRATEGIES[0].vh;
const TRASTUZUMAB_VL = STRATEGIES[0].vl;

/** The residues of `seq` whose region is `r`. */
const inRegion = (seq: string, regions: readonly (Region | null)[], r: Region) => [...seq].filter((_, i) => regions[i] === r).join('');

describe('webview/report model', () => {
  describe('numbering → regions', () => {
    it('reads labels with insertion codes and chain prefixes, and orders them as the schemes do', () => {
      assert.deepEqual(parseLabel('52A'), { n: 52, ins: 'A' });
      assert.deepEqual(parseLabel('111.1'), { n: 111, ins: '.1' });
      assert.deepEqual(parseLabel('H100c'), { n: 100, ins: 'C' });
      assert.deepEqual(parseLabel(33), { n: 33, ins: '' });
      assert.equal(parseLabel('CDR1'), undefined);
      const sorted = ['112', '111.1', '111', '112.1', '110'].map((s) => parseLabel(s)!).sort((a, b) => compareLabels(a, b, 'imgt'));
      assert.deepEqual(sorted.map((l) => `${l.n}${l.ins}`), ['110', '111', '111.1', '112.1', '112']);
      const kabat = ['82B', '83', '82', '82A'].map((s) => parseLabel(s)!).sort((a, b) => compareLabels(a, b, 'kabat'));
      assert.deepEqual(kabat.map((l) => `${l.n}${l.ins}`), ['82', '82A', '82B', '83']);
    });

    it('knows the CDRs of IMGT, Kabat and Chothia (Martin read as Chothia)', () => {
      const label = (s: string) => parseLabel(s)!;
      assert.deepEqual([schemeOf('IMGT'), schemeOf('Kabat'), schemeOf('martin'), schemeOf('aho')], ['imgt', 'kabat', 'chothia', undefined]);
      assert.equal(regionOf('imgt', 'vh', label('26')), 'FR1');
      assert.equal(regionOf('imgt', 'vh', label('27')), 'CDR1');
      assert.equal(regionOf('imgt', 'vl', label('111.1')), 'CDR3');
      assert.equal(regionOf('imgt', 'vh', label('118')), 'FR4');
      assert.equal(regionOf('kabat', 'vh', label('35B')), 'CDR1');
      assert.equal(regionOf('kabat', 'vh', label('36')), 'FR2');
      assert.equal(regionOf('kabat', 'vl', label('24')), 'CDR1');
      assert.equal(regionOf('chothia', 'vh', label('26')), 'CDR1');
      assert.equal(regionOf('chothia', 'vh', label('33')), 'FR2');
      assert.equal(regionOf('chothia', 'vh', label('52A')), 'CDR2');
      for (const [text, want] of [['CDR-H1', 'CDR1'], ['cdr3', 'CDR3'], ['L2', 'CDR2'], ['fwr3', 'FR3'], ['FR4', 'FR4'], ['framework 2', 'FR2']] as const) assert.equal(regionName(text), want, text);
      assert.equal(regionName('loop'), undefined);
    });

    it('puts trastuzumab CDRs where each scheme has them, from numbers alone', () => {
      const kabat = readNumbering({ scheme: 'kabat', vh: kabatLabels('vh'), vl: kabatLabels('vl') }, 'vh', TRASTUZUMAB_VH);
      assert.equal(kabat.regionSource, 'scheme');
      assert.equal(inRegion(TRASTUZUMAB_VH, kabat.regions, 'CDR1'), 'DTYIH');
      assert.equal(inRegion(TRASTUZUMAB_VH, kabat.regions, 'CDR2'), 'RIYPTNGYTRYADSVKG');
      assert.equal(inRegion(TRASTUZUMAB_VH, kabat.regions, 'CDR3'), 'WGGDGFYAMDY');
      // Trastuzumab's H1 has no insertion, so its Kabat numbers are its Chothia numbers.
      const chothia = readNumbering({ scheme: 'chothia', H: kabatLabels('vh') }, 'vh', TRASTUZUMAB_VH);
      assert.equal(inRegion(TRASTUZUMAB_VH, chothia.regions, 'CDR1'), 'GFNIKDT');
      assert.equal(inRegion(TRASTUZUMAB_VH, chothia.regions, 'CDR2'), 'YPTNGY');
      const vl = readNumbering({ scheme: 'kabat', light: kabatLabels('vl') }, 'vl', TRASTUZUMAB_VL);
      assert.equal(inRegion(TRASTUZUMAB_VL, vl.regions, 'CDR1'), 'RASQDVNTAVA');
      assert.equal(inRegion(TRASTUZUMAB_VL, vl.regions, 'CDR2'), 'SASFLYS');
      assert.equal(inRegion(TRASTUZUMAB_VL, vl.regions, 'CDR3'), 'QQHYTTPPT');
      const imgt = readNumbering({ scheme: 'IMGT', vh: imgtLabels('vh').map((l, i) => [l, TRASTUZUMAB_VH[i]]) }, 'vh', TRASTUZUMAB_VH);
      assert.equal(inRegion(TRASTUZUMAB_VH, imgt.regions, 'CDR3'), 'SRWGGDGFYAMDY');
      assert.equal(imgt.labels[0], '1');
    });

    it('prefers the regions the response gives per residue, and reads a label → residue map in numbering order', () => {
      const given = readNumbering({ vh: [...'ACD'].map((aa, i) => ({ pos: String(i + 1), aa, region: i === 1 ? 'cdr1' : 'fwr1' })) }, 'vh', 'ACD');
      assert.equal(given.regionSource, 'response');
      assert.deepEqual(given.regions, ['FR1', 'CDR1', 'FR1']);
      // Objects put integer keys first: "52A" must still come after 52.
      const map = readNumbering({ scheme: 'kabat', H: { '52A': 'P', '51': 'I', '52': 'Y', '53': 'T' } }, 'vh', 'IYPT');
      assert.deepEqual(map.labels, ['51', '52', '52A', '53']);
      assert.deepEqual(map.regions, ['CDR2', 'CDR2', 'CDR2', 'CDR2']);
    });

    it('drops ANARCI gap positions, and refuses numbering of another sequence or length with a reason', () => {
      const gaps = readNumbering({ scheme: 'imgt', vh: [['1', 'E'], ['2', '-'], ['3', 'V']] }, 'vh', 'EV');
      assert.deepEqual(gaps.labels, ['1', '3']);
      const other = readNumbering({ scheme: 'imgt', vh: [['1', 'Q'], ['2', 'V']] }, 'vh', 'EV');
      assert.equal(other.labels[0], null);
      assert.match(other.note ?? '', /another sequence \(residue 1 is E, the numbering says Q\)/);
      assert.match(readNumbering({ scheme: 'imgt', vh: ['1', '2', '3'] }, 'vh', 'EV').note ?? '', /3 positions for 2 residues/);
      assert.match(readNumbering({}, 'vh', 'EV').note ?? '', /empty/);
      const aho = readNumbering({ scheme: 'aho', vh: ['1', '2'] }, 'vh', 'EV');
      assert.deepEqual(aho.labels, ['1', '2']);
      assert.equal(aho.regionSource, 'none');
      assert.match(aho.note ?? '', /not known for the aho scheme/);
    });
  });

  describe('mutations', () => {
    it('derives substitutions position by position for same-length chains', () => {
      const c = compareChain('vh', STRATEGIES[0].vh, PARENT.vh, [], imgtLabels('vh'));
      assert.equal(c.parentSource, 'response');
      assert.equal(c.mutations.length, 30);
      assert.deepEqual(c.mutations.slice(0, 3).map((m) => `${m.from}${m.index}${m.to}`), ['Q5V', 'Q6E', 'P9G']);
      assert.ok(c.mutations.every((m) => !m.listed));
    });

    it('aligns chains of different length and reports the insertion and deletion', () => {
      assert.deepEqual(alignSequences('ABCD', 'ABXCD'), [[0, 0], [1, 1], [null, 2], [2, 3], [3, 4]]);
      const c = compareChain('vl', 'DIQMTQSPSSLSASVGDRVTITC', 'DIQMTQSPSSLSVGDRVTITCK', [], []);
      const text = c.mutations.map((m) => `${m.from}${m.parentIndex ?? ''}/${m.index ?? ''}${m.to}`);
      assert.ok(text.includes('-/13A') || text.includes('-/14S'), text.join(' '));
      assert.ok(text.some((t) => t.startsWith('K22/')), text.join(' '));
    });

    it('reads the mutation list in its many shapes', () => {
      const p = parseApiMutations(['H:Q5V', 'L:V3Q', 'S82AT', { chain: 'vh', pos: '11', wt: 'L', mut: 'V' }, { mutation: 'L:N30S' }, 42]);
      assert.deepEqual(p.byChain.vh.map((m) => [m.from, m.position, m.to]), [['Q', '5', 'V'], ['L', '11', 'V']]);
      assert.deepEqual(p.byChain.vl.map((m) => [m.from, m.position, m.to]), [['V', '3', 'Q'], ['N', '30', 'S']]);
      assert.deepEqual(p.unattributed.map((m) => [m.from, m.position, m.to]), [['S', '82A', 'T'], [undefined, undefined, undefined]]);
      const o = parseApiMutations({ H: ['Q5V'], light: 'V3Q, M11L', parent_sequences: ['EVQLQQ', 'DIVMTQ'] });
      assert.deepEqual(o.parent, { vh: 'EVQLQQ', vl: 'DIVMTQ' });
      assert.equal(o.byChain.vl.length, 2);
      assert.equal(parseApiMutations({}).readable, false);
      assert.equal(parseApiMutations('nothing').readable, false);
    });

    it('places a listed mutation by index, else by numbering label', () => {
      const labels = kabatLabels('vh');
      const seq = STRATEGIES[0].vh;
      assert.equal(placeMutation({ position: '5', from: 'Q', to: 'V', text: '' }, seq, labels), 4);
      // Kabat H82A is index 83; as an index 82A is no number, so the label places it.
      const i = labels.indexOf('82A');
      assert.equal(placeMutation({ position: '82A', from: 'V', to: seq[i], text: '' }, seq, labels), i);
      assert.equal(placeMutation({ position: '5', from: 'Q', to: 'W', text: '' }, seq, labels), -1);
    });

    it('rebuilds the parent from the list when the response gives no parent, and marks what disagrees', () => {
      const listed = parseApiMutations({ vh: STRATEGIES[0].vh === PARENT.vh ? [] : [...PARENT.vh].flatMap((aa, i) => (aa === STRATEGIES[0].vh[i] ? [] : [`${aa}${i + 1}${STRATEGIES[0].vh[i]}`])) }).byChain.vh;
      const c = compareChain('vh', STRATEGIES[0].vh, undefined, listed, []);
      assert.equal(c.parentSource, 'reconstructed');
      assert.equal(c.parent, PARENT.vh);
      assert.equal(c.mutations.length, 30);
      assert.ok(c.mutations.every((m) => m.listed));
      const wrong = compareChain('vh', STRATEGIES[0].vh, PARENT.vh, [...listed, { position: '1', from: 'Q', to: 'E', text: 'Q1E' }, { position: '200', from: 'A', to: 'B', text: 'A200B' }], []);
      assert.deepEqual(wrong.disagreements.map((m) => m.text), ['Q1E', 'A200B']);
      assert.equal(compareChain('vh', 'EVQ', undefined, [], []).parentSource, 'none');
    });
  });

  describe('liabilities', () => {
    const regionsH = readNumbering({ scheme: 'imgt', vh: imgtLabels('vh') }, 'vh', TRASTUZUMAB_VH);

    it('finds trastuzumab heavy-chain NG55, DG102 and CDR-H3 M107; skips CDR-only motifs in frameworks', () => {
      const found = scanLiabilities(TRASTUZUMAB_VH, { chain: 'vh', regions: regionsH.regions, labels: regionsH.labels, scheme: 'imgt' });
      const text = found.map((l) => `${l.type}:${l.motif}${l.start}:${l.risk}`);
      assert.ok(text.includes('deamidation:NG55:high'), text.join(' '));
      assert.ok(text.includes('isomerisation:DG102:high'), text.join(' '));
      assert.ok(text.includes('oxidation:M107:medium'), text.join(' '));
      assert.ok(!text.some((t) => t.startsWith('oxidation:M83')), 'M83 is framework');
      assert.ok(!text.some((t) => t.startsWith('unpaired')), 'C22 and C96 are the disulfide (IMGT 23, 104)');
      assert.equal(found.find((l) => l.motif === 'NG')?.region, 'CDR2');
    });

    it('flags N-glycosylation sequons (not N-P-S/T) and unpaired cysteines, with or without numbering', () => {
      const seq = 'ANVSANPTAC';
      const found = scanLiabilities(seq, { chain: 'vh', regions: [], labels: [] });
      assert.deepEqual(found.map((l) => `${l.type}@${l.start}`), ['N-glycosylation@2', 'unpaired cysteine@10']);
      const numbered = scanLiabilities('CAAC', { chain: 'vl', regions: [], labels: ['23', '24', '25', '104'], scheme: 'imgt' });
      assert.deepEqual(numbered.map((l) => l.start), [], 'canonical pair');
      const extra = scanLiabilities('CAACC', { chain: 'vl', regions: [], labels: ['23', '24', '25', '104', '105'], scheme: 'imgt' });
      assert.deepEqual(extra.map((l) => l.start), [5]);
    });

    it('reads the response list, checks each entry against the sequence and keeps what does not fit as text', () => {
      const seq = TRASTUZUMAB_VH;
      const parsed = parseApiLiabilities({ H: [{ type: 'Deamidation', motif: 'NG', position: 55, risk: 'high' }, { kind: 'isomerization', sequence: 'DG', start: 50 }, 'NG at H55'] }, 'vh', seq, regionsH.regions);
      assert.equal(parsed.readable, true);
      assert.deepEqual(parsed.placed.map((l) => [l.type, l.start, l.region]), [['deamidation', 55, 'CDR2']]);
      assert.deepEqual(parsed.unplaced, ['isomerisation DG at 50', 'NG at H55']);
      assert.equal(parseApiLiabilities('not computed', 'vh', seq, []).readable, false);
      assert.equal(liabilityKind('n_glycosylation'), 'N-glycosylation');
      assert.equal(liabilityKind('free_cys'), 'unpaired cysteine');
    });
  });

  describe('epitopes, pLDDT, ΔΔG, values', () => {
    it('places epitopes by start, else by peptide, on the named chain or either; lists the rest', () => {
      const chains = { vh: TRASTUZUMAB_VH, vl: TRASTUZUMAB_VL };
      const r = placeEpitopes(
        [
          { chain: 'H', start: 45, end: 59, peptide: 'LEWVARIYPTNGYTR', allele: 'HLA-DRB1*04:01', percentile_rank: 3.1 },
          { peptide: 'QQHYTTPPT', rank: 2 },
          { chain: 'L', start: 3, peptide: 'QQHYTTPPT' },
          { peptide: 'WWWWW' },
          null,
          'x',
        ],
        chains,
      );
      assert.deepEqual(r.placed.map((e) => [e.chain, e.start, e.end, e.detail]), [
        ['vh', 45, 59, 'HLA-DRB1*04:01, rank 3.1'],
        ['vl', 89, 97, 'rank 2'],
        ['vl', 89, 97, ''],
      ]);
      assert.deepEqual(r.unplaced, ['WWWWW', 'x']);
      assert.deepEqual(placeEpitopes({}, chains), { placed: [], unplaced: [] });
    });

    it('reads pLDDT per chain or flat (split at the VH length), and rescales 0–1 values', () => {
      const per = readPlddt({ H: [90, 80], L: [70] }, {});
      assert.deepEqual(per?.series.map((s) => s.chain), ['H', 'L']);
      assert.equal(per?.mean, 80);
      const flat = readPlddt([0.9, 0.8, 0.6], { vh: 2, vl: 1 });
      assert.deepEqual(flat?.series.map((s) => [s.chain, s.values.map((v) => Math.round(v))]), [['H', [90, 80]], ['L', [60]]]);
      assert.equal(flat?.low, 1);
      assert.match(flat?.note ?? '', /×100/);
      assert.equal(readPlddt({}, {}), undefined);
      assert.equal(readPlddt(['a'], {}), undefined);
    });

    it('reads the ΔΔG matrix as rows × columns, a nested map or a list of cells', () => {
      const m = readDdg({ positions: ['H55', 'H56'], amino_acids: ['A', 'G'], values: [[0.5, -1], [2, 'x']], units: 'kcal/mol' });
      assert.deepEqual([m?.rows, m?.cols, m?.values, m?.min, m?.max], [['H55', 'H56'], ['A', 'G'], [[0.5, -1], [2, null]], -1, 2]);
      const nested = readDdg({ 'H:55': { G: '0.3', A: 1 }, 'H:56': { A: -0.2 } });
      assert.deepEqual([nested?.cols, nested?.values], [['A', 'G'], [[1, 0.3], [-0.2, null]]]);
      const cells = readDdg([{ position: 'L30', aa: 'S', ddg: -0.4 }]);
      assert.deepEqual(cells?.values, [[-0.4]]);
      assert.equal(readDdg({}), undefined);
      assert.deepEqual(ddgColor(0, 2), [247, 247, 247]);
      assert.deepEqual(ddgColor(5, 2), [178, 24, 43]);
      assert.deepEqual(ddgColor(-2, 2), [33, 102, 172]);
    });

    it('reads numbers leniently and times in either form', () => {
      assert.deepEqual([num('71.4 °C'), num({ value: '0.31' }), num('n/a'), num(Infinity), num(3)], [71.4, 0.31, undefined, undefined, 3]);
      assert.equal(time('2023-11-07T05:31:56Z'), '2023-11-07 05:31:56 UTC');
      assert.equal(time(1731000000), '2024-11-07 17:20:00 UTC');
      assert.equal(time('soon'), undefined);
    });
  });

  describe('the whole response', () => {
    let emu: HumanizationEmulator;
    before(async () => {
      emu = await startHumanizationEmulator();
    });
    after(async () => {
      await emu.close();
    });

    it('reads a complete report: four strategies with parent, mutations, liabilities, OASis and all four parts', () => {
      const r = buildReport(emu.response(emu.seeded.full));
      assert.equal(r.notAnObject, undefined);
      assert.equal(r.job.status, 'completed');
      assert.ok(r.job.facts.some((f) => f.label === 'Completed'));
      assert.deepEqual(r.results.strategies.map((s) => s.name), ['cdr_grafting', 'germline_guided', 'oasis_optimised', 'liability_removal']);
      assert.equal(r.parentName, 'muMAb4D5');
      const first = r.results.strategies[0];
      assert.equal(first.chains.vh.comparison?.mutations.length, 30);
      assert.ok(first.chains.vh.comparison?.mutations.every((m) => m.listed), 'every difference is listed by the API');
      assert.deepEqual(first.chains.vh.comparison?.disagreements, []);
      assert.equal(first.chains.vh.numbering.regionSource, 'response');
      assert.equal(first.chains.vh.liabilitySource, 'response');
      assert.ok(first.chains.vh.liabilities.some((l) => l.motif === 'NG' && l.start === 55));
      assert.equal(first.oasis.perChain.vh?.germline, 'IGHV3-23*01');
      assert.deepEqual(first.analyses.map((a) => a.name), ['VHH']);
      assert.equal(r.analysed?.name, 'cdr_grafting');
      assert.equal(r.analysedBy, 'humanization_result_id');
      assert.deepEqual([r.structure.state, r.stability.state, r.immunogenicity.state, r.complex.state], ['present', 'present', 'present', 'present']);
      assert.equal(r.structure.model?.plddt?.series.length, 2);
      assert.equal(r.stability.model?.ddg?.rows.length, 10);
      assert.ok(r.immunogenicity.model?.tracks.every((t) => t.epitopes.placed.length > 0 && t.epitopes.unplaced.length === 0));
      assert.equal(r.complex.model?.iptm.value, 0.79);
      assert.deepEqual(r.extra, []);
    });

    it('says which parts are null or missing', () => {
      const r = buildReport(emu.response(emu.seeded.partial));
      assert.deepEqual([r.structure.state, r.complex.state], ['null', 'missing']);
      assert.match(absentNote('missing', 'complex_result'), /no complex_result field/);
      assert.match(absentNote('null', 'structure_result'), /is null/);
      const running = buildReport(emu.response(emu.seeded.running));
      assert.equal(running.results.state, 'empty');
    });

    it('survives the drifted response: empty objects, Kabat numbers, string mutations, a null chain, odd types', () => {
      const raw = emu.response(emu.seeded.drift);
      const r = buildReport(raw);
      const [a, b, c, d] = r.results.strategies;
      assert.equal(a.oasis.identity, undefined);
      assert.match(a.chains.vh.numbering.note ?? '', /empty/);
      // The parent comes from row 4's parent_sequences; row 1's "H:Q5V" strings are matched to it.
      assert.equal(a.chains.vh.comparison?.parentSource, 'response');
      assert.equal(a.chains.vh.comparison?.mutations.length, 30);
      assert.ok(a.chains.vh.comparison?.mutations.every((m) => m.listed));
      assert.equal(b.oasis.identity, 0.83);
      assert.equal(b.chains.vh.numbering.regionSource, 'scheme');
      assert.equal(inRegion(b.chains.vh.sequence ?? '', b.chains.vh.numbering.regions, 'CDR1'), 'DTYIH');
      assert.equal(b.chains.vh.liabilitySource, 'scan', '"not computed" is no list: the view scans');
      assert.equal(c.chains.vl.sequence, undefined);
      assert.equal(c.chains.vl.problem, 'null in the response');
      assert.ok(c.extra.some(([k]) => k === 'model_meta'));
      assert.equal(d.createdAt, '2024-11-07 17:20:00 UTC');
      const confidence = (raw.structure_result as { confidence_score: string }).confidence_score;
      assert.equal(typeof confidence, 'string');
      assert.equal(r.structure.model?.confidence.value, Number(confidence));
      assert.equal(r.structure.model?.plddt?.series.length, 2, 'the flat list is split into H and L');
      assert.equal(r.structure.model?.cdrs.others.length, 2);
      assert.equal(r.stability.model?.ddg?.rows[0], 'H:55');
      assert.equal(r.stability.model?.metrics.find((m) => m.label === 'Predicted Tm')?.value, 71.4);
      assert.equal(r.immunogenicity.model?.risks[0].value, 0.31);
      assert.ok((r.immunogenicity.model?.tracks[1].epitopes.placed.length ?? 0) > 0, 'peptides without positions are found on the sequence');
      assert.equal(r.immunogenicity.model?.tracks[2].isList, false);
      assert.equal(r.complex.state, 'empty');
      assert.deepEqual(r.extra.map(([k]) => k), ['api_version', 'warnings']);
      assert.ok(r.job.extra.some(([k]) => k === 'priority'));
    });

    it('keeps hostile text as text: sequences with markup are not sequences, every string stays verbatim', () => {
      const raw = emu.response(emu.seeded.hostile);
      const r = buildReport(raw);
      const s = r.results.strategies[0];
      assert.equal(s.chains.vh.sequence, undefined);
      assert.equal(s.chains.vh.problem, 'not a protein sequence');
      assert.ok(HOSTILE_STRINGS.some((h) => s.name.includes(h)), s.name);
      assert.ok(r.job.errorMessage === undefined || typeof r.job.errorMessage === 'string');
      assert.ok(r.structure.model?.model?.includes('AlphaFold2'));
      assert.ok(r.extra.length > 0, 'the hostile key is an unknown field, kept');
    });

    it('explains a file that is not the response object', () => {
      assert.match(buildReport([1, 2]).notAnObject ?? '', /a JSON list/);
      assert.match(buildReport('text').notAnObject ?? '', /a string/);
      assert.equal(buildReport({}).job.state, 'missing');
    });
  });
});

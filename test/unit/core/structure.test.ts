/** PDB / mmCIF residue and B-factor reading, PAE and pLDDT JSON (src/core/structure.ts, src/core/pae.ts). */
import assert from 'node:assert/strict';
import { blockMean, parsePae, parsePlddtJson } from '../../../src/core/pae';
import { cifTokens, companionFiles, confidenceKind, readMmcif, readPdb, residueLabel, structureFormatOf, summariseAtoms } from '../../../src/core/structure';
import { syntheticPae, syntheticStructure, toMmcif, toPdb } from '../../e2e/structureFixture';

/** A hand-written PDB: chain A with an insertion code and a residue without Cα, a ligand, water, then a second model. */
const PDB = [
  'HEADER    TEST',
  'ATOM      1  N   MET A   1      11.104   6.134  -6.504  1.00 31.50           N',
  'ATOM      2  CA  MET A   1      11.639   6.071  -5.147  1.00 35.25           C',
  'ATOM      3  C   MET A   1      10.550   6.000  -4.000  1.00 33.00           C',
  'ATOM      4  N   GLY A  52      12.000   7.000  -3.000  1.00 91.00           N',
  'ATOM      5  CA  GLY A  52      12.500   7.500  -2.500  1.00 92.00           C',
  'ATOM      6  N   SER A  52A     13.000   8.000  -2.000  1.00 71.00           N',
  'ATOM      7  CA  SER A  52A     13.500   8.500  -1.500  1.00 72.00           C',
  'ATOM      8  P    DA B   1      20.000  20.000  20.000  1.00 60.00           P',
  'ATOM      9  OP1  DA B   1      21.000  20.000  20.000  1.00 40.00           O',
  'HETATM   10  C1  LIG A 901      15.000   9.000  -1.000  1.00 88.00           C',
  'HETATM   11  O   HOH A 902      16.000   9.000  -1.000  1.00 50.00           O',
  'ENDMDL',
  'MODEL        2',
  'ATOM     12  CA  MET A   1      11.639   6.071  -5.147  1.00  1.00           C',
  'END',
].join('\n');

describe('core/structure', () => {
  it('reads residues, Cα B-factors, insertion codes, ligands and the first model of a PDB file', () => {
    const s = readPdb(PDB);
    assert.deepEqual(
      s.residues.map((r) => [residueLabel(r), r.b]),
      [['MET A 1', 35.25], ['GLY A 52', 92], ['SER A 52A', 72], ['DA B 1', 50]],
    );
    assert.deepEqual(s.ligands, ['LIG']);
    assert.deepEqual(s.chains, ['A', 'B']);
    assert.equal(s.atoms, 11);
    assert.equal(s.confidence, 'plddt');
    assert.deepEqual(s.plddt, [35.25, 92, 72, 50]);
    // Anchors: the Cα, and the phosphate for the nucleotide.
    assert.deepEqual([...s.anchors.slice(0, 3)].map((v) => +v.toFixed(3)), [11.639, 6.071, -5.147]);
    assert.deepEqual([...s.anchors.slice(9, 12)], [20, 20, 20]);
  });

  it('averages the B-factors of a residue without Cα', () => {
    const s = readPdb(['ATOM      1  P    DA B   1      20.000  20.000  20.000  1.00 60.00           P', 'ATOM      2  OP1  DA B   1      21.000  20.000  20.000  1.00 40.00           O'].join('\n'));
    // A nucleotide's anchor is its P, but its confidence is the mean (no Cα).
    assert.equal(s.residues[0].b, 50);
  });

  it('reads the same residues and pLDDT from the PDB and the mmCIF of a generated model', () => {
    const model = syntheticStructure({ residues: 240, chains: 2, ligand: true, seed: 9 });
    const fromPdb = readPdb(toPdb(model));
    const fromCif = readMmcif(toMmcif(model));
    const expected = model.plddt.flatMap((c) => c.values);
    assert.equal(fromPdb.residues.length, 240);
    assert.deepEqual(fromPdb.plddt, expected);
    assert.deepEqual(fromCif.plddt, expected);
    assert.deepEqual(fromCif.residues.map(residueLabel), fromPdb.residues.map(residueLabel));
    assert.deepEqual(fromCif.ligands, ['LIG']);
    assert.equal(fromCif.atoms, model.atoms.length);
    assert.deepEqual([...fromCif.anchors], [...fromPdb.anchors]);
  });

  it('mmCIF: quoted values, label_* columns when auth_* are absent, stops at the next model', () => {
    const cif = [
      'data_x',
      'loop_',
      '_atom_site.group_PDB',
      '_atom_site.label_atom_id',
      '_atom_site.label_comp_id',
      '_atom_site.label_asym_id',
      '_atom_site.label_seq_id',
      '_atom_site.Cartn_x',
      '_atom_site.Cartn_y',
      '_atom_site.Cartn_z',
      '_atom_site.B_iso_or_equiv',
      '_atom_site.pdbx_PDB_model_num',
      "ATOM CA ALA A 1 1.0 2.0 3.0 0.91 1",
      'ATOM "C1\'" DG B 2 4.0 5.0 6.0 0.42 1',
      'ATOM CA ALA A 1 9.0 9.0 9.0 0.10 2',
      '#',
    ].join('\n');
    const s = readMmcif(cif);
    assert.deepEqual(s.residues.map((r) => `${r.name}/${r.chain}/${r.seq}`), ['ALA/A/1', 'DG/B/2']);
    // 0–1 values read as a fraction and are scaled.
    assert.equal(s.confidence, 'plddt-fraction');
    assert.deepEqual(s.plddt.map((v) => Math.round(v)), [91, 42]);
    assert.throws(() => readMmcif('data_x\n_cell.length_a 10\n'), /no _atom_site loop/);
  });

  it('splits mmCIF rows with quotes', () => {
    assert.deepEqual(cifTokens(`ATOM 1 C "C1'" . 'it''s' x`), ['ATOM', '1', 'C', "C1'", '.', "it''s", 'x']);
    assert.deepEqual(cifTokens("  a\tb  'c d'  "), ['a', 'b', 'c d']);
  });

  it('tells a pLDDT from experimental B-factors', () => {
    assert.equal(confidenceKind([91.2, 45, 70]), 'plddt');
    assert.equal(confidenceKind([0.91, 0.45]), 'plddt-fraction');
    assert.equal(confidenceKind([12.3, 140.2]), 'none');
    assert.equal(confidenceKind([20, 20, 20]), 'none');
    assert.equal(confidenceKind([]), 'none');
    assert.equal(confidenceKind([50, Number.NaN]), 'none');
  });

  it('summarises atoms another parser produced (BinaryCIF through the 3-D library)', () => {
    const s = summariseAtoms([
      { hetero: false, chain: 'A', seq: 1, insCode: '', name: 'ALA', atom: 'N', b: 80, x: 0, y: 0, z: 0 },
      { hetero: false, chain: 'A', seq: 1, insCode: '', name: 'ALA', atom: 'CA', b: 81, x: 1, y: 2, z: 3 },
      { hetero: true, chain: 'A', seq: 5, insCode: '', name: 'ZN', atom: 'ZN', b: 80, x: 0, y: 0, z: 0 },
    ]);
    assert.deepEqual(s.plddt, [81]);
    assert.deepEqual(s.ligands, ['ZN']);
    assert.deepEqual([...s.anchors], [1, 2, 3]);
  });

  it('recognises formats by media type, then by extension', () => {
    assert.equal(structureFormatOf('x.bin', 'chemical/x-pdb'), 'pdb');
    assert.equal(structureFormatOf('x.bin', 'chemical/x-mmcif; charset=utf-8'), 'mmcif');
    assert.equal(structureFormatOf('AF-P1-F1-model_v4.cif', 'application/octet-stream'), 'mmcif');
    assert.equal(structureFormatOf('model.BCIF'), 'bcif');
    assert.equal(structureFormatOf('1abc.ent'), 'pdb');
    assert.equal(structureFormatOf('scores.json', 'application/json'), undefined);
  });
});

describe('core/pae', () => {
  const rows = [
    [0.25, 3, 17],
    [2.5, 0.25, 16],
    [18, 19.5, 0.25],
  ];

  it('reads AlphaFold DB (list), ColabFold (object), `pae` and v1 triples alike', () => {
    for (const json of [[{ predicted_aligned_error: rows, max_predicted_aligned_error: 31.75 }], { predicted_aligned_error: rows }, { pae: rows }]) {
      const m = parsePae(json);
      assert.equal(m.n, 3);
      assert.equal(m.values[0 * 3 + 2], 17);
      assert.equal(m.values[2 * 3 + 1], 19.5);
    }
    assert.equal(parsePae([{ predicted_aligned_error: rows, max_predicted_aligned_error: 31.75 }]).max, 31.75);
    assert.equal(parsePae({ pae: rows }).max, 19.5);
    const v1 = parsePae([{ residue1: [1, 1, 2, 2], residue2: [1, 2, 1, 2], distance: [0, 4, 5, 0] }]);
    assert.deepEqual([v1.n, [...v1.values]], [2, [0, 4, 5, 0]]);
  });

  it('says what is wrong with a file that is not a PAE', () => {
    assert.throws(() => parsePae({ plddt: [1, 2] }), /not a PAE file/);
    assert.throws(() => parsePae({ pae: [[1, 2], [3]] }), /not square: row 2 has 1 values for 2 rows/);
    assert.throws(() => parsePae({ pae: [[1, 'x'], [3, 4]] }), /row 1, column 2 is not a number/);
    assert.throws(() => parsePae({ pae: [] }), /empty/);
    assert.throws(() => parsePae('[]'), /not a PAE file/);
  });

  it('reads a generated PAE the size of its structure, low within domains', () => {
    const s = syntheticStructure({ residues: 120, chains: 2 });
    const m = parsePae(JSON.parse(JSON.stringify([{ predicted_aligned_error: syntheticPae(s) }])));
    assert.equal(m.n, 120);
    const within = blockMean(m, 20, 40, 20, 40);
    const between = blockMean(m, 20, 40, 80, 100);
    assert.ok(within < 10 && between > 14, `within ${within.toFixed(1)} Å, between chains ${between.toFixed(1)} Å`);
  });

  it('reads pLDDT lists (0–100 or 0–1) and ignores other JSON', () => {
    assert.deepEqual(parsePlddtJson({ plddt: [90, 45.5] }), [90, 45.5]);
    assert.deepEqual(parsePlddtJson({ plddt: [0.9, 0.455] })?.map((v) => +v.toFixed(1)), [90, 45.5]);
    assert.deepEqual(parsePlddtJson([{ residueNumber: [1, 2], confidenceScore: [91, 33] }]), [91, 33]);
    assert.equal(parsePlddtJson({ plddt: [120] }), undefined);
    assert.equal(parsePlddtJson({ pae: [[1]] }), undefined);
    assert.equal(parsePlddtJson(42), undefined);
  });
});

describe('core/structure companions', () => {
  it('finds the PAE and scores beside AlphaFold DB and ColabFold downloads (rank 1’s scores for rank 1’s model)', () => {
    assert.deepEqual(
      companionFiles('AF-P69905-F1-model_v4.pdb', ['AF-P69905-F1-model_v4.pdb', 'AF-P69905-F1-predicted_aligned_error_v4.json', 'AF-Q9XYZ1-F1-predicted_aligned_error_v4.json', 'notes.json']),
      ['AF-P69905-F1-predicted_aligned_error_v4.json'],
    );
    assert.deepEqual(
      companionFiles('job_unrelaxed_rank_001_alphafold2_ptm_model_3_seed_000.pdb', ['job_scores_rank_001_alphafold2_ptm_model_3_seed_000.json', 'job_scores_rank_002_alphafold2_ptm_model_1_seed_000.json', 'job.a3m']),
      ['job_scores_rank_001_alphafold2_ptm_model_3_seed_000.json'],
    );
    // A lone PAE file in the folder goes with whatever structure is opened there.
    assert.deepEqual(companionFiles('model.cif', ['pae.json', 'config.json']), ['pae.json']);
    assert.deepEqual(companionFiles('model.cif', ['config.json', 'package.json']), []);
  });
});

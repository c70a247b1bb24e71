/** The structure view's pure parts: pLDDT bands, plot and heat-map geometry, linked state, file choice, messages. */
import assert from 'node:assert/strict';
import type { PaeMatrix } from '../../../src/core/pae';
import { BANDS, bandCounts, bandOf } from '../../../src/webview/structure/confidence';
import { pickFiles, type FileRef } from '../../../src/webview/structure/files';
import { blockOfRect, imageSide, paeColor, paeImage, pairAt, spanOf } from '../../../src/webview/structure/heatmapGeometry';
import { Links, type LinkState } from '../../../src/webview/structure/links';
import { parseStructureMessage } from '../../../src/webview/structure/messages';
import { chainStarts, indexAt, linePath, plotBox, residueTicks, xOf, yOf } from '../../../src/webview/structure/plotGeometry';
import { cartoonQuality } from '../../../src/webview/structure/viewer3dPolicy';

describe('webview/structure', () => {
  describe('pLDDT bands', () => {
    it('uses AlphaFold’s four bands and colours, boundaries in the lower band', () => {
      assert.deepEqual(BANDS.map((b) => [b.label, b.css]), [['Very high', '#0053d6'], ['Confident', '#65cbf3'], ['Low', '#ffdb13'], ['Very low', '#ff7d45']]);
      assert.deepEqual([95, 90.01, 90, 70.5, 70, 50.01, 50, 3].map((v) => bandOf(v).id), ['very-high', 'very-high', 'confident', 'confident', 'low', 'low', 'very-low', 'very-low']);
      assert.deepEqual(bandCounts([99, 91, 80, 60, 10, 50]), [2, 1, 1, 2]);
    });
  });

  describe('plot geometry', () => {
    const b = plotBox(434, 150);
    it('maps residues to slots and back', () => {
      // 392 px of plot for 392 residues: one px each, centred.
      assert.equal(xOf(b, 392, 0), 34.5);
      assert.equal(indexAt(b, 392, 34.9), 0);
      assert.equal(indexAt(b, 392, 34 + 391.5), 391);
      assert.equal(indexAt(b, 392, 10), undefined);
      assert.equal(indexAt(b, 392, 430), undefined);
      assert.equal(yOf(b, 100), 8);
      assert.equal(yOf(b, 0), 130);
      assert.equal(yOf(b, 150), 8, 'clamped');
    });
    it('draws every residue for short chains and a min–max envelope per pixel for long ones', () => {
      const short = linePath(b, [50, 100, 0]);
      assert.equal(short, `M${xOf(b, 3, 0).toFixed(1).replace(/\.0$/, '')} 69L${xOf(b, 3, 1).toFixed(1).replace(/\.0$/, '')} 8L${xOf(b, 3, 2).toFixed(1).replace(/\.0$/, '')} 130`);
      const values = Array.from({ length: 5000 }, (_, i) => (i % 2 ? 90 : 30));
      const long = linePath(b, values);
      const points = long.split(/[ML]/).filter(Boolean);
      assert.equal(points.length, 2 * 392, 'two points per pixel column');
      // Each column spans 30 … 90: the dips stay visible.
      assert.ok(long.includes(` ${+yOf(b, 90).toFixed(1)}L`) && long.includes(` ${+yOf(b, 30).toFixed(1)}`));
    });
    it('labels the residue axis in 1-2-5 steps and finds chain starts', () => {
      assert.deepEqual(residueTicks(b, 600), [200, 400, 600]);
      assert.deepEqual(residueTicks(b, 5000).slice(0, 2), [1000, 2000]);
      assert.deepEqual(residueTicks(b, 7), [2, 4, 6]);
      assert.deepEqual(chainStarts(['A', 'A', 'B', 'B', 'C']), [2, 4]);
    });
  });

  describe('PAE heat map geometry', () => {
    const pae: PaeMatrix = { n: 4, values: Float32Array.from([0, 10, 20, 30, 10, 0, 20, 30, 20, 20, 0, 30, 30, 30, 30, 0]), max: 30 };
    it('colours 0 Å dark green and the maximum white', () => {
      assert.deepEqual(paeColor(0, 30), [0x0b, 0x4f, 0x1f]);
      assert.deepEqual(paeColor(30, 30), [255, 255, 255]);
      assert.deepEqual(paeColor(99, 30), [255, 255, 255]);
    });
    it('averages blocks of residue pairs when the image is smaller than the matrix', () => {
      assert.equal(imageSide(5000), 1024);
      assert.equal(imageSide(300), 300);
      const full = paeImage(pae, 4);
      assert.deepEqual([...full.slice(0, 4)], [0x0b, 0x4f, 0x1f, 255]);
      const half = paeImage(pae, 2);
      // Top-left 2×2 block: mean (0 + 10 + 10 + 0) / 4 = 5 Å.
      const expected = paeColor((Math.round((5 / 30) * 255) / 255) * 30, 30);
      assert.deepEqual([...half.slice(0, 3)], expected);
    });
    it('maps pixels to residue pairs and a dragged rectangle to a block', () => {
      assert.deepEqual(pairAt(400, 4, 399, 0), { row: 0, col: 3 });
      assert.equal(pairAt(400, 4, 400, 0), undefined);
      assert.deepEqual(blockOfRect(400, 4, 350, 260, 20, 120), { rows: [1, 2], cols: [0, 3] });
      assert.deepEqual(blockOfRect(400, 4, -50, -50, 900, 900), { rows: [0, 3], cols: [0, 3] });
      assert.deepEqual(spanOf(400, 4, 1, 2), [100, 300]);
    });
  });

  describe('linked state', () => {
    it('tells every panel, keeps one selection at a time and ignores what is out of range', () => {
      const links = new Links(100);
      const seen: [LinkState, string][] = [];
      links.on((s, source) => seen.push([{ ...s }, source]));
      links.hover(5, 'plot');
      links.hover(5, 'plot');
      assert.equal(seen.length, 1, 'no event for no change');
      links.select(7, 'structure');
      links.selectBlock({ rows: [90, 120], cols: [10, 3] }, 'pae');
      assert.deepEqual(links.current, { hover: 5, hoverRow: undefined, selected: undefined, block: { rows: [90, 99], cols: [3, 10] } });
      links.select(8, 'keyboard');
      assert.equal(links.current.block, undefined);
      links.hover(500, 'structure');
      assert.equal(links.current.hover, undefined);
      links.hover(3, 'pae', 60);
      assert.deepEqual([links.current.hover, links.current.hoverRow], [3, 60]);
      links.clear('keyboard');
      assert.deepEqual([links.current.selected, links.current.block, links.current.hover], [undefined, undefined, 3]);
      assert.deepEqual(seen.map(([, s]) => s), ['plot', 'structure', 'pae', 'keyboard', 'structure', 'pae', 'keyboard']);
    });
  });

  describe('file choice', () => {
    const f = (name: string, mediaType: string, primary = false, view = 'files'): FileRef => ({ name, mediaType, size: 10, view, primary, uri: `https://file/${name}` });
    it('takes the primary structure, and JSON companions with PAE names first', () => {
      const picked = pickFiles([f('log.txt', 'text/plain'), f('scores.json', 'application/json'), f('pae.json', 'application/json'), f('ranked_1.pdb', 'chemical/x-pdb'), f('ranked_0.pdb', 'chemical/x-pdb', true, 'structure')]);
      assert.equal(picked.structure?.name, 'ranked_0.pdb');
      assert.equal(picked.structure?.format, 'pdb');
      assert.deepEqual(picked.companions.map((c) => c.name), ['pae.json', 'scores.json']);
    });
    it('falls back to extensions and reports no structure when there is none', () => {
      assert.equal(pickFiles([f('model.cif', 'application/octet-stream')]).structure?.format, 'mmcif');
      assert.equal(pickFiles([f('a.txt', 'text/plain')]).structure, undefined);
    });
  });

  describe('messages', () => {
    const file = { name: 'm.pdb', mediaType: 'chemical/x-pdb', size: 3, view: 'structure', primary: true, uri: 'https://x/m.pdb' };
    it('accepts contract v2 show and the custom editor’s showStructure', () => {
      const job = { id: 'j1', name: 'Fold', providerId: 'p', providerLabel: 'P', status: 'succeeded', createdAt: 1, updatedAt: 2 };
      assert.deepEqual(parseStructureMessage({ type: 'show', job, view: 'structure', files: [file] }), { type: 'show', title: 'Fold', jobId: 'j1', files: [file] });
      assert.deepEqual(parseStructureMessage({ type: 'showStructure', title: 'm.pdb', files: [file] }), { type: 'showStructure', title: 'm.pdb', files: [file] });
    });
    it('reports malformed messages and ignores foreign ones', () => {
      assert.deepEqual(parseStructureMessage({ type: 'showStructure', title: 'x', files: [{ name: 1 }] }), { type: 'invalid', reason: 'files[0].name is not a string' });
      assert.deepEqual(parseStructureMessage({ type: 'show', files: [] }), { type: 'invalid', reason: 'the job summary is missing' });
      assert.equal(parseStructureMessage({ type: 'somethingElse' }), undefined);
      assert.equal(parseStructureMessage('hello'), undefined);
    });
  });

  describe('3-D detail by size', () => {
    it('lowers cartoon detail for large structures', () => {
      assert.deepEqual([300, 1000, 2500, 5000].map(cartoonQuality), [10, 10, 6, 4]);
    });
  });
});

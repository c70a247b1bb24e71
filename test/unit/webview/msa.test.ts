/** The alignment viewer's pure parts (model, geometry, keys, search, navigation, status words), in node. */
import assert from 'node:assert/strict';
import { AlignmentReader, type RowBatch } from '../../../src/core/alignmentReader';
import { ColumnCounts } from '../../../src/core/alignmentStats';
import { keyAction, type KeyInput } from '../../../src/webview/msa/keys';
import { cellHeightCss, hitTest, metrics, nextCellWidth, rulerStep, visibleWindow } from '../../../src/webview/msa/layout';
import { AlignmentModel } from '../../../src/webview/msa/model';
import { moveCursor, scrollToReveal, type Grid } from '../../../src/webview/msa/navigation';
import { orderToArray, positionOf, scrollingRows } from '../../../src/webview/msa/search';
import { describeAlignment, describeCell, describeColumn, describeHit, describeLogo, sequencePosition } from '../../../src/webview/msa/status';

/** The viewer's model of `text`, read in chunks of `chunk` bytes and batches of `batchBytes` as the worker does. */
function modelOf(text: string, fileName = 'x.a3m', chunk = 7, batchBytes = 16): AlignmentModel {
  const batches: RowBatch[] = [];
  const reader = new AlignmentReader({ fileName, batchBytes, onBatch: (b) => batches.push(b) });
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  const summary = reader.end();
  const model = new AlignmentModel(summary.format, summary.width);
  for (const b of batches) model.append(b);
  model.complete = true;
  return model;
}

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('webview/msa', () => {
  describe('layout', () => {
    it('works in whole device pixels at any devicePixelRatio', () => {
      const m1 = metrics(800, 600, 1, 12, 110);
      assert.deepEqual([m1.cellW, m1.cellH, m1.namesW, m1.width, m1.height], [12, 16, 110, 800, 600]);
      assert.equal(m1.headerH, 20 + 28 + 40 + 16 + 16 + 3);
      assert.equal(m1.glyphs, true);
      const m2 = metrics(800, 600, 2, 12, 110);
      assert.deepEqual([m2.cellW, m2.cellH, m2.namesW, m2.width, m2.headerH], [24, 32, 220, 1600, 2 * m1.headerH]);
      const m15 = metrics(800, 600, 1.5, 12, 110);
      for (const v of [m15.cellW, m15.cellH, m15.namesW, m15.headerH]) assert.ok(Number.isInteger(v), `${v} is whole`);
      assert.equal(metrics(800, 600, 1, 4, 110).glyphs, false, 'no letters in 4 px cells');
      assert.equal(cellHeightCss(1), 2);
    });

    it('finds the cells in view from the scroll offset', () => {
      const m = metrics(800, 600, 1, 10, 100);
      const win = visibleWindow(m, 35, 48, 1000, 10_000);
      assert.deepEqual(win, { col0: 3, col1: 74, x0: 100 + 30 - 35, row0: 3, row1: 3 + Math.ceil((600 - m.headerH + 48 - 3 * 13) / 13), y0: m.headerH + 3 * 13 - 48 });
      assert.equal(visibleWindow(m, 0, 0, 20, 5).col1, 20, 'never past the last column');
      assert.equal(visibleWindow(m, 0, 0, 20, 5).row1, 5, 'never past the last row');
    });

    it('hit-tests names, header rows, cells and the void beyond the last column', () => {
      const m = metrics(800, 600, 1, 10, 100);
      assert.deepEqual(hitTest(m, 105, m.headerH + 1, 0, 0, 50, 10), { area: 'cell', row: 0, col: 0 });
      assert.deepEqual(hitTest(m, 125, m.headerH + 27, 0, 13, 50, 10), { area: 'cell', row: 3, col: 2 });
      assert.deepEqual(hitTest(m, 20, m.headerH + 14, 0, 0, 50, 10), { area: 'name', row: 1 });
      assert.deepEqual(hitTest(m, 20, m.queryY + 2, 0, 0, 50, 10), { area: 'queryName' });
      assert.deepEqual(hitTest(m, 150, m.queryY + 2, 0, 0, 50, 10), { area: 'query', col: 5 });
      assert.deepEqual(hitTest(m, 150, m.consensusY + 2, 0, 0, 50, 10), { area: 'consensus', col: 5 });
      assert.deepEqual(hitTest(m, 150, m.logoY + 2, 0, 0, 50, 10), { area: 'logo', col: 5 });
      assert.deepEqual(hitTest(m, 150, 30, 0, 0, 50, 10), { area: 'track', col: 5 });
      assert.deepEqual(hitTest(m, 150, 5, 0, 0, 50, 10), { area: 'ruler', col: 5 });
      assert.deepEqual(hitTest(m, 700, m.headerH + 1, 0, 0, 50, 10), { area: 'none' });
      assert.deepEqual(hitTest(m, 150, m.headerH + 13 * 11, 0, 0, 50, 10), { area: 'none' }, 'below the last row');
    });

    it('steps through zoom levels and picks readable ruler steps', () => {
      assert.equal(nextCellWidth(12, 1), 14);
      assert.equal(nextCellWidth(12, -1), 10);
      assert.equal(nextCellWidth(24, 1), 24);
      assert.equal(nextCellWidth(1, -1), 1);
      assert.equal(rulerStep(12, 30), 5);
      assert.equal(rulerStep(2, 30), 20);
      assert.equal(rulerStep(1, 40), 50);
    });
  });

  describe('keys', () => {
    it('maps arrows, pages, edges, zoom and find', () => {
      assert.deepEqual(keyAction(key('ArrowDown')), { kind: 'move', rows: 1, cols: 0 });
      assert.deepEqual(keyAction(key('ArrowLeft', { ctrlKey: true })), { kind: 'move', rows: 0, cols: -10 });
      assert.deepEqual(keyAction(key('PageUp')), { kind: 'page', direction: -1 });
      assert.deepEqual(keyAction(key('End')), { kind: 'columnEdge', to: 'last' });
      assert.deepEqual(keyAction(key('Home', { metaKey: true })), { kind: 'rowEdge', to: 'first' });
      assert.deepEqual(keyAction(key('+')), { kind: 'zoom', direction: 1 });
      assert.deepEqual(keyAction(key('=')), { kind: 'zoom', direction: 1 });
      assert.deepEqual(keyAction(key('-')), { kind: 'zoom', direction: -1 });
      assert.deepEqual(keyAction(key('f', { ctrlKey: true })), { kind: 'find' });
      assert.equal(keyAction(key('f')), undefined, 'plain letters are left alone');
      assert.equal(keyAction(key('Tab')), undefined, 'Tab still leaves the canvas');
    });
  });

  describe('search', () => {
    const model = modelOf(['query', 'Hit_A desc hit_z', 'hit_b', 'other', 'HIT_C', 'Grüße_hit'].map((name) => `>${name}\nMK\n`).join(''), 'x.fasta');

    it('finds names case-insensitively, in order, not in descriptions; empty finds nothing', () => {
      assert.deepEqual([...model.findNames('hit_')], [1, 2, 4]);
      assert.deepEqual([...model.findNames('HIT')], [1, 2, 4, 5]);
      assert.deepEqual([...model.findNames('  ')], []);
      assert.deepEqual([...model.findNames('GRÜSSE')], [], 'no case folding beyond toLowerCase');
      assert.deepEqual([...model.findNames('grüße')], [5], 'non-ASCII names are searched decoded');
    });

    it('lists the scrolling rows: all but the query, or the matches', () => {
      assert.deepEqual(orderToArray(scrollingRows(5, 0)), [1, 2, 3, 4]);
      assert.equal(scrollingRows(5, 0).position(3), 2);
      assert.equal(scrollingRows(5, 0).position(0), -1, 'the query is pinned, not scrolling');
      const only = scrollingRows(5, 0, Int32Array.from([0, 2, 4]));
      assert.deepEqual(orderToArray(only), [2, 4]);
      assert.equal(only.position(4), 1);
      assert.equal(only.position(3), -1);
      assert.equal(positionOf(Int32Array.from([1, 2, 4]), 4), 2);
      assert.equal(positionOf(Int32Array.from([1, 2, 4]), 3), -1);
    });
  });

  describe('model', () => {
    const text = '>q seed\nMK-VL\n>h1 first hit\nMKaaAVL\n>h2\n-K-VLxy\n>h3\nMKAVL\n';

    it('looks rows up across batches however the bytes were chunked', () => {
      for (const [chunk, batchBytes] of [[1, 5], [3, 10], [1000, 1 << 20]]) {
        const model = modelOf(text, 'x.a3m', chunk, batchBytes);
        assert.equal(model.rowCount, 4);
        assert.deepEqual([0, 1, 2, 3].map((i) => new TextDecoder().decode(model.row(i))), ['MK-VL', 'MKAVL', '-K-VL', 'MKAVL']);
        assert.deepEqual([0, 1, 2, 3].map((i) => model.name(i)), ['q', 'h1', 'h2', 'h3']);
        assert.equal(model.description(1), 'first hit');
        assert.deepEqual(model.insertions(1), [{ before: 2, text: 'aa' }]);
        assert.deepEqual(model.insertions(2), [{ before: 5, text: 'xy' }]);
        assert.equal(model.insertions(3), undefined);
        assert.equal(model.insertedResidues, 4);
        assert.equal(model.longestName, 2);
      }
    });

    it('writes A3M back as read, and FASTA without insertions', () => {
      const model = modelOf(text);
      assert.equal(model.toText('a3m'), text);
      assert.equal(model.toText('fasta'), '>q seed\nMK-VL\n>h1 first hit\nMKAVL\n>h2\n-K-VL\n>h3\nMKAVL\n');
    });
  });

  describe('navigation', () => {
    const grid: Grid = { order: scrollingRows(6, 0), queryIndex: 0, width: 100, pageRows: 3 };

    it('moves between the pinned query and the scrolling rows, within bounds', () => {
      assert.deepEqual(moveCursor({ row: 0, col: 5 }, { kind: 'move', rows: 1, cols: 0 }, grid).cursor, { row: 1, col: 5 });
      assert.deepEqual(moveCursor({ row: 1, col: 5 }, { kind: 'move', rows: -1, cols: 0 }, grid).cursor, { row: 0, col: 5 });
      assert.deepEqual(moveCursor({ row: 0, col: 0 }, { kind: 'move', rows: -1, cols: -1 }, grid).cursor, { row: 0, col: 0 });
      assert.deepEqual(moveCursor({ row: 5, col: 99 }, { kind: 'move', rows: 10, cols: 10 }, grid).cursor, { row: 5, col: 99 });
    });

    it('pages by the rows in view and scrolls the view with it; jumps to the edges', () => {
      assert.deepEqual(moveCursor({ row: 1, col: 0 }, { kind: 'page', direction: 1 }, grid), { cursor: { row: 4, col: 0 }, scrollRows: 3 });
      assert.deepEqual(moveCursor({ row: 3, col: 7 }, { kind: 'columnEdge', to: 'last' }, grid).cursor, { row: 3, col: 99 });
      assert.deepEqual(moveCursor({ row: 3, col: 7 }, { kind: 'rowEdge', to: 'last' }, grid).cursor, { row: 5, col: 7 });
      assert.deepEqual(moveCursor({ row: 3, col: 7 }, { kind: 'rowEdge', to: 'first' }, grid).cursor, { row: 0, col: 7 });
    });

    it('scrolls the least needed to reveal a cell', () => {
      const m = metrics(400, 300, 1, 10, 100);
      assert.deepEqual(scrollToReveal(m, 0, 0, 5, 2), { x: 0, y: 0 }, 'already in view');
      assert.deepEqual(scrollToReveal(m, 0, 0, 50, -1), { x: 50 * 10 + 10 - 300, y: 0 }, 'the query row never scrolls vertically');
      assert.deepEqual(scrollToReveal(m, 500, 400, 10, 3), { x: 100, y: 39 });
    });
  });

  describe('status words', () => {
    const aln = modelOf('>q seed\nMK-VL\n>h1 first hit\nMKaaAVL\n>h2\n-K-VLxy\n');

    it('counts sequence positions with insertions and skips gaps', () => {
      assert.equal(sequencePosition(aln, 1, 1), 2);
      assert.equal(sequencePosition(aln, 1, 2), 5, 'after two inserted residues');
      assert.equal(sequencePosition(aln, 2, 0), undefined, 'a gap has no position');
    });

    it('describes a cell, a column, a name and the whole alignment', () => {
      assert.equal(describeCell(aln, 1, 1), 'h1 · column 2 · residue K (query residue K) · position 2 in the sequence · 2 inserted after: aa');
      assert.equal(describeCell(aln, 2, 2), 'h2 · column 3 · gap (-) (query gap (-))');
      assert.equal(describeCell(aln, 0, 4), 'q · column 5 · residue L (query) · position 4 in the sequence');
      assert.equal(describeColumn(1, undefined), 'column 2');
      assert.equal(describeHit(aln, scrollingRows(3, 0), undefined, { area: 'name', row: 0 }), 'h1 — first hit');
      assert.equal(describeHit(aln, scrollingRows(3, 0), undefined, { area: 'queryName' }), 'q (query) — seed');
      assert.equal(describeAlignment(aln), '3 sequences × 5 columns · A3M · 4 inserted residues');
    });

    it('describes a logo column by its letters in bits, tallest first', () => {
      // 100 rows: the small-sample correction (19 / (2 ln 2 · 100) = 0.14 bits) barely matters.
      const logo = modelOf('>a\nLI\n>b\nLV\n>c\nLI\n>d\nLA\n'.repeat(25));
      const counts = new ColumnCounts(logo.width);
      for (let i = 0; i < logo.rowCount; i++) counts.addRows(logo.row(i), 1);
      const stats = counts.stats();
      // log2 20 − 0.14 = 4.18; column 2: (4.32 − 1.5 − 0.14) = 2.69 bits shared 1/2, 1/4, 1/4.
      assert.equal(describeLogo(0, stats), 'column 1 · logo 4.2 of 4.3 bits: L 4.2');
      assert.equal(describeLogo(1, stats), 'column 2 · logo 2.7 of 4.3 bits: I 1.3 · A 0.7 · V 0.7');
      assert.equal(describeHit(logo, scrollingRows(100, 0), stats, { area: 'logo', col: 0 }), describeLogo(0, stats));
    });
  });
});

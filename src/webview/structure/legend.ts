/** The four-band pLDDT legend (with each band's share of residues) and the PAE colour scale. */
import { el } from '../common/dom';
import { BANDS, bandCounts } from './confidence';
import { paeColor } from './heatmapGeometry';

/** `heading`: h2 in the structure viewer's own page, lower where the legend sits inside a report section. */
export function plddtLegend(values: readonly number[], heading: 'h2' | 'h4' = 'h2'): HTMLElement {
  const counts = bandCounts(values);
  const total = values.length || 1;
  const list = el('ul', { class: 'legend-bands', attrs: { 'aria-label': 'pLDDT colour bands' } });
  BANDS.forEach((band, k) => {
    const swatch = el('span', { class: `swatch band-${band.id}`, attrs: { 'aria-hidden': 'true' } });
    // CSSOM, not a style attribute: allowed by the CSP.
    swatch.style.backgroundColor = band.css;
    const share = `${((100 * counts[k]) / total).toFixed(0)}%`;
    list.append(el('li', { class: `legend-band legend-${band.id}` }, swatch, el('span', { class: 'band-label' }, band.label), el('span', { class: 'band-range' }, band.range), el('span', { class: 'band-share', attrs: { title: `${counts[k]} residues` } }, share)));
  });
  return el('section', { class: 'legend', attrs: { 'aria-label': 'Model confidence' } }, el(heading, null, 'Model confidence (pLDDT)'), list);
}

/** A horizontal gradient 0 … max Å, drawn on a small canvas. */
export function paeScale(max: number): HTMLElement {
  const canvas = el('canvas', { class: 'pae-scale', attrs: { width: '200', height: '10', 'aria-hidden': 'true' } });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    for (let x = 0; x < 200; x++) {
      const [r, g, b] = paeColor((x / 199) * max, max);
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(x, 0, 1, 10);
    }
  }
  return el('div', { class: 'pae-scale-row' }, el('span', null, '0 Å'), canvas, el('span', null, `${max.toFixed(max < 10 ? 1 : 0)} Å`), el('span', { class: 'muted' }, ' expected position error'));
}

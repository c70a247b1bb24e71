/**
 * The two canvas figures: the per-residue pLDDT plot (AlphaFold's confidence bands behind, one
 * line per chain, CDRs shaded when known) and the ΔΔG heat map (diverging blue–white–red, wild
 * type outlined, the value under the pointer in the canvas title). Drawn at the device pixel
 * ratio; every label on them is ours or a residue letter / number.
 */
import { el } from '../../common/dom';
import { ddgColor, type DdgMatrix } from '../model/ddg';
import type { Region } from '../model/numbering';
import { plddtBand, type PlddtSummary } from '../model/plddt';
import { fmt } from '../model/values';

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function canvas(width: number, height: number, label: string): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const c = el('canvas', { attrs: { role: 'img', 'aria-label': label } });
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.round(width * dpr);
  c.height = Math.round(height * dpr);
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  ctx.scale(dpr, dpr);
  return { canvas: c, ctx };
}

/** Regions per series (same order and length), for the CDR shading. */
export type SeriesRegions = (readonly (Region | null)[] | undefined)[];

export function plddtPlot(p: PlddtSummary, regions: SeriesRegions = []): HTMLCanvasElement {
  const W = 860;
  const H = 200;
  const left = 34;
  const right = 10;
  const top = 12;
  const bottom = 26;
  const gap = 8;
  const total = p.series.reduce((n, s) => n + s.values.length, 0);
  const plotW = W - left - right - gap * (p.series.length - 1);
  const step = plotW / Math.max(1, total);
  const y = (v: number) => top + (H - top - bottom) * (1 - Math.max(0, Math.min(100, v)) / 100);
  const { canvas: c, ctx } = canvas(W, H, `Per-residue pLDDT of chains ${p.series.map((s) => s.chain).join(', ')}, mean ${fmt(p.mean, 1)}`);
  const fg = themeColor('--vscode-foreground', '#ccc');
  const muted = themeColor('--vscode-descriptionForeground', '#999');
  ctx.font = '11px sans-serif';
  // Confidence bands.
  for (const [lo, hi] of [[90, 100], [70, 90], [50, 70], [0, 50]] as const) {
    ctx.globalAlpha = 0.13;
    ctx.fillStyle = plddtBand(lo).color;
    ctx.fillRect(left, y(hi), W - left - right, y(lo) - y(hi));
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, 50, 70, 90, 100]) ctx.fillText(String(v), left - 4, y(v));
  let x0 = left;
  p.series.forEach((s, si) => {
    const reg = regions[si];
    if (reg) {
      ctx.fillStyle = fg;
      ctx.globalAlpha = 0.08;
      reg.forEach((r, i) => {
        if (r?.startsWith('CDR')) ctx.fillRect(x0 + i * step, top, Math.max(1, step), H - top - bottom);
      });
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const x = x0 + (i + 0.5) * step;
      if (i === 0) ctx.moveTo(x, y(v));
      else ctx.lineTo(x, y(v));
    });
    ctx.strokeStyle = fg;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    // Each point in its band's colour, so low-confidence stretches stand out.
    s.values.forEach((v, i) => {
      ctx.fillStyle = plddtBand(v).color;
      ctx.fillRect(x0 + (i + 0.5) * step - 1.5, y(v) - 1.5, 3, 3);
    });
    ctx.fillStyle = muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(s.chain === 'all' ? 'residue' : `chain ${s.chain} (${s.values.length})`, x0 + (s.values.length * step) / 2, H - bottom + 8);
    x0 += s.values.length * step + gap;
  });
  return c;
}

export function ddgHeatmap(m: DdgMatrix): { element: HTMLElement; canvas: HTMLCanvasElement } {
  const cellW = 24;
  const cellH = 20;
  const left = 64;
  const top = 22;
  const W = left + m.cols.length * cellW + 8;
  const H = top + m.rows.length * cellH + 6;
  const limit = Math.min(4, Math.max(Math.abs(m.min), Math.abs(m.max), 0.5));
  const { canvas: c, ctx } = canvas(W, H, `ΔΔG heat map, ${m.rows.length} positions × ${m.cols.length} amino acids, from ${fmt(m.min)} to ${fmt(m.max)} ${m.units ?? 'kcal/mol'}`);
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.font = '11px monospace';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillStyle = fg;
  m.cols.forEach((col, j) => ctx.fillText(col.slice(0, 3), left + j * cellW + cellW / 2, top / 2));
  ctx.textAlign = 'right';
  m.rows.forEach((row, i) => {
    ctx.fillStyle = fg;
    const wt = m.wildType?.[i];
    ctx.fillText(`${row.slice(0, 8)}${wt ? ` ${wt}` : ''}`, left - 6, top + i * cellH + cellH / 2);
    m.cols.forEach((col, j) => {
      const v = m.values[i][j];
      const x = left + j * cellW;
      const yy = top + i * cellH;
      if (v === null) {
        ctx.strokeStyle = fg;
        ctx.globalAlpha = 0.3;
        ctx.strokeRect(x + 0.5, yy + 0.5, cellW - 1, cellH - 1);
        ctx.globalAlpha = 1;
        return;
      }
      const [r, g, b] = ddgColor(v, limit);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x, yy, cellW - 1, cellH - 1);
      if (wt && col === wt) {
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x + 1, yy + 1, cellW - 3, cellH - 3);
      }
    });
  });
  c.addEventListener('mousemove', (e) => {
    const rect = c.getBoundingClientRect();
    const j = Math.floor((e.clientX - rect.left - left) / cellW);
    const i = Math.floor((e.clientY - rect.top - top) / cellH);
    const v = m.values[i]?.[j];
    c.title = i >= 0 && j >= 0 && i < m.rows.length && j < m.cols.length ? `${m.rows[i]}${m.wildType?.[i] ? ` ${m.wildType[i]}` : ''} → ${m.cols[j]}: ${v === null || v === undefined ? 'no value' : `${v > 0 ? '+' : ''}${fmt(v)} ${m.units ?? 'kcal/mol'}`}` : '';
  });
  const [sr, sg, sb] = ddgColor(-limit, limit);
  const [dr, dg, db] = ddgColor(limit, limit);
  const legend = el(
    'div',
    { class: 'legend ddg-legend' },
    el('span', { class: 'swatch' }),
    ` ≤ −${fmt(limit, 1)} stabilising`,
    el('span', { class: 'swatch white' }),
    ' 0',
    el('span', { class: 'swatch' }),
    ` ≥ +${fmt(limit, 1)} destabilising (${m.units ?? 'kcal/mol'}); outlined: wild type`,
  );
  const swatches = legend.querySelectorAll<HTMLElement>('.swatch');
  swatches[0].style.background = `rgb(${sr},${sg},${sb})`;
  swatches[2].style.background = `rgb(${dr},${dg},${db})`;
  return { element: el('figure', { class: 'heatmap' }, el('div', { class: 'canvas-scroll' }, c), legend), canvas: c };
}

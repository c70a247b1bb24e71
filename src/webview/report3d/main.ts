/**
 * The 3-D viewer inside the antibody report (dist/webview/report3d.js). A bundle of its own so
 * the report draws without waiting for 3Dmol.js (≈ 0.5 MB): report.js adds this script (with its
 * own CSP nonce) only when a structure file is there to show, and this script hands its mount
 * function back with one `biojobs:report3d` event. The view is the structure viewer's Viewer3d:
 * a Cα trace from the text parse at once, then the cartoon, coloured by pLDDT bands (from the
 * B-factor column, else the report's per-residue pLDDT when it counts the same residues, else
 * by chain), hover and click naming the residue.
 */
import { readStructure, structureFormatOf, type StructureSummary } from '../../core/structure';
import { button, el, replaceChildren } from '../common/dom';
import { mean } from '../structure/confidence';
import { plddtLegend } from '../structure/legend';
import { describeResidue, residueColours, themeBackground } from '../structure/modelStyle';
import { Viewer3d } from '../structure/viewer3d';
import type { StructureViewerInput, StructureViewerMount } from '../report/render/structureViewer';
import { REPORT3D_EVENT } from '../report/render/viewerLoader';

/** pLDDT per residue of the summary: the file's own B-factors, else the report's series if they count the same residues. */
export function residueConfidence(s: StructureSummary, input: Pick<StructureViewerInput, 'plddt'>): { values?: number[]; from: string } {
  if (s.confidence !== 'none') return { values: s.plddt, from: 'the B-factor column of the file' };
  const series = input.plddt?.series ?? [];
  const flat = series.flatMap((x) => x.values);
  if (flat.length === s.residues.length && flat.length > 0) return { values: flat, from: 'the report’s per-residue pLDDT' };
  return { from: '' };
}

const mount: StructureViewerMount = (input) => {
  const format = structureFormatOf(input.file.name, input.file.mediaType);
  if (format !== 'pdb' && format !== 'mmcif') {
    input.container.appendChild(el('p', { class: 'muted' }, `${input.file.name} is not a PDB or mmCIF text file; open it with “Open With… → Bio Jobs Structure Viewer”.`));
    return;
  }
  const s = readStructure(input.text, format);
  const confidence = residueConfidence(s, input);
  const colors = residueColours(s, confidence.values);
  const stage = el('div', { class: 'viewer3d-stage', attrs: { tabindex: '0', role: 'img', 'aria-label': input.container.getAttribute('aria-label') ?? `3-D ${input.part} model` } });
  const caption = el('p', { class: 'viewer3d-caption muted', attrs: { 'aria-live': 'polite' } }, 'Hover a residue; drag to rotate, scroll to zoom.');
  const reset = button('Reset view', 'Back to the first view', () => viewer.resetView());
  const sides = button('Side chains', 'Show or hide side chains', () => {
    viewer.setSideChains(!viewer.showsSideChains);
    sides.setAttribute('aria-pressed', String(viewer.showsSideChains));
  });
  const legend = confidence.values ? plddtLegend(confidence.values, 'h4') : el('p', { class: 'muted' }, 'No pLDDT for these residues: colours show chains.');
  // The slot holds controls now: the picture's role and name move to the stage.
  input.container.removeAttribute('role');
  input.container.removeAttribute('aria-label');
  input.container.classList.add('mounted');
  replaceChildren(input.container, el('div', { class: 'viewer3d-toolbar' }, reset, sides), stage, caption, legend);

  const describe = (i: number) => describeResidue(s, i, confidence.values);
  let selected: number | undefined;
  // eslint-disable-next-line prefer-const -- the buttons' handlers above close over it
  let viewer: Viewer3d;
  viewer = new Viewer3d(stage, {
    background: themeBackground(),
    onHover: (i) => {
      caption.textContent = i !== undefined ? describe(i) : selected !== undefined ? `Selected: ${describe(selected)}` : 'Hover a residue; drag to rotate, scroll to zoom.';
      viewer.show({ hover: i, selected });
    },
    onClick: (i) => {
      selected = i;
      caption.textContent = `Selected: ${describe(i)}`;
      viewer.show({ selected });
    },
  });
  viewer.setResidues(s, colors);
  viewer.showTrace();
  stage.dataset.drawn = 'trace';
  let disposed = false;
  // The cartoon after the trace's frame is on screen: parsing and meshing take a while.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (disposed) return;
      viewer.parse(input.text, format, s.residues.length);
      viewer.showModel();
      sides.setAttribute('aria-pressed', String(viewer.showsSideChains));
      stage.dataset.drawn = 'model';
      stage.setAttribute('aria-label', `3-D ${input.part} model: ${s.residues.length} residues, chains ${s.chains.join(', ')}${confidence.values ? `, mean pLDDT ${mean(confidence.values).toFixed(1)}` : ''}`);
    }, 0),
  );
  const resize = new ResizeObserver(() => viewer.resize());
  resize.observe(stage);
  const themeWatch = new MutationObserver(() => viewer.setBackground(themeBackground()));
  themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => {
    disposed = true;
    resize.disconnect();
    themeWatch.disconnect();
  };
};

window.dispatchEvent(new CustomEvent<StructureViewerMount>(REPORT3D_EVENT, { detail: mount }));

/**
 * Structure viewer entry (dist/webview/structure.js), for structure results (contract v2
 * `show`: the job's files, read by reference) and local .pdb / .cif / .mmcif / .bcif files
 * (`showStructure`, from the custom editor). Installs the message listener, then posts
 * `ready`. On a file: the 2-D panels (legend, pLDDT plot) are built from a text parse first,
 * then 3Dmol parses and draws the 3-D view; the PAE map joins when its JSON has been read.
 * The three are linked through one `Links` state.
 */
import './styles.css';
import { blockMean, type PaeMatrix } from '../../core/pae';
import { readStructure, residueLabel, summariseAtoms, type StructureSummary } from '../../core/structure';
import { button, el, replaceChildren } from '../common/dom';
import { host, logToHost } from '../common/host';
import { bandOf, mean } from './confidence';
import { pickFiles, type FileRef } from './files';
import { PaeHeatmap } from './heatmap';
import { paeScale, plddtLegend } from './legend';
import { Links, type LinkState, type Source } from './links';
import { fetchCompanions, fetchStructure, type Companions } from './load';
import { parseStructureMessage } from './messages';
import { PlddtPlot } from './plot';
import { describeResidue, residueColours, themeBackground } from './modelStyle';
import { Viewer3d } from './viewer3d';

const root = document.getElementById('root') ?? document.body;
root.classList.add('structure-root');
replaceChildren(root, el('p', { class: 'loading' }, 'Loading structure…'));

interface Current {
  dispose(): void;
}
let current: Current | undefined;
let generation = 0;

function showError(title: string, detail: string): void {
  current?.dispose();
  current = undefined;
  replaceChildren(root, el('div', { class: 'error', attrs: { role: 'alert' } }, el('strong', null, title), el('p', null, detail)));
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function open(title: string, files: readonly FileRef[], jobId?: string): Promise<void> {
  const mine = ++generation;
  const picked = pickFiles(files);
  const file = picked.structure;
  if (!file) {
    showError('No structure to show.', `None of the files (${files.map((f) => f.name).join(', ') || 'none'}) is a PDB, mmCIF or BinaryCIF file.`);
    return;
  }
  document.title = title;
  if (jobId) host().saveState({ jobId });

  // The page and the WebGL context are made while the file is on its way: not on the clock.
  current?.dispose();
  current = undefined;
  const view = buildView(title, file, picked.companions.length > 0);
  replaceChildren(root, view.element);
  view.status.textContent = `Reading ${file.name}…`;
  // The 3-D view reports hovers once the residues (and so the link state) exist.
  const ref: { links?: Links } = {};
  const viewer = new Viewer3d(view.stage, {
    background: themeBackground(),
    onHover: (i) => ref.links?.hover(i, 'structure'),
    onClick: (i) => ref.links?.select(i, 'structure'),
  });
  // VS Code swaps the body's theme class (vscode-light / -dark / -high-contrast) on a theme change.
  const themeWatch = new MutationObserver(() => viewer.setBackground(themeBackground()));
  themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  current = {
    dispose: () => {
      themeWatch.disconnect();
      view.dispose();
    },
  };
  performance.mark('biojobs:structure:fetch');
  const data = await fetchStructure(file, file.format === 'bcif');
  if (mine !== generation) return;
  performance.mark('biojobs:structure:fileReady');

  let summary: StructureSummary | undefined;
  if (typeof data === 'string' && file.format !== 'bcif') summary = readStructure(data, file.format);
  performance.mark('biojobs:structure:textParsed');
  let resolveResidues: (n: number) => void = () => undefined;
  const residues = new Promise<number>((resolve) => (resolveResidues = resolve));
  // The JSON companions are read meanwhile; the structure does not wait for them.
  const companions = fetchCompanions(picked.companions.filter((f) => f.uri !== file.uri), () => residues);

  // BinaryCIF is read by 3Dmol only: its atoms give the residue summary.
  const parsedFirst = summary === undefined;
  if (!summary) {
    try {
      summary = summariseAtoms(viewer.parse(data, file.format, 0));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(
        `3Dmol.js (the 3-D library) could not read this BinaryCIF file: ${reason}. Its BinaryCIF reader expects the categories PDB entries carry (pdbx_struct_oper_list among them); the same model as mmCIF or PDB opens.`,
      );
    }
  }
  if (summary.atoms === 0) throw new Error(`${file.name} holds no atoms.`);
  resolveResidues(summary.residues.length);
  const s = summary;
  const links = (ref.links = new Links(s.residues.length));

  const confidence = s.confidence !== 'none' ? s.plddt : undefined;
  let plddtValues = confidence;
  let paeMatrix: PaeMatrix | undefined;
  const colors = residueColours(s, confidence);
  const describe = (i: number) => describeResidue(s, i, plddtValues);
  let plot: PlddtPlot | undefined;
  let heatmap: PaeHeatmap | undefined;

  const setPlot = (values: readonly number[] | undefined, note: string | undefined) => {
    plot?.dispose();
    plot = undefined;
    const children: (Node | string)[] = [];
    if (values) {
      plot = new PlddtPlot(s.residues, values, links, { describe, onActivate: (i) => viewer.centreOn(i) });
      children.push(plot.element);
    }
    if (note) children.push(el('p', { class: 'note' }, note));
    replaceChildren(view.plotBody, ...children);
    replaceChildren(view.legend, values ? plddtLegend(values) : el('p', { class: 'note' }, 'No pLDDT: colours show chains.'));
    plot?.attach();
  };
  setPlot(confidence, s.confidence === 'plddt-fraction' ? 'The file writes pLDDT as 0–1 in the B-factor column; shown × 100.' : s.confidence === 'none' ? 'The B-factor column is not a pLDDT (values outside 0–100, or all equal), so there is no confidence plot; the 3-D view is coloured by chain.' : undefined);
  view.summary.textContent = [
    `${fmt(s.residues.length)} residues`,
    `${s.chains.length} chain${s.chains.length === 1 ? '' : 's'}`,
    `${fmt(s.atoms)} atoms`,
    s.ligands.length ? `ligands: ${s.ligands.slice(0, 6).join(', ')}${s.ligands.length > 6 ? '…' : ''}` : '',
    confidence ? `mean pLDDT ${mean(confidence).toFixed(1)}` : '',
    file.format === 'bcif' ? 'BinaryCIF' : file.format === 'mmcif' ? 'mmCIF' : 'PDB',
  ]
    .filter(Boolean)
    .join(' · ');

  const status = view.status;
  /** The status line reads what changed last: a new block or selection, else the hover, else what is selected. */
  const describeState = (state: Readonly<LinkState>, previous: Readonly<LinkState>): string => {
    const block = state.block;
    const blockText = () => {
      if (!block) return '';
      const range = ([a, z]: readonly [number, number]) => `${residueLabel(s.residues[a])} – ${residueLabel(s.residues[z])}`;
      const pae = paeMatrix ? ` · mean PAE ${blockMean(paeMatrix, block.rows[0], block.rows[1], block.cols[0], block.cols[1]).toFixed(1)} Å` : '';
      return `Block: aligned on ${range(block.rows)} (magenta), error of ${range(block.cols)} (green)${pae}`;
    };
    if (block && block !== previous.block) return blockText();
    if (state.selected !== undefined && state.selected !== previous.selected) return `Selected: ${describe(state.selected)}`;
    if (state.hover !== undefined && state.hoverRow !== undefined && paeMatrix) return describePair(state.hoverRow, state.hover);
    if (state.hover !== undefined) return describe(state.hover);
    if (block) return blockText();
    if (state.selected !== undefined) return `Selected: ${describe(state.selected)}`;
    return 'Hover a residue in the 3-D view, on the plot or on the PAE map; drag on the map to select a block.';
  };
  const describePair = (row: number, col: number) => {
    const e = paeMatrix ? paeMatrix.values[row * paeMatrix.n + col] : Number.NaN;
    return `Aligned on ${residueLabel(s.residues[row])}, error of ${residueLabel(s.residues[col])}: ${e.toFixed(1)} Å`;
  };
  let previous: Readonly<LinkState> = {};
  links.on((state: Readonly<LinkState>, source: Source) => {
    viewer.show(state);
    plot?.show(state);
    heatmap?.show(state);
    status.textContent = describeState(state, previous);
    previous = state;
    if (source === 'keyboard' && state.selected !== undefined && document.activeElement === plot?.element) viewer.centreOn(state.selected);
  });
  status.textContent = describeState({}, {});

  performance.mark('biojobs:structure:panels');
  viewer.setResidues(s, colors);
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const firstFrame = () => {
    performance.mark('biojobs:structure:firstFrame');
    performance.measure('biojobs:structure:fileToFrame', 'biojobs:structure:fileReady', 'biojobs:structure:firstFrame');
  };
  if (!parsedFirst) {
    // The trace first (from the text parse), the cartoon after that frame is on screen.
    viewer.showTrace();
    await frame();
    firstFrame();
    view.stage.dataset.drawn = 'trace';
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (mine !== generation) return;
    viewer.parse(data, file.format, s.residues.length);
  }
  viewer.showModel();
  view.sideChains.setAttribute('aria-pressed', String(viewer.showsSideChains));
  await frame();
  if (parsedFirst) firstFrame();
  performance.mark('biojobs:structure:modelFrame');
  performance.measure('biojobs:structure:fileToModel', 'biojobs:structure:fileReady', 'biojobs:structure:modelFrame');
  view.stage.dataset.drawn = 'model';

  view.bind({
    reset: () => viewer.resetView(),
    toggleSideChains: () => {
      viewer.setSideChains(!viewer.showsSideChains);
      view.sideChains.setAttribute('aria-pressed', String(viewer.showsSideChains));
    },
    snapshot: () => host().post({ type: 'saveSnapshot', fileName: `${file.name.replace(/\.[^.]*$/, '')}.png`, dataUrl: viewer.snapshot() }),
    save: () => host().post({ type: 'saveResultFile', name: file.name }),
    keys: (e) => stageKey(e, viewer, links),
    resize: () => viewer.resize(),
  });

  current = {
    dispose: () => {
      themeWatch.disconnect();
      plot?.dispose();
      heatmap?.dispose();
      view.dispose();
    },
  };

  const extra: Companions = await companions;
  if (mine !== generation) return;
  if (extra.plddt && !confidence && extra.plddt.values.length === s.residues.length) {
    plddtValues = extra.plddt.values;
    setPlot(plddtValues, `pLDDT from ${extra.plddt.file}.`);
    viewer.recolor(plddtValues.map((v) => bandOf(v).color));
  }
  if (extra.pae) {
    paeMatrix = extra.pae.matrix;
    heatmap = new PaeHeatmap(extra.pae.matrix, links, { describePair, onActivate: (i) => viewer.centreOn(i) });
    heatmap.status = (text) => (status.textContent = text);
    replaceChildren(view.paeBody, heatmap.element, paeScale(extra.pae.matrix.max), el('p', { class: 'note muted' }, `From ${extra.pae.file}. Rows: aligned residue; columns: residue whose error is shown.`));
    heatmap.attach();
    performance.mark('biojobs:structure:paeDrawn');
  } else {
    const why = extra.skipped.length ? ` Read and set aside: ${extra.skipped.join('; ')}.` : '';
    replaceChildren(view.paeBody, el('p', { class: 'note' }, `This result has no predicted aligned error (PAE) file.${why}`));
  }
}

function stageKey(e: KeyboardEvent, viewer: Viewer3d, links: Links): void {
  const step = e.shiftKey ? 45 : 10;
  switch (e.key) {
    case 'ArrowLeft':
      viewer.rotate(-step, 'y');
      break;
    case 'ArrowRight':
      viewer.rotate(step, 'y');
      break;
    case 'ArrowUp':
      viewer.rotate(-step, 'x');
      break;
    case 'ArrowDown':
      viewer.rotate(step, 'x');
      break;
    case '+':
    case '=':
      viewer.zoom(1.2);
      break;
    case '-':
      viewer.zoom(1 / 1.2);
      break;
    case 'r':
    case 'R':
    case 'Home':
      viewer.resetView();
      break;
    case 'Escape':
      links.clear('keyboard');
      break;
    default:
      return;
  }
  e.preventDefault();
}

interface ViewActions {
  reset(): void;
  toggleSideChains(): void;
  snapshot(): void;
  save(): void;
  keys(e: KeyboardEvent): void;
  resize(): void;
}

function buildView(title: string, file: FileRef, hasCompanions: boolean) {
  const actions: Partial<ViewActions> = {};
  const summary = el('span', { class: 'summary' });
  const sideChains = button('Side chains', 'Show or hide side chains as sticks', () => actions.toggleSideChains?.(), 'secondary');
  sideChains.setAttribute('aria-pressed', 'false');
  const toolbar = el(
    'header',
    { class: 'toolbar' },
    el('h1', { class: 'title', attrs: { title } }, title),
    summary,
    el(
      'span',
      { class: 'actions' },
      button('Reset view', 'Reset the 3-D view (R)', () => actions.reset?.(), 'secondary'),
      sideChains,
      button('Save PNG', 'Save a PNG snapshot of the 3-D view into the workspace', () => actions.snapshot?.(), 'secondary'),
      button(`Save ${file.name.split('.').pop()?.toUpperCase() ?? 'file'}`, `Save a copy of ${file.name} into the workspace`, () => actions.save?.(), 'secondary'),
    ),
  );
  const stage = el('div', {
    class: 'stage',
    attrs: { tabindex: '0', role: 'img', 'aria-label': `3-D structure of ${file.name}. Arrows rotate (Shift: 45°), + and − zoom, R resets, Esc clears the selection.` },
  });
  stage.addEventListener('keydown', (e) => actions.keys?.(e));
  const legend = el('div', { class: 'legend-wrap' });
  const paeBody = el('div', { class: 'pae-body' }, el('p', { class: 'note muted' }, hasCompanions ? 'Reading the PAE…' : 'This result has no predicted aligned error (PAE) file.'));
  const plotBody = el('div', { class: 'plot-body' });
  const status = el('footer', { class: 'statusbar', attrs: { role: 'status', 'aria-live': 'polite' } });
  const element = el(
    'div',
    { class: 'layout' },
    toolbar,
    el(
      'div',
      { class: 'main' },
      el('div', { class: 'stage-wrap' }, stage),
      el('aside', { class: 'side' }, legend, el('section', { class: 'pae', attrs: { 'aria-label': 'Predicted aligned error' } }, el('h2', null, 'Predicted aligned error'), paeBody)),
    ),
    el('section', { class: 'plot-section', attrs: { 'aria-label': 'pLDDT per residue' } }, el('h2', null, 'pLDDT per residue'), plotBody),
    status,
  );
  const observer = new ResizeObserver(() => actions.resize?.());
  observer.observe(stage);
  return {
    element,
    stage,
    legend,
    paeBody,
    plotBody,
    status,
    summary,
    sideChains,
    bind(a: ViewActions) {
      Object.assign(actions, a);
    },
    dispose() {
      observer.disconnect();
    },
  };
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseStructureMessage(event.data);
  if (!message) return;
  const fail = (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Structure viewer failed: ${reason}`);
    showError('The structure could not be displayed.', reason);
  };
  try {
    switch (message.type) {
      case 'show':
        open(message.title, message.files, message.jobId).catch(fail);
        break;
      case 'showStructure':
        open(message.title, message.files).catch(fail);
        break;
      case 'error':
        showError('The structure could not be loaded.', message.message);
        break;
      case 'invalid':
        logToHost('error', `Invalid message from the host: ${message.reason}`);
        showError('The viewer received data it cannot read.', message.reason);
        break;
    }
  } catch (err) {
    fail(err);
  }
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

host().post({ type: 'ready' });

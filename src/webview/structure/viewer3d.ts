/**
 * The 3-D view, on 3Dmol.js (bundled; see docs/decisions.md for the measured choice against
 * Mol*): cartoon coloured by pLDDT band, ligands as sticks, side chains as sticks when the
 * structure is small enough for them to help (or on request). Highlights — the hovered or
 * selected residue, a PAE block's two segments — are separate shapes over the model, so a
 * highlight never rebuilds the cartoon (3Dmol rebuilds a model's whole geometry on a style
 * change, seconds for 5,000 residues in software rendering).
 */
import * as $3Dmol from '3dmol';
import type { AtomRecord, StructureFormat, StructureSummary } from '../../core/structure';
import type { LinkState } from './links';
import { cartoonQuality, HIGHLIGHT, SIDE_CHAIN_LIMIT } from './viewer3dPolicy';

type Atom = $3Dmol.AtomSpec;
type Vec = { x: number; y: number; z: number };

export interface Viewer3dOptions {
  background: string;
  /** Called with a residue index (or undefined) when the pointer moves over the model. */
  onHover(index: number | undefined): void;
  onClick(index: number): void;
}

export class Viewer3d {
  private readonly viewer: $3Dmol.GLViewer;
  private model: $3Dmol.GLModel | undefined;
  /** Residue index of each atom (by 3Dmol's atom.index); -1 for hetero atoms. */
  private residueOfAtom = new Int32Array(0);
  /** Anchor (Cα, else P, else first atom) of each residue, from the summary. */
  private anchors: (Vec | undefined)[] = [];
  private home: unknown[] | undefined;
  private shapes: $3Dmol.GLShape[] = [];
  private sideChains = false;
  private pending = false;
  private summary: StructureSummary | undefined;
  private colors: readonly number[] = [];
  private atoms: Atom[] = [];
  private trace: $3Dmol.GLModel | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly options: Viewer3dOptions,
  ) {
    this.viewer = $3Dmol.createViewer(element, { backgroundColor: options.background, antialias: !softwareRendering() } as $3Dmol.ViewerSpec);
    this.viewer.setHoverDuration(30);
    this.viewer.setHoverable({}, true, (atom: Atom) => this.options.onHover(this.residueOf(atom)), () => this.options.onHover(undefined));
  }

  /** The summary's residues, their colours (0xRRGGBB, one per residue) and anchors. */
  setResidues(summary: StructureSummary, colors: readonly number[]): void {
    this.summary = summary;
    this.colors = colors;
    const a = summary.anchors;
    this.anchors = summary.residues.map((_, i) => (Number.isFinite(a[3 * i]) ? { x: a[3 * i], y: a[3 * i + 1], z: a[3 * i + 2] } : undefined));
  }

  /**
   * The first frame: a line through the residues' anchors in their pLDDT colours, from the
   * summary alone — no 3Dmol parse, a few thousand line segments — so even 5,000 residues are
   * on screen at once; `showModel` replaces it with the cartoon.
   */
  showTrace(): void {
    const summary = this.summary;
    if (!summary) return;
    const atoms: Atom[] = [];
    const index: number[] = [];
    summary.residues.forEach((r, i) => {
      const p = this.anchors[i];
      if (!p) return;
      index.push(i);
      atoms.push({ elem: 'C', atom: 'CA', resn: r.name, chain: r.chain, resi: r.seq, x: p.x, y: p.y, z: p.z, hetflag: false, bonds: [], bondOrder: [], index: atoms.length, color: this.colors[i], properties: { residue: i } } as Atom);
    });
    for (let k = 1; k < atoms.length; k++) {
      const a = atoms[k - 1];
      const b = atoms[k];
      // Consecutive anchors of one chain closer than 4.3 Å (3.8 Å Cα–Cα; more is a chain break).
      if (a.chain === b.chain && Math.hypot((a.x ?? 0) - (b.x ?? 0), (a.y ?? 0) - (b.y ?? 0), (a.z ?? 0) - (b.z ?? 0)) < 4.3) {
        a.bonds?.push(k);
        a.bondOrder?.push(1);
        b.bonds?.push(k - 1);
        b.bondOrder?.push(1);
      }
    }
    const trace = this.viewer.addModel();
    trace.addAtoms(atoms);
    trace.setStyle({}, { line: {} } as $3Dmol.AtomStyleSpec);
    this.trace = trace;
    this.viewer.zoomTo();
    this.home = this.viewer.getView() as unknown[];
    this.viewer.render();
  }

  /** Parses the file with 3Dmol; returns its atoms (the residue summary of formats we do not read as text, e.g. BinaryCIF). */
  parse(data: string | Uint8Array, format: StructureFormat, residues: number): AtomRecord[] {
    const model = this.viewer.addModel(data, format === 'bcif' ? 'bcif' : format === 'mmcif' ? 'mmcif' : 'pdb', { keepH: false, cartoonQuality: cartoonQuality(residues) });
    // 3Dmol styles a new model with lines: nothing until showModel, or the lines would be drawn under the trace.
    model.setStyle({}, {});
    this.model = model;
    this.atoms = model.selectedAtoms({}) as Atom[];
    return this.atoms.map((a) => ({
      hetero: a.hetflag === true,
      chain: (a.chain ?? '').trim(),
      seq: a.resi ?? 0,
      insCode: (a.icode ?? '').trim(),
      name: (a.resn ?? '').trim(),
      atom: (a.atom ?? '').trim(),
      b: a.b ?? Number.NaN,
      x: a.x ?? Number.NaN,
      y: a.y ?? Number.NaN,
      z: a.z ?? Number.NaN,
    }));
  }

  /** The parsed model as cartoon (+ sticks), replacing the trace; keeps the user's view if the trace was shown. */
  showModel(): void {
    this.indexAtoms(this.atoms);
    this.sideChains = (this.summary?.residues.length ?? 0) <= SIDE_CHAIN_LIMIT;
    this.applyStyle();
    this.viewer.setHoverable({}, true, (atom: Atom) => this.options.onHover(this.residueOf(atom)), () => this.options.onHover(undefined));
    this.viewer.setClickable({}, true, (atom: Atom) => {
      const r = this.residueOf(atom);
      if (r !== undefined) this.options.onClick(r);
    });
    if (this.trace) {
      this.viewer.removeModel(this.trace);
      this.trace = undefined;
    } else {
      this.viewer.zoomTo();
      this.home = this.viewer.getView() as unknown[];
    }
    this.viewer.render();
  }

  /** Atoms of 3Dmol's model → residue indices of the summary (matched by chain, number, insertion code). */
  private indexAtoms(atoms: readonly Atom[]): void {
    const byKey = new Map<string, number>();
    const residues = this.summary?.residues ?? [];
    residues.forEach((r, i) => {
      const key = `${r.chain}|${r.seq}|${r.insCode}`;
      if (!byKey.has(key)) byKey.set(key, i);
    });
    let maxIndex = 0;
    for (const a of atoms) maxIndex = Math.max(maxIndex, a.index ?? 0);
    this.residueOfAtom = new Int32Array(maxIndex + 1).fill(-1);
    for (const a of atoms) {
      if (a.hetflag || a.index === undefined) continue;
      const chain = (a.chain ?? '').trim();
      const r = byKey.get(`${chain}|${a.resi}|${(a.icode ?? '').trim()}`) ?? byKey.get(`${chain}|${a.resi}|`);
      if (r !== undefined) this.residueOfAtom[a.index] = r;
    }
  }

  private residueOf(atom: Atom): number | undefined {
    const own = atom.properties?.residue;
    if (typeof own === 'number') return own;
    if (atom.model !== undefined && this.model && atom.model !== this.model.getID()) return undefined;
    const r = atom.index !== undefined ? this.residueOfAtom[atom.index] ?? -1 : -1;
    return r >= 0 ? r : undefined;
  }

  private applyStyle(): void {
    const model = this.model;
    if (!model) return;
    const colors = this.colors;
    const colorOf = (atom: Atom) => {
      const r = this.residueOf(atom);
      return r === undefined ? 0x9d9d9d : colors[r];
    };
    model.setStyle({}, { cartoon: { colorfunc: colorOf } } as $3Dmol.AtomStyleSpec);
    if (this.sideChains) {
      // Cα included so the stick meets the cartoon; backbone N, C, O are the cartoon's.
      model.setStyle(
        { hetflag: false, not: { atom: ['N', 'C', 'O'] } } as unknown as $3Dmol.AtomSelectionSpec,
        { stick: { radius: 0.18, colorscheme: { prop: 'elem', map: ELEMENT_COLOURS } } } as unknown as $3Dmol.AtomStyleSpec,
        true,
      );
    }
    // Ligands and ions (not water) as sticks / spheres in element colours.
    model.setStyle({ hetflag: true, not: { resn: ['HOH', 'WAT', 'DOD'] } } as unknown as $3Dmol.AtomSelectionSpec, {
      stick: { radius: 0.22, colorscheme: 'greenCarbon' },
      sphere: { scale: 0.25, colorscheme: 'greenCarbon' },
    } as $3Dmol.AtomStyleSpec);
  }

  /** The theme changed: the background follows. */
  setBackground(color: string): void {
    this.viewer.setBackgroundColor(color, 1);
    this.requestRender();
  }

  /** New residue colours (a pLDDT that arrived with a companion file). */
  recolor(colors: readonly number[]): void {
    this.colors = colors;
    this.applyStyle();
    this.viewer.render();
  }

  get showsSideChains(): boolean {
    return this.sideChains;
  }

  setSideChains(on: boolean): void {
    if (on === this.sideChains) return;
    this.sideChains = on;
    this.applyStyle();
    this.viewer.render();
  }

  /** Redraws the highlight shapes for the linked state (coalesced to one frame). */
  show(state: Readonly<LinkState>): void {
    for (const s of this.shapes) this.viewer.removeShape(s);
    this.shapes = [];
    const sphere = (i: number | undefined, color: string, radius: number) => {
      const at = i !== undefined ? this.anchors[i] : undefined;
      if (at) this.shapes.push(this.viewer.addSphere({ center: at, radius, color, opacity: 0.85 } as $3Dmol.SphereSpec));
    };
    const segment = ([a, b]: readonly [number, number], color: string) => {
      const points: Vec[] = [];
      for (let i = a; i <= b; i++) {
        const p = this.anchors[i];
        if (p) points.push(p);
      }
      if (points.length === 1) sphere(a, color, 1.6);
      else if (points.length > 1) this.shapes.push(this.viewer.addCurve({ points, radius: 0.9, color, smooth: 4, fromArrow: false, toArrow: false } as $3Dmol.CurveSpec));
    };
    if (state.block) {
      segment(state.block.rows, HIGHLIGHT.rows);
      segment(state.block.cols, HIGHLIGHT.cols);
    }
    sphere(state.selected, HIGHLIGHT.selected, 2.6);
    if (state.hover !== state.selected) sphere(state.hover, HIGHLIGHT.hover, 2.2);
    // A PAE hover names two residues: the aligned one (row) is marked too.
    if (state.hoverRow !== undefined && state.hoverRow !== state.hover) sphere(state.hoverRow, HIGHLIGHT.rows, 2.2);
    this.requestRender();
  }

  /** Centres the view on a residue (keeps the zoom), for selections made outside the 3-D view. */
  centreOn(index: number): void {
    const r = this.summary?.residues[index];
    if (!r) return;
    this.viewer.center({ chain: r.chain, resi: r.seq } as $3Dmol.AtomSelectionSpec, 250);
    this.requestRender();
  }

  resetView(): void {
    if (this.home) this.viewer.setView(this.home);
    else this.viewer.zoomTo();
    this.viewer.render();
  }

  rotate(degrees: number, axis: 'x' | 'y'): void {
    this.viewer.rotate(degrees, axis);
    this.requestRender();
  }

  zoom(factor: number): void {
    this.viewer.zoom(factor);
    this.requestRender();
  }

  resize(): void {
    this.viewer.resize();
    this.requestRender();
  }

  /** The current frame as a PNG data URL. */
  snapshot(): string {
    this.viewer.render();
    return this.viewer.pngURI();
  }

  /** The canvas 3Dmol draws into (focus, accessibility labels, pixel checks in tests). */
  get canvas(): HTMLCanvasElement | null {
    return this.element.querySelector('canvas');
  }

  private requestRender(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.viewer.render();
    });
  }
}

/** SwiftShader (no GPU, e.g. headless CI): skip multisampling, which costs it more than the picture gains. */
function softwareRendering(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}

/** Side chains in element colours, carbons grey so the cartoon's pLDDT colour stays the signal. */
const ELEMENT_COLOURS: Record<string, number> = { C: 0xb0b0b0, N: 0x3050f8, O: 0xff0d0d, S: 0xffc832, SE: 0xffa100, H: 0xffffff, P: 0xff8000 };

/**
 * Alignment viewer entry (dist/webview/msa.js), for MSA job results (`show` with view `msa`)
 * and local alignment files (`showAlignment`, from the custom editor). Installs the message
 * listener, then posts `ready`; the host answers with the alignment text, which is parsed here
 * with the same reader the extension uses (src/core/alignment.ts).
 */
import './styles.css';
import { parseAlignment, toA3m, toFasta, insertionCount, type Alignment } from '../../core/alignment';
import type { AlignmentSaveFormat, AlignmentViewState } from '../../shared/protocol';
import { el, replaceChildren } from '../common/dom';
import { host, logToHost } from '../common/host';
import { fetchText, primaryOf } from '../common/resultFiles';
import { parseViewerMessage } from './messages';
import { isSchemeId } from './schemes';
import { describeAlignment } from './status';
import { createToolbar, type Toolbar } from './toolbar';
import { MsaViewer, type ViewSettings } from './viewer';

interface Source {
  title: string;
  fileName: string;
  text: string;
  /** Result panels only: the serializer restores the panel from it. */
  jobId?: string;
}

const root = document.getElementById('root') ?? document.body;
root.classList.add('msa-root');
replaceChildren(root, el('p', { class: 'loading' }, 'Loading alignment…'));

let current: { source: Omit<Source, 'text'>; viewer: MsaViewer; toolbar: Toolbar; summary: HTMLElement } | undefined;

function renderError(title: string, detail: string): HTMLElement {
  return el('div', { class: 'error', attrs: { role: 'alert' } }, el('strong', null, title), el('p', null, detail));
}

function showError(title: string, detail: string): void {
  current?.viewer.dispose();
  current = undefined;
  replaceChildren(root, renderError(title, detail));
}

/** The persisted view of this same file, if any (tab hidden and shown again, window reload). */
function savedSettings(fileName: string): Partial<ViewSettings> | undefined {
  const s = host().loadState() as AlignmentViewState | undefined;
  if (!s || typeof s !== 'object' || s.fileName !== fileName) return undefined;
  return {
    scheme: isSchemeId(s.scheme) ? s.scheme : undefined,
    cellWidth: typeof s.cellWidth === 'number' ? s.cellWidth : undefined,
    scrollLeft: typeof s.scrollLeft === 'number' ? s.scrollLeft : undefined,
    scrollTop: typeof s.scrollTop === 'number' ? s.scrollTop : undefined,
  };
}

function persist(): void {
  if (!current) return;
  const { source, viewer } = current;
  host().saveState({ jobId: source.jobId, fileName: source.fileName, ...viewer.settings });
}

/** "msa.a3m" → "msa.fasta"; a job's result is named after the job. */
function saveName(source: Omit<Source, 'text'>, format: AlignmentSaveFormat): string {
  const base = source.jobId ? source.title : (source.fileName.split(/[\\/]/).pop() ?? 'alignment').replace(/\.[^.]*$/, '');
  return `${base || 'alignment'}.${format === 'a3m' ? 'a3m' : 'fasta'}`;
}

function parse(source: Source): Alignment | undefined {
  performance.mark('biojobs:msa:parse:start');
  try {
    return parseAlignment(source.text, { fileName: source.fileName });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Cannot read alignment ${source.fileName}: ${reason}`);
    showError(`${source.fileName} cannot be shown as an alignment.`, reason);
    return undefined;
  } finally {
    performance.measure('biojobs:msa:parse', 'biojobs:msa:parse:start');
  }
}

function open(source: Source): void {
  if (source.jobId) host().saveState({ jobId: source.jobId, fileName: source.fileName });
  document.title = source.title;
  const aln = parse(source);
  if (!aln) return;
  const meta = { title: source.title, fileName: source.fileName, jobId: source.jobId };
  if (current && current.source.fileName === source.fileName && current.source.jobId === source.jobId) {
    // The same file again (changed on disk, or the host re-sent it): keep the user's view.
    current.source = meta;
    current.viewer.setAlignment(aln);
    current.summary.textContent = describeAlignment(aln, insertionCount(aln));
    return;
  }
  current?.viewer.dispose();
  current = undefined;

  const summary = el('span', { class: 'summary' }, describeAlignment(aln, insertionCount(aln)));
  const cursorText = el('span', { class: 'cursor', attrs: { role: 'status', 'aria-live': 'polite' } });
  const help = el(
    'span',
    { class: 'help', attrs: { id: 'msa-help' } },
    'Arrows move (Ctrl: 10) · PgUp/PgDn · Home/End (Ctrl: first/last sequence) · + − zoom · / find',
  );
  const stage = el('div', { class: 'stage-wrap' });
  const statusBar = el('footer', { class: 'statusbar' }, summary, cursorText, help);

  // The controls act on `current`: the viewer is created once its box is in the page.
  const none = { count: 0, current: 0 };
  const toolbar = createToolbar(source.title, {
    search: (q) => current?.viewer.search(q) ?? none,
    nextMatch: (d) => current?.viewer.nextMatch(d) ?? none,
    setFilter: (only) => current?.viewer.setFilter(only),
    setScheme: (id) => current?.viewer.setScheme(id),
    zoom: (d) => current?.viewer.zoom(d),
    focusViewer: () => current?.viewer.focus(),
    save: (format) => save(format),
  });
  replaceChildren(root, toolbar.element, toolbar.legend, stage, statusBar);
  // Sized by the layout now, so the first frame is drawn at the right size.
  const v = new MsaViewer(
    stage,
    aln,
    {
      onCursor: (text) => {
        cursorText.textContent = text;
      },
      onViewChange: () => {
        toolbar.update(v.colourScheme, v.zoomLevel);
        persist();
      },
    },
    savedSettings(source.fileName),
  );
  toolbar.update(v.colourScheme, v.zoomLevel);
  current = { source: meta, viewer: v, toolbar, summary };
}

function save(format: AlignmentSaveFormat): void {
  if (!current) return;
  const aln = current.viewer.alignment;
  const text = format === 'a3m' ? toA3m(aln) : toFasta(aln);
  host().post({ type: 'saveAlignment', format, fileName: saveName(current.source, format), text });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseViewerMessage(event.data);
  if (!message) return;
  try {
    switch (message.type) {
      case 'show': {
        const file = message.files.find((f) => f.view === 'msa') ?? primaryOf(message.files);
        if (!file) {
          showError('This result has no alignment file.', `The ${message.view} result lists no files.`);
          break;
        }
        const { job } = message;
        fetchText(file)
          .then((text) => open({ title: job.name, fileName: file.name, text, jobId: job.id }))
          .catch((err: unknown) => showError('The alignment could not be read.', err instanceof Error ? err.message : String(err)));
        break;
      }
      case 'showAlignment':
        open({ title: message.title, fileName: message.fileName, text: message.text });
        break;
      case 'error':
        showError('The alignment could not be loaded.', message.message);
        break;
      case 'invalid':
        logToHost('error', `Invalid message from the host: ${message.reason}`);
        showError('The viewer received data it cannot read.', message.reason);
        break;
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Alignment viewer failed: ${reason}`);
    showError('The alignment could not be displayed.', reason);
  }
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

host().post({ type: 'ready' });

/**
 * Alignment viewer entry (dist/webview/msa.js), for MSA job results (`show`) and local
 * alignment files (the custom editor's `alignmentOpen` + chunks). Installs the message
 * listener, then posts `ready`. The file's bytes go as a stream to the worker
 * (src/webview/msaWorker, bundled into this script), which parses them and counts the columns; this thread shows the
 * first screen as soon as the first rows arrive and fills in the rest with a progress
 * indicator. It only draws.
 */
import './styles.css';
import type { AlignmentFormat, RowBatch } from '../../core/alignmentReader';
import type { ColumnStats } from '../../core/alignmentStats';
import type { AlignmentSaveFormat, AlignmentViewState } from '../../shared/protocol';
import { el, replaceChildren } from '../common/dom';
import { host, logToHost } from '../common/host';
import { createHostStream, type HostStream } from './hostStream';
import workerSource from 'worker-source:msaWorker';
import { WorkerLoader } from './loader';
import { alignmentFile } from '../../shared/resultViews';
import { parseViewerMessage, type ViewerMessage } from './messages';
import { AlignmentModel } from './model';
import { isSchemeId } from './schemes';
import { describeAlignment } from './status';
import { createToolbar, type Toolbar } from './toolbar';
import { MsaViewer, frameLog, type ViewSettings } from './viewer';

/** Result files above this are refused before reading (the custom editor's limit is a setting on the host). */
const MAX_RESULT_BYTES = 1024 * 1024 * 1024;

interface Source {
  title: string;
  fileName: string;
  /** Bytes, when known (progress). */
  size?: number;
  /** Result panels only: the serializer restores the panel from it. */
  jobId?: string;
}

interface Shown {
  source: Source;
  viewer: MsaViewer;
  toolbar: Toolbar;
  summary: HTMLElement;
  progress: HTMLElement;
  model: AlignmentModel;
}

const loader = new WorkerLoader(workerSource);

const root = document.getElementById('root') ?? document.body;
root.classList.add('msa-root');
const loadingText = el('p', { class: 'loading' }, 'Loading alignment…');
replaceChildren(root, loadingText);

let current: Shown | undefined;
/** The custom editor's load whose chunks are being received, and the stream they go into. */
let hostLoad: HostStream | undefined;
/** Counts loads, for the automation markers. */
let loads = 0;

/** Markers for automation and `npm run bench` (epoch ms, so they compare with the workbench's clock). */
function mark(name: 'msaFirstRows' | 'msaLoaded' | 'msaStats', load: number): void {
  document.documentElement.dataset[name] = `${load} ${performance.timeOrigin + performance.now()}`;
}
(globalThis as unknown as { biojobsMsaFrames: typeof frameLog }).biojobsMsaFrames = frameLog;

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
function saveName(source: Source, format: AlignmentSaveFormat): string {
  const base = source.jobId ? source.title : (source.fileName.split(/[\\/]/).pop() ?? 'alignment').replace(/\.[^.]*$/, '');
  return `${base || 'alignment'}.${format === 'a3m' ? 'a3m' : 'fasta'}`;
}

/** What is on screen, if it shows `model`. */
function shownFor(model: AlignmentModel | undefined): Shown | undefined {
  return model && current?.model === model ? current : undefined;
}

const sameSource = (a: Source, b: Source) => a.fileName === b.fileName && a.jobId === b.jobId;
const n = (x: number) => x.toLocaleString('en-US');

/** Reads `stream` as the alignment `source`: rows are shown as they arrive. */
function load(source: Source, stream: ReadableStream<Uint8Array>): void {
  const id = ++loads;
  if (source.jobId) host().saveState({ jobId: source.jobId, fileName: source.fileName });
  document.title = source.title;
  let model: AlignmentModel | undefined;
  let rowsSeen = 0;
  const percent = (bytes: number) => (source.size ? `${Math.min(100, Math.floor((bytes / source.size) * 100))} %` : `${n(Math.round(bytes / 1024))} KB`);

  performance.mark(`biojobs:msa:open:${id}`);
  loader.open(source.fileName, stream, {
    rows(format: AlignmentFormat, batch: RowBatch) {
      if (!model) {
        performance.mark(`biojobs:msa:first-batch:${id}`);
        model = new AlignmentModel(format, batch.width);
        model.append(batch);
        show(source, model, id);
      } else {
        model.format = format;
        model.append(batch);
        shownFor(model)?.viewer.rowsAdded();
      }
      rowsSeen = model.rowCount;
    },
    stats(stats: ColumnStats, final: boolean) {
      const shown = shownFor(model);
      if (!shown) return;
      shown.viewer.setStats(stats);
      if (final) requestAnimationFrame(() => requestAnimationFrame(() => mark('msaStats', id)));
    },
    progress(bytes: number) {
      const text = `Reading ${percent(bytes)} · ${n(rowsSeen)} sequences so far`;
      const shown = shownFor(model);
      if (shown) {
        shown.progress.textContent = text;
        shown.progress.hidden = false;
        shown.viewer.setPending(`computing conservation… (${percent(bytes)} read)`);
      } else if (!model) loadingText.textContent = `Loading alignment… ${percent(bytes)}`;
    },
    done(summary) {
      const shown = shownFor(model);
      if (!shown || !model) return;
      model.format = summary.format;
      model.complete = true;
      shown.summary.textContent = describeAlignment(model);
      shown.progress.hidden = true;
      shown.viewer.rowsAdded();
      logToHost('info', `Read ${source.fileName}: ${n(summary.rows)} × ${n(summary.width)} in ${Math.round(summary.parseMs)} ms`);
      requestAnimationFrame(() => requestAnimationFrame(() => mark('msaLoaded', id)));
    },
    error(message: string) {
      logToHost('error', `Cannot read alignment ${source.fileName}: ${message}`);
      showError(`${source.fileName} cannot be shown as an alignment.`, message);
    },
  });
}

/** The first rows of a load: a new viewer, or the same viewer with the new rows (file changed). */
function show(source: Source, model: AlignmentModel, id: number): void {
  const onRowsDrawn = () => {
    performance.mark(`biojobs:msa:drawn:${id}`);
    requestAnimationFrame(() => mark('msaFirstRows', id));
  };
  if (current && sameSource(current.source, source)) {
    // The same file again (changed on disk, or the host re-sent it): keep the user's view.
    current.source = source;
    current.model = model;
    current.viewer.setModel(model);
    current.summary.textContent = describeAlignment(model);
    current.viewer.onRowsDrawnOnce(onRowsDrawn);
    return;
  }
  current?.viewer.dispose();
  current = undefined;

  const summary = el('span', { class: 'summary' }, describeAlignment(model));
  const progress = el('span', { class: 'progress', attrs: { role: 'status' } });
  const cursorText = el('span', { class: 'cursor', attrs: { role: 'status', 'aria-live': 'polite' } });
  const help = el(
    'span',
    { class: 'help', attrs: { id: 'msa-help' } },
    'Arrows move (Ctrl: 10) · PgUp/PgDn · Home/End (Ctrl: first/last sequence) · + − zoom · / find',
  );
  const stage = el('div', { class: 'stage-wrap' });
  const statusBar = el('footer', { class: 'statusbar' }, summary, progress, cursorText, help);

  // The controls act on `current`: the viewer is created once its box is in the page.
  const none = { count: 0, current: 0 };
  const toolbar = createToolbar(source.title, {
    search: (q) => current?.viewer.search(q) ?? none,
    nextMatch: (d) => current?.viewer.nextMatch(d) ?? none,
    setFilter: (only) => current?.viewer.setFilter(only),
    setScheme: (schemeId) => current?.viewer.setScheme(schemeId),
    zoom: (d) => current?.viewer.zoom(d),
    focusViewer: () => current?.viewer.focus(),
    save: (format) => save(format),
  });
  replaceChildren(root, toolbar.element, toolbar.legend, stage, statusBar);
  // Sized by the layout now, so the first frame is drawn at the right size.
  const v = new MsaViewer(
    stage,
    model,
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
  performance.mark(`biojobs:msa:viewer:${id}`);
  v.onRowsDrawnOnce(onRowsDrawn, { now: true });
  toolbar.update(v.colourScheme, v.zoomLevel);
  current = { source, viewer: v, toolbar, summary, progress, model };
}

function save(format: AlignmentSaveFormat): void {
  if (!current) return;
  const { model, source } = current;
  if (!source.jobId) {
    // The custom editor: the host converts the file it shows; no text crosses over.
    host().post({ type: 'saveAlignmentFile', format, fileName: saveName(source, format) });
    return;
  }
  if (!model.complete) {
    current.progress.textContent = 'The alignment is still being read: save when it is complete.';
    current.progress.hidden = false;
    return;
  }
  host().post({ type: 'saveAlignment', format, fileName: saveName(source, format), text: model.toText(format) });
}

async function fetchStream(uri: string, name: string, signal?: AbortSignal, isLink = false): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(uri, { signal });
  if (!response.ok || !response.body) throw new Error(`Reading ${name} failed (${response.status} ${response.statusText}).`);
  // A link answers with the file's bytes as octet-stream and never redirects (src/core/loopbackFileServer.ts);
  // anything else came from somebody else on the way (a port proxy's sign-in page) and is not the file.
  if (isLink && (response.redirected || response.headers.get('content-type') !== 'application/octet-stream')) {
    void response.body.cancel();
    throw new Error(`the answer is not the file (${response.redirected ? 'redirected' : response.headers.get('content-type') ?? 'no content type'})`);
  }
  return response.body;
}

/** How long the loopback link may take to answer before the host is asked to stream instead. */
const LINK_HEADERS_TIMEOUT_MS = 10_000;
/** The custom editor's load the page is reading now (messages of older ones are ignored), and its link if it came by one. */
let hostLoadId = 0;
let hostLoadUrl: string | undefined;

/**
 * The fast path in a browser or remote window: fetch the file from its loopback link
 * (src/ui/fileLinks.ts). If that cannot start (no proxy to the port, a CSP, a 404, no answer),
 * `otherwise` gets the file the slower way: the custom editor's host streams it over postMessage,
 * a result panel fetches its webview URI. `stillWanted` is false once a newer file was asked for.
 */
function fetchLinkOr(source: Source, url: string, stillWanted: () => boolean, otherwise: (reason: string) => void): void {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${LINK_HEADERS_TIMEOUT_MS / 1000} s`)), LINK_HEADERS_TIMEOUT_MS);
  fetchStream(url, source.fileName, abort.signal, true).then(
    (stream) => {
      clearTimeout(timer);
      if (!stillWanted()) void stream.cancel();
      else loadFrom(source, stream, 'link');
    },
    (err: unknown) => {
      clearTimeout(timer);
      if (!stillWanted()) return;
      const reason = err instanceof Error ? err.message : String(err);
      logToHost('info', `The link to ${source.fileName} could not be fetched (${reason}); reading it the slower way.`);
      otherwise(reason);
    },
  );
}

/** Counts result `show`s, so a link answering late does not replace a newer result. */
let shows = 0;

/** `load`, noting for automation (the bench, the UI tests) how the bytes came. */
function loadFrom(source: Source, stream: ReadableStream<Uint8Array>, transfer: 'link' | 'stream' | 'resource', encoding = 'identity'): void {
  document.documentElement.dataset.msaTransfer = transfer;
  document.documentElement.dataset.msaEncoding = encoding;
  load(source, stream);
}

function fetchAndLoad(source: Source, uri: string): void {
  fetchStream(uri, source.fileName).then(
    (stream) => loadFrom(source, stream, 'resource'),
    (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      logToHost('error', `Fetching ${source.fileName} failed: ${reason}`);
      showError('The alignment could not be loaded.', reason);
    },
  );
}

function handle(message: ViewerMessage): void {
  switch (message.type) {
    case 'alignmentOpen': {
      hostLoad?.error(new Error('superseded'));
      hostLoad = undefined;
      // The same link again (the answer to `ready` when the HTML already carried it): already being read.
      if (message.url && message.load === hostLoadId && message.url === hostLoadUrl) break;
      const source: Source = { title: message.title, fileName: message.fileName, size: message.size };
      hostLoadId = message.load;
      hostLoadUrl = message.url;
      const { load, url } = message;
      if (url) fetchLinkOr(source, url, () => load === hostLoadId, (reason) => host().post({ type: 'alignmentStreamInstead', load, reason: reason.slice(0, 500) }));
      else if (message.uri) fetchAndLoad(source, message.uri);
      else {
        hostLoad = createHostStream(message.load, message.encoding);
        loadFrom(source, hostLoad.stream, 'stream', message.encoding);
      }
      break;
    }
    case 'alignmentChunk':
      if (hostLoad?.load === message.load) hostLoad.push(message.data);
      break;
    case 'alignmentEnd':
      if (hostLoad?.load === message.load) {
        hostLoad.close();
        hostLoad = undefined;
      }
      break;
    case 'alignmentAbort':
      if (hostLoad?.load === message.load) {
        hostLoad.error(new Error(message.message));
        hostLoad = undefined;
        showError('The alignment could not be loaded.', message.message);
      }
      break;
    case 'showFiles': {
      const show = ++shows;
      const file = alignmentFile(message.files);
      const source: Source = { title: message.job.name, fileName: file?.name ?? '', size: file?.size, jobId: message.job.id };
      if (!file) showError('This result has no alignment.', 'None of its files is an alignment.');
      else if (file.size > MAX_RESULT_BYTES) {
        showError(`${file.name} is too large to show.`, `It is ${n(Math.round(file.size / 1048576))} MB; the alignment viewer opens files up to ${n(MAX_RESULT_BYTES / 1048576)} MB.`);
      } else if (file.link) {
        fetchLinkOr(source, file.link, () => show === shows, () => fetchAndLoad(source, file.uri));
      } else fetchAndLoad(source, file.uri);
      break;
    }
    case 'showText':
      load({ title: message.job.name, fileName: message.fileName, jobId: message.job.id }, new Blob([message.text]).stream());
      break;
    case 'notText':
      showError('This result is not an alignment.', `The ${message.view} result ${message.fileName} is not text.`);
      break;
    case 'error':
      showError('The alignment could not be loaded.', message.message);
      break;
    case 'invalid':
      logToHost('error', `Invalid message from the host: ${message.reason}`);
      showError('The viewer received data it cannot read.', message.reason);
      break;
  }
}

function dispatch(message: ViewerMessage): void {
  try {
    handle(message);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Alignment viewer failed: ${reason}`);
    showError('The alignment could not be displayed.', reason);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseViewerMessage(event.data);
  if (message) dispatch(message);
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

/**
 * The custom editor puts the file's link in the HTML (src/ui/alignmentEditor.ts): the fetch starts
 * now instead of after the `ready` round trip. Checked like any message from the host.
 */
function firstMessage(): ViewerMessage | undefined {
  const content = document.querySelector('meta[name="biojobs-first-message"]')?.getAttribute('content');
  if (!content) return undefined;
  try {
    return parseViewerMessage(JSON.parse(content));
  } catch {
    return { type: 'invalid', reason: 'the first message in the page is not JSON' };
  }
}

const first = firstMessage();
if (first) dispatch(first);
host().post({ type: 'ready' });

/**
 * Result panel entry (dist/webview/results.js). Installs the message listener, then posts
 * `ready`; the host sends `show` (the job and its files, by reference) only after that. The
 * primary file is fetched and handed to the renderer of its view; anything unknown, and
 * anything a renderer cannot read, falls back to the file list with a JSON tree.
 */
import './styles.css';
import { replaceChildren } from '../common/dom';
import { host, logToHost, type ShowMessage } from '../common/host';
import { parseHostMessage } from '../common/messages';
import { fetchData, isTextFile, primaryOf, type ShowFilesMessage } from '../common/resultFiles';
import { renderCodon } from './codon/render';
import { renderFiles } from './files/render';
import { renderError, renderHeader } from './header';
import { renderJson } from './json/render';

type Renderer = (message: ShowMessage) => HTMLElement[];

/** The views of shared/resultViews.ts whose bundle is `results`. */
const renderers: Record<string, Renderer> = {
  codon: renderCodon,
  json: (m) => [renderJson(m)],
  files: renderFiles,
};

const root = document.getElementById('root') ?? document.body;

async function show(message: ShowFilesMessage): Promise<void> {
  // Persist first: if rendering throws, a reload still knows which job this panel is for.
  host().saveState({ jobId: message.job.id });
  document.title = `${message.job.name} — Result`;
  const primary = primaryOf(message.files);
  const data = primary && isTextFile(primary) ? await fetchData(primary) : undefined;
  const loaded: ShowMessage = { ...message, fileName: primary?.name ?? '', data };
  const renderer = renderers[message.view] ?? renderers.files;
  let body: HTMLElement[];
  try {
    body = renderer(loaded);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Cannot render ${message.view} result ${loaded.fileName}: ${reason}`);
    body = [renderError(`This result cannot be shown as a ${message.view} result.`, `${reason}. The files are listed below.`), ...renderFiles(loaded)];
  }
  replaceChildren(root, renderHeader(message.job, loaded.fileName), ...body);
}

function showError(title: string, detail: string): void {
  replaceChildren(root, renderError(title, detail));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  const fail = (err: unknown) => {
    // Even the fallback failed (e.g. the JSON tree on exotic data): say so rather than go blank.
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Rendering failed: ${reason}`);
    showError('The result could not be displayed.', reason);
  };
  try {
    if (message.type === 'show') show(message).catch(fail);
    else if (message.type === 'error') showError('The result could not be loaded.', message.message);
    else {
      logToHost('error', `Invalid message from the host: ${message.reason}`);
      showError('The panel received data it cannot read.', message.reason);
    }
  } catch (err) {
    fail(err);
  }
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

host().post({ type: 'ready' });

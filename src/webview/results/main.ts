/**
 * Result panel entry (dist/webview/results.js). Installs the message listener, then posts
 * `ready`; the host sends `show` only after that, so no message is lost. The renderer is chosen
 * by `view`; anything unknown, and anything a renderer cannot read, falls back to the JSON tree
 * with the reason shown above it.
 */
import './styles.css';
import { replaceChildren } from '../common/dom';
import { host, logToHost, type ShowMessage } from '../common/host';
import { parseHostMessage } from '../common/messages';
import { renderCodon } from './codon/render';
import { renderError, renderHeader } from './header';
import { renderJson } from './json/render';

type Renderer = (message: ShowMessage) => HTMLElement[];

const renderers: Record<string, Renderer> = {
  codon: renderCodon,
  json: (m) => [renderJson(m)],
};

const root = document.getElementById('root') ?? document.body;

function show(message: ShowMessage): void {
  // Persist first: if rendering throws, a reload still knows which job this panel is for.
  host().saveState({ jobId: message.job.id });
  document.title = `${message.job.name} — Result`;
  const renderer = renderers[message.view] ?? renderers.json;
  let body: HTMLElement[];
  try {
    body = renderer(message);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Cannot render ${message.view} result ${message.fileName}: ${reason}`);
    body = [renderError(`This result cannot be shown as a ${message.view} result.`, `${reason}. The raw file is shown below.`), renderJson(message)];
  }
  replaceChildren(root, renderHeader(message.job, message.fileName), ...body);
}

function showError(title: string, detail: string): void {
  replaceChildren(root, renderError(title, detail));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  try {
    if (message.type === 'show') show(message);
    else if (message.type === 'error') showError('The result could not be loaded.', message.message);
    else {
      logToHost('error', `Invalid message from the host: ${message.reason}`);
      showError('The panel received data it cannot read.', message.reason);
    }
  } catch (err) {
    // Even the fallback failed (e.g. the JSON tree on exotic data): say so rather than go blank.
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Rendering failed: ${reason}`);
    showError('The result could not be displayed.', reason);
  }
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

host().post({ type: 'ready' });

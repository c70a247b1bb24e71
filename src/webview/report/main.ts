/**
 * Antibody humanization report (dist/webview/report.js). Installs the message listener, then
 * posts `ready`; on `show` it fetches the primary file (the whole GET /jobs/{id} response) by
 * its webview URI, reads it into the report model and draws every section at once; structure
 * files are read afterwards into their slots. Exports and FASTA go to the host as messages.
 *
 * Timing marks (performance API): biojobs:report:show (message in), :data (JSON parsed), :model
 * (report model read), :dom (page built), :drawn (the frame showing it painted), :structures
 * (structure files read); measures biojobs:report:render (data → drawn), biojobs:report:total
 * (show → drawn) and biojobs:report:section:<id> (building each section).
 */
import './styles.css';
import { el, replaceChildren } from '../common/dom';
import { host, logToHost } from '../common/host';
import type { ReportExportFormat } from '../../shared/protocol';
import { parseReportMessage, type ReportShow } from './messages';
import { exportReport } from './model/export';
import { fastaId, formatFasta } from './model/fasta';
import { primaryFile } from './model/files';
import { buildReport } from './model/report';
import { visible } from './model/safeText';
import { renderPage } from './render/page';
import { setStructureViewer } from './render/structureViewer';
import { loadReport3d } from './render/viewerLoader';

const root = document.getElementById('root') ?? document.body;
root.classList.add('report-root');
setStructureViewer(loadReport3d);

function errorBox(title: string, detail: string): HTMLElement {
  return el('div', { class: 'error', attrs: { role: 'alert' } }, el('strong', null, title), el('p', null, visible(detail)));
}

let generation = 0;

async function readData(msg: ReportShow): Promise<{ data: unknown; file: string }> {
  if (msg.files.length === 0 && 'data' in msg) return { data: msg.data, file: msg.fileName ?? 'result.json' };
  const primary = primaryFile(msg.files);
  if (!primary) throw new Error('The result has no report file (no primary JSON among the result files).');
  const res = await fetch(primary.uri);
  if (!res.ok) throw new Error(`Reading ${primary.name} failed: HTTP ${res.status}.`);
  const text = await res.text();
  try {
    return { data: JSON.parse(text) as unknown, file: primary.name };
  } catch (err) {
    throw new Error(`${primary.name} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function show(msg: ReportShow): Promise<void> {
  const mine = ++generation;
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark('biojobs:report:show');
  host().saveState({ jobId: msg.job.id });
  document.title = `${msg.job.name} — Report`;
  let data: unknown;
  let file: string;
  try {
    ({ data, file } = await readData(msg));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logToHost('error', `Report ${msg.job.id}: ${reason}`);
    replaceChildren(root, errorBox('The report could not be loaded.', reason));
    return;
  }
  if (mine !== generation) return;
  performance.mark('biojobs:report:data');
  const model = buildReport(data);
  performance.mark('biojobs:report:model');
  const exportName = fastaId(msg.job.name);
  const page = renderPage(model, msg.job, file, data, msg.files, {
    exportReport: (format: ReportExportFormat) => {
      const text = exportReport(model, { jobName: msg.job.name, provider: msg.job.providerLabel, status: msg.job.status, rawStatus: msg.job.rawStatus, remoteId: msg.job.remoteId, exportedAt: new Date().toISOString() }, format);
      host().post({ type: 'exportReport', format, fileName: `${exportName}-report.${format === 'markdown' ? 'md' : 'html'}`, text });
    },
    copyFasta: (records, what) => host().post({ type: 'copy', text: formatFasta(records), what }),
    saveFasta: (records, fileName) => host().post({ type: 'saveFasta', fileName, records }),
  });
  performance.mark('biojobs:report:dom');
  replaceChildren(root, page.element);
  // "Drawn" is after the frame that shows the page: a message posted from requestAnimationFrame
  // runs once that frame's style, layout and paint are done.
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      performance.mark('biojobs:report:drawn');
      performance.measure('biojobs:report:render', 'biojobs:report:data', 'biojobs:report:drawn');
      performance.measure('biojobs:report:total', 'biojobs:report:show', 'biojobs:report:drawn');
      channel.port1.close();
    };
    channel.port2.postMessage(null);
  });
  await page.structures;
  if (mine === generation) performance.mark('biojobs:report:structures');
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseReportMessage(event.data);
  if (!message) return;
  if (message.type === 'show') {
    show(message).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      logToHost('error', `Rendering the report failed: ${reason}`);
      replaceChildren(root, errorBox('The report could not be displayed.', reason));
    });
  } else if (message.type === 'error') {
    replaceChildren(root, errorBox('The result could not be loaded.', message.message));
  } else {
    logToHost('error', `Invalid message from the host: ${message.reason}`);
    replaceChildren(root, errorBox('The panel received data it cannot read.', message.reason));
  }
});

window.addEventListener('error', (event) => logToHost('error', `Uncaught: ${event.message}`));

host().post({ type: 'ready' });

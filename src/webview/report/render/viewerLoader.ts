/**
 * Loads the report's 3-D viewer bundle (dist/webview/report3d.js, beside report.js) on first
 * need, so a report without structures never parses 3Dmol.js. The script is added with this
 * page's CSP nonce (read from report.js's own script tag: the CSP allows no other script) and
 * answers with one `biojobs:report3d` event carrying its mount function.
 */
import type { StructureViewerMount } from './structureViewer';

export const REPORT3D_EVENT = 'biojobs:report3d';

/** How long the bundle may take to arrive before the slot says it could not be loaded. */
const LOAD_TIMEOUT_MS = 20_000;

/** report.js's own <script> (captured while it runs: `document.currentScript` is null later). */
const ownScript = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;

let loading: Promise<StructureViewerMount> | undefined;

/** "…/dist/webview/report.js?x" → "…/dist/webview/report3d.js". */
export function siblingScript(src: string, name: string): string {
  const url = new URL(src);
  url.pathname = url.pathname.replace(/[^/]*$/, name);
  url.search = '';
  url.hash = '';
  return url.toString();
}

export function loadReport3d(): Promise<StructureViewerMount> {
  loading ??= new Promise<StructureViewerMount>((resolve, reject) => {
    if (!ownScript?.src) {
      reject(new Error('the page does not say where its scripts are'));
      return;
    }
    const timer = setTimeout(() => reject(new Error(`report3d.js did not load within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
    window.addEventListener(
      REPORT3D_EVENT,
      (event) => {
        clearTimeout(timer);
        resolve((event as CustomEvent<StructureViewerMount>).detail);
      },
      { once: true },
    );
    const script = document.createElement('script');
    script.nonce = ownScript.nonce;
    script.src = siblingScript(ownScript.src, 'report3d.js');
    script.onerror = () => {
      clearTimeout(timer);
      reject(new Error('report3d.js could not be loaded'));
    };
    document.head.appendChild(script);
  });
  // A failed load may be retried by the next report shown.
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * Helpers for UI tests: a real VS Code workbench (code-server) with the packaged extension
 * installed, driven by Playwright in headless Chromium.
 *
 *   const wb = await openWorkbench();
 *   await wb.clickActivityBar('Bio Jobs');
 *   await wb.runCommand('Bio Jobs: Show Log');
 *   await wb.screenshot('jobs-view');
 *   await wb.close();
 *
 * Process management lives in scripts/code-server.mjs (shared with the integration runner and
 * the demo); this file only adds the browser-side steps. The .vsix is built by scripts/run-e2e.mjs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

/** Repository root, from out/test/e2e/ where this file runs. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const defaultVsix = path.join(repoRoot, '.vscode-test', 'bio-jobs.vsix');

/** Generous enough for a cold start on a loaded 2-core CI machine, short enough to fail usefully. */
const TIMEOUT_MS = 30_000;

interface CodeServer {
  baseUrl: string;
  port: number;
  /** Process (group) id of the server; the extension host is one of its descendants. */
  pid: number;
  stop(): Promise<void>;
}
interface CodeServerModule {
  startCodeServer(o: {
    workspace?: string;
    userDataDir?: string;
    extensionsDir?: string;
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    scratchDir?: string;
  }): Promise<CodeServer>;
  installExtension(vsix: string, extensionsDir: string): Promise<void>;
  launchChromium(userDataDir: string): Promise<BrowserContext>;
  workbenchUrl(baseUrl: string, o: { folder?: string; payload?: [string, string][] }): string;
}

// tsc compiles `import()` to `require()` for CommonJS output, and require() cannot load ES
// modules on every node 20. A Function body is not rewritten, so this stays a real import().
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

function loadCodeServerModule(): Promise<CodeServerModule> {
  return importEsm(pathToFileURL(path.join(repoRoot, 'scripts', 'code-server.mjs')).href) as Promise<CodeServerModule>;
}

export interface OpenOptions {
  /** User settings.json, e.g. `{ "biojobs.codon.baseUrl": emulatorUrl }`. */
  settings?: Record<string, unknown>;
  /** Folder to open; default: a fresh temp copy of examples/. */
  workspace?: string;
  /** Extension package to install; default: .vscode-test/bio-jobs.vsix (or $BIOJOBS_VSIX). */
  vsix?: string;
  /** More packages installed beside it (e.g. a second extension probing ours). */
  extraVsix?: string[];
  env?: Record<string, string>;
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly workspace: string,
    private readonly cleanup: () => Promise<void>,
    /** For measurements (bench/msa.ts): the server's pid and the scratch folder (Chromium's profile is `<scratch>/chromium`). */
    readonly serverPid: number,
    readonly scratch: string,
  ) {}

  /** Starts code-server with the packaged extension and opens the workbench in Chromium. */
  static async open(options: OpenOptions = {}): Promise<Workbench> {
    const vsix = options.vsix ?? process.env.BIOJOBS_VSIX ?? defaultVsix;
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`node scripts/run-e2e.mjs\`, which packages it`);
    const cs = await loadCodeServerModule();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-e2e-'));
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    const cleanup = async () => {
      await context?.close().catch(() => undefined);
      await server?.stop();
      try {
        fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (err) {
        // A browser still flushing its profile: a leftover temp folder must not fail the test.
        console.warn(`could not remove ${scratch}: ${(err as Error).message}`);
      }
    };
    try {
      const extensionsDir = path.join(scratch, 'extensions');
      await cs.installExtension(vsix, extensionsDir);
      for (const extra of options.extraVsix ?? []) await cs.installExtension(extra, extensionsDir);
      const workspace = options.workspace ?? copyExamples(path.join(scratch, 'workspace'));
      server = await cs.startCodeServer({
        workspace,
        extensionsDir,
        settings: options.settings,
        env: options.env,
        scratchDir: path.join(scratch, 'code-server'),
      });
      context = await cs.launchChromium(path.join(scratch, 'chromium'));
      context.setDefaultTimeout(TIMEOUT_MS);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(cs.workbenchUrl(server.baseUrl, { folder: workspace, payload: [['skipWelcome', 'true']] }));
      const wb = new Workbench(page, server.baseUrl, workspace, cleanup, server.pid, scratch);
      await wb.waitForReady();
      return wb;
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  /** Stops Chromium and code-server and removes the scratch folder. Safe to call twice. */
  private closed?: Promise<void>;
  close(): Promise<void> {
    return (this.closed ??= this.cleanup());
  }

  /** The workbench is laid out and connected to the server (explorer shows the folder). */
  async waitForReady(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible' });
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
    await this.page.locator('.explorer-folders-view, .part.sidebar .welcome-view').first().waitFor({ state: 'visible' });
  }

  /**
   * The activity-bar entry whose aria-label is `label` (built-in entries append a shortcut,
   * "Explorer (Ctrl+Shift+E)", and badges a count: both still match).
   */
  activityBarItem(label: string): Locator {
    return this.page
      .locator('.part.activitybar a.action-label')
      .and(this.page.getByLabel(new RegExp(`^${escapeRegExp(label)}(\\s|$)`)));
  }

  /** Clicks an activity-bar entry (waiting for it: extension entries appear 1–2 s after the workbench). */
  async clickActivityBar(label: string): Promise<void> {
    const item = this.activityBarItem(label);
    await item.waitFor({ state: 'visible' });
    // A container with a single view shows its title in `.composite.title`.
    const title = this.page.locator('.part.sidebar .composite.title').filter({ hasText: new RegExp(escapeRegExp(label), 'i') });
    // Clicking the entry of the container already shown would hide the side bar; after a reload
    // the entry is checked before the title renders, so ask the entry, not the title.
    const entry = item.locator('xpath=ancestor::li[1]');
    const checked = await entry.evaluate((li) => li.classList.contains('checked'));
    // The entry, not its label: a count badge drawn over the label would take the click.
    if (!checked) await entry.click();
    await title.waitFor({ state: 'visible' });
  }

  /**
   * Runs a command by its palette label, e.g. "Bio Jobs: Show Log". The palette lists the
   * commands known when it opens, and an extension's contributions arrive a moment after the
   * workbench looks ready; so a palette without the command is closed and opened again.
   */
  /** `asks`: the command opens a quick pick or input box of its own, so the widget stays open. */
  async runCommand(label: string, { timeoutMs = TIMEOUT_MS, asks = false } = {}): Promise<void> {
    const { page } = this;
    const widget = page.locator('.quick-input-widget');
    const row = widget.locator('.monaco-list-row').filter({ has: page.getByText(label, { exact: true }) }).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await page.keyboard.press('F1');
      try {
        await widget.waitFor({ state: 'visible', timeout: 3000 });
      } catch {
        // A webview that has the focus (a panel just restored) keeps F1: give it back to the workbench.
        await page.locator('.part.sidebar .composite.title').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
        await page.keyboard.press('F1');
        await widget.waitFor({ state: 'visible' });
      }
      await widget.locator('.quick-input-box input').fill(`>${label}`);
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(1, deadline - Date.now())) });
        break;
      } catch (err) {
        await page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden' });
        if (Date.now() >= deadline) throw new Error(`command "${label}" is not in the command palette`, { cause: err });
      }
    }
    await row.click();
    if (!asks) await widget.waitFor({ state: 'hidden' });
  }

  /**
   * Clicks `target` until `shown` is visible. A tree row is redrawn when its job changes (the
   * result stored, a fact added), and a click whose mousedown and mouseup land on two renderings
   * of the row does nothing; the user clicks again, and so does this.
   */
  async clickUntil(target: Locator, shown: Locator, { timeoutMs = TIMEOUT_MS, hover }: { timeoutMs?: number; hover?: Locator } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = Math.max(1, deadline - Date.now());
      if (hover) await hover.hover({ timeout: left });
      await target.click({ timeout: left });
      try {
        await shown.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1, deadline - Date.now())) });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  /**
   * Right-click `fileName` in the explorer → Open With… → `editor` (e.g. "Bio Jobs Alignment
   * Viewer"). Resolves just before the final click, with a function that makes it: callers that
   * time "from the user's command" start their clock there.
   */
  async openWith(fileName: string, editor: string): Promise<() => Promise<void>> {
    const { page } = this;
    await this.clickActivityBar('Explorer');
    const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: new RegExp(`^${escapeRegExp(fileName)}$`) });
    const quick = page.locator('.quick-input-widget');
    const choice = quick.locator('.monaco-list-row').filter({ hasText: editor });
    // The extension's editors reach the picker a moment after the workbench looks ready: a
    // picker opened too early lists only the text editor, so close it and ask again.
    for (let attempt = 0; ; attempt++) {
      await file.click({ button: 'right' });
      const openWith = page.locator('.monaco-menu .action-item').filter({ hasText: /^Open With/ });
      await openWith.first().hover();
      await openWith.first().click({ delay: 50 });
      try {
        await choice.waitFor({ timeout: 3000 });
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await page.keyboard.press('Escape');
        await quick.waitFor({ state: 'hidden' });
      }
    }
    return () => choice.click();
  }

  /**
   * The content frame of a webview (`iframe.webview` → `iframe#active-frame`): by default the
   * visible one (VS Code keeps hidden panels' iframes in the page), or the nth in document order.
   */
  webviewFrame(nth?: number): FrameLocator {
    const frames = this.page.locator('iframe.webview');
    const outer = nth === undefined ? frames.filter({ visible: true }).first() : frames.nth(nth);
    return outer.contentFrame().frameLocator('iframe#active-frame');
  }

  /** What a failed test's log should say about the window: its editor tabs and notifications. */
  async describe(): Promise<string> {
    const texts = (sel: string) => this.page.locator(sel).allInnerTexts().catch(() => [] as string[]);
    const tabs = await texts('.tabs-container .tab');
    const toasts = await texts('.notifications-toasts .notification-list-item');
    const webviews = await this.page.locator('iframe.webview').count().catch(() => -1);
    return `tabs: ${JSON.stringify(tabs)}; notifications: ${JSON.stringify(toasts)}; webview iframes: ${webviews}`;
  }

  /** Saves a full-window screenshot to test-results/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

export const openWorkbench = (options?: OpenOptions): Promise<Workbench> => Workbench.open(options);

function copyExamples(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const examples = path.join(repoRoot, 'examples');
  if (fs.existsSync(examples)) fs.cpSync(examples, dir, { recursive: true });
  return dir;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Headless Debian Chromium for webview tests: a persistent profile in a scratch folder (Chromium
 * writes into $HOME otherwise), the flags this offline machine needs, our own signal handling.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessBrowser {
  context: BrowserContext;
  /** Closes Chromium and removes its scratch folder. */
  close(): Promise<void>;
}

export async function launchHeadless(viewport: { width: number; height: number }, prefix = 'biojobs-chromium-'): Promise<HeadlessBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = { ...process.env, TMPDIR: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch, HOME: scratch };
  const context = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

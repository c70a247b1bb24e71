/** A provider, job store and poller wired to a real loopback emulator on one virtual clock. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../../../src/core/clock';
import { HttpClient } from '../../../src/core/http';
import { MemoryLogger } from '../../../src/core/log';
import { Poller } from '../../../src/jobs/poller';
import { ResultStore } from '../../../src/jobs/results';
import { JobStore } from '../../../src/jobs/store';
import type { Provider, ProviderFactory } from '../../../src/providers/types';
import type { Emulator } from '../../emulators/common';

export interface ProviderHarness<E extends Emulator> {
  clock: VirtualClock;
  emulator: E;
  provider: Provider;
  store: JobStore;
  results: ResultStore;
  poller: Poller;
  log: MemoryLogger;
  /** Mutable: tests change passwords to provoke 401s. */
  creds: Record<string, Record<string, string>>;
  dir: string;
  /** Moves virtual time in steps, letting each poll's real HTTP finish. */
  step(ms: number, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function providerHarness<E extends Emulator>(
  startEmulator: (now: () => number) => Promise<E>,
  createProvider: ProviderFactory,
  opts: { timeoutMs?: number } = {},
): Promise<ProviderHarness<E>> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
  const emulator = await startEmulator(() => clock.now());
  const log = new MemoryLogger();
  const creds: Record<string, Record<string, string>> = {};
  const http = new HttpClient({ clock, log, retries: 0, random: () => 0.5, timeoutMs: opts.timeoutMs ?? 5000 });
  const provider = createProvider({ http, clock, log, credentials: { get: async (id) => creds[id] }, baseUrl: () => emulator.url });
  creds[provider.id] = { username: 'demo', password: 'demo-password' };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `biojobs-${provider.id}-`));
  const store = new JobStore(dir, clock, log);
  await store.load();
  const results = new ResultStore(path.join(dir, 'results'));
  const poller = new Poller({ store, results, providers: new Map([[provider.id, provider]]), clock, log, random: () => 0.5 });
  return {
    clock,
    emulator,
    provider,
    store,
    results,
    poller,
    log,
    creds,
    dir,
    async step(ms, stepMs = 250) {
      for (let t = 0; t < ms; t += stepMs) {
        await clock.advance(Math.min(stepMs, ms - t));
        await poller.whenIdle();
      }
    },
    async close() {
      poller.dispose();
      await store.flush().catch(() => undefined);
      // A watching store (the two-window tests) holds an fs watcher that keeps node alive.
      store.dispose();
      await emulator.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A codon provider, job store and poller wired to a real loopback emulator on one virtual clock. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../../../src/core/clock';
import { HttpClient } from '../../../src/core/http';
import { MemoryLogger } from '../../../src/core/log';
import { Poller } from '../../../src/jobs/poller';
import { ResultStore } from '../../../src/jobs/results';
import { JobStore } from '../../../src/jobs/store';
import { createCodonProvider } from '../../../src/providers/codon/provider';
import type { Prompter, Provider } from '../../../src/providers/types';
import { startCodonEmulator, type CodonEmulator, type CodonEmulatorOptions } from '../../emulators/codon/server';

export interface CodonHarness {
  clock: VirtualClock;
  emulator: CodonEmulator;
  provider: Provider;
  store: JobStore;
  results: ResultStore;
  poller: Poller;
  log: MemoryLogger;
  creds: Record<string, Record<string, string>>;
  dir: string;
  /** Moves virtual time in steps, letting each poll's real HTTP finish. */
  step(ms: number, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function codonHarness(opts: CodonEmulatorOptions & { timeoutMs?: number } = {}): Promise<CodonHarness> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
  const emulator = await startCodonEmulator({ seedJobs: 0, ...opts, now: () => clock.now() });
  const log = new MemoryLogger();
  const creds: Record<string, Record<string, string>> = { codon: { username: 'demo', password: 'demo-password' } };
  const http = new HttpClient({ clock, log, retries: 0, random: () => 0.5, timeoutMs: opts.timeoutMs ?? 5000 });
  const provider = createCodonProvider({
    http,
    clock,
    log,
    credentials: { get: async (id) => creds[id] },
    baseUrl: () => emulator.url,
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-codon-'));
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
      await emulator.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Answers the provider's questions the way a user would, and records them. */
export function scriptedPrompter(answers: { pick?: string[]; ask?: string[]; confirm?: boolean; pickOne?: string }): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const queue = [...(answers.ask ?? [])];
  return {
    asked,
    async pickOne(title, items) {
      asked.push(title);
      return items.find((i) => i.label === answers.pickOne || i.description === answers.pickOne)?.value ?? items[0]?.value;
    },
    async pickMany(title, items) {
      asked.push(title);
      if (!answers.pick) return items.filter((i) => i.picked).map((i) => i.value);
      return items.filter((i) => answers.pick?.includes(i.description ?? i.label)).map((i) => i.value);
    },
    async confirm(message) {
      asked.push(message);
      return answers.confirm ?? true;
    },
    async ask(title, _prompt, _value, validate) {
      asked.push(title);
      const v = queue.shift();
      if (v === undefined) return undefined;
      const err = validate(v);
      if (err) throw new Error(`scripted answer "${v}" rejected: ${err}`);
      return v;
    },
  };
}

/**
 * Real-time convergence bench (issue 10, point 4): the poller against the loopback emulators in
 * real time, beside a fixed 5 s poller (batched where the API allows) in the same process at the
 * same time, each arm against its own emulator instance with the same job timings.
 *
 * Arms per provider: the poller focused, the poller unfocused (window.state.focused false), and
 * the fixed 5 s poller. Each arm's jobs are submitted at the start; they finish at spread times
 * (log-normal durations, a few failures) within the run. Measured:
 * - status requests, from each emulator's request log;
 * - finish on the server (the emulator knows when) → the job store changed (what the tree shows
 *   on its next render), median and p95;
 * - the unfocused/focused request ratio, and polls of one job closer than the provider's floor.
 *
 * `npm run bench -- --converge [--minutes N] [--write]`; `npm run bench` runs it at 10 minutes.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock } from '../src/core/clock';
import { HttpClient } from '../src/core/http';
import { nullLogger } from '../src/core/log';
import { isTerminal, type JobRecord } from '../src/jobs/model';
import { Poller, statusPatch } from '../src/jobs/poller';
import { ResultStore } from '../src/jobs/results';
import { JobStore } from '../src/jobs/store';
import { submitDraft } from '../src/jobs/submit';
import { createCodonProvider } from '../src/providers/codon/provider';
import { createOpenProteinProvider } from '../src/providers/openprotein/provider';
import type { Provider, ProviderFactory } from '../src/providers/types';
import { seededRandom, type Emulator } from '../test/emulators/common';
import { startCodonEmulator, type CodonEmulator } from '../test/emulators/codon/server';
import { startOpenProteinEmulator, type OpenProteinEmulator } from '../test/emulators/openprotein/server';
import { median, percentile } from './stats';

const INSULIN = 'MALWMRLLPLLALLALWGPDPAAAFVNQHLCGSHLVEALYLVCGERGFFYTPKTRREAEDLQVGQVELGGGPGAGSLQPLALEGSLQKRGIVEQCCTSICSLYQLENYCN';
const FIXED_MS = 5_000;

export interface ConvergeOptions {
  minutes: number;
  codonJobs?: number;
  openProteinJobs?: number;
  log?: (line: string) => void;
}

/** One job's planned timing, the same for every arm. */
interface Plan {
  name: string;
  pendingMs: number;
  runMs: number;
}

type EmulatorWithFinish = Emulator & { finishedAt(id: string): number | undefined; setTiming(t: object): unknown };

interface Arm {
  label: string;
  emulator: EmulatorWithFinish;
  provider: Provider;
  store: JobStore;
  dir: string;
  /** remoteId → ms from the server's finish to the store change. */
  latency: Map<string, number>;
  stop(): Promise<void>;
}

/** Log-normal durations around `medianMs`, kept within [lo, hi] of the run. */
function plans(count: number, seed: string, runMs: number, prefix: string, fails: number): Plan[] {
  const random = seededRandom(seed);
  const out: Plan[] = [];
  for (let i = 0; i < count; i++) {
    // Box–Muller: a normal draw for the log-normal spread.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const total = Math.min(0.92 * runMs, Math.max(0.2 * runMs, 0.5 * runMs * Math.exp(0.3 * z)));
    const pendingMs = Math.round(random() * 0.02 * runMs);
    out.push({ name: `${prefix}${i}${i < fails ? '-fail' : ''}`, pendingMs, runMs: Math.round(total - pendingMs) });
  }
  return out;
}

async function armBase(label: string, emulator: EmulatorWithFinish, make: ProviderFactory): Promise<Omit<Arm, 'stop' | 'latency'> & { latency: Map<string, number> }> {
  const http = new HttpClient({ clock: systemClock, log: nullLogger });
  const provider = make({ http, clock: systemClock, log: nullLogger, credentials: { get: async () => ({ username: 'demo', password: 'demo-password' }) }, baseUrl: () => emulator.url });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-converge-'));
  const store = new JobStore(dir, systemClock, nullLogger);
  await store.load();
  const latency = new Map<string, number>();
  store.onDidChange(({ ids }) => {
    const now = Date.now();
    for (const id of ids) {
      const j = store.get(id);
      if (!j?.remoteId || !isTerminal(j.status) || latency.has(j.remoteId)) continue;
      const end = emulator.finishedAt(j.remoteId);
      if (end !== undefined) latency.set(j.remoteId, now - end);
    }
  });
  return { label, emulator, provider, store, dir, latency };
}

/** Submits every planned job through the provider (the write-ahead path a user's submit takes). */
async function submitAll(arm: Omit<Arm, 'stop'>, planned: Plan[], timing: (p: Plan) => object, request: (p: Plan) => unknown): Promise<void> {
  for (const p of planned) {
    arm.emulator.setTiming(timing(p));
    await submitDraft({ store: arm.store, clock: systemClock, log: nullLogger }, arm.provider, { name: p.name, request: request(p) });
  }
}

/** Jobs like these that finished in an earlier session (the store keeps when): what the poller learns from. */
function history(providerId: string, past: Plan[]): JobRecord[] {
  const now = Date.now();
  return past.map((p, i) => {
    const createdAt = now - 86_400_000 + i * 3_600_000;
    return { id: `history-${i}`, providerId, name: p.name, status: 'succeeded', createdAt, updatedAt: createdAt + p.pendingMs + p.runMs, finishedAt: createdAt + p.pendingMs + p.runMs, origin: 'submitted' };
  });
}

async function pollerArm(label: string, emulator: EmulatorWithFinish, make: ProviderFactory, past: Plan[], planned: Plan[], timing: (p: Plan) => object, request: (p: Plan) => unknown): Promise<Arm & { poller: Poller }> {
  const base = await armBase(label, emulator, make);
  await base.store.add(...history(base.provider.id, past));
  await submitAll(base, planned, timing, request);
  emulator.log.clear();
  const poller = new Poller({ store: base.store, results: new ResultStore(path.join(base.dir, 'results')), providers: new Map([[base.provider.id, base.provider]]), clock: systemClock, log: nullLogger });
  poller.start();
  return {
    ...base,
    poller,
    async stop() {
      poller.dispose();
      await poller.whenIdle();
      await base.store.flush();
    },
  };
}

/** The baseline: every running job every 5 s, batched where the API allows; same store writes. */
async function fixedArm(label: string, emulator: EmulatorWithFinish, make: ProviderFactory, planned: Plan[], timing: (p: Plan) => object, request: (p: Plan) => unknown): Promise<Arm> {
  const base = await armBase(label, emulator, make);
  await submitAll(base, planned, timing, request);
  emulator.log.clear();
  let stopped = false;
  let busy = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const active = base.store.all().filter((j) => j.remoteId && !isTerminal(j.status));
    const { batchSize } = base.provider.pollPolicy;
    for (let i = 0; i < active.length; i += batchSize) {
      const batch = active.slice(i, i + batchSize);
      try {
        const updates = await base.provider.status(batch.map((j) => j.remoteId as string));
        const patches = batch.flatMap((j) => {
          const u = updates.get(j.remoteId as string);
          const patch = u && statusPatch(j, u);
          return patch ? [[j.id, patch] as const] : [];
        });
        if (patches.length) await base.store.updateMany(patches);
      } catch {
        /* the next tick tries again */
      }
    }
  };
  const timer = setInterval(() => {
    // A tick still running makes the next one wait for the following slot: never two at once.
    if (stopped || busy) return;
    busy = true;
    running = running.then(tick).finally(() => {
      busy = false;
    });
  }, FIXED_MS);
  running = running.then(tick);
  return {
    ...base,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await base.store.flush();
    },
  };
}

export interface ArmFigures {
  label: string;
  requests: number;
  /** From the moment the unfocused arm lost focus. */
  requestsSince: number;
  finished: number;
  jobs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  underFloor: number;
}

/** Status requests, and checks of one job closer together than the floor (from the emulator's log). */
function requestFigures(arm: Arm, statusPath: string | { prefix: string }, idsOf: (r: { path: string; body?: unknown }) => string[], floorMs: number, since: number): { requests: number; requestsSince: number; underFloor: number } {
  const calls = arm.emulator.log.list({ method: arm.provider.id === 'codon' ? 'POST' : 'GET', path: statusPath });
  const last = new Map<string, number>();
  let underFloor = 0;
  for (const c of calls) {
    for (const id of idsOf(c)) {
      const prev = last.get(id);
      if (prev !== undefined && c.timestamp - prev < floorMs) underFloor++;
      last.set(id, c.timestamp);
    }
  }
  return { requests: calls.length, requestsSince: calls.filter((c) => c.timestamp >= since).length, underFloor };
}

function figures(arm: Arm, jobs: number, req: { requests: number; requestsSince: number; underFloor: number }): ArmFigures {
  const l = [...arm.latency.values()];
  return { label: arm.label, ...req, finished: l.length, jobs, medianMs: l.length ? median(l) : NaN, p95Ms: l.length ? percentile(l, 95) : NaN, maxMs: l.length ? Math.max(...l) : NaN };
}

export interface ConvergeResult {
  minutes: number;
  /** When the unfocused arms lost focus, from the start. */
  unfocusedAfterMs: number;
  codon: { focused: ArmFigures; unfocused: ArmFigures; fixed: ArmFigures };
  openprotein: { focused: ArmFigures; unfocused: ArmFigures; fixed: ArmFigures };
}

export async function convergeBench(opts: ConvergeOptions): Promise<ConvergeResult> {
  const log = opts.log ?? (() => undefined);
  const runMs = opts.minutes * 60_000;
  const codonPlans = plans(opts.codonJobs ?? 250, 'converge-codon', runMs, 'gene', 5);
  const opPlans = plans(opts.openProteinJobs ?? 30, 'converge-op', runMs, 'seed', 2);
  const codonPast = plans(40, 'converge-codon-history', runMs, 'old-gene', 0);
  const opPast = plans(20, 'converge-op-history', runMs, 'old-seed', 0);

  const codonTiming = (p: Plan) => ({ pendingMs: p.pendingMs, processingMs: p.runMs });
  const codonRequest = (p: Plan) => ({ name: p.name, sequence: 'ATGGCCAAGCTGTTCGAGTAA', fitness_list: [{ name: 'cai', weight: 1 }] });
  const opTiming = (p: Plan) => ({ pendingMs: p.pendingMs, runningMs: p.runMs });
  const opRequest = (p: Plan) => ({ name: p.name, sequence: INSULIN });

  const codonEm = (): Promise<CodonEmulator> => startCodonEmulator({ seedJobs: 0, failWhen: (j) => j.name.endsWith('-fail') });
  const opEm = (): Promise<OpenProteinEmulator> => startOpenProteinEmulator({ seedJobs: false, msaSequences: 16 });

  log(`converge: ${codonPlans.length} codon + ${opPlans.length} OpenProtein jobs per arm, ${opts.minutes} min, real time`);
  const arms = {
    codonFocused: await pollerArm('codon, poller (focused)', await codonEm(), createCodonProvider, codonPast, codonPlans, codonTiming, codonRequest),
    codonUnfocused: await pollerArm('codon, poller (unfocused)', await codonEm(), createCodonProvider, codonPast, codonPlans, codonTiming, codonRequest),
    codonFixed: await fixedArm('codon, fixed 5 s (batched)', await codonEm(), createCodonProvider, codonPlans, codonTiming, codonRequest),
    opFocused: await pollerArm('OpenProtein, poller (focused)', await opEm(), createOpenProteinProvider, opPast, opPlans, opTiming, opRequest),
    opUnfocused: await pollerArm('OpenProtein, poller (unfocused)', await opEm(), createOpenProteinProvider, opPast, opPlans, opTiming, opRequest),
    opFixed: await fixedArm('OpenProtein, fixed 5 s', await opEm(), createOpenProteinProvider, opPlans, opTiming, opRequest),
  };
  const started = Date.now();
  // The user submits, watches a little, then switches to another window.
  const switchAt = started + Math.max(30_000, 0.1 * runMs);
  const switching = setTimeout(() => {
    arms.codonUnfocused.poller.setFocused(false);
    arms.opUnfocused.poller.setFocused(false);
  }, switchAt - started);
  while (Date.now() - started < runMs) {
    await new Promise((r) => setTimeout(r, Math.min(30_000, runMs - (Date.now() - started))));
    const done = (a: Arm) => a.latency.size;
    log(`  ${Math.round((Date.now() - started) / 1000)} s: finished codon ${done(arms.codonFocused)}/${done(arms.codonFixed)}, OpenProtein ${done(arms.opFocused)}/${done(arms.opFixed)} (poller/fixed)`);
  }
  clearTimeout(switching);
  for (const a of Object.values(arms)) await a.stop();

  const codonIds = (r: { body?: unknown }) => ((r.body as { jobids?: string[] } | undefined)?.jobids ?? []);
  if (process.env.BIOJOBS_CONVERGE_TRACE) {
    // Where the requests went (for tuning the schedule): time from the start, ids per request.
    const trace = (a: Arm, p: string) => a.emulator.log.list({ path: p }).map((r) => [r.timestamp - started, codonIds(r).length || 1]);
    await fs.writeFile(process.env.BIOJOBS_CONVERGE_TRACE, JSON.stringify({ started, codon: trace(arms.codonFocused, '/optimise/status'), codonFixed: trace(arms.codonFixed, '/optimise/status'), latency: [...arms.codonFocused.latency.entries()] }));
  }
  const opIds = (r: { path: string }) => [r.path.slice('/api/v1/jobs/'.length)];
  const cf = (a: Arm) => figures(a, codonPlans.length, requestFigures(a, '/optimise/status', codonIds, 3_000, switchAt));
  const of = (a: Arm) => figures(a, opPlans.length, requestFigures(a, { prefix: '/api/v1/jobs/' }, opIds, 5_000, switchAt));
  const result: ConvergeResult = {
    minutes: opts.minutes,
    unfocusedAfterMs: switchAt - started,
    codon: { focused: cf(arms.codonFocused), unfocused: cf(arms.codonUnfocused), fixed: cf(arms.codonFixed) },
    openprotein: { focused: of(arms.opFocused), unfocused: of(arms.opUnfocused), fixed: of(arms.opFixed) },
  };
  for (const a of Object.values(arms)) {
    await a.emulator.close();
    await fs.rm(a.dir, { recursive: true, force: true });
  }
  return result;
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

/** Markdown: the figures, each beside its baseline and target. */
export function convergeTable(r: ConvergeResult): { table: string; verdicts: string[] } {
  const after = s(r.unfocusedAfterMs);
  const rows: string[] = [`| arm | status requests | of them after ${after} | finished | finish → store median | p95 | max | polls under the floor |`, '|---|---|---|---|---|---|---|---|'];
  for (const p of [r.codon, r.openprotein]) {
    for (const a of [p.focused, p.unfocused, p.fixed]) rows.push(`| ${a.label} | ${a.requests} | ${a.requestsSince} | ${a.finished}/${a.jobs} | ${s(a.medianMs)} | ${s(a.p95Ms)} | ${s(a.maxMs)} | ${a.underFloor} |`);
  }
  const v = (name: string, p: ConvergeResult['codon'], ratioMax: number, medMax: number, p95Max: number): string[] => {
    const ratio = p.focused.requests / p.fixed.requests;
    const unf = p.unfocused.requestsSince / Math.max(1, p.focused.requestsSince);
    return [
      `${name} focused requests ${ratio.toFixed(2)}× the fixed poller (target ≤ ${ratioMax}×): ${mark(ratio <= ratioMax)}`,
      `${name} finish → store median ${s(p.focused.medianMs)} (≤ ${medMax} s): ${mark(p.focused.medianMs <= medMax * 1000)}; p95 ${s(p.focused.p95Ms)} (≤ ${p95Max} s): ${mark(p.focused.p95Ms <= p95Max * 1000)}`,
      `${name} unfocused requests ${unf.toFixed(2)}× focused, counted from the loss of focus at ${after} (target ≤ 0.1×): ${mark(unf <= 0.1)}`,
      `${name} polls under the floor: ${p.focused.underFloor + p.unfocused.underFloor} (target 0): ${mark(p.focused.underFloor + p.unfocused.underFloor === 0)}`,
    ];
  };
  return { table: rows.join('\n'), verdicts: [...v('codon (250 jobs, batched)', r.codon, 0.4, 5, 15), ...v('OpenProtein (30 jobs, per job)', r.openprotein, 0.5, 10, 30)] };
}

/** Replaces the text between `<!-- name -->` and `<!-- /name -->` in a doc, or appends the section. */
export async function writeSection(file: string, name: string, body: string): Promise<void> {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const block = `${open}\n${body.trim()}\n${close}`;
  const i = text.indexOf(open);
  const j = text.indexOf(close);
  const next = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + close.length) : `${text.trimEnd()}\n\n${block}\n`;
  await fs.writeFile(file, next);
}

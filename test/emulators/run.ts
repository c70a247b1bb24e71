/**
 * Starts every provider emulator (today: codon, openprotein, proteiniq, humanization) for the demo, the
 * extension-host tests and Playwright, prints ONE JSON line with their base URLs, e.g.
 * {"codon":"http://127.0.0.1:43125","openprotein":"http://127.0.0.1:43127","proteiniq":"http://127.0.0.1:43129"},
 * and stays up until SIGINT/SIGTERM (then closes them and exits 0).
 *
 *   node out/test/emulators/run.js [--port codon=8787] [--port openprotein=8788] [--port proteiniq=8789] [--port humanization=8790] [--timing fast|default|demo]
 *
 * --timing: how long a new job stays in each state, per emulator (codon pending + processing: fast
 * 0.1 s + 0.3 s, default 1.5 s + 3 s, demo 5 s + 10 s; openprotein pending + running: fast 0.1 s +
 * 0.3 s, default 1.5 s + 3 s, demo 5 s + 15 s; proteiniq pending + queued + processing: fast 0.1 +
 * 0.1 + 0.3 s, default 1.5 + 1 + 3 s, demo 4 + 4 + 15 s), so with "demo" a person sees queued →
 * running → succeeded. Anything else is reported on stderr, so stdout stays a single
 * machine-readable line. The proteiniq API key is `pq_live_demo_demo-password`; the humanization token `demo-token` (its API has no submission endpoint: its jobs are seeded or made with POST /__control/jobs).
 */
import { startCodonEmulator, TIMING_PRESETS } from './codon/server';
import type { Emulator } from './common';
import { startHumanizationEmulator, TIMING_PRESETS as HUMANIZATION_TIMING_PRESETS } from './humanization/server';
import { startOpenProteinEmulator, TIMING_PRESETS as OPENPROTEIN_TIMING_PRESETS } from './openprotein/server';
import { startProteinIqEmulator, TIMING_PRESETS as PROTEINIQ_TIMING_PRESETS } from './proteiniq/server';

const EMULATORS = ['codon', 'openprotein', 'proteiniq', 'humanization'] as const;
type EmulatorId = (typeof EMULATORS)[number];
type Preset = keyof typeof TIMING_PRESETS;

interface Args {
  ports: Partial<Record<EmulatorId, number>>;
  timing: Preset;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { ports: {}, timing: 'default' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const m = /^(\w+)=(\d+)$/.exec(value());
      if (!m || !(EMULATORS as readonly string[]).includes(m[1])) throw new Error(`--port expects <emulator>=<port> with emulator one of ${EMULATORS.join(', ')}`);
      const port = Number(m[2]);
      if (port > 65535) throw new Error(`--port ${m[1]}: ${port} is not a port`);
      args.ports[m[1] as EmulatorId] = port;
    } else if (flag === '--timing') {
      const t = value();
      if (!Object.hasOwn(TIMING_PRESETS, t)) throw new Error(`--timing expects one of ${Object.keys(TIMING_PRESETS).join(', ')}`);
      args.timing = t as Preset;
    } else if (flag === '--help' || flag === '-h') {
      process.stderr.write('usage: run.js [--port codon=NNNN] [--port openprotein=NNNN] [--port proteiniq=NNNN] [--port humanization=NNNN] [--timing fast|default|demo]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const running: Partial<Record<EmulatorId, Emulator>> = {};
  running.codon = await startCodonEmulator({ port: args.ports.codon, timing: TIMING_PRESETS[args.timing] });
  running.openprotein = await startOpenProteinEmulator({ port: args.ports.openprotein, timing: OPENPROTEIN_TIMING_PRESETS[args.timing] });
  running.proteiniq = await startProteinIqEmulator({ port: args.ports.proteiniq, timing: PROTEINIQ_TIMING_PRESETS[args.timing] });
  running.humanization = await startHumanizationEmulator({ port: args.ports.humanization, timing: HUMANIZATION_TIMING_PRESETS[args.timing] });

  const urls: Record<string, string> = {};
  for (const [id, emu] of Object.entries(running)) urls[id] = emu.url;
  process.stdout.write(`${JSON.stringify(urls)}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(Object.values(running).map((e) => e.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`emulators: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

/**
 * Import of 10,000 remote jobs in the real extension host (code-server), part of `npm run bench`
 * (`-- --import` alone). The codon emulator, seeded with 10,000 jobs, runs in this process — not
 * in the extension host, whose event loop is what is measured — and the integration test
 * test/integration/importScale.test.ts runs the import against it: Import Remote Jobs → Import All
 * → the tree's view has asked for the imported rows and a round trip to the window came back
 * ("usable"), and meanwhile a `setContext` round trip every 50 ms, timed from when it was due.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCodonEmulator } from '../test/emulators/codon/server';
import { IMPORT_USERS } from '../test/integration/importAccount';

export type Row = (what: string, value: string, note?: string) => void;

const root = path.resolve(__dirname, '../..');
const JOBS = 10_000;

export interface ImportFigures {
  jobs: number;
  importMs: number;
  usableMs: number;
  listed: number;
  writes: number;
  roundTrip: { samples: number; p50: number; p95: number; max: number };
}

interface RunIntegration {
  runIntegration(o: { env?: Record<string, string>; grep?: string; out?: (l: string) => void }): Promise<{ exitCode: number; passed: number; failed: number }>;
}

export async function importBench(row: Row): Promise<ImportFigures> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-import-bench-'));
  const out = path.join(scratch, 'import.json');
  const emulator = await startCodonEmulator({ seedJobs: JOBS, users: IMPORT_USERS });
  try {
    const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<RunIntegration>;
    const { runIntegration } = await importEsm(pathToFileURL(path.join(root, 'scripts', 'run-integration.mjs')).href);
    const lines: string[] = [];
    const res = await runIntegration({
      grep: 'import of 10,000',
      env: { BIOJOBS_IMPORT_EMULATOR_URL: emulator.url, BIOJOBS_IMPORT_BENCH_OUT: out },
      out: (l) => lines.push(l),
    });
    if (res.exitCode !== 0 || !fs.existsSync(out)) throw new Error(`the import test failed:\n${lines.slice(-30).join('\n')}`);
    const f = JSON.parse(fs.readFileSync(out, 'utf8')) as ImportFigures;
    const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
    row(
      `import ${JOBS.toLocaleString('en-US')} remote jobs (codon emulator, ${Math.ceil(JOBS / 50)} list pages): command → tree usable`,
      ms(f.usableMs),
      `target < 5 s: ${f.usableMs < 5000 ? 'met' : 'NOT met'}; listing and adding done at ${ms(f.importMs)}; ${f.writes} store writes; the view listed ${f.listed} rows (newest page + "Show more")`,
    );
    row(
      'command round trip during that import, p50 / p95 / max',
      `${f.roundTrip.p50.toFixed(0)} / ${f.roundTrip.p95.toFixed(0)} / ${f.roundTrip.max.toFixed(0)} ms`,
      `target p95 < 100 ms: ${f.roundTrip.p95 < 100 ? 'met' : 'NOT met'}; setContext to the window and back every 50 ms, timed from when it was due, ${f.roundTrip.samples} samples`,
    );
    return f;
  } finally {
    await emulator.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `npm run bench`: bundle sizes, local validation speed, store write cost, and how many HTTP
 * requests one poll costs for many jobs (batching) — against the loopback emulator — and the
 * alignment viewer in the real workbench at 10^7–10^8 residues (bench/msa.ts), the structure viewer (bench/structure.ts) and the humanization report
 * (bench/report.ts: model, export, drawing every section in Chromium), and ProteinIQ's request
 * counts and latencies in real time (bench/proteiniq.ts, ~4 min). Prints a Markdown
 * table and writes bench/results.json; `--write` also saves the table to docs/benchmarks.md.
 * Figures are real time unless labelled "virtual time" (the poller's hour runs on a VirtualClock).
 * `-- --smoke`: only the alignment viewer, at tiny sizes, as a test (a stage of `npm test`): its
 * last line is `BIOJOBS_TEST_RESULT {"passed":N,"failed":N}`. `-- --parse`: only the node parse figures
 * (100 MB A3M and aligned FASTA against their raw reads). `-- --activation`: only the activation cost
 * in code-server next to an empty extension (bench/activation.ts). `-- --import`: only the import of
 * 10,000 remote jobs in the extension host (bench/importJobs.ts). `-- --msa`: only the alignment viewer
 * in the workbench (`BIOJOBS_BENCH_CASES=10k,100k,1M` picks cases).
 */
import { execFileSync } from 'node:child_process';
import { promises as fs, statSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { VirtualClock } from '../src/core/clock';
import { parseFasta } from '../src/core/fasta';
import { nullLogger } from '../src/core/log';
import { JobStore } from '../src/jobs/store';
import { parseCodonSource } from '../src/providers/codon/validate';
import { codonHarness } from '../test/unit/support/codonHarness';
import { activationBench } from './activation';
import { importBench } from './importJobs';
import { msaBench, packageExtension, parseBench, type MsaResults } from './msa';
import { structureBench } from './structure';
import { reportBench } from './report';
import { proteiniqBench } from './proteiniq';
import { convergeBench, convergeTable, writeSection } from './converge';
import { median, timeIt } from './stats';

const root = path.resolve(__dirname, '../..');
const rows: [string, string, string][] = [];
const row = (what: string, value: string, note = '') => {
  rows.push([what, value, note]);
  console.log(`${what}: ${value}${note ? ` (${note})` : ''}`);
};

function randomCds(codons: number): string {
  const sense = ['GCT', 'GCC', 'AAA', 'GAG', 'CTG', 'TTC', 'GGC', 'ACC', 'CGC', 'TCT', 'GTG', 'ATC', 'CAG', 'AAC'];
  let s = 'ATG';
  for (let i = 1; i < codons - 1; i++) s += sense[(i * 7919) % sense.length];
  return `${s}TAA`;
}

function wrap(seq: string, width = 60): string {
  return seq.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n');
}

async function bundles(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'ignore' });
  const kb = (f: string) => `${(statSync(path.join(root, f)).size / 1024).toFixed(0)} KB`;
  row('extension bundle (minified)', kb('dist/main.js'), 'global fetch, no undici (was 711 KB); classic zod → zod/mini (was 318 KB)');
  row('extension loader (minified)', kb('dist/extension.js'), 'runs dist/main.js with a V8 code cache (src/loader.ts)');
  for (const f of readdirSync(path.join(root, 'dist/webview')).filter((f) => /\.(js|css)$/.test(f))) {
    row(`webview ${f} (minified)`, kb(`dist/webview/${f}`));
  }
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
}

function validation(): void {
  const cds = randomCds(10_000);
  const fasta = `>big_gene test\n${wrap(cds)}\n`;
  const ms = timeIt(20, () => parseCodonSource({ fileName: 'big.fna', text: fasta, byteLength: fasta.length }));
  row('validate a 30 kb CDS (FASTA)', `${ms.toFixed(1)} ms`, 'median of 20');
  const records = Array.from({ length: 2000 }, (_, i) => `>seq${i}\n${wrap(randomCds(1700))}`).join('\n');
  const mb = (records.length / 1024 / 1024).toFixed(1);
  const ms2 = timeIt(5, () => parseFasta(records));
  row(`parse a ${mb} MB multi-FASTA (2,000 records)`, `${ms2.toFixed(0)} ms`, 'median of 5');
}

/** One status update's cost (append + fsync to the journal) with 10 jobs and with 10,000: it must not grow. */
async function store(): Promise<void> {
  const cost = async (jobs: number): Promise<number> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'biojobs-bench-'));
    const s = new JobStore(dir, new VirtualClock(), nullLogger);
    await s.load();
    const now = Date.now();
    await s.add(...Array.from({ length: jobs }, (_, i) => ({ id: `j${i}`, providerId: 'codon', name: `job ${i}`, status: 'queued' as const, createdAt: now, updatedAt: now, remoteId: `r${i}` })));
    const t: number[] = [];
    for (let i = 0; i < 30; i++) {
      const a = performance.now();
      await s.update(`j${i % jobs}`, { status: 'running', progress: { percent: i } });
      t.push(performance.now() - a);
    }
    await fs.rm(dir, { recursive: true, force: true });
    return median(t);
  };
  const small = await cost(10);
  const large = await cost(10_000);
  row('store: one status update, 10 jobs (baseline)', `${small.toFixed(2)} ms`, 'journal append + fsync, median of 30, real time');
  row('store: one status update, 10,000 jobs', `${large.toFixed(2)} ms`, `${(large / small).toFixed(2)}× the 10-job cost`);
}

async function polling(): Promise<void> {
  const h = await codonHarness({ timing: { pendingMs: 3_600_000, processingMs: 1000 } });
  const jobs = 250;
  const now = h.clock.now();
  const remote: string[] = [];
  const token = h.emulator.issueToken();
  for (let i = 0; i < jobs; i++) {
    const res = await fetch(`${h.emulator.url}/optimise`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `b${i}`, sequence: 'ATGAAATAA', fitness_list: [{ name: 'cai' }] }),
    });
    remote.push(((await res.json()) as { jobid: string }).jobid);
  }
  await h.store.add(...remote.map((r, i) => ({ id: `j${i}`, providerId: 'codon', name: `b${i}`, status: 'queued' as const, createdAt: now, updatedAt: now, remoteId: r })));
  h.emulator.log.clear();
  h.poller.start();
  const a = performance.now();
  await h.step(10);
  const ms = performance.now() - a;
  const requests = h.emulator.log.count({ path: '/optimise/status' });
  row(`one poll of ${jobs} active codon jobs`, `${requests} status requests, ${ms.toFixed(0)} ms`, 'batched, 100 ids per call');
  h.emulator.log.clear();
  await h.step(3_600_000 - 60_000, 10_000);
  row(`status requests for ${jobs} unchanged jobs over the next hour (virtual time)`, `${h.emulator.log.count({ path: '/optimise/status' })}`, 'backoff 3 s → 60 s cap; the hour runs on a VirtualClock');
  await h.close();
}

/** `--smoke`: the alignment viewer bench at tiny sizes, its checks counted like tests. */
async function smoke(): Promise<void> {
  await packageExtension();
  let results: MsaResults | undefined;
  const checks: [string, () => boolean][] = [];
  try {
    results = await msaBench(row, { smoke: true });
  } catch (err) {
    console.error(err);
  }
  const r = results?.cases[0];
  checks.push(
    ['the bench ran to the end', () => results !== undefined && results.failures.length === 0],
    ['node parse throughput measured next to the raw read', () => (results?.parse[0]?.ratio ?? 0) > 0],
    ['first rows drawn after the click, then every row, then the statistics', () => !!r && r.firstRowsMs > 0 && r.loadedMs >= r.firstRowsMs && r.statsMs >= r.firstRowsMs],
    ['extension host and webview memory measured', () => !!r && Number.isFinite(r.hostDeltaMB) && Number.isFinite(r.rendererDeltaMB) && r.webviewHeapMB > 0],
    ['scrolling measured on the alignment and on the 10-row baseline', () => !!r && r.scroll.frames > 0 && (results?.baselineScroll?.frames ?? 0) > 0],
  );
  let passed = 0;
  let failed = 0;
  for (const [what, ok] of checks) {
    const good = ok();
    console.log(`  ${good ? '✔' : '✘'} ${what}`);
    if (good) passed++;
    else failed++;
  }
  console.log(`BIOJOBS_TEST_RESULT ${JSON.stringify({ passed, failed, pending: 0 })}`);
  process.exitCode = failed ? 1 : 0;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Real time against the emulators (bench/converge.ts); its own sections of docs/benchmarks.md and docs/reliability.md. */
async function converge(): Promise<void> {
  const minutes = Number(argValue('--minutes') ?? 10);
  const r = await convergeBench({ minutes, log: (l) => console.log(l) });
  const { table, verdicts } = convergeTable(r);
  console.log(`\n${table}\n\n${verdicts.map((v) => `- ${v}`).join('\n')}`);
  if (process.argv.includes('--write')) {
    const when = `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores`;
    const body = `## Convergence in real time (${minutes} min)\n\nMeasured with \`npm run bench -- --converge --minutes ${minutes} --write\` on ${when}: each arm against its own loopback emulator in the same process at the same time, jobs submitted at the start with the same log-normal durations (median half the run; 5 of 250 codon and 2 of 30 OpenProtein jobs fail by design). The pollers' stores also hold 40 codon / 20 OpenProtein jobs that finished in an earlier session (same distribution), so the learned duration estimate starts warm; the fixed poller needs none. Results are fetched by the poller arms only; the counts are status requests. "finish → store" is the time from the job's end on the emulator clock to the job store change the tree renders from.\n\n${table}\n\n${verdicts.map((v) => `- ${v}`).join('\n')}\n`;
    await writeSection(path.join(root, 'docs/benchmarks.md'), 'converge', body);
    await writeSection(path.join(root, 'docs/reliability.md'), 'converge', body);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--smoke')) return smoke();
  console.log(`Bio Jobs bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores\n`);
  if (process.argv.includes('--converge')) return converge();
  if (process.argv.includes('--activation')) {
    await packageExtension();
    await activationBench(row);
    return;
  }
  if (process.argv.includes('--import')) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
    await importBench(row);
    return;
  }
  // The alignment viewer in the workbench only (BIOJOBS_BENCH_CASES=10k,… narrows it further).
  if (process.argv.includes('--msa')) {
    await packageExtension();
    await msaBench(row);
    return;
  }
  if (process.argv.includes('--parse')) {
    parseBench(row);
    return;
  }
  await bundles();
  validation();
  await store();
  await polling();
  await proteiniqBench(row);
  await packageExtension();
  const activation = await activationBench(row);
  const importJobs = await importBench(row);
  const msa = await msaBench(row);
  await structureBench(row);
  await reportBench(row);
  writeFileSync(
    path.join(root, 'bench/results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg() },
        note: 'Real time unless a row says "virtual time". Alignment figures: code-server 4.96.4 + headless Chromium (software rendering), from the click in Open With… to the page marker.',
        rows: rows.map(([what, value, note]) => ({ what, value, note })),
        activation,
        importJobs,
        alignmentViewer: msa,
      },
      null,
      2,
    )}\n`,
  );
  const table = ['| measure | value | note |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log(`\n${table}`);
  if (process.argv.includes('--write')) {
    writeFileSync(
      path.join(root, 'docs/benchmarks.md'),
      `# Benchmarks\n\nMeasured with \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end. Real time unless a row says virtual time; per case: bench/results.json.\n\n${table}\n`,
    );
  }
  // Real time, about as long as --minutes (10 by default); appends its own section.
  await converge();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

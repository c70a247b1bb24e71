/**
 * The crash suite's agent inside the real extension host (VS Code runs it as `extensionTestsPath`;
 * scripts/run-chaos.mjs drives it). Each session it:
 *   1. activates Bio Jobs on the profile the previous (killed) session left behind and signs in;
 *   2. waits until every job has settled — the tree is a true picture again — and reports the store
 *      to the driver (POST /settled), which answers with the next action;
 *   3. submits a file as a user would (the command, the quick-pick answers) and waits to be killed
 *      at the step the driver holds it in; or, on the last session, returns.
 */
import * as vscode from 'vscode';
import type { JobRecord } from '../../src/jobs/model';
import { isTerminal } from '../../src/jobs/model';
import { recoverSubmissions } from '../../src/jobs/submit';
import type { Prompter } from '../../src/providers/types';
import { activateBioJobs, workspaceFile } from '../integration/support';

interface Config {
  driver: string;
  session: number;
}

interface Action {
  action: 'submit' | 'done' | 'wait';
  provider?: 'codon' | 'openprotein';
  file?: string;
}

const LABELS = { codon: 'Codon optimisation', openprotein: 'OpenProtein.AI' } as const;

function prompter(provider: () => string): Prompter {
  return {
    pickOne: async (_t, items) => items.find((i) => i.label === provider())?.value ?? items[0]?.value,
    pickMany: async (title, items) => (/fitness/i.test(title) ? items.filter((i) => i.description === 'cai') : items.filter((i) => i.picked)).map((i) => i.value),
    confirm: async () => true,
    ask: async () => undefined,
  };
}

async function post<T>(driver: string, what: string, body: unknown): Promise<T> {
  const res = await fetch(`${driver}/${what}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as T;
}

/** Settled: nothing in flight, nothing running, every success with its result (or a result error). */
function unsettled(j: JobRecord): boolean {
  if (j.status === 'submitting') return true;
  if (j.remoteId && !isTerminal(j.status) && j.status !== 'unknown') return true;
  return j.status === 'succeeded' && !!j.remoteId && !j.result && !j.resultError && j.origin !== 'imported';
}

export async function run(): Promise<void> {
  const cfg = JSON.parse(process.env.BIOJOBS_CHAOS ?? '{}') as Config;
  const started = Date.now();
  const api = await activateBioJobs();
  let submitTo = 'codon';
  api.setPrompter(prompter(() => LABELS[submitTo as keyof typeof LABELS]));
  const { credentials, poller, store, providers } = api.services;
  // What the killed session left on disk, before anything here resolves it.
  const atStart = store.all().map((j) => ({ id: j.id, status: j.status, remoteId: j.remoteId, hasResult: !!j.result }));
  const hadCredentials = credentials.has('codon') && credentials.has('openprotein');
  for (const id of ['codon', 'openprotein']) await credentials.store(id, { username: 'demo', password: 'demo-password' });
  // code-server keeps secrets in the browser session, not across a restart of the whole server
  // (desktop VS Code keeps them in the keychain): the start-up recovery ran without them, so it
  // runs again now that they are there, as it would have at start-up with them.
  if (!hadCredentials) await recoverSubmissions(api.services, providers);
  poller.refresh();

  const deadline = Date.now() + 120_000;
  while (store.all().some(unsettled) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const next = await post<Action>(cfg.driver, 'settled', {
    session: cfg.session,
    settledMs: Date.now() - started,
    hadCredentials,
    atStart,
    jobs: store.all().map((j) => ({ id: j.id, providerId: j.providerId, name: j.name, status: j.status, remoteId: j.remoteId, message: j.message, result: j.result, resultError: j.resultError })),
    unsettled: store.all().filter(unsettled).map((j) => j.id),
  });
  if (next.action === 'done') return;
  if (next.action === 'wait') {
    // A restart the driver did not ask for (the workbench relaunching a killed host): stay still.
    await new Promise((r) => setTimeout(r, 120_000));
    return;
  }

  submitTo = next.provider ?? 'codon';
  // Not awaited: the driver kills this process while the submission (or what follows) is held.
  // If the command ends without a job (refused, an error shown), the driver is told, so a scenario
  // that times out says why instead of only "the create request never arrived".
  const said = (message: string) => post(cfg.driver, 'log', { session: cfg.session, message }).catch(() => undefined);
  // What the extension logs while the submission runs (a refusal or failure is logged before it is shown).
  for (const level of ['warn', 'error'] as const) {
    const write = api.services.log[level].bind(api.services.log);
    api.services.log[level] = (m: string) => {
      write(m);
      void said(`log ${level}: ${m.slice(0, 500)}`);
    };
  }
  const jobsOf = () => store.all().filter((j) => j.providerId === submitTo).map((j) => `${j.status}${j.message ? ` (${j.message})` : ''}`).join(', ') || 'none';
  void Promise.resolve(vscode.commands.executeCommand<JobRecord[] | undefined>('biojobs.submitFile', workspaceFile(next.file ?? 'gene.fna'))).then(
    (jobs) => (jobs?.length ? undefined : said(`the submission ended with no job; ${submitTo} jobs in the store: ${jobsOf()}`)),
    (err: unknown) => said(`the submission failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  await new Promise((r) => setTimeout(r, 120_000));
  throw new Error('the driver did not kill the extension host within 120 s');
}

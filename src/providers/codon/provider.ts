/**
 * The codon optimisation provider (seeds/002).
 * Assumptions where the document is silent:
 * - `/optimise` has no idempotency key, so a submission interrupted by a crash is found again by its
 *   unique `name` in `GET /jobs` (FASTA submissions get a random suffix to make the name unique).
 * - `/optimise/status` is a read-only POST and is retried like a GET; it takes many ids at once.
 * - `/login` takes username and password as query parameters, as documented.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage, SchemaError, ValidationError } from '../../core/errors';
import type { RemoteJobSummary, ResultPayload, StatusUpdate } from '../jobVocabulary';
import type { ListOptions, ParsedSubmission, Provider, ProviderDeps, RecoveryContext, SourceText, SubmissionDraft, SubmitAttempt, SubmitContext } from '../types';
import { CODON_ID, createCodonSession } from './client';
import {
  apiStatusSchema,
  fitnessListSchema,
  jobListSchema,
  optimiseRequestSchema,
  optimiseResponseSchema,
  optimiseResultSchema,
  statusResponseSchema,
  type FitnessFunction,
  type OptimiseRequest,
} from './schemas';
import { mapCodonStatus } from './status';
import { toValidationError } from '../../core/inputCheck';
import { checkCodonFitness, checkCodonInput, type CodonSubmission } from './validate';

type CodonPayload = CodonSubmission['payload'];

const LAST_FITNESS_KEY = 'codon.lastFitness';
export const DEFAULT_FITNESS_SETTING = 'codon.defaultFitness';
const LIST_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCodonProvider(deps: ProviderDeps): Provider {
  const client = createCodonSession(deps.http, deps.clock, deps.credentials, () => deps.baseUrl(CODON_ID));

  async function fitnessCatalogue() {
    try {
      return (await client.publicJson({ method: 'GET', path: '/fitness', idempotent: true }, fitnessListSchema)).fitness_functions;
    } catch (err) {
      throw new ValidationError(`The fitness catalogue (GET /fitness) could not be read to check this body, so nothing was sent: ${errorMessage(err)}`);
    }
  }

  async function* listRemote(options: ListOptions = {}): AsyncIterable<RemoteJobSummary> {
    let start: string | undefined;
    const seen = new Set<string>();
    // To the end: a cursor that does not move, or a page of nothing new, ends it (no page cap).
    for (;;) {
      options.signal?.throwIfAborted();
      const res = await client.json(
        { method: 'GET', path: '/jobs', query: { limit: LIST_PAGE_SIZE, start }, idempotent: true, signal: options.signal },
        jobListSchema,
      );
      let fresh = 0;
      for (const j of res.jobs) {
        if (seen.has(j.jobid)) continue;
        seen.add(j.jobid);
        fresh++;
        const created = j.created_at ? Date.parse(j.created_at.endsWith('Z') ? j.created_at : `${j.created_at}Z`) : NaN;
        yield {
          remoteId: j.jobid,
          name: j.name || j.jobid,
          status: mapCodonStatus(j.status),
          rawStatus: j.status,
          createdAt: Number.isNaN(created) ? undefined : created,
        };
      }
      // The document's example returns the page's last id as `next`; whether `start` is inclusive is
      // not said, so ids are de-duplicated and a cursor that does not move ends the listing.
      options.onProgress?.(seen.size);
      if (!res.next || fresh === 0 || res.next === start) return;
      start = res.next;
    }
  }

  return {
    id: CODON_ID,
    label: 'Codon optimisation',
    credentialFields: [
      { key: 'username', label: 'Username', secret: false },
      { key: 'password', label: 'Password', secret: true },
    ],
    // Jobs run for minutes; no rate limit is documented. One batched status call per poll.
    pollPolicy: { minIntervalMs: 3_000, maxIntervalMs: 60_000, batchSize: 100 },

    async checkCredentials() {
      const status = await client.publicJson({ method: 'GET', path: '/', idempotent: true }, apiStatusSchema);
      // A cheap authenticated call proves the login works.
      await client.json({ method: 'GET', path: '/jobs', query: { limit: 1 }, idempotent: true }, jobListSchema);
      return `build ${status.build.slice(0, 7)}, environment ${status.environment}${status.firebase === false ? ', database unavailable' : ''}`;
    },

    submission: {
      fileExtensions: ['.fna', '.fasta', '.fa', '.fas', '.ffn', '.seq', '.json'],

    async parse(source: SourceText): Promise<ParsedSubmission> {
      // A JSON body is checked against the public fitness catalogue (read, nothing sent), so an
      // unknown metric or a bad weight is pointed at in the file instead of sent to find out.
      // The catalogue is read only for a body that is otherwise valid: a broken file costs no request.
      const check = await checkCodonInput(source);
      if (!check.payload) throw toValidationError(check);
      const fitness = check.payload.kind === 'json' ? checkCodonFitness(source, await fitnessCatalogue()) : [];
      const errors = fitness.filter((d) => d.severity === 'error');
      if (errors.length) throw toValidationError({ ...check, errors, payload: undefined, summary: `${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` });
      const warnings = [...check.warnings, ...fitness.filter((d) => d.severity !== 'error')];
      return { kind: check.payload.kind, summary: check.summary, payload: check.payload, diagnostics: warnings, jobCount: check.jobCount, names: check.names };
    },

    async prepare(parsed: ParsedSubmission, ctx: SubmitContext): Promise<SubmissionDraft[] | undefined> {
      const payload = parsed.payload as CodonPayload;
      if (payload.kind === 'json') return [{ name: payload.request.name, request: payload.request }];
      const { fitness_functions } = await client.publicJson({ method: 'GET', path: '/fitness', idempotent: true }, fitnessListSchema);
      if (!fitness_functions.length) throw new SchemaError('The codon API offers no fitness metrics (GET /fitness returned an empty list).');
      const fitness = await pickFitness(fitness_functions, ctx);
      if (!fitness) return undefined;
      const request: OptimiseRequest = optimiseRequestSchema.parse({
        name: `${payload.name}-${randomBytes(3).toString('hex')}`,
        sequence: payload.sequence,
        fitness_list: fitness,
      });
      return [{ name: request.name, request }];
    },

    async submit(draft: SubmissionDraft) {
      const res = await client.json({ method: 'POST', path: '/optimise', body: draft.request }, optimiseResponseSchema);
      return { remoteId: res.jobid };
    },

    async recoverSubmission(attempt: SubmitAttempt, ctx: RecoveryContext) {
      // Jobs are listed newest first; the interrupted one is near the top.
      for await (const remote of listRemote()) {
        if (remote.name === attempt.name && !ctx.isTracked(remote.remoteId)) return { remoteId: remote.remoteId };
        if (remote.createdAt !== undefined && remote.createdAt < attempt.createdAt - 10 * 60_000) break;
      }
      return 'unknown';
    },
    },

    async status(remoteIds: readonly string[]) {
      const out = new Map<string, StatusUpdate>();
      if (!remoteIds.length) return out;
      const res = await client.json(
        { method: 'POST', path: '/optimise/status', body: { jobids: remoteIds }, idempotent: true },
        statusResponseSchema,
      );
      for (const r of res.results) {
        const status = mapCodonStatus(r.status);
        out.set(r.jobid, { status, rawStatus: r.status, ...(r.detail ? { message: r.detail } : {}) });
      }
      // The status batch says only "error"; the reason is in the job's result (`detail`). Asked once per
      // failed job (it is terminal afterwards); a failure to ask leaves the reason out, not the status.
      for (const [id, u] of out) {
        if (u.status !== 'failed' || u.message) continue;
        try {
          const r = await client.json({ method: 'POST', path: '/optimise/result', body: { jobid: id }, idempotent: true }, optimiseResultSchema);
          if (r.detail) u.message = r.detail;
        } catch {
          /* the status stands without its reason */
        }
      }
      return out;
    },

    async fetchResult(remoteId: string, signal?: AbortSignal): Promise<ResultPayload> {
      const res = await client.json(
        { method: 'POST', path: '/optimise/result', body: { jobid: remoteId }, idempotent: true, signal },
        optimiseResultSchema,
      );
      if (!res.results.length) throw new SchemaError(`POST /optimise/result: job ${remoteId} has no result sequences`);
      return { files: [{ name: 'result.json', mediaType: 'application/json', view: 'codon', primary: true, content: JSON.stringify(res, null, 2) }] };
    },

    listRemote,

    signOut: () => client.signOut(),

    validateRemoteId: (id) => (UUID.test(id.trim()) ? undefined : 'A codon optimisation job id is a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000.'),
  };
}

/** Asks which fitness metrics to use (last choice, else the settings default) and their required parameters. */
async function pickFitness(all: FitnessFunction[], ctx: SubmitContext): Promise<OptimiseRequest['fitness_list'] | undefined> {
  const previous = ctx.memory.get<string[]>(LAST_FITNESS_KEY) ?? ctx.settings.get<string[]>(DEFAULT_FITNESS_SETTING) ?? [];
  const picked = await ctx.prompter.pickMany(
    'Codon optimisation: fitness metrics',
    all.map((f) => ({
      label: f.name,
      description: f.id,
      detail: f.parameters.filter((p) => p.name !== 'weight').map((p) => `${p.name}${p.required ? ' (required)' : ''}: ${p.type}`).join(', ') || undefined,
      picked: previous.includes(f.id),
      value: f,
    })),
  );
  if (!picked) return undefined;
  if (!picked.length) throw new ValidationError('Pick at least one fitness metric.');
  await ctx.memory.set(LAST_FITNESS_KEY, picked.map((f) => f.id));
  const list: OptimiseRequest['fitness_list'] = [];
  for (const f of picked) {
    const entry: Record<string, unknown> = { name: f.id, weight: 1.0 };
    for (const p of f.parameters.filter((x) => x.required && x.name !== 'weight')) {
      const numeric = p.type === 'number' || p.type === 'integer';
      const answer = await ctx.prompter.ask(`${f.name}: ${p.name}`, `Value for the required parameter "${p.name}" (${p.type})`, '', (v) => {
        if (!v.trim()) return 'A value is required.';
        if (numeric && !Number.isFinite(Number(v))) return `"${v}" is not a number.`;
        if (p.type === 'integer' && !Number.isInteger(Number(v))) return `"${v}" is not an integer.`;
        if (p.type === 'boolean' && !/^(true|false)$/i.test(v)) return 'Enter true or false.';
        return undefined;
      });
      if (answer === undefined) return undefined;
      entry[p.name] = numeric ? Number(answer) : p.type === 'boolean' ? /^true$/i.test(answer) : answer;
    }
    list.push(entry as OptimiseRequest['fitness_list'][number]);
  }
  return list;
}

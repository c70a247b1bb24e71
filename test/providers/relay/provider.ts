/**
 * A provider that exists only in tests, to prove the provider contract end to end: it is
 * track-only (no `submission`), pushes status by server-sent events, and returns two result files,
 * one of them binary. Registered only by tests (`addProvider` of the test API), never in the
 * registry. Built from the same parts a real provider uses (HttpClient, sse, zod).
 */
import * as z from 'zod';
import { serverSentEvents } from '../../../src/core/sse';
import type { StatusUpdate } from '../../../src/providers/jobVocabulary';
import type { Provider, ProviderDeps } from '../../../src/providers/types';

export const RELAY_ID = 'relay';

const statusSchema = z.looseObject({ id: z.string(), status: z.string(), progress: z.number() });

function mapStatus(raw: string): StatusUpdate['status'] {
  return raw === 'done' ? 'succeeded' : raw === 'running' ? 'running' : raw === 'queued' ? 'queued' : raw === 'failed' ? 'failed' : 'unknown';
}

function update(s: z.infer<typeof statusSchema>): StatusUpdate {
  return { status: mapStatus(s.status), rawStatus: s.status, progress: { percent: s.progress }, facts: [{ label: 'Relay progress', value: `${s.progress}%` }] };
}

export function createRelayProvider(deps: ProviderDeps): Provider {
  const base = () => deps.baseUrl(RELAY_ID);
  const url = (path: string) => `${base()}${path}`;
  return {
    id: RELAY_ID,
    label: 'Relay (test provider)',
    credentialFields: [{ key: 'token', label: 'Token', secret: true }],
    pollPolicy: { minIntervalMs: 2_000, maxIntervalMs: 30_000, batchSize: 1 },
    checkCredentials: async () => 'relay test server',
    signOut: () => undefined,
    async status(ids) {
      const out = new Map<string, StatusUpdate>();
      for (const id of ids) out.set(id, update(await deps.http.json({ method: 'GET', url: url(`/jobs/${encodeURIComponent(id)}`), idempotent: true }, statusSchema)));
      return out;
    },
    async *events(remoteId, signal) {
      const res = await deps.http.stream({ method: 'GET', url: url(`/jobs/${encodeURIComponent(remoteId)}/events`), headers: { accept: 'text/event-stream' }, signal, timeoutMs: 60_000 });
      for await (const e of serverSentEvents(res.body)) {
        if (e.event === 'status') yield update(statusSchema.parse(JSON.parse(e.data)));
      }
    },
    async fetchResult(remoteId, signal) {
      const file = (name: string) => ({ method: 'GET' as const, url: url(`/jobs/${encodeURIComponent(remoteId)}/files/${name}`), idempotent: true, signal });
      const report = await deps.http.text(file('report.json'));
      return {
        files: [
          { name: 'report.json', mediaType: 'application/json', view: 'json', primary: true, content: report.text },
          // Streamed to disk as it downloads.
          { name: 'model.bin', mediaType: 'application/octet-stream', view: 'files', content: async function* () {
            yield* (await deps.http.stream(file('model.bin'))).body;
          } },
        ],
      };
    },
  };
}

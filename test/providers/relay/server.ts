/**
 * The loopback server of the test-only "relay" provider: a track-only API that pushes status by
 * server-sent events and returns two result files, one of them binary. Tests drive it: push an
 * update, end or break a job's stream, refuse streams for a while.
 *
 *   GET /jobs/{id}            → { id, status, progress }
 *   GET /jobs/{id}/events     → text/event-stream of `status` events (held open until ended)
 *   GET /jobs/{id}/files/{n}  → report.json (JSON) or model.bin (bytes 0..255)
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODEL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

interface RelayJob {
  status: string;
  progress: number;
  streams: Set<http.ServerResponse>;
}

export interface RelayServer {
  url: string;
  /** Requests by kind: 'status', 'events', 'files'. */
  count(kind: 'status' | 'events' | 'files'): number;
  addJob(id: string, status?: string): void;
  /** Sets the job's status and sends it to every open stream. */
  push(id: string, status: string, progress?: number): void;
  /** Ends the job's open streams cleanly. */
  endStreams(id: string): void;
  /** Destroys the job's open streams (a dropped connection). */
  breakStreams(id: string): void;
  /** The next n stream requests answer 503. */
  refuseStreams(n: number): void;
  openStreams(id: string): number;
  close(): Promise<void>;
}

export async function startRelayServer(): Promise<RelayServer> {
  const jobs = new Map<string, RelayJob>();
  const counts = { status: 0, events: 0, files: 0 };
  let refuse = 0;
  const send = (res: http.ServerResponse, job: RelayJob, id: string) =>
    res.write(`event: status\ndata: ${JSON.stringify({ id, status: job.status, progress: job.progress })}\n\n`);

  const server = http.createServer((req, res) => {
    const m = /^\/jobs\/([^/]+)(\/events|\/files\/([^/]+))?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const job = m && jobs.get(decodeURIComponent(m[1]));
    if (!m || !job) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'no such job' }));
      return;
    }
    const id = decodeURIComponent(m[1]);
    if (!m[2]) {
      counts.status++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: job.status, progress: job.progress }));
    } else if (m[2] === '/events') {
      counts.events++;
      if (refuse > 0) {
        refuse--;
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'streams are resting' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      job.streams.add(res);
      res.on('close', () => job.streams.delete(res));
      send(res, job, id);
    } else {
      counts.files++;
      if (m[3] === 'report.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, score: 0.93, note: 'relay report' }));
      else if (m[3] === 'model.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(MODEL_BYTES));
      else res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (kind) => counts[kind],
    addJob: (id, status = 'queued') => void jobs.set(id, { status, progress: 0, streams: new Set() }),
    push(id, status, progress = 0) {
      const job = jobs.get(id);
      if (!job) return;
      job.status = status;
      job.progress = progress;
      for (const res of job.streams) send(res, job, id);
    },
    endStreams: (id) => jobs.get(id)?.streams.forEach((r) => r.end()),
    breakStreams: (id) => jobs.get(id)?.streams.forEach((r) => r.destroy()),
    refuseStreams: (n) => void (refuse = n),
    openStreams: (id) => jobs.get(id)?.streams.size ?? 0,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

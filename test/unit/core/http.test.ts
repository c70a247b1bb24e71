import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { VirtualClock } from '../../../src/core/clock';
import { HttpStatusError, NetworkError, RateLimitError, SchemaError, TimeoutError } from '../../../src/core/errors';
import { HttpClient, parseRetryAfter } from '../../../src/core/http';
import { MemoryLogger } from '../../../src/core/log';
import { drive } from '../support/drive';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A loopback server answering from a script of handlers, one per request. */
async function serve(script: Handler[]): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    const h = script[Math.min(hits, script.length - 1)];
    hits++;
    h(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_q, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const schema = z.looseObject({ jobid: z.string() });

describe('HttpClient', () => {
  let clock: VirtualClock;
  let log: MemoryLogger;
  let client: HttpClient;
  beforeEach(() => {
    clock = new VirtualClock();
    log = new MemoryLogger();
    client = new HttpClient({ clock, log, retries: 3, baseDelayMs: 500, random: () => 0.5, timeoutMs: 400 });
  });

  it('retries an idempotent request after 500s and succeeds', async () => {
    const s = await serve([json(500, { detail: 'boom' }), json(502, 'bad gateway'), json(200, { jobid: 'a' })]);
    const out = await drive(clock, client.json({ method: 'GET', url: `${s.url}/x`, idempotent: true }, schema));
    assert.equal(out.jobid, 'a');
    assert.equal(s.hits(), 3);
    await s.close();
  });

  it('never retries a non-idempotent POST (a submit is not repeated)', async () => {
    const s = await serve([json(500, { detail: 'database down' }), json(200, { jobid: 'a' })]);
    await assert.rejects(
      drive(clock, client.json({ method: 'POST', url: `${s.url}/optimise`, body: {} }, schema)),
      (e: unknown) => e instanceof HttpStatusError && e.status === 500 && /HTTP 500: database down/.test(e.message),
    );
    assert.equal(s.hits(), 1);
    await s.close();
  });

  it('waits for Retry-After on 429 (virtual time) before retrying', async () => {
    const s = await serve([json(429, { detail: 'slow down' }, { 'retry-after': '7' }), json(200, { jobid: 'b' })]);
    const started = clock.now();
    const out = await drive(clock, client.json({ method: 'GET', url: s.url, idempotent: true }, schema), 1000);
    assert.equal(out.jobid, 'b');
    assert.ok(clock.now() - started >= 7000, `waited ${clock.now() - started} ms`);
    await s.close();
  });

  it('hands a long Retry-After to the caller as a RateLimitError', async () => {
    const s = await serve([json(429, {}, { 'retry-after': '120' })]);
    await assert.rejects(
      drive(clock, client.send({ method: 'GET', url: s.url, idempotent: true })),
      (e: unknown) => e instanceof RateLimitError && e.retryAfterMs === 120_000 && /rate limited \(HTTP 429\) \(retry after 120 s\)/.test(e.message),
    );
    assert.equal(s.hits(), 1);
    await s.close();
  });

  it('times out a hung socket with a clear message', async () => {
    const s = await serve([() => undefined]);
    const c = new HttpClient({ clock, log, retries: 0, timeoutMs: 200 });
    await assert.rejects(c.send({ method: 'GET', url: `${s.url}/status` }), (e: unknown) => e instanceof TimeoutError && /GET http:\/\/127\.0\.0\.1:\d+\/status: no response within 200 ms/.test(e.message));
    await s.close();
  });

  it('reports a reset connection as a NetworkError', async () => {
    const s = await serve([(req) => req.socket.destroy()]);
    const c = new HttpClient({ clock, log, retries: 0 });
    await assert.rejects(c.send({ method: 'GET', url: s.url }), (e: unknown) => e instanceof NetworkError && /reset|socket|closed/i.test(e.message));
    await s.close();
  });

  it('reports a refused connection helpfully', async () => {
    const s = await serve([json(200, {})]);
    const url = s.url;
    await s.close();
    const c = new HttpClient({ clock, log, retries: 0 });
    await assert.rejects(c.send({ method: 'GET', url }), /connection refused \(is the service running and the base URL right\?\)/);
  });

  it('turns malformed JSON and schema drift into SchemaErrors naming the field', async () => {
    const s = await serve([json(200, '{"jobid": '), json(200, { name: 'x' })]);
    await assert.rejects(client.json({ method: 'GET', url: s.url }, schema), (e: unknown) => e instanceof SchemaError && /not valid JSON/.test(e.message));
    await assert.rejects(client.json({ method: 'GET', url: s.url }, schema), (e: unknown) => e instanceof SchemaError && /field "jobid"/.test(e.message));
    await s.close();
  });

  it('never logs query strings, tokens or passwords', async () => {
    const s = await serve([json(401, { detail: 'bad password=hunter22' })]);
    await assert.rejects(
      client.json({ method: 'POST', url: `${s.url}/login`, query: { username: 'u', password: 'hunter22' }, headers: { authorization: 'Bearer SECRET' } }, schema),
      (e: unknown) => e instanceof HttpStatusError && !/hunter22/.test(e.message),
    );
    assert.ok(log.lines.length > 0);
    assert.ok(log.lines.every((l) => !/hunter22|SECRET/.test(l)), log.lines.join('\n'));
    await s.close();
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('3', 0), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
  });
});

describe('HttpClient streams', () => {
  const clock = new VirtualClock();
  const log = new MemoryLogger();

  it('streams a body chunk by chunk and refuses one over the size limit', async () => {
    const s = await serve([
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.alloc(300_000, 7));
      },
    ]);
    const c = new HttpClient({ clock, log, retries: 0 });
    const r = await c.stream({ method: 'GET', url: `${s.url}/big` });
    let total = 0;
    for await (const chunk of r.body) total += chunk.byteLength;
    assert.equal(total, 300_000);
    await assert.rejects(c.bytes({ method: 'GET', url: `${s.url}/big`, maxBytes: 100_000 }), /larger than 0\.1 MiB/);
    await s.close();
  });

  it('times out a download that stalls between chunks, not one that keeps flowing', async () => {
    const s = await serve([
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let n = 0;
        const t = setInterval(() => {
          res.write('x'.repeat(10));
          if (++n === 6) {
            clearInterval(t);
            res.end();
          }
        }, 60);
      },
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first chunk'); // then nothing
      },
    ]);
    const c = new HttpClient({ clock, log, retries: 0, timeoutMs: 200 });
    const ok = await c.bytes({ method: 'GET', url: `${s.url}/slow` });
    assert.equal(ok.bytes.byteLength, 60, 'six chunks, 360 ms in all, each within the 200 ms limit');
    await assert.rejects(c.bytes({ method: 'GET', url: `${s.url}/stall` }), (e: unknown) => e instanceof TimeoutError);
    await s.close();
  });

  it('reads an HTML error page as its title, never its markup', async () => {
    const s = await serve([(_q, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Nope</h1><script>x()</script></body></html>');
    }]);
    const c = new HttpClient({ clock, log, retries: 0 });
    await assert.rejects(c.json({ method: 'GET', url: `${s.url}/x` }, schema), (e: unknown) => e instanceof HttpStatusError && /HTTP 404: an HTML page: Not Found$/.test(e.message) && !/</.test(e.message));
    await s.close();
  });
});

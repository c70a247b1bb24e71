/**
 * The loopback file server behind the alignment viewer's links: real HTTP on 127.0.0.1, real files.
 * It must serve exactly the linked file while the link lives, and nothing else, ever.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoopbackFileServer } from '../../../src/core/loopbackFileServer';

function get(port: number, urlPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('LoopbackFileServer', () => {
  let dir: string;
  let server: LoopbackFileServer;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biojobs-links-'));
    file = path.join(dir, 'a.a3m');
    fs.writeFileSync(file, '>q\nACDE\n>s\nAC-E\n');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'not linked');
    server = new LoopbackFileServer();
  });

  afterEach(() => {
    server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a linked file as opaque bytes that no proxy may re-compress', async () => {
    const port = await server.port();
    const link = server.link(file);
    const r = await get(port, link.path);
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), '>q\nACDE\n>s\nAC-E\n');
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.equal(r.headers['content-length'], String(fs.statSync(file).size));
    assert.match(String(r.headers['cache-control']), /no-transform/);
    assert.match(String(r.headers['cache-control']), /no-store/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });

  it('finds the token behind any proxy prefix (code-server /proxy/<port>/ strips it, /absproxy/ keeps it)', async () => {
    const port = await server.port();
    const link = server.link(file);
    assert.equal((await get(port, `/absproxy/${port}${link.path}`)).status, 200);
    assert.equal((await get(port, `${link.path}?cache=1`)).status, 200);
  });

  it('answers 404 to anything but a live token: other paths, guesses, traversal, a revoked link', async () => {
    const port = await server.port();
    const link = server.link(file);
    for (const p of ['/', '/f/', '/f/secret.txt', `/f/${'A'.repeat(43)}`, '/f/../secret.txt', `${dir}/secret.txt`, `/f/${encodeURIComponent(file)}`]) {
      const r = await get(port, p);
      assert.equal(r.status, 404, p);
      assert.equal(r.body.toString(), 'not found');
    }
    link.dispose();
    assert.equal((await get(port, link.path)).status, 404, 'a disposed link');
    assert.equal(server.size, 0);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const port = await server.port();
    const link = server.link(file);
    const head = await get(port, link.path, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal((await get(port, link.path, 'POST')).status, 404);
    assert.equal((await get(port, link.path, 'PUT')).status, 404);
  });

  it('gives every link a token of its own, 256 bits, even for the same file', async () => {
    const a = server.link(file);
    const b = server.link(file);
    assert.notEqual(a.path, b.path);
    assert.match(a.path, /^\/f\/[A-Za-z0-9_-]{43}$/);
    a.dispose();
    assert.equal((await get(await server.port(), b.path)).status, 200, 'disposing one link leaves the other');
  });

  it('listens on the loopback interface only', async () => {
    await server.port();
    const address = (server as unknown as { server: http.Server }).server.address();
    assert.ok(address && typeof address === 'object');
    assert.equal(address.address, '127.0.0.1');
  });

  it('ends a response in flight when its link is disposed (the file changed, the editor closed)', async () => {
    const big = path.join(dir, 'big.a3m');
    fs.writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 65));
    const port = await server.port();
    const link = server.link(big);
    const outcome = await new Promise<string>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: link.path }, (res) => {
        let got = 0;
        res.once('data', () => link.dispose());
        res.on('data', (c: Buffer) => (got += c.length));
        res.on('end', () => resolve(`ended after ${got}`));
        res.on('error', () => resolve(`cut after ${got}`));
        res.on('aborted', () => resolve(`cut after ${got}`));
      });
      req.on('error', () => resolve('cut'));
    });
    assert.match(outcome, /^cut/, outcome);
  });

  it('answers 410 when the linked file is gone, and an empty file with an empty body', async () => {
    const port = await server.port();
    const empty = path.join(dir, 'empty.a3m');
    fs.writeFileSync(empty, '');
    const r = await get(port, server.link(empty).path);
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 0);
    const gone = server.link(path.join(dir, 'deleted.a3m'));
    assert.equal((await get(port, gone.path)).status, 410);
  });
});

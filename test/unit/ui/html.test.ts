/** The result shell's CSP: a loopback link's origin may be added to connect-src, and nothing that is not plainly an origin. */
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, cspOrigin } from '../../../src/ui/panels/html';

describe('result shell CSP', () => {
  it('adds the link origins to connect-src only', () => {
    const csp = contentSecurityPolicy('https://res.test', 'n0nce', true, ['http://127.0.0.1:8080']);
    assert.match(csp, /connect-src https:\/\/res\.test http:\/\/127\.0\.0\.1:8080(;|$)/);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp.replace(/connect-src [^;]*/, ''), /127\.0\.0\.1/);
  });

  it('refuses anything that is not a bare origin, so no directive can be smuggled in', () => {
    for (const bad of ["http://a.test; script-src 'unsafe-inline'", 'http://a.test/path', '*', 'data:', "'self'", 'javascript:alert(1)', 'http://a.test ']) {
      assert.throws(() => contentSecurityPolicy('https://res.test', 'n', false, [bad]), /Not an origin/, bad);
    }
  });

  it('takes the origin of a link URL, and none from what is not http(s)', () => {
    assert.equal(cspOrigin('http://127.0.0.1:41234/proxy/39093/f/abc'), 'http://127.0.0.1:41234');
    assert.equal(cspOrigin('https://x-8080.app.example.dev/f/abc?x=1'), 'https://x-8080.app.example.dev');
    assert.equal(cspOrigin('http://[::1]:9000/f/t'), 'http://[::1]:9000');
    assert.equal(cspOrigin('file:///etc/passwd'), undefined);
    assert.equal(cspOrigin('vscode-webview://abc/x'), undefined);
    assert.equal(cspOrigin('not a url'), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { redact } from '../../../src/core/log';
import { checkBaseUrl, joinUrl } from '../../../src/core/urls';

describe('checkBaseUrl', () => {
  const S = 'biojobs.codon.baseUrl';
  it('accepts https and loopback http', () => {
    assert.equal(checkBaseUrl('https://api.example.com/v1/', S).href, 'https://api.example.com/v1/');
    assert.equal(checkBaseUrl('http://127.0.0.1:8080', S).port, '8080');
    assert.equal(checkBaseUrl('http://localhost:1', S).hostname, 'localhost');
  });
  it('refuses plain http to another host, names the setting', () => {
    assert.throws(() => checkBaseUrl('http://api.example.com', S), /"biojobs.codon.baseUrl" must use https/);
  });
  it('refuses empty, invalid and credential-bearing URLs', () => {
    assert.throws(() => checkBaseUrl('  ', S), /No base URL is set/);
    assert.throws(() => checkBaseUrl('not a url', S), /not a valid URL/);
    assert.throws(() => checkBaseUrl('https://u:p@x.example', S), /must not contain a user name/);
  });
  it('joins base paths and API paths', () => {
    assert.equal(joinUrl(new URL('https://x.example/api/'), '/login'), 'https://x.example/api/login');
    assert.equal(joinUrl(new URL('https://x.example'), 'jobs'), 'https://x.example/jobs');
  });
});

describe('redact', () => {
  it('removes bearer tokens, passwords and known secrets', () => {
    const out = redact('Authorization: Bearer abc.def.ghi password=hunter22 {"token":"t0k3n"} api_key=K123 secret s3cr3tvalue', ['s3cr3tvalue']);
    assert.doesNotMatch(out, /abc\.def|hunter22|t0k3n|K123|s3cr3tvalue/);
    assert.match(out, /Authorization: Bearer \*\*\*/);
  });
});

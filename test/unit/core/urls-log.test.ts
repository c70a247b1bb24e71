import * as assert from 'node:assert/strict';
import { logLine, redact } from '../../../src/core/log';
import { LINK_BREAK } from '../../../src/core/safeText';
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

describe('logLine (what the log channel writes)', () => {
  it('keeps hostile names as text: no link scheme survives, control and bidi characters are shown', () => {
    const out = logLine('Submitted [Open](command:workbench.action.terminal.new) \u202Egnp.exe\u001b[31m\u0007 to https://evil.example');
    assert.doesNotMatch(out, /command:/, 'the command: scheme is broken');
    assert.doesNotMatch(out, /https:\/\//, 'plain links are broken too');
    assert.ok(out.includes(`command${LINK_BREAK}:`));
    assert.match(out, /⟨U\+202E⟩gnp\.exe/);
    assert.ok(![...out].some((ch) => (ch < ' ' && ch !== '\t') || ch === '\u007f' || ch === '\u202e'), 'no raw control or bidi character');
  });
  it('cannot forge a log entry: later lines of a message are indented', () => {
    const out = logLine('Job "a\n2026-12-07 01:00:00.000 [info] Signed in to Codon" failed\r\nsecond');
    const lines = out.split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines.slice(1).every((l) => l.startsWith('    ')), out);
  });
  it('redacts before anything else, and cuts very long lines with an ellipsis', () => {
    assert.doesNotMatch(logLine('Authorization: Bearer abc.def.ghi'), /abc\.def/);
    const long = logLine('x'.repeat(10_000));
    assert.ok(long.length <= 2000 && long.endsWith('…'), `${long.length}`);
  });
});

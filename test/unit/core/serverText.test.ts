import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { describeErrorBody, refuseDeepJson } from '../../../src/core/serverText';

const json = (value: unknown) => JSON.stringify(value);

describe('core/serverText', () => {
  describe('describeErrorBody', () => {
    it('reads {"detail": "…"} (FastAPI 400/404)', () => {
      assert.equal(describeErrorBody(json({ detail: "fitness_list[0]: unknown fitness 'caj'. Known: cai, dna_manufact" }), 'application/json'),
        "fitness_list[0]: unknown fitness 'caj'. Known: cai, dna_manufact");
      assert.equal(describeErrorBody(json({ detail: 'Job not found' })), 'Job not found');
    });

    it('reads a FastAPI 422 list: the first three issues with their location, then a count', () => {
      const body = {
        detail: [
          { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} },
          { type: 'float_type', loc: ['body', 'fitness_list', 0, 'weight'], msg: 'Input should be a valid number', input: 'high' },
          { type: 'missing', loc: ['query', 'is_seed'], msg: 'Field required', input: null },
          { type: 'missing', loc: ['body', 'sequence'], msg: 'Field required', input: {} },
          { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
        ],
      };
      assert.equal(
        describeErrorBody(json(body), 'application/json'),
        'name: Field required; fitness_list.0.weight: Input should be a valid number; query.is_seed: Field required (and 2 more)',
      );
    });

    it('reads {"error": {"code", "message", "details"}}, OAuth errors, {"message"}, problem+json and {"errors"}', () => {
      assert.equal(describeErrorBody(json({ error: { code: 'rate_limited', message: 'Too many requests' } })), 'Too many requests (rate_limited)');
      assert.equal(
        describeErrorBody(json({ error: { code: 400, message: 'Invalid job', details: [{ message: 'tool "esmfold2" does not exist' }] } })),
        'Invalid job (400): tool "esmfold2" does not exist',
      );
      assert.equal(describeErrorBody(json({ error: { code: 'quota' } })), 'error quota');
      assert.equal(describeErrorBody(json({ error: 'invalid_grant', error_description: 'Bad credentials' })), 'invalid_grant: Bad credentials');
      assert.equal(describeErrorBody(json({ message: 'Internal server error' })), 'Internal server error');
      assert.equal(
        describeErrorBody(json({ type: 'about:blank', title: 'Bad Request', detail: 'name must be unique', status: 400 }), 'application/problem+json'),
        'Bad Request: name must be unique',
      );
      assert.equal(describeErrorBody(json({ errors: [{ detail: 'first' }, { title: 'second' }] })), 'first; second');
      assert.equal(describeErrorBody(json({ errors: { name: ['is taken'], sequence: ['is too long'] } })), 'name: is taken; sequence: is too long');
      assert.equal(describeErrorBody(json(['one', 'two'])), 'one; two');
    });

    it('falls back to compact JSON when no envelope matches', () => {
      assert.equal(describeErrorBody('{\n  "status": "broken",\n  "code": 7\n}'), '{"status":"broken","code":7}');
    });

    it('reduces an HTML page to its title, never markup', () => {
      const nginx = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
      assert.equal(describeErrorBody(nginx, 'text/html'), 'an HTML page: 502 Bad Gateway');
      const titled = '<!DOCTYPE html><html><head><title>Service &amp; API &mdash; down</title><script>var x="<b>"</script></head><body>x</body></html>';
      assert.equal(describeErrorBody(titled), 'an HTML page: Service & API — down');
    });

    it('reduces an HTML page without a title to its first text, skipping scripts, styles and comments', () => {
      const page = '<!doctype html><html><head><style>body{color:red}</style></head><body><!-- <p>hidden</p> --><script>alert("x")</script><div><p>The service is <b>under maintenance</b>.</p><p>Back at 14:00 &#8211; sorry</p></div></body></html>';
      assert.equal(describeErrorBody(page, 'text/html; charset=utf-8'), 'an HTML page: The service is under maintenance. Back at 14:00 – sorry');
      assert.equal(describeErrorBody('<html><body><img src=x onerror=alert(1)></body></html>', 'text/html'), 'an HTML page without text');
      assert.doesNotMatch(describeErrorBody('<div>a<img src=x onerror=alert(1)>b</div>', 'text/html'), /[<>]/);
      assert.equal(describeErrorBody('<p>unterminated <a href="x"'), 'an HTML page: unterminated');
    });

    it('keeps plain text, collapsed to one line, and cuts long bodies with an ellipsis', () => {
      assert.equal(describeErrorBody('Upstream timed out\n\n  after 30 s\n'), 'Upstream timed out after 30 s');
      const long = describeErrorBody('x'.repeat(5000));
      assert.equal([...long].length, 200);
      assert.ok(long.endsWith('…'));
      assert.equal([...describeErrorBody('y'.repeat(100), undefined, { maxLength: 20 })].length, 20);
      assert.equal(describeErrorBody('   \n '), '');
    });

    it('redacts tokens, passwords and known secrets', () => {
      const out = describeErrorBody(
        json({ detail: 'token=abc123secret rejected for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig and password: hunter2, key s3cr3t-known' }),
        'application/json',
        { secrets: ['s3cr3t-known'] },
      );
      assert.doesNotMatch(out, /abc123secret|eyJhbGci|hunter2|s3cr3t-known/);
      assert.match(out, /token=\*\*\*/);
      assert.equal(describeErrorBody('bad jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here'), 'bad jwt *** here');
    });

    it('shows control and bidi characters in server text visibly', () => {
      assert.equal(describeErrorBody(json({ detail: 'bad\u202Ename\u001b[31m' })), 'bad⟨U+202E⟩name⟨ESC⟩[31m');
    });

    it('describes a deeply nested JSON body without parsing it', () => {
      const deep = '['.repeat(200_000) + ']'.repeat(200_000);
      assert.equal(describeErrorBody(deep, 'application/json'), 'a JSON body nested 200,000 levels deep');
    });

    it('reads broken JSON as text', () => {
      assert.equal(describeErrorBody('{"detail": "unterminated', 'application/json'), '{"detail": "unterminated');
    });
  });

  describe('refuseDeepJson', () => {
    it('accepts ordinary JSON', () => {
      assert.equal(refuseDeepJson('{"a": [1, {"b": [2]}]}', 64), undefined);
      assert.equal(refuseDeepJson('[[[]]]', 3), undefined);
    });

    it('refuses with the depth and the position where the limit was passed', () => {
      const text = '{\n  "a": ' + '['.repeat(100) + ']'.repeat(100) + '\n}';
      const deep = refuseDeepJson(text, 64);
      assert.ok(deep);
      assert.equal(deep.depth, 101);
      assert.deepEqual(deep.position, { line: 1, column: 7 + 63 });
      assert.equal(deep.message, 'The JSON is nested 101 levels deep; at most 64 are read (level 65 opens at line 2, column 71).');
    });

    it('ignores brackets inside strings, escaped quotes and comments', () => {
      assert.equal(refuseDeepJson('{"a": "[[[[[[[[[[", "b": "\\"[[[[[[[["}', 2), undefined);
      assert.equal(refuseDeepJson('// [[[[[[\n{"a": 1} /* {{{{{{{ \n */', 1), undefined);
      assert.equal(refuseDeepJson('{"a\\\\": [[1]]}', 3), undefined);
      assert.equal(refuseDeepJson('{"a\\\\": [[[1]]]}', 3)?.depth, 4);
    });

    it('counts lines after CRLF, CR and multi-line comments', () => {
      assert.deepEqual(refuseDeepJson('{\r\n/*\r\n\r\n*/\r[[', 2)?.position, { line: 4, column: 1 });
    });

    it('is what keeps the parsers from overflowing the stack: 1,000,000 levels in well under a second', () => {
      const text = '['.repeat(1_000_000);
      const started = performance.now();
      assert.equal(refuseDeepJson(text, 64)?.depth, 1_000_000);
      assert.ok(performance.now() - started < 1000);
      // The unguarded parser does overflow: this is the failure the check prevents.
      assert.throws(() => parseTree('['.repeat(1_000_000) + ']'.repeat(1_000_000)), RangeError);
    });
  });
});

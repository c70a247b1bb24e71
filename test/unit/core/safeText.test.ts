import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { marked, type Token as MarkedToken } from 'marked';
import { displayLine, ELLIPSIS, formatCount, LINK_BREAK, quoteName, safeLabel, safeLog, safeMarkdown, safeNotice, showInvisibles, truncate } from '../../../src/core/safeText';

/**
 * VS Code 1.96.4's notification link parser (vs/base/common/linkedText.ts, as shipped in
 * code-server 4.96.4's workbench.js): what turns `[text](command:…)` in a toast into a link.
 */
const VSCODE_NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** Codicon syntax in quick picks, status bar and tree descriptions (vs/base/common/iconLabels.ts). */
const CODICON = /\$\(([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?)\)/;

/** Every Markdown, link, HTML and control construct we could think of. */
const HOSTILE: readonly string[] = [
  '[Open](command:workbench.action.terminal.new)',
  '[Open]( command:workbench.action.terminal.new )',
  '[Open](<command:x>)',
  '[a](COMMAND:x)',
  '[a](https://evil.example/x "title")',
  "[a](file:///etc/passwd 'title')",
  '<command:workbench.action.terminal.new>',
  '<https://evil.example>',
  '<mailto:someone@example.com>',
  'someone@example.com',
  'https://evil.example/path?q=1',
  'http://evil.example',
  'www.evil.example',
  'evil.example.com and file.py',
  'ftp://files.example.org/x',
  'vscode://ms-python.python/run',
  'javascript:alert(1)',
  '![img](https://evil.example/pixel.png)',
  '![img][ref]\n\n[ref]: https://evil.example/pixel.png',
  '[text][ref]\n\n[ref]: command:workbench.action.terminal.new',
  '[ref]\n\n[ref]: <command:x>',
  '[[nested [brackets]](command:x)]',
  '[a\\](command:x)',
  '\\[a](command:x)',
  '[a](command:x\\)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:x">click</a>',
  '<script>alert(1)</script>',
  '<!-- comment --> <details><summary>x</summary>y</details>',
  '&lt;a href=&quot;command:x&quot;&gt;',
  '&#91;a&#93;&#40;command:x&#41;',
  '&amp; &copy; &#x5B;',
  '# Heading',
  'Setext\n===',
  'Setext\n---',
  '> quote',
  '- item\n- item',
  '1. one\n2. two',
  '* star',
  '+ plus',
  '***',
  '**bold** __bold__ *em* _em_ ~~strike~~',
  '`code` ``co`de``',
  '```\nfenced\n```',
  '~~~\nfenced\n~~~',
  '    indented code',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  'line  \nbreak\\\nbreak',
  '$(alert) $(terminal) $(zap~spin)',
  '[^1] footnote\n\n[^1]: https://evil.example',
  'a\u202Egnp.exe',
  'a\u2066b\u2069c\u200Fd\u200Ee\u061Cf',
  'esc\u001b[31mred\u001b[0m bell\u0007 nul\u0000 del\u007f',
  'zero\u200Bwidth\u200Cjoin\u200D\uFEFFbom',
  'tag\u{E0041}\u{E0042}chars',
  'lone \uD800 surrogate',
  'c1 \u0085 \u009b control',
  'line\u2028sep\u2029para',
  'crlf\r\nlf\ncr\rend',
  '\\\\[a](command:x)',
  '[a](command:x)'.repeat(50),
  '[a](javascript:alert(1))',
  '[a](data:text/html,<script>alert(1)</script>)',
  '<http://a.b>',
  'http://a.b',
  '[](command:x)',
  '[ ](command:x)',
  '[a]\n(command:x)',
  '[a]: command:x',
  '<a\nhref="command:x">x</a>',
  'x<br>y',
  '\u00a0[a](command:x)',
  'ｃｏｍｍａｎｄ:x',
];

const md = new MarkdownIt({ html: true, linkify: true });

/** Token types that mean the text was read as something other than plain text. */
const FORBIDDEN_MARKDOWN_IT = new Set([
  'link_open',
  'image',
  'html_inline',
  'html_block',
  'heading_open',
  'em_open',
  'strong_open',
  's_open',
  'code_inline',
  'code_block',
  'fence',
  'table_open',
  'bullet_list_open',
  'ordered_list_open',
  'blockquote_open',
  'hr',
]);

function markdownItTokens(text: string): { types: string[]; text: string } {
  const types: string[] = [];
  let plain = '';
  for (const token of md.parse(text, {})) {
    types.push(token.type);
    for (const child of token.children ?? []) {
      types.push(child.type);
      if (child.type === 'text') plain += child.content;
      if (child.type === 'hardbreak' || child.type === 'softbreak') plain += '\n';
    }
  }
  return { types, text: plain };
}

const FORBIDDEN_MARKED = new Set(['link', 'image', 'html', 'heading', 'em', 'strong', 'del', 'codespan', 'code', 'table', 'list', 'blockquote', 'hr', 'def']);

function markedTokens(text: string): { types: string[]; text: string } {
  const types: string[] = [];
  let plain = '';
  const walk = (tokens: readonly MarkedToken[]) => {
    for (const token of tokens) {
      types.push(token.type);
      const nested = 'tokens' in token && Array.isArray(token.tokens) ? (token.tokens as MarkedToken[]) : undefined;
      if (nested && nested.length) walk(nested);
      else if (token.type === 'text' || token.type === 'escape') plain += token.text;
      else if (token.type === 'br') plain += '\n';
    }
  };
  // VS Code renders MarkdownString with marked, GFM on (autolinks for www., scheme URLs, e-mail).
  walk(marked.lexer(text, { gfm: true, breaks: false }));
  return { types, text: plain };
}

/** marked escapes `&<>"'` in the text of escape tokens; decoded once (not twice) to compare. */
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

const withoutBreaks = (text: string) => text.split(LINK_BREAK).join('');

describe('core/safeText', () => {
  describe('safeMarkdown renders as exactly its text, with no link, image, HTML or formatting', () => {
    for (const input of HOSTILE) {
      it(JSON.stringify(input.slice(0, 60)), () => {
        const out = safeMarkdown(input, { maxLength: 10_000 });
        const expected = displayLine(input, 10_000);

        const it1 = markdownItTokens(out);
        assert.deepEqual(it1.types.filter((t) => FORBIDDEN_MARKDOWN_IT.has(t)), [], `markdown-it read ${out}`);
        assert.equal(withoutBreaks(it1.text), expected, 'markdown-it shows the text as it is');
        assert.doesNotMatch(md.render(out), /<(?:a|img|script|iframe|details)[\s>]/i);

        const it2 = markedTokens(out);
        assert.deepEqual(it2.types.filter((t) => FORBIDDEN_MARKED.has(t)), [], `marked read ${out}`);
        assert.equal(withoutBreaks(it2.text).replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => HTML_ENTITIES[e]), expected, 'marked shows the text as it is');
        assert.doesNotMatch(marked.parse(out, { async: false }), /<(?:a|img|script|iframe|details)[\s>]/i);
      });
    }

    it('keeps lines as hard breaks when asked, still without links', () => {
      const out = safeMarkdown('# title\n[a](command:x)\n    code', { multiline: true });
      const tokens = markdownItTokens(out);
      assert.deepEqual(tokens.types.filter((t) => FORBIDDEN_MARKDOWN_IT.has(t)), []);
      assert.equal(withoutBreaks(tokens.text), '# title\n[a](command:x)\ncode');
      assert.ok(tokens.types.includes('hardbreak'));
    });

    it('survives random mixtures of every construct (2,000 strings)', () => {
      const pieces = [...HOSTILE, '[', ']', '(', ')', '<', '>', '!', '\\', ':', 'command', 'http', '//', '@', '.', 'www', '\n', '`', '*', '_', '&', '#', ';', ' '];
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      for (let n = 0; n < 2000; n++) {
        let input = '';
        const count = 1 + Math.floor(random() * 8);
        for (let k = 0; k < count; k++) input += pieces[Math.floor(random() * pieces.length)];
        const out = safeMarkdown(input, { maxLength: 10_000 });
        const a = markdownItTokens(out);
        const b = markedTokens(out);
        assert.deepEqual(a.types.filter((t) => FORBIDDEN_MARKDOWN_IT.has(t)), [], `markdown-it, input ${JSON.stringify(input)}`);
        assert.deepEqual(b.types.filter((t) => FORBIDDEN_MARKED.has(t)), [], `marked, input ${JSON.stringify(input)}`);
        assert.equal(withoutBreaks(a.text), displayLine(input, 10_000), `text of ${JSON.stringify(input)}`);
        assert.doesNotMatch(safeLabel(input, { maxLength: 10_000 }), VSCODE_NOTIFICATION_LINK);
      }
    });
  });

  describe('safeLabel for notifications, quick picks, tree labels and titles', () => {
    for (const input of HOSTILE) {
      it(`no notification link or codicon from ${JSON.stringify(input.slice(0, 50))}`, () => {
        const out = safeLabel(input, { maxLength: 10_000 });
        VSCODE_NOTIFICATION_LINK.lastIndex = 0;
        assert.doesNotMatch(out, VSCODE_NOTIFICATION_LINK);
        assert.doesNotMatch(out, CODICON);
        assert.doesNotMatch(out, /[a-z]:\/\//i, 'no scheme://');
        assert.doesNotMatch(out, /[\n\r\u2028\u2029\u0085]/, 'one line');
        assert.doesNotMatch(out, /[\p{Cc}\p{Cs}]/u, 'no control characters');
        // The only format character left is our own link break.
        assert.doesNotMatch(out.split(LINK_BREAK).join(''), /\p{Cf}/u, 'no bidi or zero-width characters');
        assert.equal(withoutBreaks(out), displayLine(input, 10_000), 'reads as the text itself');
      });
    }

    it('shows control and bidirectional characters visibly', () => {
      assert.equal(safeLabel('invoice\u202Egnp.exe'), `invoice⟨U+202E⟩gnp.exe`);
      assert.equal(safeLabel('a\u001b[2Jb\u0007c\u0000d\u007f'), 'a⟨ESC⟩[2Jb⟨BEL⟩c⟨NUL⟩d⟨DEL⟩');
      assert.equal(safeLabel('x\u2066y\u2069\u200Bz\uFEFF'), 'x⟨U+2066⟩y⟨U+2069⟩⟨U+200B⟩z⟨U+FEFF⟩');
      assert.equal(safeLabel('tag\u{E0041}'), 'tag⟨U+E0041⟩');
      assert.equal(safeLabel('lone\uD83D'), 'lone⟨U+D83D⟩');
      assert.equal(safeLabel('emoji 🧬 ok'), 'emoji 🧬 ok');
      assert.equal(safeLabel('Protéine ß αβ'), 'Protéine ß αβ');
    });

    it('collapses line breaks and tabs to single spaces', () => {
      assert.equal(safeLabel('one\r\ntwo\n\n\nthree\rfour\u2028five\tsix'), 'one two three four five six');
      assert.equal(safeLabel('\n\n  padded  \n'), 'padded');
    });

    it('breaks every scheme, www. and codicon, invisibly', () => {
      const out = safeLabel('see https://x.example and command:foo and $(zap) at www.example.org');
      assert.equal(withoutBreaks(out), 'see https://x.example and command:foo and $(zap) at www.example.org');
      assert.ok(out.includes(`https${LINK_BREAK}://`));
      assert.ok(out.includes(`command${LINK_BREAK}:`));
      assert.ok(out.includes(`$${LINK_BREAK}(zap)`));
      assert.ok(out.includes(`www${LINK_BREAK}.`));
    });

    it('cuts long text with an ellipsis at the configured length, never inside a token or a surrogate pair', () => {
      assert.equal(safeLabel('x'.repeat(300)).length, 200);
      assert.ok(safeLabel('x'.repeat(300)).endsWith(ELLIPSIS));
      assert.equal(safeLabel('abcdefghij', { maxLength: 5 }), `abcd${ELLIPSIS}`);
      assert.equal(safeLabel('abcde', { maxLength: 5 }), 'abcde');
      assert.equal(safeLabel('ab\u202Ecdef', { maxLength: 6 }), `ab${ELLIPSIS}`); // the 8-character token does not fit
      assert.equal(safeLabel('🧬🧬🧬🧬', { maxLength: 3 }), `🧬🧬${ELLIPSIS}`);
      assert.equal(truncate('🧬🧬🧬🧬', 3), `🧬🧬${ELLIPSIS}`);
      assert.equal(safeLabel('word '.repeat(10), { maxLength: 11 }), `word word${ELLIPSIS}`);
    });

    it('handles a 3-million-character string quickly', () => {
      const huge = '>seq\n'.repeat(600_000);
      const started = performance.now();
      const out = safeLabel(huge, { maxLength: 100 });
      assert.ok(performance.now() - started < 50, 'bounded by the limit, not the input');
      assert.equal([...out].length, 100);
    });
  });

  it('safeLog keeps a log entry on one line and breaks links', () => {
    const out = safeLog('bad\n2024-01-01 [info] Credentials OK\u001b[2K [x](command:y)');
    assert.doesNotMatch(out, /\n/);
    assert.ok(out.includes('⟨ESC⟩'));
    assert.doesNotMatch(out, VSCODE_NOTIFICATION_LINK);
  });

  it('showInvisibles keeps line breaks and tabs; quoteName quotes one cut line', () => {
    assert.equal(showInvisibles('a\u202E\nb\tc'), 'a⟨U+202E⟩\nb\tc');
    assert.equal(quoteName('gene\u202E1\nx', 60), '"gene⟨U+202E⟩1 x"');
    assert.equal(quoteName('y'.repeat(100), 10), `"${'y'.repeat(9)}${ELLIPSIS}"`);
  });
});

describe('core/safeText: the signatures the UI calls', () => {
  it('takes the limit as a number or in options; safeNotice breaks notification links like safeLabel', () => {
    assert.equal(safeLabel('abcdefghij', 5), `abcd${ELLIPSIS}`);
    assert.equal(safeMarkdown('abcdefghij', 5), `abcd${ELLIPSIS}`);
    const notice = safeNotice('Submitted "[Open](command:workbench.action.terminal.new)" to $(zap) Codon');
    assert.doesNotMatch(notice, VSCODE_NOTIFICATION_LINK);
    assert.doesNotMatch(notice, CODICON);
    assert.equal(notice.split(LINK_BREAK).join(''), 'Submitted "[Open](command:workbench.action.terminal.new)" to $(zap) Codon');
    assert.equal([...safeNotice('n'.repeat(1000))].length, 300);
    assert.equal(formatCount(100000), '100,000');
    assert.equal(formatCount(999), '999');
  });
});

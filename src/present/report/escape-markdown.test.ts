import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown } from './escape-markdown.js';
import { markdownTable } from './render-markdown-report.js';
import { HOSTILE_STRINGS, MARKUP_ACTIVE } from '../../../test/security/hostile-strings.js';

const cases: { name: string; input: string; expected: string }[] = [
  { name: 'html tag', input: '<script>alert(1)</script>', expected: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { name: 'link', input: '[x](javascript:alert(1))', expected: '\\[x\\](javascript\\:alert(1))' },
  {
    name: 'bare scheme cannot autolink',
    input: 'javascript:alert(1) http://x',
    expected: 'javascript\\:alert(1) http\\://x',
  },
  { name: 'table pipe', input: 'a | b', expected: 'a \\| b' },
  { name: 'code span', input: '`rm -rf`', expected: '\\`rm -rf\\`' },
  { name: 'emphasis', input: '*_x_*', expected: '\\*\\_x\\_\\*' },
  { name: 'newlines flatten', input: 'a\r\nb', expected: 'a b' },
  { name: 'right-to-left override neutralised', input: 'a\u202eb', expected: 'a\\\\u202eb' },
  { name: 'C1 CSI visible', input: '\u009b31m', expected: '\\\\x9b31m' },
  { name: 'terminal title escape visible', input: '\u001b]0;pwned\u0007', expected: '\\\\x1b\\]0;pwned\\\\x07' },
  { name: 'entity stays text', input: '&lt;', expected: '&amp;lt;' },
  { name: 'image', input: '![a](b.png)', expected: '\\!\\[a\\](b.png)' },
  { name: 'heading marker', input: '# x', expected: '\\# x' },
  { name: 'dots and dashes stay readable', input: '1.2-3', expected: '1.2-3' },
  { name: 'addresses stay readable', input: 'MY.NET.1.2:80', expected: 'MY.NET.1.2:80' },
  { name: 'control character visible', input: 'a\u001bb', expected: 'a\\\\x1bb' },
];

for (const c of cases) {
  test(`escapeMarkdown: ${c.name}`, () => assert.equal(escapeMarkdown(c.input), c.expected));
}

test('markdownTable: a hostile cell cannot add a column or a row', () => {
  const table = markdownTable(['a', 'b'], [['x | y\n| z |', 1]], [1]);
  const lines = table.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  // Unescaped pipes delimit cells: every row keeps exactly three.
  for (const line of lines) assert.equal(line.replace(/\\\|/g, '').split('|').length - 1, 3, line);
  assert.equal(lines[1], '| --- | ---: |');
});

for (const h of HOSTILE_STRINGS) {
  test(`escapeMarkdown: ${h.name} stays inert`, () => {
    const out = escapeMarkdown(h.text);
    assert.doesNotMatch(out, MARKUP_ACTIVE);
    assert.doesNotMatch(out, /[<>\n]|(?<!\\)[[\]|`]/);
  });
}

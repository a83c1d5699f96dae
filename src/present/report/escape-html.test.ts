import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from './escape-html.js';
import { html, trustedHtml } from './html-template.js';
import { renderBarChart } from './render-chart.js';
import { HOSTILE_STRINGS, MARKUP_ACTIVE } from '../../../test/security/hostile-strings.js';

const cases: { name: string; input: unknown; expected: string }[] = [
  { name: 'script tag', input: '<script>alert(1)</script>', expected: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { name: 'attribute breakout', input: '" onerror="alert(1)', expected: '&quot; onerror=&quot;alert(1)' },
  { name: 'single quote and backtick', input: "'`", expected: '&#39;&#96;' },
  { name: 'ampersand first', input: '&lt;', expected: '&amp;lt;' },
  { name: 'control characters visible', input: 'a\u0000b\u001bc', expected: 'a\\x00b\\x1bc' },
  { name: 'newline and tab kept', input: 'a\nb\tc', expected: 'a\nb\tc' },
  { name: 'right-to-left override neutralised', input: 'evil\u202egnp.exe', expected: 'evil\\u202egnp.exe' },
  { name: 'bidi isolates neutralised', input: '\u2066a\u2069', expected: '\\u2066a\\u2069' },
  { name: 'C1 CSI visible', input: '\u009b31m', expected: '\\x9b31m' },
  { name: 'null', input: null, expected: '' },
  { name: 'number', input: 42, expected: '42' },
];

for (const c of cases) {
  test(`escapeHtml: ${c.name}`, () => assert.equal(escapeHtml(c.input), c.expected));
}

test('html template: interpolations are escaped unless trusted; arrays join; null/false vanish', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const out = html`<td title="${hostile}">${hostile}${trustedHtml('<b>ok</b>')}${[hostile, 1]}${null}${false}</td>`
    .value;
  assert.equal(
    out,
    '<td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;<b>ok</b>&lt;img src=x onerror=alert(1)&gt;1</td>',
  );
});

for (const h of HOSTILE_STRINGS) {
  test(`escapeHtml: ${h.name} stays inert`, () => {
    const out = escapeHtml(h.text);
    assert.doesNotMatch(out, MARKUP_ACTIVE);
    assert.doesNotMatch(out, /[<>"'`]/);
  });
}

test('chart SVG: labels from logs carry no bidi override or control', async () => {
  const rows = HOSTILE_STRINGS.map((h, i) => ({ key: h.text, events: i + 1 }));
  const svg = (await renderBarChart({ title: 'hostile', keyTitle: 'key', rows })).value;
  assert.doesNotMatch(svg, MARKUP_ACTIVE);
  assert.match(svg, /\\u202e/, 'the override shows as text');
  assert.doesNotMatch(svg, /<script/i);
});

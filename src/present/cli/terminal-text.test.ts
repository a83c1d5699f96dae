import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, escapeTerminal } from './terminal-text.js';

const terminalCases = [
  { name: 'plain text unchanged', input: 'SCAN nmap XMAS', expected: 'SCAN nmap XMAS' },
  { name: 'ANSI escape made visible', input: 'a\u001b[2Jb', expected: 'a\\x1b[2Jb' },
  { name: 'bell and NUL', input: '\u0007\u0000', expected: '\\x07\\x00' },
  { name: 'bidi override', input: 'x\u202ey', expected: 'x\\u202ey' },
];
for (const c of terminalCases)
  test(`escapeTerminal: ${c.name}`, () => assert.equal(escapeTerminal(c.input), c.expected));

const csvCases = [
  { name: 'number', input: 42, expected: '42' },
  { name: 'negative number stays a number', input: '-5', expected: '-5' },
  { name: 'formula neutralised', input: '=HYPERLINK("x")', expected: `"'=HYPERLINK(""x"")"` },
  { name: 'at sign', input: '@SUM(A1)', expected: "'@SUM(A1)" },
  { name: 'comma quoted', input: 'a,b', expected: '"a,b"' },
  { name: 'null empty', input: null, expected: '' },
];
for (const c of csvCases) test(`csvCell: ${c.name}`, () => assert.equal(csvCell(c.input), c.expected));

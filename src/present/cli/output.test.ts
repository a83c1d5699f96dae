import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE_STRINGS, TERMINAL_ACTIVE } from '../../../test/security/hostile-strings.js';
import Table from 'cli-table3';
import pc from 'picocolors';
import { printCsvRow, printJson, printLine, printTable, renderTable, warn } from './output.js';

/** Run `fn` with stdout and stderr captured (the sinks write to the process streams). */
function capture(fn: () => void): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return { stdout: out.join(''), stderr: err.join('') };
}

/** Every sink in output.ts, fed one hostile string where log text can reach it. */
const sinks: { name: string; print: (text: string) => void; layout: RegExp }[] = [
  { name: 'printTable cell', print: (t) => printTable(['h'], [[t]]), layout: /\n/g },
  { name: 'printTable header', print: (t) => printTable([t], [['x']]), layout: /\n/g },
  { name: 'printTable title', print: (t) => printTable(['h'], [], { title: t }), layout: /\n/g },
  { name: 'printLine', print: (t) => printLine(`subject ${t}`), layout: /\n$/ },
  { name: 'printLine styled', print: (t) => printLine(t, { style: (s) => `[${s}]` }), layout: /\n$/ },
  { name: 'printCsvRow', print: (t) => printCsvRow([t, 1]), layout: /\n$/ },
  { name: 'printJson', print: (t) => printJson({ event: t }), layout: /\n/g },
  { name: 'warn', print: (t) => warn(`file: ${t}`), layout: /\n$/ },
];

for (const sink of sinks) {
  for (const h of HOSTILE_STRINGS) {
    test(`${sink.name}: ${h.name} reaches the terminal inert`, () => {
      const { stdout, stderr } = capture(() => sink.print(h.text));
      assert.doesNotMatch((stdout + stderr).replace(sink.layout, ''), TERMINAL_ACTIVE);
    });
  }
}

test('printJson: the escaped document parses back to the same values', () => {
  const value = { a: '\u009b31m', b: 'x\u202ey', c: 'a\u2028b', d: '\u001b]0;pwned\u0007', n: 3 };
  assert.deepEqual(JSON.parse(capture(() => printJson(value)).stdout), value);
});

test('printCsvRow: formula cells get a leading quote', () => {
  assert.equal(capture(() => printCsvRow(['=HYPERLINK("x")', '@A1', 7])).stdout, `"'=HYPERLINK(""x"")",'@A1,7\n`);
});

test('printLine: style wraps the sanitised text', () => {
  assert.equal(capture(() => printLine('a\u001bb', { style: (s) => `<${s}>` })).stdout, '<a\\x1bb>\n');
});

test('renderTable: a long table, drawn in slices, is the same text as one cli-table3 table', () => {
  const head = ['host', 'n', 'message'];
  for (const count of [0, 1, 249, 250, 251, 1234]) {
    const rows = Array.from({ length: count }, (_, i) => [
      `10.0.${i % 7}.${i}`,
      i * 37,
      i % 5 === 0 ? null : 'x'.repeat(i % 41),
    ]);
    const whole = new Table({
      head: head.map((h) => pc.cyan(h)),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const row of rows) whole.push(row.map((c) => (c === null ? '' : String(c))));
    assert.equal(renderTable(head, rows), whole.toString(), `${count} rows`);
  }
});

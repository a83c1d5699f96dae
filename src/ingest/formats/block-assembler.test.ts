import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawRecord } from '../format.js';
import { createBlockAssembler } from './block-assembler.js';

function assemble(lines: string[]): RawRecord[] {
  const assembler = createBlockAssembler((line) => line.startsWith('START'));
  const out: RawRecord[] = [];
  lines.forEach((line, i) => out.push(...assembler.push(line, i + 1)));
  out.push(...assembler.finish());
  return out;
}

const cases: { name: string; input: string[]; expected: RawRecord[] }[] = [
  {
    name: 'blank lines end records',
    input: ['START a', 'x', '', 'START b', 'y', ''],
    expected: [
      { text: 'START a\nx', line: 1 },
      { text: 'START b\ny', line: 4 },
    ],
  },
  {
    name: 'a start line ends the record before it (lost blank line)',
    input: ['START a', 'x', 'START b'],
    expected: [
      { text: 'START a\nx', line: 1 },
      { text: 'START b', line: 3 },
    ],
  },
  {
    name: 'runs of blank lines (spaces, CR) produce nothing',
    input: ['', '  ', '\r', 'START a', '', '', ''],
    expected: [{ text: 'START a', line: 4 }],
  },
  {
    name: 'a stray line outside any record is a record of its own',
    input: ['junk', 'START a', ''],
    expected: [
      { text: 'junk', line: 1 },
      { text: 'START a', line: 2 },
    ],
  },
  {
    name: 'the last record is flushed at the end without a blank line',
    input: ['START a', 'x'],
    expected: [{ text: 'START a\nx', line: 1 }],
  },
];

for (const { name, input, expected } of cases) {
  test(`createBlockAssembler: ${name}`, () => assert.deepEqual(assemble(input), expected));
}

test('createBlockAssembler: a record without its blank line is cut at 64 lines', () => {
  const records = assemble(['START a', ...Array.from({ length: 100 }, () => 'x')]);
  assert.equal(records[0]!.text.split('\n').length, 64);
  assert.equal(records.length, 1 + 37);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawRecord } from '../format.js';
import { createJsonRecordAssembler } from './json-record-assembler.js';

function assemble(text: string): RawRecord[] {
  const assembler = createJsonRecordAssembler();
  const out: RawRecord[] = [];
  text.split('\n').forEach((line, i) => out.push(...assembler.push(line, i + 1)));
  out.push(...assembler.finish());
  return out;
}

const cases: { name: string; input: string; expected: RawRecord[] }[] = [
  {
    name: 'NDJSON: one record a line, blank lines ignored',
    input: '{"a":1}\n\n{"b":{"c":2}}\n',
    expected: [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":{"c":2}}', line: 3 },
    ],
  },
  {
    name: 'pretty-printed array: brackets and separating commas dropped',
    input: '[\n  {\n    "a": 1,\n    "n": {"x": [1, 2]}\n  },\n  {\n    "b": 2\n  }\n]',
    expected: [
      { text: '{\n    "a": 1,\n    "n": {"x": [1, 2]}\n  }', line: 2 },
      { text: '{\n    "b": 2\n  }', line: 6 },
    ],
  },
  {
    name: 'compact array on one line',
    input: '[{"a":1},{"b":2}]',
    expected: [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 1 },
    ],
  },
  {
    name: 'two objects on one line without brackets',
    input: '{"a":1},{"b":2}',
    expected: [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 1 },
    ],
  },
  {
    name: 'braces and escaped quotes inside strings are not counted',
    input: '[\n {\n  "p": "}{ \\"}\\\\",\n  "q": "{"\n }\n]',
    expected: [{ text: '{\n  "p": "}{ \\"}\\\\",\n  "q": "{"\n }', line: 2 }],
  },
  {
    name: 'a cut-off NDJSON line is handed on when the next object starts',
    input: '{"a":1,"b":\n{"c":3}',
    expected: [
      { text: '{"a":1,"b":', line: 1 },
      { text: '{"c":3}', line: 2 },
    ],
  },
  {
    name: 'a cut-off pretty record is handed on when a new one opens at its column',
    input: '[\n  {\n    "a": {\n  {\n    "b": 2\n  }\n]',
    expected: [
      { text: '{\n    "a": {', line: 2 },
      { text: '{\n    "b": 2\n  }', line: 4 },
    ],
  },
  {
    name: 'nested objects in arrays at deeper indentation stay in their record',
    input: '{\n  "objects": [\n    {\n      "g": 60\n    }\n  ]\n}',
    expected: [{ text: '{\n  "objects": [\n    {\n      "g": 60\n    }\n  ]\n}', line: 1 }],
  },
  {
    name: 'text outside any object is handed on, one record a line',
    input: 'garbage here\n{"a":1}',
    expected: [
      { text: 'garbage here', line: 1 },
      { text: '{"a":1}', line: 2 },
    ],
  },
  {
    name: 'an unfinished record at the end is handed on by finish',
    input: '{\n  "a": 1,',
    expected: [{ text: '{\n  "a": 1,', line: 1 }],
  },
  {
    name: 'a byte-order mark before the first object is skipped',
    input: '\uFEFF[\n{"a":1}\n]',
    expected: [{ text: '{"a":1}', line: 2 }],
  },
];

for (const { name, input, expected } of cases) {
  test(`createJsonRecordAssembler: ${name}`, () => assert.deepEqual(assemble(input), expected));
}

test('createJsonRecordAssembler: every record of a pretty array parses', () => {
  const records = [{ a: 1, s: 'x}' }, { b: [{ c: 2 }], t: '"{' }];
  const out = assemble(JSON.stringify(records, null, 2)).map((r) => JSON.parse(r.text) as unknown);
  assert.deepEqual(out, records);
});

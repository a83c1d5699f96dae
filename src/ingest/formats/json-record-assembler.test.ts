import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawRecord } from '../format.js';
import { createJsonRecordAssembler, MAX_RECORD_CHARS } from './json-record-assembler.js';

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

test('createJsonRecordAssembler: an unterminated record is handed on in bounded, numbered pieces', () => {
  // 3 × the cap of `"k": "vvv…",` lines inside one object that never closes, then a new record.
  const body = `"k": "${'v'.repeat(1000)}",`;
  const bodyLines = Math.ceil((3 * MAX_RECORD_CHARS) / (body.length + 1));
  const assembler = createJsonRecordAssembler();
  const out: RawRecord[] = [...assembler.push('[', 1), ...assembler.push('{', 2)];
  let held = 0;
  for (let i = 0; i < bodyLines; i++) {
    out.push(...assembler.push(body, 3 + i));
    held = Math.max(held, ...out.map((r) => r.text.length));
  }
  out.push(...assembler.push('{"a":1}', 3 + bodyLines), ...assembler.finish());
  const pieces = out.slice(0, -1);
  assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
  assert.ok(held <= MAX_RECORD_CHARS + body.length + 1, `a piece held ${held} chars`);
  assert.ok(pieces.every((r) => r.oversized === true));
  // The pieces cover lines 2 … the last body line, in order, without gaps or overlaps.
  let next = 2;
  for (const piece of pieces) {
    assert.equal(piece.line, next);
    next += piece.text.split('\n').length;
  }
  assert.equal(next, 3 + bodyLines);
  assert.deepEqual(out.at(-1), { text: '{"a":1}', line: 3 + bodyLines });
});

test('createJsonRecordAssembler: an over-long record that closes ends its last piece, and the next one parses', () => {
  const body = `"k": "${'v'.repeat(1000)}",`;
  const bodyLines = Math.ceil((1.5 * MAX_RECORD_CHARS) / (body.length + 1));
  const assembler = createJsonRecordAssembler();
  const out: RawRecord[] = [...assembler.push('{', 1)];
  for (let i = 0; i < bodyLines; i++) out.push(...assembler.push(body, 2 + i));
  out.push(...assembler.push('"z": 1}', 2 + bodyLines), ...assembler.push('{"a":1}', 3 + bodyLines));
  assert.equal(out.length, 3);
  assert.deepEqual(
    out.map((r) => r.oversized === true),
    [true, true, false],
  );
  assert.ok(out[1]!.text.endsWith('"z": 1}'));
  assert.equal(out[2]!.line, 3 + bodyLines);
});

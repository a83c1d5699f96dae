import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCsvFields } from './split-csv-fields.js';

const cases: { name: string; input: string; expected: string[] | null }[] = [
  { name: 'plain fields', input: 'a,b,c', expected: ['a', 'b', 'c'] },
  { name: 'empty fields stay empty', input: 'a,,c,', expected: ['a', '', 'c', ''] },
  { name: "Snort 2's timestamp trailing space is dropped", input: '04/20-14:45:09.171005 ,1', expected: ['04/20-14:45:09.171005', '1'] },
  { name: "Snort 3's \", \" separator", input: 'a, b, c', expected: ['a', 'b', 'c'] },
  { name: 'quoted field with a comma', input: '1,"x, y",2', expected: ['1', 'x, y', '2'] },
  { name: 'backslash-escaped quote and backslash', input: '"say \\"hi\\" \\\\ bye"', expected: ['say "hi" \\ bye'] },
  { name: 'quoted field after ", "', input: 'a, "m", b', expected: ['a', 'm', 'b'] },
  { name: 'empty quoted field', input: '"",x', expected: ['', 'x'] },
  { name: 'unterminated quote', input: 'a,"never closed', expected: null },
  { name: 'text after a closing quote', input: '"a"b,c', expected: null },
  { name: 'a trailing backslash inside quotes does not run past the end', input: '"abc\\', expected: null },
];

for (const { name, input, expected } of cases) {
  test(`splitCsvFields: ${name}`, () => assert.deepEqual(splitCsvFields(input), expected));
}

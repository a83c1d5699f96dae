import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeWindows } from './merge-windows.js';

const cases: { name: string; input: { start: number; end: number; n: number }[]; expected: string[] }[] = [
  {
    name: 'apart windows stay apart, in time order',
    input: [
      { start: 5, end: 6, n: 1 },
      { start: 0, end: 2, n: 2 },
    ],
    expected: ['0-2:2', '5-6:1'],
  },
  {
    name: 'overlapping windows (two grids) merge',
    input: [
      { start: 0, end: 2, n: 3 },
      { start: 1, end: 3, n: 5 },
    ],
    expected: ['0-3:5'],
  },
  {
    name: 'touching windows merge into one burst',
    input: [
      { start: 0, end: 2, n: 4 },
      { start: 2, end: 4, n: 1 },
      { start: 9, end: 11, n: 7 },
    ],
    expected: ['0-4:4', '9-11:7'],
  },
];

for (const c of cases) {
  test(`mergeWindows: ${c.name}`, () => {
    const before = JSON.stringify(c.input);
    const merged = mergeWindows(c.input, (into, next) => (into.n = Math.max(into.n, next.n)));
    assert.deepEqual(
      merged.map((w) => `${w.start}-${w.end}:${w.n}`),
      c.expected,
    );
    assert.equal(JSON.stringify(c.input), before, 'inputs are not modified');
  });
}

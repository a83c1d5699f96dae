import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directionOf } from './direction-of.js';
import { formatDuration } from './format-duration.js';
import { pickSpread } from './fetch-evidence.js';
import { summarisePorts } from './summarise-ports.js';

test('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [45e6, '45s'],
    [125e6, '2m 5s'],
    [(2 * 3600 + 14 * 60) * 1e6, '2h 14m'],
    [(3 * 86400 + 2 * 3600) * 1e6, '3d 2h'],
  ];
  for (const [input, expected] of cases) assert.equal(formatDuration(input), expected);
});

test('summarisePorts: ranges, duplicates, cut', () => {
  assert.equal(summarisePorts([80, 21, 22, 23, 22]), '21-23,80');
  assert.equal(summarisePorts([1, 3, 5, 7], 2), '1,3,… (4 ports)');
  assert.equal(summarisePorts([]), '');
});

test('directionOf', () => {
  const cases: [string, string[], string][] = [
    ['external', ['internal'], 'inbound'],
    ['external', ['external'], 'external'],
    ['internal', ['external', 'internal'], 'outbound'],
    ['internal', ['firewall'], 'internal'],
  ];
  for (const [src, targets, expected] of cases) assert.equal(directionOf(src, targets), expected);
});

test('pickSpread: every group shows, shares spread evenly through each group, cap holds', () => {
  assert.deepEqual(pickSpread([[1, 2, 3], [10], [20, 21]], 4), [1, 2, 10, 20]);
  assert.deepEqual(pickSpread([[1], []], 5), [1]);
  assert.deepEqual(pickSpread([[1, 2, 3, 4, 5, 6, 7, 8]], 4), [1, 3, 5, 7]);
});

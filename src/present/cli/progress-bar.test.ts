import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eta } from './progress-bar.js';

test('progress ETA: none until there is a rate, then minutes and seconds left at that rate', () => {
  assert.equal(eta(0, 100, 0), '…');
  assert.equal(eta(0, 100, 5), '…', 'nothing done yet: no rate');
  assert.equal(eta(10, 100, 0.1), '…', 'too early to tell');
  assert.equal(eta(50, 100, 10), '10s');
  assert.equal(eta(10, 100, 10), '1m30s');
  assert.equal(eta(1, 1000, 1), '16m39s');
  assert.equal(eta(100, 100, 3), '0s');
});

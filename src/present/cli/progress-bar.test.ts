import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStepLine, eta } from './progress-bar.js';

test('progress ETA: none until there is a rate, then minutes and seconds left at that rate', () => {
  assert.equal(eta(0, 100, 0), '…');
  assert.equal(eta(0, 100, 5), '…', 'nothing done yet: no rate');
  assert.equal(eta(10, 100, 0.1), '…', 'too early to tell');
  assert.equal(eta(50, 100, 10), '10s');
  assert.equal(eta(10, 100, 10), '1m30s');
  assert.equal(eta(1, 1000, 1), '16m39s');
  assert.equal(eta(100, 100, 3), '0s');
});

test('step line: on a terminal each step replaces the last and stop clears it; silent otherwise', () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const line = createStepLine('detect', true);
    line.step('scans');
    line.step('evidence, scores, links');
    line.stop();
    const quiet = createStepLine('detect', false);
    quiet.step('scans');
    quiet.stop();
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(written, ['\r\x1b[Kdetect: scans…', '\r\x1b[Kdetect: evidence, scores, links…', '\r\x1b[K']);
});

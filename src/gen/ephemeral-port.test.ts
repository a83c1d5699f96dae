import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickEphemeralPort, stepEphemeralPort } from './ephemeral-port.js';
import { Random } from './random.js';
import { SCENARIO_PORTS } from './scenario-params.js';

test('stepEphemeralPort counts up, wraps to 1024 and skips scenario ports', () => {
  const cases: { name: string; input: number; expected: number }[] = [
    { name: 'plain step', input: 40000, expected: 40001 },
    { name: 'skips SubSeven', input: 27373, expected: 27375 },
    { name: 'skips Stacheldraht agent port', input: 64999, expected: 65001 },
    { name: 'wraps', input: 65535, expected: 1024 },
  ];
  for (const c of cases) assert.equal(stepEphemeralPort(c.input), c.expected, c.name);
});

test('pickEphemeralPort never hands out a scenario port or a low port', () => {
  const rng = new Random(3);
  for (let i = 0; i < 200_000; i++) {
    const port = pickEphemeralPort(rng);
    assert.ok(port >= 1024 && port <= 65535 && !SCENARIO_PORTS.has(port), String(port));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFindings } from './compare-findings.js';

type Row = { kind: string; subject: string; score: number };

const cases: { name: string; input: Row[]; expected: string[] }[] = [
  {
    name: 'an incident with a low score ranks above a plain scan with a high one',
    input: [
      { kind: 'horizontal-scan', subject: 'a', score: 6 },
      { kind: 'scan-then-connect', subject: 'b', score: 1 },
    ],
    expected: ['scan-then-connect b', 'horizontal-scan a'],
  },
  {
    name: 'service activity ranks below everything, whatever its score',
    input: [
      { kind: 'service-activity', subject: 'r', score: 9 },
      { kind: 'vertical-scan', subject: 'v', score: -2 },
      { kind: 'low-and-slow', subject: 'l', score: 0 },
    ],
    expected: ['low-and-slow l', 'vertical-scan v', 'service-activity r'],
  },
  {
    name: 'within a tier: score, then the story detects first, then subject',
    input: [
      { kind: 'crafted-packets', subject: 'c', score: 4 },
      { kind: 'compromised-host', subject: 'h', score: 4 },
      { kind: 'low-and-slow', subject: 'z', score: 5 },
      { kind: 'horizontal-scan', subject: 'y', score: 3 },
      { kind: 'horizontal-scan', subject: 'x', score: 3 },
    ],
    expected: ['low-and-slow z', 'compromised-host h', 'crafted-packets c', 'horizontal-scan x', 'horizontal-scan y'],
  },
];

for (const c of cases) {
  test(`compareFindings: ${c.name}`, () => {
    const findings = c.input.map((r) => ({ kind: r.kind, subject: r.subject, severity: { score: r.score } }));
    const sorted = [...findings].sort((a, b) => compareFindings(a, b));
    assert.deepEqual(
      sorted.map((f) => `${f.kind} ${f.subject}`),
      c.expected,
    );
  });
}

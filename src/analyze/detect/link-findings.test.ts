import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkFindings } from './link-findings.js';

const cases = [
  {
    name: 'same subject links both ways; unrelated stays alone',
    input: [
      { kind: 'horizontal-scan', subject: 'A', related: ['H1', 'H2'] },
      { kind: 'scan-then-connect', subject: 'A', related: ['H2'] },
      { kind: 'horizontal-scan', subject: 'B', related: ['H9'] },
    ],
    expected: [['scan-then-connect:A'], ['horizontal-scan:A'], []],
  },
  {
    name: 'a subject among another finding’s peers links both ways',
    input: [
      { kind: 'horizontal-scan', subject: 'A', related: ['H1', 'C'] },
      { kind: 'compromised-host', subject: 'C', related: ['X'] },
    ],
    expected: [['compromised-host:C'], ['horizontal-scan:A']],
  },
];

for (const c of cases) {
  test(`linkFindings: ${c.name}`, () => assert.deepEqual(linkFindings(c.input), c.expected));
}

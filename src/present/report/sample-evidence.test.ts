import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvidenceEvent } from '../../analyze/finding.js';
import { sampleEvidence } from './sample-evidence.js';

function ev(minute: number, source: string, event: string): EvidenceEvent {
  const ts = `2004-04-20T10:${String(minute).padStart(2, '0')}:00.000Z`;
  return { ts, source, event, src: 'a', sport: 1, dst: 'b', dport: 2, proto: null, file: source, line: minute };
}

const story = [
  ev(0, 'alert', 'DDOS control'),
  ...Array.from({ length: 30 }, (_, i) => ev(1 + i, 'scans', 'SYN')),
  ev(40, 'alert', 'BACKDOOR trojan'),
  ev(50, 'alert', 'DDOS handler'),
];

const cases: { name: string; evidence: EvidenceEvent[]; limit: number; expected: string[] }[] = [
  {
    name: 'everything when it fits, in time order',
    evidence: [ev(2, 'alert', 'x'), ev(1, 'scans', 'y')],
    limit: 5,
    expected: ['y', 'x'],
  },
  {
    name: 'every stage of a story survives a small limit',
    evidence: story,
    limit: 6,
    expected: ['DDOS control', 'SYN', 'SYN', 'SYN', 'BACKDOOR trojan', 'DDOS handler'],
  },
  {
    name: 'limit smaller than the number of kinds: earliest kinds first',
    evidence: story,
    limit: 2,
    expected: ['DDOS control', 'SYN'],
  },
];

for (const c of cases) {
  test(`sampleEvidence: ${c.name}`, () => {
    assert.deepEqual(
      sampleEvidence(c.evidence, c.limit).map((e) => e.event),
      c.expected,
    );
  });
}

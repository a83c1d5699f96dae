import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvidenceEvent, Finding } from '../../analyze/finding.js';
import { describeTargeting } from './describe-targeting.js';

function finding(evidence: EvidenceEvent[], facts: Finding['facts'] = {}): Finding {
  return {
    kind: 'k',
    subject: 's',
    summary: '',
    severity: {
      criticality: 1,
      lethality: 1,
      system: 1,
      network: 1,
      score: 0,
      reasons: { criticality: '', lethality: '', system: '', network: '' },
    },
    evidence,
    related: [],
    facts,
    spoofing: { likely: false, reason: '' },
    mechanism: '',
    recommendation: '',
    linked: [],
  };
}

function ev(day: number, dst: string | null, dport: number | null): EvidenceEvent {
  return {
    ts: `2004-04-${20 + day}T10:00:00.000Z`,
    source: 'alert',
    event: 'x',
    src: '1.2.3.4',
    sport: 1,
    dst,
    dport,
    proto: null,
    file: 'f',
    line: 1,
  };
}

const aliases = (a: string): string => a.replace(/^130\.85\./, 'MY.NET.');

const cases: {
  name: string;
  evidence: EvidenceEvent[];
  facts?: Finding['facts'];
  hostOf?: (a: string) => string;
  verdict: RegExp;
  point?: RegExp;
}[] = [
  {
    name: 'two spellings of one host are one target',
    evidence: [ev(0, 'MY.NET.10.5', 110), ev(1, '130.85.10.5', 110), ev(2, 'MY.NET.10.5', 110)],
    hostOf: aliases,
    verdict: /Persistent and targeted: the same service was probed 3 times over 3 days/,
    point: /3 events against 1 host on 1 port/,
  },
  {
    name: 'sweep of many hosts on one port',
    evidence: Array.from({ length: 12 }, (_, i) => ev(0, `10.0.0.${i}`, 57)),
    verdict: /sweep of 12 hosts/,
  },
  {
    name: 'broad activity over many ports',
    evidence: Array.from({ length: 12 }, (_, i) => ev(0, `10.0.0.${i}`, i)),
    verdict: /Broad activity against 12 hosts and 12 ports/,
  },
  {
    name: 'same service over several days',
    evidence: [ev(0, 'h', 110), ev(1, 'h', 110), ev(2, 'h', 110)],
    verdict: /Persistent and targeted/,
    point: /hit 3 times/,
  },
  { name: 'one host once', evidence: [ev(0, 'h', 80)], verdict: /Aimed at one host: h/ },
  { name: 'no destination', evidence: [ev(0, null, null)], verdict: /names no destination/ },
  {
    name: 'analysis states its own targeting',
    evidence: [ev(0, 'h', 80)],
    facts: { targeting: 'every 22 minutes' },
    verdict: /one host/,
    point: /every 22 minutes/,
  },
];

for (const c of cases) {
  test(`describeTargeting: ${c.name}`, () => {
    const t = describeTargeting(finding(c.evidence, c.facts), c.hostOf);
    assert.match(t.verdict, c.verdict);
    if (c.point)
      assert.ok(
        t.points.some((p) => c.point!.test(p)),
        t.points.join(' / '),
      );
  });
}

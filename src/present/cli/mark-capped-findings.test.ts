import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, ListLimit } from '../../analyze/finding.js';
import { markCappedFindings } from './mark-capped-findings.js';

/** Only what the marking reads matters; the rest of a finding passes through untouched. */
const finding = (kind: string, subject: string): Finding => ({ kind, subject }) as Finding;

const SCANS_CUT: ListLimit = {
  list: 'horizontal-scan',
  truncated: true,
  shown: 50,
  total: 189,
  see: 'set detect.scans.maxFindings in the config (now 50; 0 keeps all)',
};

const CASES: { name: string; findings: Finding[]; limits: ListLimit[]; lists: (object | undefined)[] }[] = [
  {
    name: 'nothing cut: no list anywhere',
    findings: [finding('horizontal-scan', 'a')],
    limits: [],
    lists: [undefined],
  },
  {
    name: 'a capped kind: each of its findings says shown, total and how to see the rest',
    findings: [finding('horizontal-scan', 'a'), finding('scan-then-connect', 'a'), finding('horizontal-scan', 'b')],
    limits: [SCANS_CUT],
    lists: [
      { truncated: true, shown: 50, total: 189, see: SCANS_CUT.see },
      undefined,
      { truncated: true, shown: 50, total: 189, see: SCANS_CUT.see },
    ],
  },
  {
    name: 'two capped kinds: each its own figures',
    findings: [finding('vertical-scan', 'c'), finding('horizontal-scan', 'a')],
    limits: [SCANS_CUT, { ...SCANS_CUT, list: 'vertical-scan', shown: 50, total: 61 }],
    lists: [
      { truncated: true, shown: 50, total: 61, see: SCANS_CUT.see },
      { truncated: true, shown: 50, total: 189, see: SCANS_CUT.see },
    ],
  },
];

for (const c of CASES) {
  test(`markCappedFindings: ${c.name}`, () => {
    const marked = markCappedFindings(c.findings, c.limits);
    assert.deepEqual(
      marked.map((f) => f.list),
      c.lists,
    );
    // Additive: every other field is the finding's own, in order.
    marked.forEach((f, i) => {
      const { list: _list, ...rest } = f;
      assert.deepEqual(rest, c.findings[i]);
    });
  });
}

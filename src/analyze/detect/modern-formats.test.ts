/**
 * The detects on modern sensor output (Suricata EVE and fast.log): alerts carry sid, classification
 * and event_type, there is no portscan log — scans show as scan alerts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { contextWith, HOUR, MIN, SEC, T0 } from './detect-test-kit.js';
import { runDetects } from './run-detects.js';

const HOST = '130.85.2.2';

function eve(
  ts: number,
  msg: string,
  sid: number,
  classification: string,
  src: string,
  sport: number,
  dst: string,
  dport: number,
): EventRecord {
  return {
    ts,
    source: 'eve',
    eventType: 'alert',
    event: msg,
    sid,
    gid: 1,
    rev: 3,
    classification,
    priority: 1,
    proto: 'TCP',
    src,
    sport,
    dst,
    dport,
  };
}

function fast(
  ts: number,
  msg: string,
  sid: number,
  src: string,
  sport: number,
  dst: string,
  dport: number,
): EventRecord {
  return {
    ts,
    source: 'fast',
    event: msg,
    sid,
    gid: 1,
    rev: 2,
    classification: 'Detection of a Network Scan',
    priority: 3,
    proto: 'TCP',
    src,
    sport,
    dst,
    dport,
  };
}

const EVENTS: EventRecord[] = [
  // An EVE flow record is no alert: it must not count as control traffic.
  { ts: T0, source: 'eve', eventType: 'flow', event: 'flow', src: '203.0.113.5', sport: 51000, dst: HOST, dport: 443 },
  eve(
    T0 + MIN,
    'ET TROJAN Possible Zeus GameOver Connectivity Check',
    2019478,
    'A Network Trojan was detected',
    '203.0.113.5',
    51001,
    HOST,
    443,
  ),
  ...Array.from({ length: 20 }, (_, i) =>
    fast(
      T0 + 2 * HOUR + i * SEC,
      'ET SCAN Potential SSH Scan OUTBOUND',
      2003068,
      HOST,
      40000 + i,
      `198.18.1.${i + 1}`,
      22,
    ),
  ),
  eve(
    T0 + 5 * HOUR,
    'ET MALWARE Win32/Zeus CnC Beacon',
    2019999,
    'A Network Trojan was detected',
    HOST,
    49152,
    '198.51.100.9',
    80,
  ),
];

test('modern formats: EVE/fast alerts make a compromised host and its scan; rules named by sid', async () => {
  const ctx = await contextWith(EVENTS);
  try {
    const findings = await runDetects(ctx);
    const compromised = findings.find((f) => f.kind === 'compromised-host');
    assert.ok(compromised, JSON.stringify(findings.map((f) => f.summary)));
    assert.equal(compromised.subject, 'MY.NET.2.2');
    // The host opened the beacon to port 80: command and control, not a trojan server answering.
    assert.equal(compromised.facts.stages, 'control → scan → beacon');
    assert.ok(compromised.related.includes('203.0.113.5') && compromised.related.includes('198.51.100.9'));
    assert.ok(
      compromised.evidence.every((e) => e.event !== 'flow'),
      'flow records are not evidence of control',
    );
    const sids = (compromised.rules ?? []).map((r) => r.sid).sort();
    assert.deepEqual(sids, [2003068, 2019478, 2019999]);
    const scan = findings.find((f) => f.kind === 'horizontal-scan');
    assert.ok(scan);
    assert.equal(scan.subject, 'MY.NET.2.2');
    assert.equal(scan.facts.port, 22);
    assert.deepEqual([...new Set(scan.evidence.map((e) => e.source))], ['fast']);
    assert.ok(scan.linked.includes('compromised-host:MY.NET.2.2'));
  } finally {
    await ctx.close();
  }
});

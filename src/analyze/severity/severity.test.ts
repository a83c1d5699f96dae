import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressBook } from '../../core/address-book.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { applyOverride, overrideFor, overrideKey } from './apply-overrides.js';
import { assessSpoofing } from './assess-spoofing.js';
import { readScoreOverrides, writeScoreOverride } from './score-overrides.js';
import { scoreSeverity, type SeverityBasis } from './score-severity.js';
import { severitySettingsSchema } from './severity-settings.js';

const DEFAULTS = severitySettingsSchema.parse({});

const base: SeverityBasis = {
  signal: 'recon',
  signalText: 'reconnaissance',
  targetHosts: 300,
  targetGroups: ['internal'],
  targetPorts: [57],
  established: false,
  direction: 'inbound',
  blocked: false,
};

const cases: { name: string; basis: Partial<SeverityBasis>; expected: [number, number, number, number] }[] = [
  {
    name: 'inbound sweep of an unused port',
    basis: { nothingListening: true, signal: 'inverseMapping' },
    expected: [3, 2, 4, 2],
  },
  { name: 'sweep of the mail service', basis: { targetPorts: [110] }, expected: [4, 2, 3, 2] },
  {
    name: 'only outside hosts targeted',
    basis: { targetGroups: ['external'], direction: 'external' },
    expected: [1, 2, 3, 3],
  },
  {
    name: 'session after a sweep',
    basis: { signal: 'exploit', established: true, targetPorts: [139] },
    expected: [3, 4, 2, 1],
  },
  {
    name: 'compromised inside host attacking out',
    basis: {
      signal: 'compromise',
      insideAttacker: 'MY.NET.1.2',
      established: true,
      direction: 'outbound',
      targetGroups: ['external'],
    },
    expected: [5, 5, 1, 1],
  },
  { name: 'sensor dropped it', basis: { blocked: true }, expected: [3, 2, 3, 5] },
];

for (const c of cases) {
  test(`scoreSeverity: ${c.name}`, () => {
    const s = scoreSeverity({ ...base, ...c.basis }, DEFAULTS);
    assert.deepEqual([s.criticality, s.lethality, s.system, s.network], c.expected);
    assert.equal(s.score, c.expected[0] + c.expected[1] - c.expected[2] - c.expected[3]);
    for (const reason of Object.values(s.reasons)) assert.ok(reason.length > 0);
  });
}

test('scoreSeverity: weights come from config (service table extended, levels changed)', () => {
  const settings = severitySettingsSchema.parse({
    services: { '57': { name: 'legacy terminal', criticality: 5 } },
    lethality: { recon: 1 },
  });
  const s = scoreSeverity(base, settings);
  assert.equal(s.criticality, 5);
  assert.match(s.reasons.criticality, /legacy terminal/);
  assert.equal(s.lethality, 1);
  assert.throws(() => severitySettingsSchema.parse({ lethality: { recon: 7 } }));
});

test('applyOverride: replaced inputs are marked, the derived value stays in the reason, the score follows', () => {
  const derived = scoreSeverity(base, DEFAULTS);
  const s = applyOverride(derived, { criticality: 5, network: 1 });
  assert.deepEqual([s.criticality, s.lethality, s.system, s.network, s.score], [5, 2, 3, 1, 3]);
  assert.deepEqual(s.overridden, ['criticality', 'network']);
  assert.match(s.reasons.criticality, /^set by the analyst \(derived 3: /);
  assert.equal(applyOverride(derived, {}), derived);
});

test('overrideFor: the per-kind value wins over the per-subject one', () => {
  const map = new Map([
    [overrideKey(undefined, 'A'), { criticality: 2, system: 4 }],
    [overrideKey('low-and-slow', 'A'), { criticality: 5 }],
  ]);
  assert.deepEqual(overrideFor(map, 'low-and-slow', 'A'), { criticality: 5, system: 4 });
  assert.deepEqual(overrideFor(map, 'crafted-packets', 'A'), { criticality: 2, system: 4 });
  assert.deepEqual(overrideFor(map, 'crafted-packets', 'B'), {});
});

test('assessSpoofing: replies needed, TTL steady or spread', () => {
  const needs = { needsReplies: true, why: 'a scan reads the answers' };
  const blind = { needsReplies: false, why: 'a flood needs no answer' };
  assert.equal(assessSpoofing(needs, { packets: 50, min: 78, max: 78, mode: 78 }, 8).likely, false);
  assert.match(
    assessSpoofing(needs, { packets: 50, min: 78, max: 78, mode: 78 }, 8).reason,
    /TTL steady \(78 over 50 packets\)/,
  );
  assert.equal(assessSpoofing(blind, { packets: 50, min: 40, max: 120, mode: 60 }, 8).likely, true);
  assert.match(assessSpoofing(blind, undefined, 8).reason, /^could be spoofed/);
  assert.match(assessSpoofing(blind, { packets: 9, min: 60, max: 62, mode: 61 }, 8).reason, /^probably not spoofed/);
});

test('score overrides: stored per key, merged, reset, kept in the scores table', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.applyAddressBook(new AddressBook(), 'h');
    await writeScoreOverride(store, 'low-and-slow:1.2.3.4', { criticality: 5 });
    assert.deepEqual(await writeScoreOverride(store, 'low-and-slow:1.2.3.4', { system: 2 }), {
      criticality: 5,
      system: 2,
    });
    await writeScoreOverride(store, '1.2.3.4', { network: 1 });
    const all = await readScoreOverrides(store);
    assert.deepEqual(all.get('low-and-slow:1.2.3.4'), { criticality: 5, system: 2 });
    assert.deepEqual(all.get('1.2.3.4'), { network: 1 });
    assert.deepEqual(await writeScoreOverride(store, 'low-and-slow:1.2.3.4', {}, true), {});
    assert.equal((await readScoreOverrides(store)).has('low-and-slow:1.2.3.4'), false);
  } finally {
    await store.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextWith, probe, SEC, T0 } from '../../analyze/detect/detect-test-kit.js';
import { FindingsCache } from './serve-findings.js';
import type { StoreGate } from './store-gate.js';

/** Two sweepers: the larger one is listed first until the analyst says otherwise. */
const EVENTS = [
  ...Array.from({ length: 30 }, (_, i) => probe(T0 + i * SEC, '61.10.20.50', 4000, `130.85.3.${i + 1}`, 57)),
  ...Array.from({ length: 12 }, (_, i) => probe(T0 + i * SEC, '61.10.20.51', 4000, `130.85.4.${i + 1}`, 57)),
];

/** A gate over one store whose version the test sets, counting the detect runs it is asked for. */
async function gateWith() {
  const ctx = await contextWith(EVENTS);
  let version = 'v1';
  let runs = 0;
  let release: () => void = () => {};
  let held: Promise<void> | null = null;
  const gate = {
    version: () => version,
    read: async <T>(body: (c: typeof ctx) => Promise<T>): Promise<T> => {
      runs++;
      if (held !== null) await held;
      return body(ctx);
    },
  } as unknown as StoreGate;
  return {
    gate,
    runs: () => runs,
    setVersion: (v: string) => (version = v),
    /** Hold the next runs until `let go` is called. */
    hold: () => (held = new Promise<void>((resolve) => (release = resolve))),
    letGo: () => {
      held = null;
      release();
    },
    close: () => ctx.close(),
  };
}

test('FindingsCache: after a change, the last list answers at once (stale) while one run works', async () => {
  const g = await gateWith();
  try {
    const cache = new FindingsCache(g.gate);
    const first = await cache.get();
    assert.equal(first.stale, false);
    assert.equal(cache.generation(), 1);
    assert.deepEqual(
      first.findings.map((f) => f.subject),
      ['61.10.20.50', '61.10.20.51'],
    );

    g.setVersion('v2');
    g.hold();
    const during = await Promise.all([cache.get(), cache.get(), cache.get()]);
    for (const list of during) {
      assert.equal(list.stale, true);
      assert.deepEqual(list.findings, first.findings);
    }
    assert.equal(g.runs(), 2, 'one run for the new version, however many pages ask');
    g.letGo();
    await new Promise((resolve) => setTimeout(resolve, 200));
    while (cache.generation() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const fresh = await cache.get();
    assert.equal(fresh.stale, false);
    assert.equal(g.runs(), 2);
  } finally {
    await g.close();
  }
});

test('FindingsCache: a severity edit re-scores and re-sorts the list without running the detects', async () => {
  const g = await gateWith();
  try {
    const cache = new FindingsCache(g.gate);
    const before = await cache.get();
    const small = before.findings.find((f) => f.subject === '61.10.20.51')!;
    g.setVersion('v2');
    cache.rescore(new Map([[`${small.kind}:${small.subject}`, { criticality: 5, lethality: 5 }]]), 'v2');
    const after = await cache.get();
    assert.equal(after.stale, false);
    assert.equal(g.runs(), 1, 'no second run');
    assert.equal(after.findings[0]!.subject, '61.10.20.51', 'the raised finding now leads');
    assert.equal(after.findings[0]!.id, small.id, 'ids stay (they are in URLs)');
    assert.deepEqual(after.findings[0]!.severity.overridden, ['criticality', 'lethality']);
    // Resetting gives back the derived severity, not the overridden one.
    cache.rescore(new Map(), 'v2');
    const reset = await cache.get();
    assert.deepEqual(reset.findings[1]!.severity, small.severity);
  } finally {
    await g.close();
  }
});

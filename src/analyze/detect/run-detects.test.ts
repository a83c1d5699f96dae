import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { UserError } from '../../core/errors.js';
import { writeScoreOverride } from '../severity/score-overrides.js';
import { contextWith, HOUR, MIN, probe, SEC, T0 } from './detect-test-kit.js';
import type { ListLimit } from '../finding.js';
import { detectKinds, runDetects } from './run-detects.js';

const SCANNER = '61.10.20.30';
const SWEEP: EventRecord[] = Array.from({ length: 12 }, (_, i) =>
  probe(T0 + i * SEC, SCANNER, 4000, `130.85.3.${i + 1}`, 57),
);

test('runDetects: thresholds come from config; a typo in a section or a bad value is refused', async () => {
  const strict = await contextWith(SWEEP, { scans: { horizontalMinHosts: 20 } });
  try {
    assert.deepEqual(
      (await runDetects(strict)).map((f) => f.kind),
      [],
    );
  } finally {
    await strict.close();
  }
  const bad: Record<string, Record<string, unknown>>[] = [
    { scan: { horizontalMinHosts: 5 } },
    { scans: { horizontalMinHosts: 'ten' } },
    { scans: { nope: 1 } },
  ];
  for (const detect of bad) {
    const ctx = await contextWith(SWEEP, detect);
    try {
      await assert.rejects(runDetects(ctx), (e: unknown) => e instanceof UserError && /detect\.scans?/.test(e.message));
    } finally {
      await ctx.close();
    }
  }
});

test('runDetects: stored overrides survive re-runs, per kind or per subject', async () => {
  const ctx = await contextWith(SWEEP);
  try {
    const [before] = await runDetects(ctx);
    assert.equal(before!.kind, 'horizontal-scan');
    assert.equal(before!.severity.overridden, undefined);
    await writeScoreOverride(ctx.store, `horizontal-scan:${SCANNER}`, { criticality: 5 });
    await writeScoreOverride(ctx.store, SCANNER, { lethality: 4, criticality: 1 });
    for (let run = 0; run < 2; run++) {
      const [after] = await runDetects(ctx);
      assert.equal(after!.severity.criticality, 5, 'the per-kind value wins');
      assert.equal(after!.severity.lethality, 4);
      assert.deepEqual(after!.severity.overridden, ['criticality', 'lethality']);
      assert.equal(after!.severity.score, 5 + 4 - after!.severity.system - after!.severity.network);
    }
  } finally {
    await ctx.close();
  }
});

test('runDetects: the contract fields are there for every finding; temporary tables are cleaned up', async () => {
  const ctx = await contextWith(SWEEP);
  try {
    const findings = await runDetects(ctx);
    for (const f of findings) {
      for (const key of [
        'kind',
        'subject',
        'summary',
        'severity',
        'evidence',
        'related',
        'facts',
        'spoofing',
        'mechanism',
        'recommendation',
        'linked',
      ]) {
        assert.ok(key in f, key);
      }
      assert.ok(detectKinds().includes(f.kind));
    }
    const temp = await ctx.store.all(
      `SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'det_%'`,
    );
    assert.deepEqual(temp, []);
  } finally {
    await ctx.close();
  }
});

test('runDetects: a cut evidence list says so (truncated, the total, how to see more); an uncut one says nothing', async () => {
  const cut = await contextWith(SWEEP, { evidence: { limit: 5 } });
  try {
    const [sweep] = await runDetects(cut);
    assert.equal(sweep?.evidence.length, 5);
    assert.deepEqual(
      sweep?.limits?.map(({ see: _see, ...l }) => l),
      [{ list: 'evidence', truncated: true, shown: 5, total: 12 }],
    );
    assert.match(sweep!.limits![0]!.see, /detect\.evidence\.limit/);
  } finally {
    await cut.close();
  }
  const whole = await contextWith(SWEEP);
  try {
    const [sweep] = await runDetects(whole);
    assert.equal(sweep?.evidence.length, 12);
    assert.equal(sweep?.limits, undefined);
  } finally {
    await whole.close();
  }
});

test('runDetects: scans beyond maxFindings are reported as a limit, with the number of sources found', async () => {
  const second = Array.from({ length: 12 }, (_, i) =>
    probe(T0 + i * SEC, '61.10.20.31', 4000, `130.85.4.${i + 1}`, 57),
  );
  const third = Array.from({ length: 11 }, (_, i) => probe(T0 + i * SEC, '61.10.20.32', 4000, `130.85.5.${i + 1}`, 57));
  const ctx = await contextWith([...SWEEP, ...second, ...third], { scans: { maxFindings: 2 } });
  try {
    const limits: ListLimit[] = [];
    const findings = await runDetects(ctx, limits);
    assert.equal(findings.filter((f) => f.kind === 'horizontal-scan').length, 2);
    assert.deepEqual(
      limits.map(({ see: _see, ...l }) => l),
      [{ list: 'horizontal-scan', truncated: true, shown: 2, total: 3 }],
    );
  } finally {
    await ctx.close();
  }
});

test('runDetects: a long sweep competes for "the largest" with its whole count, not its busiest hour', async () => {
  // 60 hosts over three hours (about 20 an hour) against 30 hosts in half a minute: with one scan
  // listed, the long sweep is the larger. Its count before description is its busiest window's.
  const long = Array.from({ length: 60 }, (_, i) =>
    probe(T0 + i * 3 * MIN, '61.10.20.40', 4000, `130.85.${6 + Math.floor(i / 30)}.${(i % 30) + 1}`, 57),
  );
  const short = Array.from({ length: 30 }, (_, i) => probe(T0 + i * SEC, '61.10.20.41', 4000, `130.85.8.${i + 1}`, 57));
  // Three days of store: the long sweep's hours stand far above its own baseline (a burst).
  const later = probe(T0 + 72 * HOUR, '61.10.20.42', 4000, '130.85.9.1', 57);
  const ctx = await contextWith([...long, ...short, later], { scans: { maxFindings: 1 } });
  try {
    const [sweep] = (await runDetects(ctx)).filter((f) => f.kind === 'horizontal-scan');
    assert.equal(sweep?.subject, '61.10.20.40');
    assert.match(sweep!.summary, /swept 60 hosts/);
  } finally {
    await ctx.close();
  }
});

test('runDetects: onStep is told each module, then the shared finish, in order', async () => {
  const ctx = await contextWith(SWEEP);
  try {
    const told: string[] = [];
    await runDetects({ ...ctx, onStep: (step) => told.push(step) });
    assert.deepEqual(told.slice(0, 2), ['host table', 'event classes']);
    assert.ok(told.includes('scans') && told.includes('scanThenConnect'), told.join(', '));
    assert.equal(told.at(-1), 'evidence, scores, links');
  } finally {
    await ctx.close();
  }
});

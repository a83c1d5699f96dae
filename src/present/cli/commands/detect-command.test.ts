import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddressBook } from '../../../core/address-book.js';
import { parseConfig } from '../../../core/config.js';
import type { EventRecord } from '../../../core/event.js';
import { alert, CLASSIC_CONFIG, MIN, probe, SEC, T0 } from '../../../analyze/detect/detect-test-kit.js';
import { DuckDBStore } from '../../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../../store/load-events.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** The CLI from source, as a user runs it (one process per command). */
function idsift(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** An inside host (scans spelling 130.85) sweeps outside, then shows a session under the MY.NET spelling. */
const EVENTS: EventRecord[] = [
  ...Array.from({ length: 15 }, (_, i) => probe(T0 + i * SEC, '130.85.9.9', 40000 + i, `198.51.100.${i + 1}`, 3389)),
  alert(T0 + 30 * MIN, 'MISC RDP session', 'MY.NET.9.9', 40100, '198.51.100.7', 3389),
];

test('idsift detect --json / score: the contract shape, overrides by any spelling, one-line errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idsift-detect-cli-'));
  try {
    const db = join(dir, 'store.duckdb');
    const configPath = join(dir, 'idsift.config.json');
    await writeFile(configPath, JSON.stringify(CLASSIC_CONFIG));
    const config = parseConfig(JSON.stringify(CLASSIC_CONFIG), configPath);
    const store = await DuckDBStore.open(db);
    await store.applyAddressBook(new AddressBook(config.address), config.addressHash);
    await loadEvents(store, EVENTS, { name: 'scans.log' });
    await store.close();
    const common = ['--db', db, '--config', configPath];

    const detect = idsift(['detect', '--json', ...common]);
    assert.equal(detect.code, 0, detect.stderr);
    const findings = JSON.parse(detect.stdout) as Record<string, unknown>[];
    assert.deepEqual(findings.map((x) => x.kind).sort(), ['horizontal-scan', 'scan-then-connect']);
    const f = findings.find((x) => x.kind === 'horizontal-scan')!;
    assert.equal(f.subject, 'MY.NET.9.9', 'the subject is the host, aliases applied');
    assert.deepEqual(Object.keys(f.severity as object).slice(0, 5), [
      'criticality',
      'lethality',
      'system',
      'network',
      'score',
    ]);
    assert.ok(Array.isArray(f.evidence) && Array.isArray(f.related));

    const scored = idsift([
      'score',
      '130.85.9.9',
      '--kind',
      'horizontal-scan',
      '--criticality',
      '5',
      '--json',
      ...common,
    ]);
    assert.equal(scored.code, 0, scored.stderr);
    const updated = JSON.parse(scored.stdout) as { severity: { criticality: number; overridden: string[] } };
    assert.equal(updated.severity.criticality, 5);
    assert.deepEqual(updated.severity.overridden, ['criticality']);

    const again = JSON.parse(idsift(['detect', '--json', ...common]).stdout) as { severity: { criticality: number } }[];
    const scan = again.find((x) => (x as unknown as { kind: string }).kind === 'horizontal-scan')!;
    assert.equal(scan.severity.criticality, 5, 'the override survives a re-run');

    const text = idsift(['detect', '--verbose', ...common]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /criticality 5 \(overridden\)/);
    assert.match(text.stdout, /scans\.log:1/);

    const bad = idsift(['score', 'MY.NET.9.9', '--lethality', '6', ...common]);
    assert.notEqual(bad.code, 0);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const badKind = idsift(['detect', '--kind', 'nope', ...common]);
    assert.notEqual(badKind.code, 0);
    assert.match(badKind.stderr, /horizontal-scan/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('idsift detect --json: a kind cut to detect.scans.maxFindings says so on each finding it kept (list), still one array', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idsift-detect-cap-'));
  try {
    const db = join(dir, 'store.duckdb');
    const configPath = join(dir, 'idsift.config.json');
    const settings = { ...CLASSIC_CONFIG, detect: { scans: { maxFindings: 2 } } };
    await writeFile(configPath, JSON.stringify(settings));
    const config = parseConfig(JSON.stringify(settings), configPath);
    const store = await DuckDBStore.open(db);
    await store.applyAddressBook(new AddressBook(config.address), config.addressHash);
    // Five outside sources each sweep 15 hosts inside; the largest two are kept.
    const sweeps = Array.from({ length: 5 }, (_, s) =>
      Array.from({ length: 15 + s }, (_, i) =>
        probe(T0 + s * MIN + i * SEC, `203.0.113.${s + 1}`, 40000 + i, `130.85.1.${i + 1}`, 445),
      ),
    ).flat();
    await loadEvents(
      store,
      sweeps.sort((a, b) => a.ts - b.ts),
      { name: 'scans.log' },
    );
    await store.close();

    const detect = idsift(['detect', '--json', '--db', db, '--config', configPath]);
    assert.equal(detect.code, 0, detect.stderr);
    const findings = JSON.parse(detect.stdout) as { kind: string; subject: string; list?: unknown }[];
    assert.ok(Array.isArray(findings), 'the contract stays one array');
    const scans = findings.filter((f) => f.kind === 'horizontal-scan');
    assert.deepEqual(scans.map((f) => f.subject).sort(), ['203.0.113.4', '203.0.113.5']);
    for (const f of scans) {
      assert.deepEqual(f.list, {
        truncated: true,
        shown: 2,
        total: 5,
        see: 'set detect.scans.maxFindings in the config (now 2; 0 keeps all)',
      });
    }
    assert.match(detect.stderr, /horizontal-scan: showing 2 of 5; to see the rest, set detect\.scans\.maxFindings/);

    // Nothing cut: no list field.
    await writeFile(configPath, JSON.stringify({ ...CLASSIC_CONFIG, detect: { scans: { maxFindings: 0 } } }));
    const all = JSON.parse(idsift(['detect', '--json', '--db', db, '--config', configPath]).stdout) as {
      kind: string;
      list?: unknown;
    }[];
    assert.equal(all.filter((f) => f.kind === 'horizontal-scan').length, 5);
    assert.ok(all.every((f) => f.list === undefined));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

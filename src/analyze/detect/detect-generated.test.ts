/**
 * End to end on generated classic log sets: every injected scenario is found, with the right
 * subject and the scenario's own values (which differ per seed: ports, tools, IP ID, TTL, period),
 * and a background-only set yields none of the story detects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressBook } from '../../core/address-book.js';
import { loadConfig } from '../../core/config.js';
import { generateClassicLogs, type GroundTruth } from '../../gen/generate-classic-logs.js';
import { ingestFiles } from '../../ingest/ingest-files.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import type { Finding } from '../finding.js';
import { runDetects } from './run-detects.js';

const MB = 3;
const STORY_KINDS = ['scan-then-connect', 'compromised-host', 'low-and-slow', 'crafted-packets'];

async function detectGenerated(
  seed: number,
  backgroundOnly = false,
): Promise<{ truth: GroundTruth; findings: Finding[] }> {
  const dir = await mkdtemp(join(tmpdir(), `idsift-detect-${seed}-`));
  try {
    let t = Date.now();
    const lap = (what: string): void => {
      if (process.env.IDSIFT_TEST_TIMING) process.stderr.write(`seed ${seed} ${what} ${Date.now() - t} ms\n`);
      t = Date.now();
    };
    const truth = await generateClassicLogs({ outDir: dir, mb: MB, seed, backgroundOnly });
    lap('generate');
    const config = loadConfig(join(dir, 'idsift.config.json'));
    const book = new AddressBook(config.address);
    const store = await DuckDBStore.open(':memory:');
    try {
      await store.applyAddressBook(book, config.addressHash);
      await ingestFiles(store, { paths: [dir] });
      lap('ingest');
      const findings = await runDetects({ store, book, config });
      lap('detect');
      return { truth, findings };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function only(findings: Finding[], kind: string): Finding {
  const found = findings.filter((f) => f.kind === kind);
  assert.equal(found.length, 1, `one ${kind}: ${JSON.stringify(found.map((f) => f.summary))}`);
  return found[0]!;
}

const ports = (text: unknown): number[] =>
  String(text ?? '')
    .split(',')
    .flatMap((p) => {
      const [a, b] = p.split('-').map(Number);
      return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
    });

for (const seed of [1, 2, 3, 4, 5]) {
  test(`detects on generated data, seed ${seed}: every injected scenario, right subject and values`, async () => {
    const { truth, findings } = await detectGenerated(seed);
    const s = truth.scenarios;

    const stc = only(findings, 'scan-then-connect');
    assert.equal(stc.subject, s.scanThenConnect!.scanner);
    assert.equal(stc.facts.sweep_port, s.scanThenConnect!.port);
    assert.equal(stc.facts.target, s.scanThenConnect!.target);
    assert.equal(stc.facts.target_port, s.scanThenConnect!.targetPort);
    assert.equal(stc.facts.swept_hosts, s.scanThenConnect!.swept.length);
    const sweep = findings.find((f) => f.kind === 'horizontal-scan' && f.subject === s.scanThenConnect!.scanner);
    assert.ok(sweep, 'the sweep itself is reported');
    assert.equal(sweep.facts.technique, 'inverse mapping');
    assert.ok(stc.linked.includes(`horizontal-scan:${stc.subject}`));

    const ch = only(findings, 'compromised-host');
    const c = s.compromised!;
    assert.equal(ch.subject, c.host);
    assert.ok(ports(ch.facts.control_ports).includes(c.controlPort), `control ${ch.facts.control_ports}`);
    assert.ok(ports(ch.facts.trojan_ports).includes(c.trojanPort), `trojan ${ch.facts.trojan_ports}`);
    for (const p of c.handlerPorts)
      assert.ok(ports(ch.facts.handler_ports).includes(p), `handler ${ch.facts.handler_ports}`);
    // Every handler peer is named; the truth's controllers are the candidates the generator drew
    // each control alert from, so at least one of them appears.
    for (const peer of c.peers) assert.ok(ch.related.includes(peer), `peer ${peer}`);
    assert.ok(
      c.controllers.some((peer) => ch.related.includes(peer)),
      'a controller',
    );
    assert.equal(ch.facts.scanned_hosts, c.scanned);
    assert.deepEqual(
      ch.chain!.map((step) => step.ts),
      [...ch.chain!.map((step) => step.ts)].sort(),
    );

    const ls = only(findings, 'low-and-slow');
    const l = s.lowSlow!;
    assert.equal(ls.subject, l.src);
    assert.equal(ls.facts.target, l.dst);
    assert.equal(ls.facts.dport, l.dport);
    assert.ok(
      Math.abs(Number(ls.facts.period_s) - l.periodSeconds) <= 5,
      `period ${ls.facts.period_s} vs ${l.periodSeconds}`,
    );
    assert.equal(ls.facts.sport_step, 256);
    assert.equal(ls.facts.first_sport, l.firstSport);
    assert.equal(ls.facts.probes, l.count);

    const cp = only(findings, 'crafted-packets');
    assert.equal(cp.subject, l.src);
    assert.equal(cp.facts.ip_id, l.ipId);
    assert.equal(cp.facts.ttl, l.ttl);
    assert.equal(cp.facts.window, l.window);
    assert.ok(cp.linked.includes(`low-and-slow:${l.src}`));

    for (const f of findings) {
      assert.ok(
        f.evidence.length > 0 && f.evidence.length <= 50,
        `${f.kind} ${f.subject}: ${f.evidence.length} evidence`,
      );
      assert.equal(
        f.severity.score,
        f.severity.criticality + f.severity.lethality - f.severity.system - f.severity.network,
      );
    }
    // The story detects carry evidence from every log kind their subject appears in.
    assert.deepEqual([...new Set(ls.evidence.map((e) => e.source))].sort(), ['alert', 'oos', 'scans']);
  });
}

test('detects on a background-only set: no story finding, its inbound sweeps reported as scans', async () => {
  const { findings } = await detectGenerated(11, true);
  assert.deepEqual(
    findings.filter((f) => STORY_KINDS.includes(f.kind)).map((f) => `${f.kind} ${f.summary}`),
    [],
  );
  assert.ok(findings.some((f) => f.kind === 'horizontal-scan'));
});

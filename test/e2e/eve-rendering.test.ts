/**
 * The same attacks seen by a modern sensor: a generated classic set is rendered as Suricata EVE
 * JSON — alerts stay alerts, each portscan-log probe becomes a scan alert (Suricata has no portscan
 * log; its scan rules alert per packet), out-of-spec packets become decoder anomalies — and the
 * detects must find the three injected scenarios in the EVE file just as in the classic logs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressBook } from '../../src/core/address-book.js';
import { loadConfig } from '../../src/core/config.js';
import { runDetects } from '../../src/analyze/detect/run-detects.js';
import { generateClassicLogs } from '../../src/gen/generate-classic-logs.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';

interface StoredEvent {
  us: number;
  source: string;
  event: string;
  src: string | null;
  sport: number | null;
  dst: string | null;
  dport: number | null;
  proto: string | null;
  ps_phase: string | null;
}

/** One stored classic event as the EVE record a Suricata sensor would have written, or null. */
function toEve(e: StoredEvent, sid: (message: string) => number): string | null {
  if (e.ps_phase !== null || e.src === null || e.dst === null) return null; // spp_portscan has no Suricata equivalent
  const timestamp = `${new Date(Math.floor(e.us / 1000)).toISOString().slice(0, 23)}${String(e.us % 1000).padStart(3, '0')}+0000`;
  const base = {
    timestamp,
    flow_id: 1_000_000_000_000_000 + e.us,
    in_iface: 'eth0',
    src_ip: e.src,
    ...(e.sport !== null ? { src_port: e.sport } : {}),
    dest_ip: e.dst,
    ...(e.dport !== null ? { dest_port: e.dport } : {}),
    proto: e.proto ?? (e.sport !== null ? 'TCP' : 'ICMP'),
  };
  const alert = (signature: string, category: string) => ({
    ...base,
    event_type: 'alert',
    alert: { action: 'allowed', gid: 1, signature_id: sid(signature), rev: 1, signature, category, severity: 2 },
  });
  if (e.source === 'alert') return JSON.stringify(alert(e.event, ''));
  if (e.source === 'scans') return JSON.stringify(alert(`ET SCAN ${e.event} probe`, 'Detection of a Network Scan'));
  return JSON.stringify({
    ...base,
    event_type: 'anomaly',
    anomaly: { type: 'decode', event: 'decoder.tcp.invalid_flags' },
  });
}

test('EVE rendering of a generated scenario: the three injected detects are found as in the classic logs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-eve-'));
  const truth = await generateClassicLogs({ outDir: dir, mb: 3, seed: 13 });
  const config = loadConfig(join(dir, 'idsift.config.json'));
  const book = new AddressBook(config.address);

  const classic = await DuckDBStore.open(':memory:');
  await classic.applyAddressBook(book, config.addressHash);
  await ingestFiles(classic, { paths: [dir] });
  const events = await classic.all<StoredEvent & Record<string, string | number | null>>(
    `SELECT epoch_us(ts) AS us, source, event, src, sport, dst, dport, proto, ps_phase FROM events ORDER BY ts, file_id, line`,
  );
  await classic.close();
  const sids = new Map<string, number>();
  const sid = (message: string): number =>
    sids.get(message) ?? (sids.set(message, 2_000_000 + sids.size), sids.size + 1_999_999);
  const lines = events.map((e) => toEve(e, sid)).filter((l): l is string => l !== null);
  const evePath = join(dir, 'eve', 'eve.json');
  mkdirSync(join(dir, 'eve'));
  writeFileSync(evePath, `${lines.join('\n')}\n`);

  const modern = await DuckDBStore.open(':memory:');
  await modern.applyAddressBook(book, config.addressHash);
  const report = await ingestFiles(modern, { paths: [evePath] });
  assert.equal(report.files[0]!.format, 'suricata-eve');
  assert.equal(report.files[0]!.rows, lines.length);
  assert.equal(report.files[0]!.quarantined, 0);

  const findings = await runDetects({ store: modern, book, config });
  const found = (kind: string, subject: string): boolean =>
    findings.some((f) => f.kind === kind && f.subject === subject);
  const { scanThenConnect, compromised, lowSlow } = truth.scenarios;
  assert.ok(scanThenConnect && compromised && lowSlow);
  assert.ok(found('scan-then-connect', scanThenConnect.scanner), 'scan then connect');
  assert.ok(found('compromised-host', compromised.host), 'compromised host');
  assert.ok(found('low-and-slow', lowSlow.src), 'low and slow');
  assert.ok(readFileSync(evePath, 'utf8').startsWith('{"timestamp":'));
  await modern.close();
});

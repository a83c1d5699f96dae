/**
 * Hand-built event sets for the detect tests: a store in memory under the classic address model
 * (`MY.NET` internal, `130.85/16` its un-sanitised spelling), events loaded one file per log kind,
 * and constructors that read like the log lines they stand for.
 */
import { AddressBook } from '../../core/address-book.js';
import { parseConfig, type IdsiftConfig } from '../../core/config.js';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import type { DetectContext } from './detect-module.js';

export const SEC = 1_000_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
/** 2004-04-20T00:00:00Z in epoch microseconds. */
export const T0 = Date.UTC(2004, 3, 20) * 1000;

export const CLASSIC_CONFIG = {
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
};

/** A store holding `events` (one file per log kind), with the classic config plus `detect` sections. */
export async function contextWith(
  events: readonly EventRecord[],
  detect: Record<string, Record<string, unknown>> = {},
): Promise<DetectContext & { close(): Promise<void> }> {
  const config: IdsiftConfig = parseConfig(JSON.stringify({ ...CLASSIC_CONFIG, detect }), 'test-config');
  const book = new AddressBook(config.address);
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(book, config.addressHash);
  const bySource = new Map<string, EventRecord[]>();
  for (const e of events) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  for (const [source, list] of bySource) {
    await loadEvents(
      store,
      [...list].sort((a, b) => a.ts - b.ts),
      { name: `${source}.log` },
    );
  }
  return { store, book, config, close: () => store.close() };
}

/** A scans-log probe: `src:sport -> dst:dport TYPE FLAGS`. */
export function probe(
  ts: number,
  src: string,
  sport: number,
  dst: string,
  dport: number,
  type = 'SYN',
  flags = 0x02,
): EventRecord {
  return type === 'UDP'
    ? { ts, source: 'scans', event: 'UDP', proto: 'UDP', src, sport, dst, dport }
    : { ts, source: 'scans', event: type, proto: 'TCP', src, sport, dst, dport, tcpFlags: flags };
}

/** A classic fast-alert line. */
export function alert(ts: number, msg: string, src: string, sport: number, dst: string, dport: number): EventRecord {
  return { ts, source: 'alert', event: msg, src, sport, dst, dport };
}

/** An spp_portscan status line in the alert file (the scanner only). */
export function portscanLine(ts: number, src: string): EventRecord {
  return {
    ts,
    source: 'alert',
    event: 'spp_portscan: portscan status',
    src,
    psPhase: 'status',
    psConnections: 5,
    psHosts: 5,
  };
}

/** An out-of-spec packet dump. */
export function packet(
  ts: number,
  src: string,
  sport: number,
  dst: string,
  dport: number,
  p: { flags: number; ttl: number; ipId: number; win?: number; df?: boolean },
): EventRecord {
  return {
    ts,
    source: 'oos',
    event: `TCP ${formatFlags(p.flags)}`,
    proto: 'TCP',
    src,
    sport,
    dst,
    dport,
    tcpFlags: p.flags,
    ttl: p.ttl,
    ipId: p.ipId,
    tcpWin: p.win ?? 1024,
    ipFlags: p.df ? 0x02 : 0,
  };
}

function formatFlags(bits: number): string {
  const chars = '12UAPRSF';
  let out = '';
  for (let i = 0; i < 8; i++) out += bits & (0x80 >> i) ? chars[i] : '*';
  return out;
}

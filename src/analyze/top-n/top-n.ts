/**
 * Top-N counts, as the practical tabulates them per address group: talkers (source addresses),
 * targeted ports (destination ports of events whose source is in the group) and signatures.
 * Aggregation runs on dictionary ids first and touches the address table only for the few
 * surviving keys.
 */
import { ALERT_SOURCES } from '../../core/event.js';
import type { SqlValue, Store } from '../../store/store.js';

export interface TopOptions {
  /** Address group of the event's source; all groups when absent. */
  group?: string;
  limit?: number;
  /** Count per host (aliases merged) instead of per address as written. */
  byHost?: boolean;
}

export interface TopEntry {
  key: string | number;
  events: number;
}

export const DEFAULT_TOP_LIMIT = 10;

/** Source-address filter on `addrs` (alias `a`): the address's group, or its host's group. */
function groupFilter(options: TopOptions, params: SqlValue[]): string {
  if (options.group === undefined) return 'TRUE';
  params.push(options.group);
  return options.byHost ? 'a.host_grp = ?' : 'a.grp = ?';
}

export async function topTalkers(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const params: SqlValue[] = [];
  const key = options.byHost ? 'a.host' : 'a.addr';
  const where = groupFilter(options, params);
  params.push(options.limit ?? DEFAULT_TOP_LIMIT);
  const rows = await store.all<{ key: string; events: number }>(
    `WITH per_src AS (SELECT src_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL GROUP BY src_id)
     SELECT ${key} AS key, sum(p.n) AS events
     FROM per_src p JOIN addrs a ON a.id = p.src_id
     WHERE ${where}
     GROUP BY ${key}
     ORDER BY events DESC, key
     LIMIT ?`,
    params,
  );
  return rows.map((r) => ({ key: r.key, events: Number(r.events) }));
}

export async function topPorts(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const params: SqlValue[] = [];
  const where = groupFilter(options, params);
  params.push(options.limit ?? DEFAULT_TOP_LIMIT);
  const rows = await store.all<{ key: number; events: number }>(
    `WITH per_src_port AS (
       SELECT src_id, dport, count(*) AS n FROM events_core WHERE dport IS NOT NULL GROUP BY src_id, dport)
     SELECT p.dport AS key, sum(p.n) AS events
     FROM per_src_port p JOIN addrs a ON a.id = p.src_id
     WHERE ${where}
     GROUP BY p.dport
     ORDER BY events DESC, key
     LIMIT ?`,
    params,
  );
  return rows.map((r) => ({ key: Number(r.key), events: Number(r.events) }));
}

export async function topSignatures(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const params: SqlValue[] = [...ALERT_SOURCES];
  const sourceList = ALERT_SOURCES.map(() => '?').join(', ');
  const where = groupFilter(options, params);
  params.push(options.limit ?? DEFAULT_TOP_LIMIT);
  const rows = await store.all<{ key: string; events: number }>(
    `WITH alert_sources AS (SELECT id FROM strings WHERE s IN (${sourceList})),
          eve_alert AS (SELECT id FROM strings WHERE s = 'alert'),
          per_sig AS (
            SELECT event_id, src_id, count(*) AS n FROM events_core
            WHERE source_id IN (SELECT id FROM alert_sources) OR event_type_id IN (SELECT id FROM eve_alert)
            GROUP BY event_id, src_id)
     SELECT s.s AS key, sum(p.n) AS events
     FROM per_sig p JOIN strings s ON s.id = p.event_id LEFT JOIN addrs a ON a.id = p.src_id
     WHERE ${where}
     GROUP BY s.s
     ORDER BY events DESC, key
     LIMIT ?`,
    params,
  );
  return rows.map((r) => ({ key: r.key, events: Number(r.events) }));
}

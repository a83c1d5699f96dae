/**
 * What kind of evidence an event is, decided on dictionary ids: the (small) `strings` table is
 * classified once per run, and the per-event tests are then plain integer comparisons that DuckDB
 * pushes into its scan of `events_core`.
 *
 * - alert: a rule alert (alert-kind sources, or EVE `event_type` alert), not an spp_portscan line;
 * - probe: a scan-log line, a packet with a flag set the RFCs forbid, or an alert that reports a
 *   scan (message/classification words);
 * - session alert: an alert that is not a probe — traffic on an open service;
 * - malware alert: an alert naming trojan or DDoS-tool traffic (flood reports excluded);
 * - portscan line: spp_portscan's detected/status/end lines, which carry only the scanner.
 */
import { ALERT_SOURCES } from '../../core/event.js';
import type { Store } from '../../store/store.js';
import {
  FLOOD_WORDS,
  MALWARE_CLASSIFICATIONS,
  MALWARE_WORDS,
  PROBE_CLASSIFICATIONS,
  PROBE_WORDS,
  wordPattern,
} from '../traffic-knowledge/malware-signatures.js';
import { illegalTcpFlagValues } from '../traffic-knowledge/tcp-flag-legality.js';
import { inIds, list, sql, type Sql } from './sql-fragment.js';
import { idLiterals } from '../../store/sql.js';

/**
 * The `events_core` columns the class tests read: select them (as `e.…`) into a narrow set of rows
 * to test the classes there instead of on every event.
 */
export const CLASS_COLUMNS = ['source_id', 'event_id', 'event_type_id', 'classification_id', 'ps_phase_id', 'tcp_flags']
  .map((c) => `e.${c}`)
  .join(', ');

export interface EventClassIds {
  scans: number[];
  alertSources: number[];
  /** Logs whose records say their own type (EVE): alerts among them have event_type `alert`. */
  eveSources: number[];
  eveAlert: number[];
  probeWords: number[];
  malwareWords: number[];
  /** Files whose records carry IP header fields (TTL, IP ID): the only ones worth a detail lookup. */
  packetFiles: number[];
}

export class EventClasses {
  /** Bit i (from the left) is 1 when flag byte i is illegal. */
  private readonly badFlagMask = bitMask(illegalTcpFlagValues(), 256);

  constructor(
    /** Dictionary id → text (the dictionary is small: names, not events). */
    private readonly names: ReadonlyMap<number, string>,
    readonly ids: EventClassIds,
  ) {}

  /** The text of a dictionary id. */
  nameOf(id: number): string | undefined {
    return this.names.get(id);
  }

  /** Classify the store's dictionary once. */
  static async load(store: Store): Promise<EventClasses> {
    const q = sql`
      SELECT id, s,
        s = 'scans' AS scans,
        s IN (${list(ALERT_SOURCES)}) AS alert_source,
        s = 'alert' AS eve_alert,
        s = 'eve' AS eve_source,
        regexp_matches(s, ${wordPattern(PROBE_WORDS)}, 'i') OR s IN (${list(PROBE_CLASSIFICATIONS)}) AS probe,
        (regexp_matches(s, ${wordPattern(MALWARE_WORDS.map((w) => w.word))}, 'i')
          AND NOT regexp_matches(s, ${FLOOD_WORDS.join('|')}, 'i'))
          OR s IN (${list(MALWARE_CLASSIFICATIONS)}) AS malware
      FROM strings`;
    const rows = await store.all<{
      id: number;
      s: string;
      scans: boolean;
      alert_source: boolean;
      eve_alert: boolean;
      eve_source: boolean;
      probe: boolean;
      malware: boolean;
    }>(q.text, q.params);
    const pick = (key: 'scans' | 'alert_source' | 'eve_alert' | 'eve_source' | 'probe' | 'malware'): number[] =>
      rows.filter((r) => r[key]).map((r) => Number(r.id));
    // --- SQL: files with packet headers (a narrow scan of two detail columns)
    const packetFiles = await store.all<{ file_id: number }>(
      'SELECT DISTINCT file_id FROM events_detail WHERE ttl IS NOT NULL OR ip_id IS NOT NULL ORDER BY file_id',
    );
    return new EventClasses(new Map(rows.map((r) => [Number(r.id), r.s])), {
      scans: pick('scans'),
      alertSources: pick('alert_source'),
      eveAlert: pick('eve_alert'),
      eveSources: pick('eve_source'),
      probeWords: pick('probe'),
      malwareWords: pick('malware'),
      packetFiles: packetFiles.map((r) => Number(r.file_id)),
    });
  }

  /** A line of the portscan log. */
  isScanLine(e = 'e'): Sql {
    return sql`${inIds(col(e, 'source_id'), this.ids.scans)}`;
  }

  /** A rule alert (not an spp_portscan status line). */
  isAlert(e = 'e'): Sql {
    // The leading test on the log kind alone lets DuckDB skip every row group of other logs.
    const kinds = [...this.ids.alertSources, ...this.ids.eveSources];
    return sql`(${inIds(col(e, 'source_id'), kinds)} AND (${inIds(col(e, 'source_id'), this.ids.alertSources)} OR coalesce(${inIds(col(e, 'event_type_id'), this.ids.eveAlert)}, false)) AND ${col(e, 'ps_phase_id')} IS NULL)`;
  }

  /** An alert whose message or classification reports a scan. */
  isProbeAlert(e = 'e'): Sql {
    return sql`(${this.isAlert(e)} AND ${this.hasProbeWords(e)})`;
  }

  /** A packet whose TCP flag set no stack sends. */
  isCraftedFlags(e = 'e'): Sql {
    // A 256-bit mask indexed by the flag byte: one lookup per row (an IN list of ~110 values costs
    // ~100 comparisons per row).
    return sql`coalesce(get_bit(${this.badFlagMask}::BIT, ${col(e, 'tcp_flags')}::INTEGER) = 1, false)`;
  }

  /** Reconnaissance: a scan-log line, a crafted-flag packet, or a scan alert. */
  isProbe(e = 'e'): Sql {
    return scanLineOr(this.isScanLine(e), sql`${this.isCraftedFlags(e)} OR ${this.isProbeAlert(e)}`);
  }

  /** An alert on traffic that is not a probe: a session with a service. */
  isSessionAlert(e = 'e'): Sql {
    return sql`(${this.isAlert(e)} AND NOT ${this.hasProbeWords(e)} AND NOT ${this.isCraftedFlags(e)})`;
  }

  /** An alert naming trojan or DDoS-tool traffic. */
  isMalwareAlert(e = 'e'): Sql {
    return sql`(${this.isAlert(e)} AND (${oneOf(col(e, 'event_id'), this.ids.malwareWords)} OR coalesce(${oneOf(col(e, 'classification_id'), this.ids.malwareWords)}, false)))`;
  }

  /** Message or classification words of a scan report (null-safe). */
  private hasProbeWords(e: string): Sql {
    return sql`(${oneOf(col(e, 'event_id'), this.ids.probeWords)} OR coalesce(${oneOf(col(e, 'classification_id'), this.ids.probeWords)}, false))`;
  }

  /** Something the sensor flagged (an alert or a probe), as opposed to flow/protocol records of modern sensors. */
  isFlagged(e = 'e'): Sql {
    return scanLineOr(
      this.isScanLine(e),
      sql`${this.isAlert(e)} OR ${this.isCraftedFlags(e)} OR ${this.isProbeAlert(e)}`,
    );
  }

  /** An spp_portscan detected/status/end line (the scanner is the source; there is no destination). */
  isPortscanLine(e = 'e'): Sql {
    return sql`${col(e, 'ps_phase_id')} IS NOT NULL`;
  }
}

/**
 * `scanLine OR rest`, with `rest` worked out only for the rows that are not scan lines (nine in ten
 * events of a classic set are): DuckDB evaluates every operand of an OR for every row, and `rest`
 * costs five times what the scan test does. Exact, as `scanLine` is never null.
 */
function scanLineOr(scanLine: Sql, rest: Sql): Sql {
  return sql`(CASE WHEN ${scanLine} THEN true ELSE (${rest}) END)`;
}

/**
 * `expr IN (ids)` (null for a null `expr`) for the longer id lists of event and classification
 * ids: DuckDB plans a literal IN list of more than a few values as a join of every row with the
 * list, and `list_contains` costs a fraction of it.
 */
function oneOf(expr: Sql, ids: readonly number[]): Sql {
  if (ids.length <= 1) return inIds(expr, ids);
  return { text: `list_contains([${idLiterals(ids)}], ${expr.text})`, params: [...expr.params] };
}

/** `alias.column`; aliases come from analysis code, never from data. */
function col(alias: string, column: string): Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`bad table alias ${alias}`);
  return { text: `${alias}.${column}`, params: [] };
}

/** A BIT string literal of `size` bits with the given positions set. */
function bitMask(positions: readonly number[], size: number): string {
  const bits = new Array<string>(size).fill('0');
  for (const p of positions) bits[p] = '1';
  return bits.join('');
}

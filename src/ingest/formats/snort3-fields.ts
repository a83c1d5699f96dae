/**
 * Snort 3's alert field names (`alert_csv.cc` / `alert_json.cc`, docs/FORMATS.md §4.2), shared by its
 * CSV and JSON loggers, mapped to event columns. Fields without a column (`pkt_num`, `dir`,
 * `service`, `ip_len` — the IP payload length, not a header field —, eth_*, …) go to `raw`.
 */
import { U16, U32, U8, type FieldRule } from './alert-fields.js';

export const SNORT3_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  action: { kind: 'text', key: 'action' },
  class: { kind: 'text', key: 'classification' },
  b64_data: { kind: 'base64' },
  // An older name of the datagram length (one early default list has it instead of pkt_len).
  dgm_len: { kind: 'number', key: 'dgmLen', max: U16 },
  dst_addr: { kind: 'address', key: 'dst' },
  dst_ap: { kind: 'address-port', key: 'dst' },
  dst_port: { kind: 'number', key: 'dport', max: U16 },
  gid: { kind: 'number', key: 'gid', max: U32 },
  icmp_code: { kind: 'number', key: 'icmpCode', max: U8 },
  icmp_type: { kind: 'number', key: 'icmpType', max: U8 },
  iface: { kind: 'text', key: 'iface' },
  ip_id: { kind: 'number', key: 'ipId', max: U16 },
  msg: { kind: 'text', key: 'event' },
  priority: { kind: 'number', key: 'priority', max: U32 },
  proto: { kind: 'text', key: 'proto' },
  rev: { kind: 'number', key: 'rev', max: U32 },
  rule: { kind: 'rule' },
  seconds: { kind: 'seconds' },
  sid: { kind: 'number', key: 'sid', max: U32 },
  src_addr: { kind: 'address', key: 'src' },
  src_ap: { kind: 'address-port', key: 'src' },
  src_port: { kind: 'number', key: 'sport', max: U16 },
  tcp_ack: { kind: 'number', key: 'tcpAck', max: U32 },
  tcp_flags: { kind: 'tcp-flags' },
  tcp_len: { kind: 'number', key: 'tcpLen', max: U16 },
  tcp_seq: { kind: 'number', key: 'tcpSeq', max: U32 },
  tcp_win: { kind: 'number', key: 'tcpWin', max: U16 },
  timestamp: { kind: 'timestamp' },
  tos: { kind: 'number', key: 'tos', max: U8 },
  ttl: { kind: 'number', key: 'ttl', max: U8 },
  udp_len: { kind: 'number', key: 'udpLen', max: U16 },
};

/** The default `fields` of alert_csv and alert_json. */
export const SNORT3_DEFAULT_FIELDS: readonly string[] = [
  'timestamp',
  'pkt_num',
  'proto',
  'pkt_gen',
  'pkt_len',
  'dir',
  'src_ap',
  'dst_ap',
  'rule',
  'action',
];

/** The default of early Snort 3 alert_csv. */
export const SNORT3_OLD_DEFAULT_FIELDS: readonly string[] = [
  'timestamp',
  'gid',
  'sid',
  'rev',
  'src_addr',
  'src_port',
  'dst_addr',
  'dst_port',
];

/**
 * Snort 2 `alert_csv` (docs/FORMATS.md §4.1, `spo_csv.c`): no header, `,` between fields, empty when
 * not applicable, `msg` quoted with backslash escapes, the timestamp with Snort's trailing space.
 * The field list is DEFAULT_CSV unless `--fields` gives the one from the sensor's
 * `output alert_csv: <file> <fields>` line.
 */
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { newEndpoint } from './snort-endpoint.js';
import { applyAlertField, finishAlertDraft, newAlertDraft, U16, U32, U8, type FieldRule } from './alert-fields.js';
import { problemResult } from './problem-result.js';
import { splitCsvFields } from './split-csv-fields.js';
import { trimmedEnd } from './text-cursor.js';
import { createEpochResolver } from './wall-time.js';

export const snortCsv: LogFormat = {
  name: 'snort-csv',
  source: 'csv',
  description: 'Snort 2 alert_csv lines (DEFAULT_CSV fields, or --fields)',
  sniff: sniffSnortCsv,
  createParser: createSnortCsvParser,
};

/** Snort 2.9's DEFAULT_CSV, in order. (`tcpln` matches no keyword in spo_csv, so it is always empty.) */
export const DEFAULT_CSV_FIELDS: readonly string[] = [
  'timestamp',
  'sig_generator',
  'sig_id',
  'sig_rev',
  'msg',
  'proto',
  'src',
  'srcport',
  'dst',
  'dstport',
  'ethsrc',
  'ethdst',
  'ethlen',
  'tcpflags',
  'tcpseq',
  'tcpack',
  'tcpln',
  'tcpwindow',
  'ttl',
  'tos',
  'id',
  'dgmlen',
  'iplen',
  'icmptype',
  'icmpcode',
  'icmpid',
  'icmpseq',
];

/** spo_csv keywords with an event column; the rest (eth*, icmpid, icmpseq, trheader) go to `raw`. */
const RULES: Readonly<Record<string, FieldRule>> = {
  timestamp: { kind: 'timestamp' },
  sig_generator: { kind: 'number', key: 'gid', max: U32 },
  sig_id: { kind: 'number', key: 'sid', max: U32 },
  sig_rev: { kind: 'number', key: 'rev', max: U32 },
  msg: { kind: 'text', key: 'event' },
  proto: { kind: 'text', key: 'proto' },
  src: { kind: 'address', key: 'src' },
  srcport: { kind: 'number', key: 'sport', max: U16 },
  dst: { kind: 'address', key: 'dst' },
  dstport: { kind: 'number', key: 'dport', max: U16 },
  tcpflags: { kind: 'tcp-flags' },
  tcpseq: { kind: 'number', key: 'tcpSeq', max: U32 },
  tcpack: { kind: 'number', key: 'tcpAck', max: U32 },
  tcpln: { kind: 'number', key: 'tcpLen', max: U16 },
  tcplen: { kind: 'number', key: 'tcpLen', max: U16 },
  tcpwindow: { kind: 'number', key: 'tcpWin', max: U16 },
  ttl: { kind: 'number', key: 'ttl', max: U8 },
  tos: { kind: 'number', key: 'tos', max: U8 },
  id: { kind: 'number', key: 'ipId', max: U16 },
  dgmlen: { kind: 'number', key: 'dgmLen', max: U16 },
  iplen: { kind: 'number', key: 'ipLen', max: U16 },
  icmptype: { kind: 'number', key: 'icmpType', max: U8 },
  icmpcode: { kind: 'number', key: 'icmpCode', max: U8 },
  udplength: { kind: 'number', key: 'udpLen', max: U16 },
};

const SKIP: ParseResult = { kind: 'skip' };

function createSnortCsvParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const endpoint = newEndpoint(ctx.textPrefixes);
  const option = ctx.options?.fields;
  const fields = option ? option.split(/[\s,]+/).filter((f) => f.length > 0) : DEFAULT_CSV_FIELDS;
  const rules = fields.map((name) => (Object.hasOwn(RULES, name.toLowerCase()) ? RULES[name.toLowerCase()] : undefined));
  const toEpoch = createEpochResolver(ctx);

  return (record) => {
    if (trimmedEnd(record.text) === 0) return SKIP;
    const values = splitCsvFields(record.text);
    if (values === null) return problemResult('no_match', 'unterminated or misplaced quote');
    if (values.length !== fields.length) {
      const hint = option ? '' : ' (use --fields to give the sensor’s alert_csv field list)';
      return problemResult('no_match', `${values.length} fields, expected ${fields.length}${hint}`);
    }
    const draft = newAlertDraft('csv', endpoint);
    for (let i = 0; i < values.length; i++) {
      const bad = applyAlertField(fields[i]!, rules[i], values[i], draft);
      if (bad !== null) return problemResult(rules[i]?.kind === 'timestamp' ? 'bad_timestamp' : 'bad_field', bad);
    }
    return finishAlertDraft(draft, toEpoch);
  };
}

const CSV_START = /^\d\d\/\d\d(\/\d\d)?-\d\d:\d\d:\d\d(\.\d+)? ?,/;

/**
 * Snort 2 CSV lines start with a Snort timestamp and a comma — with the space ts_print leaves
 * (Snort 3 CSV has none), or at least followed by numeric gid,sid,rev and a quoted msg.
 */
function sniffSnortCsv(head: readonly string[]): number {
  if (head.length === 0) return 0;
  let score = 0;
  for (const line of head) {
    const m = CSV_START.exec(line);
    if (m === null) continue;
    if (m[0].endsWith(' ,')) score += 0.95;
    else if (/^[^,]*,\d+,\d+,\d+,"/.test(line)) score += 0.8;
  }
  return score / head.length;
}

/**
 * Snort 3 `alert_csv` (docs/FORMATS.md §4.2): no header, `, ` (or a configured `,`) between fields,
 * msg printed with the quotes of the rule text. Fields are Snort 3's default list —
 * `timestamp pkt_num proto pkt_gen pkt_len dir src_ap dst_ap rule action`, or the older
 * `timestamp gid sid rev src_addr src_port dst_addr dst_port`, told apart by their count — or the
 * list given with `--fields`.
 */
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { newEndpoint } from './snort-endpoint.js';
import { applyAlertField, finishAlertDraft, newAlertDraft, type FieldRule } from './alert-fields.js';
import { problemResult } from './problem-result.js';
import { splitCsvFields } from './split-csv-fields.js';
import { SNORT3_DEFAULT_FIELDS, SNORT3_FIELD_RULES, SNORT3_OLD_DEFAULT_FIELDS } from './snort3-fields.js';
import { trimmedEnd } from './text-cursor.js';
import { createEpochResolver } from './wall-time.js';

export const snort3Csv: LogFormat = {
  name: 'snort3-csv',
  source: 'snort3',
  description: 'Snort 3 alert_csv lines (default fields, or --fields)',
  sniff: sniffSnort3Csv,
  createParser: createSnort3CsvParser,
};

const SKIP: ParseResult = { kind: 'skip' };

interface FieldList {
  names: readonly string[];
  rules: readonly (FieldRule | undefined)[];
}

function fieldList(names: readonly string[]): FieldList {
  return { names, rules: names.map((name) => (Object.hasOwn(SNORT3_FIELD_RULES, name) ? SNORT3_FIELD_RULES[name] : undefined)) };
}

const DEFAULTS = new Map([SNORT3_DEFAULT_FIELDS, SNORT3_OLD_DEFAULT_FIELDS].map((names) => [names.length, fieldList(names)]));

function createSnort3CsvParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const endpoint = newEndpoint(ctx.textPrefixes);
  const option = ctx.options?.fields;
  // Snort 3 configs list fields with spaces; `--fields` takes commas: accept both.
  const given = option ? fieldList(option.split(/[\s,]+/).filter((f) => f.length > 0).map((f) => f.toLowerCase())) : undefined;
  const toEpoch = createEpochResolver(ctx);

  return (record) => {
    if (trimmedEnd(record.text) === 0) return SKIP;
    const values = splitCsvFields(record.text);
    if (values === null) return problemResult('no_match', 'unterminated or misplaced quote');
    const fields = given ?? DEFAULTS.get(values.length);
    if (fields === undefined || fields.names.length !== values.length) {
      const expected = given ? `${given.names.length}` : [...DEFAULTS.keys()].join(' or ');
      const hint = given ? '' : ' (use --fields to give the sensor’s alert_csv fields)';
      return problemResult('no_match', `${values.length} fields, expected ${expected}${hint}`);
    }
    const draft = newAlertDraft('snort3', endpoint);
    for (let i = 0; i < values.length; i++) {
      const rule = fields.rules[i];
      const bad = applyAlertField(fields.names[i]!, rule, values[i], draft);
      if (bad !== null) return problemResult(rule?.kind === 'timestamp' ? 'bad_timestamp' : 'bad_field', bad);
    }
    return finishAlertDraft(draft, toEpoch);
  };
}

/** Snort 3 timestamps have no trailing space, so the comma follows at once (Snort 2 CSV: `ts ,`). */
const CSV_START = /^(\d\d\/\d\d(\/\d\d)?-\d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+),/;

function sniffSnort3Csv(head: readonly string[]): number {
  if (head.length === 0) return 0;
  let hits = 0;
  for (const line of head) {
    // A quoted msg right after numeric gid,sid,rev is Snort 2's DEFAULT_CSV that lost its space.
    if (CSV_START.test(line) && !/^[^,]*,\d+,\d+,\d+,"/.test(line)) hits++;
  }
  return (0.85 * hits) / head.length;
}

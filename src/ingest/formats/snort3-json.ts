/**
 * Snort 3 `alert_json` (docs/FORMATS.md §4.2): one object a line, with whatever subset of fields the
 * sensor's `alert_json.fields` chose — `{ "timestamp" : "08/06-22:10:47.395530", "pkt_num" : 4,
 * "proto" : "TCP", …, "src_ap" : "10.1.2.3:47394", …, "rule" : "1:1:0", "action" : "allow" }`.
 * The whole record is kept in `raw`.
 */
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { newEndpoint } from './snort-endpoint.js';
import { applyAlertField, finishAlertDraft, newAlertDraft } from './alert-fields.js';
import { problemResult } from './problem-result.js';
import { SNORT3_FIELD_RULES } from './snort3-fields.js';
import { trimmedEnd } from './text-cursor.js';
import { createEpochResolver } from './wall-time.js';

export const snort3Json: LogFormat = {
  name: 'snort3-json',
  source: 'snort3',
  description: 'Snort 3 alert_json lines (any field subset)',
  sniff: sniffSnort3Json,
  createParser: createSnort3JsonParser,
};

const SKIP: ParseResult = { kind: 'skip' };

function createSnort3JsonParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const endpoint = newEndpoint(ctx.textPrefixes);
  const toEpoch = createEpochResolver(ctx);
  return (record) => {
    const text = record.text;
    if (trimmedEnd(text) === 0) return SKIP;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return problemResult('bad_json', `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return problemResult('bad_json', 'not a JSON object');
    const draft = newAlertDraft('snort3', endpoint);
    for (const [name, field] of Object.entries(value)) {
      const rule = Object.hasOwn(SNORT3_FIELD_RULES, name) ? SNORT3_FIELD_RULES[name] : undefined;
      const bad = applyAlertField(name, rule, field, draft);
      if (bad !== null) return problemResult(rule?.kind === 'timestamp' ? 'bad_timestamp' : 'bad_field', bad);
    }
    return finishAlertDraft(draft, toEpoch, text);
  };
}

/** A Snort-style timestamp value (`MM/DD-…`, `MM/DD/YY-…`, `YYYY-MM-DD hh…`), unlike EVE's ISO `…T…`. */
const SNORT_TIME_VALUE = /"timestamp"\s*:\s*"(\d\d\/\d\d[-/]|\d{4}-\d\d-\d\d )/;
const SNORT3_KEYS = /"(src_ap|dst_ap|rule|pkt_num|pkt_gen|pkt_len)"\s*:/;

/** JSON lines without EVE's `event_type`, with Snort 3's timestamp form or its field names. */
function sniffSnort3Json(head: readonly string[]): number {
  if (head.length === 0) return 0;
  let score = 0;
  for (const line of head) {
    if (!line.trimStart().startsWith('{') || line.includes('"event_type"')) continue;
    const time = SNORT_TIME_VALUE.test(line);
    const keys = SNORT3_KEYS.test(line);
    score += time && keys ? 0.95 : time || keys ? 0.75 : 0;
  }
  return score / head.length;
}

/** Snort 3 alert_json edge cases beyond formats/snort3-json.json: absent values and hostile keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YearTracker, ZoneClock } from '../../core/time.js';
import type { EventRecord } from '../../core/event.js';
import type { ParseResult } from '../format.js';
import { snort3Json } from './snort3-json.js';

function parse(text: string): ParseResult {
  return snort3Json.createParser({ file: 't', years: new YearTracker(2019), clock: new ZoneClock('UTC') })({ text, line: 1 });
}

function parsed(text: string): EventRecord {
  const result = parse(text);
  assert.equal(result.kind, 'parsed', JSON.stringify(result));
  return (result as { event: EventRecord }).event;
}

const ICMP = '{ "timestamp" : "08/06-22:10:49.000000", "proto" : "ICMP", "src_ap" : "10.1.1.1:0", "dst_ap" : "10.1.1.2:0", "class" : "none", "rule" : "1:2:3" }';

const absentCases: { name: string; input: string; expected: (keyof EventRecord)[] }[] = [
  { name: 'ICMP: the 0 ports of *_ap and class "none" are absent', input: ICMP, expected: ['sport', 'dport', 'classification'] },
  { name: 'no msg: the rule id stands in, no payload', input: ICMP, expected: ['payload', 'action'] },
];

for (const { name, input, expected } of absentCases) {
  test(`snort3-json: ${name}`, () => {
    const event = parsed(input);
    for (const key of expected) assert.equal(event[key], undefined, key);
  });
}

test('snort3-json: a TCP port 0 from *_ap is kept (it is a real port there)', () => {
  assert.equal(parsed('{ "timestamp" : "08/06-22:10:49.000000", "proto" : "TCP", "src_ap" : "10.1.1.1:0", "rule" : "1:2:3" }').sport, 0);
});

test('snort3-json: a "__proto__" field is data, not a prototype', () => {
  const event = parsed('{ "timestamp" : "08/06-22:10:49.000000", "__proto__" : { "polluted" : 1 }, "rule" : "1:2:3" }');
  assert.equal(event.sid, 2);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

const problemCases: { name: string; input: string; expected: string }[] = [
  { name: 'a number where text belongs', input: '{ "timestamp" : "08/06-22:10:49.000000", "src_ap" : 17 }', expected: 'bad_field' },
  { name: 'a negative port', input: '{ "timestamp" : "08/06-22:10:49.000000", "src_port" : -1 }', expected: 'bad_field' },
  { name: 'a fractional ttl', input: '{ "timestamp" : "08/06-22:10:49.000000", "ttl" : 1.5 }', expected: 'bad_field' },
  { name: 'bad base64', input: '{ "timestamp" : "08/06-22:10:49.000000", "b64_data" : "!!" }', expected: 'bad_field' },
  { name: 'a JSON array', input: '[1, 2]', expected: 'bad_json' },
];

for (const { name, input, expected } of problemCases) {
  test(`snort3-json problem: ${name}`, () => {
    const result = parse(input);
    assert.equal(result.kind === 'problem' && result.problem.code, expected, JSON.stringify(result));
  });
}

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  {
    name: 'default fields',
    input: ['{ "timestamp" : "08/06-22:10:47.395530", "pkt_num" : 4, "proto" : "TCP", "src_ap" : "10.1.2.3:47394", "rule" : "1:1:0" }'],
    expected: 0.95,
  },
  { name: 'only a timestamp field', input: ['{ "timestamp" : "08/06-22:10:47.395530", "msg" : "x" }'], expected: 0.75 },
  { name: 'Suricata EVE', input: ['{"timestamp":"2016-07-13T22:42:07.573103+0000","event_type":"alert","src_ip":"1.2.3.4"}'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort3-json sniff: ${name}`, () => assert.equal(snort3Json.sniff(input), expected));
}

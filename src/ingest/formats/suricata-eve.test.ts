/**
 * EVE edge cases the one-record samples (formats/suricata-eve.json) cannot show: whole files with
 * broken records, timestamps in every offset form, flow_id exactness, descriptions, sniffing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFromMicros, YearTracker, ZoneClock } from '../../core/time.js';
import type { EventRecord } from '../../core/event.js';
import type { ParseResult, RawRecord } from '../format.js';
import { parseEveTimestamp, suricataEve } from './suricata-eve.js';

function run(text: string, zone = 'UTC'): ParseResult[] {
  const parse = suricataEve.createParser({ file: 't', years: new YearTracker(2016), clock: new ZoneClock(zone) });
  const assembler = suricataEve.createAssembler!();
  const records: RawRecord[] = [];
  text.split('\n').forEach((line, i) => records.push(...assembler.push(line, i + 1)));
  records.push(...assembler.finish());
  return records.map(parse);
}

function only(text: string): EventRecord {
  const [result] = run(text);
  assert.equal(result?.kind, 'parsed', JSON.stringify(result));
  return (result as { event: EventRecord }).event;
}

const timestampCases: { name: string; input: string; expected: string | null }[] = [
  { name: '+0000 with microseconds', input: '2016-07-13T22:42:07.573103+0000', expected: '2016-07-13T22:42:07.573Z' },
  { name: 'negative offset', input: '2015-03-29T11:01:38.221126-0600', expected: '2015-03-29T17:01:38.221Z' },
  { name: 'offset with a colon', input: '2016-07-13T22:42:07.5+02:00', expected: '2016-07-13T20:42:07.500Z' },
  { name: 'Z', input: '2016-07-13T22:42:07Z', expected: '2016-07-13T22:42:07.000Z' },
  { name: 'nanoseconds are cut to microseconds', input: '2016-07-13T22:42:07.123456789+0000', expected: '2016-07-13T22:42:07.123Z' },
  { name: 'offset crossing midnight backwards', input: '2016-01-01T00:30:00.000000+0100', expected: '2015-12-31T23:30:00.000Z' },
  { name: 'no T', input: '2016-07-13 22:42:07.573103+0000', expected: '2016-07-13T22:42:07.573Z' },
  { name: 'hour 24', input: '2016-07-13T24:00:00.000000+0000', expected: null },
  { name: 'offset hour 25', input: '2016-07-13T22:42:07.573103+2500', expected: null },
  { name: 'junk after the offset', input: '2016-07-13T22:42:07.573103+0000x', expected: null },
  { name: 'a dot with no digits', input: '2016-07-13T22:42:07.+0000', expected: null },
  { name: 'date only', input: '2016-07-13', expected: null },
  { name: 'empty', input: '', expected: null },
];

for (const { name, input, expected } of timestampCases) {
  test(`parseEveTimestamp: ${name}`, () => {
    const micros = parseEveTimestamp(input, new ZoneClock('UTC'));
    assert.equal(Number.isNaN(micros) ? null : isoFromMicros(micros), expected);
  });
}

test('parseEveTimestamp: a zone-less timestamp is read in the file’s --tz zone', () => {
  const micros = parseEveTimestamp('2016-07-13T22:42:07.000000', new ZoneClock('Europe/Berlin'));
  assert.equal(isoFromMicros(micros), '2016-07-13T20:42:07.000Z');
});

const flowIdCases: { name: string; input: string; expected: string | undefined }[] = [
  { name: 'above 2^53, compact', input: '{"timestamp":"2016-07-13T22:42:07Z","flow_id":9007199254740993,"event_type":"flow"}', expected: '9007199254740993' },
  { name: 'above 2^53, spaced', input: '{"timestamp": "2016-07-13T22:42:07Z", "flow_id" : 18446744073709551615, "event_type": "flow"}', expected: '18446744073709551615' },
  {
    name: 'the same key text inside a string value is not taken',
    input: '{"timestamp":"2016-07-13T22:42:07Z","note":"\\"flow_id\\":5","x":{"flow_id":7},"flow_id":1234567890123456789,"event_type":"flow"}',
    expected: '1234567890123456789',
  },
  { name: 'written as a string', input: '{"timestamp":"2016-07-13T22:42:07Z","flow_id":"1234567890123456789","event_type":"flow"}', expected: '1234567890123456789' },
  { name: 'absent', input: '{"timestamp":"2016-07-13T22:42:07Z","event_type":"stats"}', expected: undefined },
];

for (const { name, input, expected } of flowIdCases) {
  test(`flow_id: ${name}`, () => assert.equal(only(input).flowId, expected));
}

test('flow_id: a negative value is a bad field', () => {
  const [result] = run('{"timestamp":"2016-07-13T22:42:07Z","flow_id":-1,"event_type":"flow"}');
  assert.equal(result?.kind === 'problem' && result.problem.code, 'bad_field');
});

const describeCases: { name: string; input: object; expected: string }[] = [
  { name: 'dns v2 answer', input: { event_type: 'dns', dns: { version: 2, type: 'answer', rrname: 'a.example', answers: [] } }, expected: 'dns answer a.example' },
  { name: 'dns v3 request', input: { event_type: 'dns', dns: { version: 3, type: 'request', queries: [{ rrname: 'b.example' }] } }, expected: 'dns request b.example' },
  { name: "an alert's dns.query list", input: { event_type: 'dns', dns: { query: [{ type: 'query', rrname: 'c.example' }] } }, expected: 'dns query c.example' },
  { name: 'alert without signature', input: { event_type: 'alert', alert: { gid: 1, signature_id: 5, rev: 2 } }, expected: 'alert [1:5:2]' },
  { name: "alert with Suricata's (null) signature", input: { event_type: 'alert', alert: { gid: 1, signature_id: 6, rev: 1, signature: '(null)' } }, expected: 'alert [1:6:1]' },
  { name: 'anomaly with a type only', input: { event_type: 'anomaly', anomaly: { type: 'stream' } }, expected: 'anomaly: stream' },
  { name: 'flow without state', input: { event_type: 'flow', flow: {} }, expected: 'flow' },
  { name: 'http without method', input: { event_type: 'http', http: { hostname: 'h', url: '/u' } }, expected: 'http h/u' },
  { name: 'tls without sni falls back to the version', input: { event_type: 'tls', tls: { version: 'TLS 1.3' } }, expected: 'tls TLS 1.3' },
  { name: 'other kinds use their own type word', input: { event_type: 'dnp3', dnp3: { type: 'request' } }, expected: 'dnp3 request' },
  { name: 'other kinds without one', input: { event_type: 'stats', stats: { uptime: 5 } }, expected: 'stats' },
];

for (const { name, input, expected } of describeCases) {
  test(`event description: ${name}`, () => {
    assert.equal(only(JSON.stringify({ timestamp: '2016-07-13T22:42:07Z', ...input })).event, expected);
  });
}

test('a pretty array with a cut-off middle record: the others still parse', () => {
  const text = [
    '[',
    '  {',
    '    "timestamp": "2016-07-13T22:42:07.000001+0000",',
    '    "event_type": "alert"',
    '  },',
    '  {',
    '    "timestamp": "2016-07-13T22:42:08.000001+0000",',
    '  {',
    '    "timestamp": "2016-07-13T22:42:09.000001+0000",',
    '    "event_type": "flow"',
    '  }',
    ']',
  ].join('\n');
  assert.deepEqual(
    run(text).map((r) => (r.kind === 'parsed' ? r.event.eventType : r.kind === 'problem' ? r.problem.code : r.kind)),
    ['alert', 'bad_json', 'flow'],
  );
});

test('raw keeps the record text as written', () => {
  const text = '{"timestamp":"2016-07-13T22:42:07Z","event_type":"flow","flow_id":18446744073709551615}';
  assert.equal(only(text).raw, text);
});

test('a JSON array or number where an object belongs is bad JSON, not a crash', () => {
  const parse = suricataEve.createParser({ file: 't', years: new YearTracker(2016), clock: new ZoneClock('UTC') });
  for (const text of ['[1,2]', '42', 'null', '"x"']) {
    const result = parse({ text, line: 1 });
    assert.equal(result.kind === 'problem' && result.problem.code, 'bad_json', text);
  }
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'NDJSON', input: ['{"timestamp":"2016-07-13T22:42:07.573103+0000","flow_id":1,"event_type":"alert"}'], expected: 0.95 },
  { name: 'pretty array head', input: ['[', '  {', '    "timestamp": "2015-03-29T11:01:38.221126-0600",', '    "event_type": "alert",'], expected: 0.95 },
  { name: 'Snort 3 alert_json', input: ['{ "timestamp" : "08/06-22:10:47.395530", "rule" : "1:1:0" }'], expected: 0 },
  { name: 'other JSON', input: ['{"level":"info","msg":"hello"}'], expected: 0 },
  { name: 'fast.log', input: ['07/13/2016-22:42:07.573103  [**] [1:2:7] x [**] [Priority: 2] {TCP} 1.2.3.4:1 -> 5.6.7.8:2'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`sniff: ${name}`, () => assert.equal(suricataEve.sniff(input), expected));
}

test("an alert's (null) category is no classification", () => {
  const event = only(
    JSON.stringify({ timestamp: '2016-07-13T22:42:07Z', event_type: 'alert', alert: { signature_id: 6, signature: '(null)', category: '(null)' } }),
  );
  assert.equal(event.classification, undefined);
  assert.equal(event.event, 'alert [1:6:0]');
});

/**
 * `src_ip` / `dest_ip` get the address check the classic formats use: an IPv4 quad, IPv6, or a
 * sanitised spelling (`MY.NET.1.2`, a configured prefix, `xxx.xxx.xxx.xxx`); anything else is a bad
 * field, quarantined with its line, not stored as a host.
 */
const addressCases: { name: string; field: string; value: unknown; prefixes?: string[]; expected: string | null }[] = [
  { name: 'IPv4', field: 'src_ip', value: '10.0.0.1', expected: '10.0.0.1' },
  { name: 'IPv6 compressed', field: 'dest_ip', value: '2001:db8::1', expected: '2001:db8::1' },
  { name: 'IPv6 expanded', field: 'src_ip', value: '2001:0db8:0000:0000:0000:0000:0000:0001', expected: '2001:0db8:0000:0000:0000:0000:0000:0001' },
  { name: 'IPv6 with a zone', field: 'src_ip', value: 'fe80::1%eth0', expected: 'fe80::1%eth0' },
  { name: 'sanitised MY.NET', field: 'src_ip', value: 'MY.NET.1.2', expected: 'MY.NET.1.2' },
  { name: 'obfuscated quad', field: 'dest_ip', value: 'xxx.xxx.xxx.xxx', expected: 'xxx.xxx.xxx.xxx' },
  { name: 'a configured prefix', field: 'src_ip', value: 'CORP.7.1', prefixes: ['MY.NET', 'CORP'], expected: 'CORP.7.1' },
  { name: 'empty is no address', field: 'src_ip', value: '', expected: null },
  { name: 'a format string left in', field: 'src_ip', value: '1%s30.85.17.9', expected: 'bad_field' },
  { name: 'an octet past 255', field: 'dest_ip', value: '10.0.0.256', expected: 'bad_field' },
  { name: 'three octets', field: 'src_ip', value: '10.0.1', expected: 'bad_field' },
  { name: 'a host name', field: 'dest_ip', value: 'example.com', expected: 'bad_field' },
  { name: 'an address with a port', field: 'src_ip', value: '10.0.0.1:80', expected: 'bad_field' },
  { name: 'an unconfigured prefix', field: 'src_ip', value: 'CORP.7.1', expected: 'bad_field' },
  { name: 'a number', field: 'src_ip', value: 167772161, expected: 'bad_field' },
];

for (const { name, field, value, prefixes, expected } of addressCases) {
  test(`${field}: ${name}`, () => {
    const parse = suricataEve.createParser({
      file: 't',
      years: new YearTracker(2016),
      clock: new ZoneClock('UTC'),
      ...(prefixes ? { textPrefixes: prefixes } : {}),
    });
    const result = parse({ text: JSON.stringify({ timestamp: '2016-07-13T22:42:07Z', event_type: 'flow', [field]: value }), line: 3 });
    if (expected === 'bad_field') {
      assert.equal(result.kind === 'problem' && result.problem.code, 'bad_field', JSON.stringify(result));
      return;
    }
    assert.equal(result.kind, 'parsed', JSON.stringify(result));
    const event = (result as { event: EventRecord }).event;
    assert.equal(field === 'src_ip' ? event.src : event.dst, expected ?? undefined);
  });
}

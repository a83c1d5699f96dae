/**
 * The EVE fast lane against the EVE parser (checkFastLane): every record it takes must come out
 * exactly as the parser has it — raw text included, which the lane copies from the file's bytes —
 * and everything that is not one valid record a line must be declined untouched. Over the real
 * Suricata samples, hand-made corners of JSON, every truncation and seeded mutations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkFastLane, type FastLaneCheck } from '../fast-lane-check.js';
import { mutate, prng } from '../mutate-lines.js';
import { createJsonRecordAssembler } from './json-record-assembler.js';
import { suricataEve } from './suricata-eve.js';

const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/samples/', import.meta.url));

/** checkFastLane padded to a line count its decoder can view (see snort-scans-fast-lane.test.ts). */
function check(lines: readonly string[]): FastLaneCheck {
  const padded = [...lines];
  while ((padded.length + 1) % 4 !== 0) padded.push('');
  return { ...checkFastLane(suricataEve, padded, 2016, 'UTC'), lines: lines.length };
}

/** A record's text on one line: whitespace outside strings dropped, every token kept as written. */
function oneLine(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i]!;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') out += c;
  }
  return out;
}

/** Every EVE record of the shared samples, one a line (pretty-printed arrays are flattened). */
function sampleRecords(): string[] {
  const records: string[] = [];
  for (const dir of ['suricata-verify', 'suricata-sample-data']) {
    for (const name of readdirSync(`${SAMPLES}${dir}`).sort()) {
      if (!name.endsWith('.json')) continue;
      const assembler = createJsonRecordAssembler();
      const lines = readFileSync(`${SAMPLES}${dir}/${name}`, 'utf8').split('\n');
      lines.forEach((line, i) => records.push(...assembler.push(line, i + 1).map((r) => oneLine(r.text))));
      records.push(...assembler.finish().map((r) => oneLine(r.text)));
    }
  }
  return records;
}

test('every EVE record of the shared samples takes the lane and comes out as the parser has it', () => {
  assert.ok(existsSync(SAMPLES), `real sensor samples missing at ${SAMPLES}`);
  const records = sampleRecords();
  assert.ok(records.length >= 600, `${records.length} records`);
  const result = check(records);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.accepted, records.length);
});

const T = '"timestamp":"2016-07-13T22:42:07.573103+0000"';
const ACCEPTED: { name: string; line: string }[] = [
  { name: 'a flow record', line: `{${T},"flow_id":1842518484315070,"event_type":"flow","src_ip":"10.0.0.1","src_port":1,"dest_ip":"10.0.0.2","dest_port":80,"proto":"TCP","flow":{"pkts_toserver":3,"state":"closed"},"tcp":{"tcp_flags":"1b","syn":true}}` },
  { name: 'flow_id above 2^53, and as a string', line: `{${T},"flow_id":18446744073709551615,"event_type":"flow"}` },
  { name: 'flow_id written as a string', line: `{${T},"flow_id":"1234567890123456789","event_type":"flow"}` },
  { name: 'the flow_id key text inside a string and a nested object first', line: `{${T},"note":"\\"flow_id\\":5","x":{"flow_id":7},"flow_id":1234567890123456789,"event_type":"flow"}` },
  { name: 'spaces around every token', line: `{ "timestamp" : "2016-07-13T22:42:07Z" , "event_type" : "alert" , "alert" : { "signature_id" : 7 , "signature" : "x y" } , "proto" : 6 }` },
  { name: 'escapes in values the parser reads', line: `{${T},"event_type":"http","http":{"hostname":"a\\u00e9.example","url":"\\/index.html?q=\\"x\\"","http_method":"GET"},"in_iface":"eth\\t0"}` },
  { name: 'raw multi-byte characters', line: `{${T},"event_type":"tls","tls":{"sni":"m\u00fcnchen.example \u{1F600}"},"host":"s\u00e9nsor"}` },
  { name: 'duplicate keys: the last one counts, as JSON.parse has it', line: `{${T},"event_type":"alert","src_ip":"1.1.1.1","src_ip":"2.2.2.2","alert":{"signature":"a","signature":"b"},"alert":{"signature":"c","gid":3}}` },
  { name: 'the described object before event_type', line: `{${T},"dns":{"type":"answer","rrname":"example.com"},"event_type":"dns"}` },
  { name: 'event_type named after an envelope key', line: `{${T},"event_type":"host","host":"sensor-1"}` },
  { name: 'event_type named after an inherited property', line: `{${T},"event_type":"constructor"}` },
  { name: 'dns v3 queries and alert dns.query lists', line: `{${T},"event_type":"dns","dns":{"version":3,"queries":[{"rrname":"a.example","type":"AAAA"}],"answers":[{"rdata":"::1"}]}}` },
  { name: 'numbers of every form where nothing reads them', line: `{${T},"event_type":"stats","stats":{"a":-0,"b":1.5e-3,"c":0.25,"d":1E+9,"e":[],"f":{},"g":[true,false,null]}}` },
  { name: 'null envelope values', line: `{${T},"event_type":"flow","src_ip":null,"src_port":null,"proto":null,"flow_id":null,"alert":null,"tcp":null}` },
  { name: 'anomaly and fileinfo', line: `{${T},"event_type":"anomaly","anomaly":{"type":"decode","event":"ipv4.trunc_pkt"}}` },
  { name: 'ports as large as allowed', line: `{${T},"event_type":"flow","src_port":65535,"dest_port":0,"icmp_type":255,"icmp_code":0}` },
  { name: 'an escaped event_type', line: `{${T},"event_type":"fl\\u006fw"}` },
  { name: 'an escaped key', line: `{${T},"event_typ\\u0065":"flow"}` },
  { name: 'an escaped key that spells one the parser reads', line: `{${T},"event_type":"flow","src_\\u0069p":"9.9.9.9"}` },
  { name: 'an escaped key inside the alert object', line: `{${T},"event_type":"alert","alert":{"sign\\u0061ture":"x"}}` },
  { name: '__proto__ as the described object', line: `{${T},"event_type":"__proto__","__proto__":{"type":"x"}}` },
  { name: 'deep nesting', line: `{${T},"event_type":"x","x":${'['.repeat(70)}1${']'.repeat(70)}}` },
];

for (const { name, line } of ACCEPTED) {
  test(`lane takes: ${name}`, () => {
    const result = check([line]);
    assert.deepEqual(result.mismatches, []);
    assert.equal(result.accepted, 1);
  });
}

const DECLINED: { name: string; line: string }[] = [
  { name: 'a trailing comma', line: `{${T},"event_type":"flow",}` },
  { name: 'single quotes', line: `{${T},'event_type':'flow'}` },
  { name: 'a raw tab inside a string', line: `{${T},"event_type":"fl\tow"}` },
  { name: 'an unknown escape', line: `{${T},"event_type":"flow","x":"\\x41"}` },
  { name: 'a short \\u escape', line: `{${T},"event_type":"flow","x":"\\u00e"}` },
  { name: 'a leading zero', line: `{${T},"event_type":"flow","src_port":080}` },
  { name: 'a lone minus', line: `{${T},"event_type":"flow","x":-}` },
  { name: 'NaN', line: `{${T},"event_type":"flow","x":NaN}` },
  { name: 'a misspelt literal', line: `{${T},"event_type":"flow","x":tru}` },
  { name: 'two objects on one line', line: `{${T},"event_type":"flow"}{${T},"event_type":"flow"}` },
  { name: 'space after the object', line: `{${T},"event_type":"flow"} ` },
  { name: 'an empty object', line: '{}' },
  { name: 'no event_type', line: `{${T},"src_ip":"1.2.3.4"}` },
  { name: 'event_type not a string', line: `{${T},"event_type":5}` },
  { name: 'a bad timestamp (the parser quarantines it)', line: '{"timestamp":"2016-13-13T22:42:07Z","event_type":"flow"}' },
  { name: 'a port out of range (the parser quarantines it)', line: `{${T},"event_type":"flow","src_port":65536}` },
  { name: 'bad tcp_flags (the parser quarantines them)', line: `{${T},"event_type":"flow","tcp":{"tcp_flags":"zz"}}` },
  { name: 'an array, not an object', line: `[{${T},"event_type":"flow"}]` },
];

for (const { name, line } of DECLINED) {
  test(`lane declines: ${name}`, () => {
    const result = check([line]);
    assert.deepEqual(result.mismatches, []);
    assert.equal(result.accepted, 0);
  });
}

test('every truncation of real records is declined or agrees with the parser', () => {
  assert.ok(existsSync(SAMPLES), `real sensor samples missing at ${SAMPLES}`);
  const records = sampleRecords();
  const picked = [records[0]!, records[Math.floor(records.length / 2)]!, records[records.length - 1]!];
  const lines = picked.flatMap((r) => Array.from({ length: r.length }, (_, n) => r.slice(0, n)));
  const result = check(lines);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.accepted, 0, 'no truncated record is one valid object');
});

for (const seed of [21, 22, 23]) {
  test(`seeded mutations of real records agree with the parser (seed ${seed})`, () => {
    assert.ok(existsSync(SAMPLES), `real sensor samples missing at ${SAMPLES}`);
    const records = sampleRecords();
    const random = prng(seed);
    const structural = '{}[]:,"\\0123456789.-+eE tfn';
    const lines = Array.from({ length: 3000 }, () => {
      const record = records[Math.floor(random() * records.length)]!;
      if (random() < 0.5) return mutate(record, random, records);
      // A JSON-shaped slip: one character replaced by a structural one.
      const at = Math.floor(random() * record.length);
      return record.slice(0, at) + structural[Math.floor(random() * structural.length)]! + record.slice(at + 1);
    });
    const result = check(lines);
    assert.deepEqual(result.mismatches, []);
    assert.ok(result.accepted > 100, `${result.accepted} mutated lines still valid and taken`);
  });
}

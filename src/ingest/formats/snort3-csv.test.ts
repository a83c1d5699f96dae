/** Snort 3 alert_csv beyond its default lists (formats/snort3-csv.json): `--fields` and sniffing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YearTracker, ZoneClock } from '../../core/time.js';
import type { EventRecord } from '../../core/event.js';
import type { ParseResult } from '../format.js';
import { snort3Csv } from './snort3-csv.js';

function parse(text: string, fields?: string): ParseResult {
  const options = fields === undefined ? {} : { options: { fields } };
  return snort3Csv.createParser({ file: 't', years: new YearTracker(2019), clock: new ZoneClock('UTC'), ...options })({ text, line: 1 });
}

const cases: { name: string; input: { fields: string; line: string }; expected: Partial<EventRecord> | string }[] = [
  {
    name: 'msg printed with its rule quotes, a comma inside',
    input: { fields: 'timestamp,msg,src_addr,dst_addr,proto,class,priority', line: '08/06-22:10:47.395530, "ICMP test, \\"quoted\\"", 10.1.1.1, 10.1.1.2, ICMP, misc-activity, 3' },
    expected: { event: 'ICMP test, "quoted"', src: '10.1.1.1', proto: 'ICMP', classification: 'misc-activity', priority: 3 },
  },
  {
    name: 'a space-separated list as in snort.lua, hex tcp fields',
    input: { fields: 'timestamp tcp_seq tcp_ack tcp_win tcp_flags', line: '08/06-22:10:47.395530, 0xB24F001, 0x0, 0x800, ********' },
    expected: { tcpSeq: 0xb24f001, tcpAck: 0, tcpWin: 0x800, tcpFlags: 0 },
  },
  {
    name: 'seconds dates a year-less timestamp',
    input: { fields: 'seconds,timestamp,sid', line: '1565129447, 08/06-22:10:47.395530, 9' },
    expected: { ts: 1565129447 * 1_000_000 + 395530, sid: 9, event: '[1:9:0]' },
  },
  { name: 'a line shorter than the given list', input: { fields: 'timestamp,sid,rev', line: '08/06-22:10:47.395530, 9' }, expected: 'no_match' },
  { name: 'gid above 32 bits', input: { fields: 'timestamp,gid', line: '08/06-22:10:47.395530, 4294967296' }, expected: 'bad_field' },
];

for (const { name, input, expected } of cases) {
  test(`snort3-csv --fields: ${name}`, () => {
    const result = parse(input.line, input.fields);
    if (typeof expected === 'string') {
      assert.equal(result.kind === 'problem' && result.problem.code, expected, JSON.stringify(result));
      return;
    }
    assert.equal(result.kind, 'parsed', JSON.stringify(result));
    if (result.kind !== 'parsed') return;
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(result.event[key as keyof EventRecord], value, key);
  });
}

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'default fields, ", " separator', input: ['08/06-22:10:47.395530, 4, TCP, raw, 60, C2S, 10.1.2.3:47394, 10.9.8.7:80, 1:1:0, allow'], expected: 0.85 },
  { name: 'yyyymmdd timestamps', input: ['2024-01-02 03:04:05.000006,4,TCP,raw,60,C2S,10.1.2.3:1,10.9.8.7:80,1:1:0,allow'], expected: 0.85 },
  { name: 'Snort 2 DEFAULT_CSV', input: ['04/20-14:45:09.171005 ,1,1228,7,"SCAN nmap XMAS",TCP,10.0.0.9,53998'], expected: 0 },
  { name: 'Snort 2 DEFAULT_CSV that lost its space', input: ['04/20-14:45:09.171005,1,1228,7,"SCAN nmap XMAS",TCP,10.0.0.9,53998'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort3-csv sniff: ${name}`, () => assert.equal(snort3Csv.sniff(input), expected));
}

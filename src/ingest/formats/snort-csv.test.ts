/** Snort 2 alert_csv beyond DEFAULT_CSV (formats/snort-csv.json): `--fields` lists and sniffing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YearTracker, ZoneClock } from '../../core/time.js';
import type { EventRecord } from '../../core/event.js';
import type { ParseResult } from '../format.js';
import { snortCsv } from './snort-csv.js';

function parse(text: string, fields?: string): ParseResult {
  const options = fields === undefined ? {} : { options: { fields } };
  return snortCsv.createParser({ file: 't', years: new YearTracker(2004), clock: new ZoneClock('UTC'), ...options })({ text, line: 1 });
}

const cases: { name: string; input: { fields: string; line: string }; expected: Partial<EventRecord> | string }[] = [
  {
    name: 'a custom list in another order',
    input: { fields: 'msg,src,srcport,dst,dstport,timestamp', line: '"SCAN FIN",1.2.3.4,1025,MY.NET.1.2,21,04/20-01:02:03.000004 ' },
    expected: { event: 'SCAN FIN', src: '1.2.3.4', sport: 1025, dst: 'MY.NET.1.2', dport: 21, ts: Date.UTC(2004, 3, 20, 1, 2, 3) * 1000 + 4 },
  },
  {
    name: 'keywords spo_csv accepts beyond the default (udplength, tcplen, trheader)',
    input: { fields: 'timestamp,sig_id,proto,udplength,tcplen,trheader', line: '04/20-01:02:03.000004 ,2003,UDP,30,,x' },
    expected: { sid: 2003, proto: 'UDP', udpLen: 30, tcpLen: undefined, raw: '{"trheader":"x"}', event: '[1:2003:0]' },
  },
  {
    name: 'field names are case-insensitive and may be space separated',
    input: { fields: 'TIMESTAMP SIG_ID', line: '04/20-01:02:03.000004 ,7' },
    expected: { sid: 7 },
  },
  { name: 'a list without timestamp cannot date the alert', input: { fields: 'sig_id,msg', line: '1,"x"' }, expected: 'bad_timestamp' },
  { name: 'a line longer than the given list', input: { fields: 'timestamp,sig_id', line: '04/20-01:02:03.000004 ,1,2' }, expected: 'no_match' },
  { name: 'a malformed TCP flag string', input: { fields: 'timestamp,tcpflags', line: '04/20-01:02:03.000004 ,**X*****' }, expected: 'bad_field' },
];

for (const { name, input, expected } of cases) {
  test(`snort-csv --fields: ${name}`, () => {
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

test('snort-csv: blank lines are skipped', () => assert.equal(parse('  ').kind, 'skip'));

const DEFAULT_LINE = '04/20-14:45:09.171005 ,1,1228,7,"SCAN nmap XMAS",TCP,10.0.0.9,53998,10.0.0.5,1,,,,**U*P**F,0x4A2B,0x0,,0x800,43,0,37022,40,20,,,,';

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'DEFAULT_CSV with the timestamp space', input: [DEFAULT_LINE], expected: 0.95 },
  { name: 'a re-typed line that lost the space', input: [DEFAULT_LINE.replace(' ,', ',')], expected: 0.8 },
  { name: 'Snort 3 alert_csv', input: ['08/06-22:10:47.395530, 4, TCP, raw, 60, C2S, 10.1.2.3:47394, 10.9.8.7:80, 1:1:0, allow'], expected: 0 },
  { name: 'a fast alert line', input: ['04/20-14:45:09.171005  [**] [1:1228:7] SCAN nmap XMAS [**] [Priority: 2] {TCP} 10.0.0.9:53998 -> 10.0.0.5:1'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-csv sniff: ${name}`, () => assert.equal(snortCsv.sniff(input), expected));
}

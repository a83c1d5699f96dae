/**
 * Edge cases of the scans-log parser beyond formats/snort-scans.json: state across lines, splice
 * recovery over several month-name candidates, flag decoding, and sniff scores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatTcpFlags } from '../../core/event.js';
import { YearTracker, ZoneClock, isoFromMicros } from '../../core/time.js';
import type { ParseResult } from '../format.js';
import { snortScans } from './snort-scans.js';

function parseLines(lines: readonly string[], year = 2004): ParseResult[] {
  const parse = snortScans.createParser({ file: 'test', years: new YearTracker(year), clock: new ZoneClock('UTC') });
  return lines.map((text, i) => parse({ text, line: i + 1 }));
}

function outline(result: ParseResult): string {
  if (result.kind === 'skip') return 'skip';
  if (result.kind === 'problem') return `problem ${result.problem.code}`;
  const e = result.event;
  const flags = e.tcpFlags === undefined ? '' : ` ${formatTcpFlags(e.tcpFlags)}`;
  const rb = e.reservedBits ? ' RB' : '';
  const fragment = result.fragment ? ` +${result.fragment.code}[${result.fragment.input}]` : '';
  return `${isoFromMicros(e.ts)} ${e.src}:${e.sport}>${e.dst}:${e.dport} ${e.event}${flags}${rb}${fragment}`;
}

const probe = (when: string, dst = '130.85.1.2', rest = 'SYN ******S* '): string =>
  `${when} 1.2.3.4:1234 -> ${dst}:57 ${rest}`;

const cases: { name: string; input: { year?: number; lines: string[] }; expected: string[] }[] = [
  {
    name: 'December to January rolls the year over',
    input: { year: 2003, lines: [probe('Dec 31 23:59:59'), probe('Jan  1 00:00:00')] },
    expected: [
      '2003-12-31T23:59:59.000Z 1.2.3.4:1234>130.85.1.2:57 SYN ******S*',
      '2004-01-01T00:00:00.000Z 1.2.3.4:1234>130.85.1.2:57 SYN ******S*',
    ],
  },
  {
    name: 'a Sguil line carries its year and sets it for classic lines after it',
    input: {
      year: 2004,
      lines: ['s1|2002-04-20 03:04:05|1.2.3.4|1234|130.85.1.2|57|NULL ******** ', probe('Apr 21 03:04:05')],
    },
    expected: [
      '2002-04-20T03:04:05.000Z 1.2.3.4:1234>130.85.1.2:57 NULL ********',
      '2002-04-21T03:04:05.000Z 1.2.3.4:1234>130.85.1.2:57 SYN ******S*',
    ],
  },
  {
    name: 'a day written without padding is accepted (re-typed logs)',
    input: { lines: [probe('Apr 2 03:04:05')] },
    expected: ['2004-04-02T03:04:05.000Z 1.2.3.4:1234>130.85.1.2:57 SYN ******S*'],
  },
  {
    name: 'RESERVEDBITS on a UDP line (empty flag field) and on a TCP line',
    input: { lines: [probe('Apr 20 03:04:05', '130.85.1.2', 'UDP  RESERVEDBITS'), probe('Apr 20 03:04:05', '130.85.1.2', 'UNKNOWN 1**A**** RESERVEDBITS')] },
    expected: [
      '2004-04-20T03:04:05.000Z 1.2.3.4:1234>130.85.1.2:57 UDP RB',
      '2004-04-20T03:04:05.000Z 1.2.3.4:1234>130.85.1.2:57 UNKNOWN 1**A**** RB',
    ],
  },
  {
    name: 'a month-like word in the glued head is not taken for the start (first candidate fails)',
    input: { lines: ['Mar Apr 20 03:04:06 1.2.3.4:1234 -> 130.85.1.9:57 SYN ******S* '] },
    expected: ['2004-04-20T03:04:06.000Z 1.2.3.4:1234>130.85.1.9:57 SYN ******S* +spliced[Mar ]'],
  },
  {
    name: 'two whole probes on one line: the one running to the end is kept, the other quarantined',
    input: { lines: [`x ${probe('Apr 20 03:04:06', '130.85.1.8')}${probe('Apr 20 03:04:07', '130.85.1.9')}`] },
    expected: ['2004-04-20T03:04:07.000Z 1.2.3.4:1234>130.85.1.9:57 SYN ******S* +spliced[x Apr 20 03:04:06 1.2.3.4:1234 -> 130.85.1.8:57 SYN ******S* ]'],
  },
  {
    name: 'trailing text after the flags is not silently dropped',
    input: { lines: [probe('Apr 20 03:04:05', '130.85.1.2', 'SYN ******S* extra')] },
    expected: ['problem no_match'],
  },
  {
    name: 'a line cut inside its source address is no scans line',
    input: { lines: ['Apr 22 04:18:13 30.34'] },
    expected: ['problem no_match'],
  },
  {
    name: 'a missing port is a bad field',
    input: { lines: ['Apr 20 03:04:05 1.2.3.4 -> 130.85.1.2:57 SYN ******S* '] },
    expected: ['problem bad_field'],
  },
  {
    name: 'a SYN line without a flag string is a bad field',
    input: { lines: [probe('Apr 20 03:04:05', '130.85.1.2', 'SYN')] },
    expected: ['problem bad_field'],
  },
  {
    name: 'a Sguil line with a bad port is a bad field',
    input: { lines: ['s1|2004-04-20 03:04:05|1.2.3.4|99999|130.85.1.2|57|SYN ******S* '] },
    expected: ['problem bad_field'],
  },
  {
    name: 'a Sguil line with a bad date is a bad timestamp',
    input: { lines: ['s1|2004-13-20 03:04:05|1.2.3.4|1|130.85.1.2|57|SYN ******S* '] },
    expected: ['problem bad_timestamp'],
  },
  {
    name: 'binary garbage',
    input: { lines: ['\u0000\u0001\u0002 garbage'] },
    expected: ['problem binary'],
  },
];

for (const { name, input, expected } of cases) {
  test(`snort-scans: ${name}`, () => {
    assert.deepEqual(parseLines(input.lines, input.year).map(outline), expected);
  });
}

test('snort-scans: every month name is read, and near-misses are not', () => {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const months = parseLines(names.map((m) => probe(`${m} 10 12:00:00`))).map((r) =>
    r.kind === 'parsed' ? new Date(r.event.ts / 1000).getUTCMonth() + 1 : r.kind,
  );
  assert.deepEqual(months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const misses = ['JAN', 'Jum', 'Ma ', 'Aup', 'Sept', 'Dez'].map((m) => parseLines([probe(`${m} 10 12:00:00`)])[0]!.kind);
  assert.deepEqual(misses, ['problem', 'problem', 'problem', 'problem', 'problem', 'problem']);
});

test('snort-scans: the fixture of spliced lines keeps every intact probe', () => {
  const path = fileURLToPath(new URL('../../../test/fixtures/scans/spliced-line.log', import.meta.url));
  const results = parseLines(readFileSync(path, 'utf8').split('\n'));
  assert.deepEqual(results.map(outline), [
    '2004-04-20T03:04:05.000Z 68.121.194.43:1234>130.85.1.2:57 SYN ******S*',
    '2004-04-20T03:04:05.000Z 68.121.194.43:1235>130.85.1.3:57 SYN ******S*',
    '2004-04-20T03:04:06.000Z 68.121.194.43:1237>130.85.1.5:57 SYN ******S* +spliced[130.85.1.4:57 SYN ******S* ]',
    '2004-04-20T03:04:06.000Z 68.121.194.43:1239>130.85.1.7:57 SYN ******S* +spliced[Apr 20 03:04:06 68.121.194.43:1238 -> 130.85.1.6:57 SYN ******S*]',
    'skip',
  ]);
});

test('snort-scans: a hostile line of month names is bounded work', () => {
  const started = process.hrtime.bigint();
  const [result] = parseLines([`${'Apr 20 '.repeat(9000)}x`]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(result!.kind, 'problem');
  assert.ok(ms < 200, `took ${ms} ms`);
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'classic lines', input: [probe('Apr 20 03:04:05'), probe('Apr  2 03:04:05', '130.85.1.3', 'UDP  ')], expected: 1 },
  { name: 'Sguil lines', input: ['s1|2004-04-20 03:04:05|1.2.3.4|1234|130.85.1.2|57|SYN ******S* '], expected: 1 },
  { name: 'one in four', input: [probe('Apr 20 03:04:05'), 'a', 'b', 'c'], expected: 0.25 },
  {
    name: 'syslog lines with the same date prefix are not claimed',
    input: ['Apr 20 03:04:05 pooh snort[1260]: spp_portscan: portscan status from 1.2.3.4: 2 connections across 1 hosts: TCP(2), UDP(0)'],
    expected: 0,
  },
  {
    name: 'fast alert lines are not claimed',
    input: ['04/20-14:45:09.171005  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2'],
    expected: 0,
  },
  { name: 'blank head', input: ['', ' '], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-scans sniff: ${name}`, () => {
    assert.equal(snortScans.sniff(input), expected);
  });
}

/**
 * alert_full edge cases the one-record samples (formats/snort-full.json) cannot show: whole files
 * through the assembler, year rollover across records, wrapped option lines, sniffing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFromMicros, YearTracker, ZoneClock } from '../../core/time.js';
import type { ParseResult, RawRecord } from '../format.js';
import { snortFull } from './snort-full.js';

function run(text: string, year = 2004): ParseResult[] {
  const parse = snortFull.createParser({ file: 't', years: new YearTracker(year), clock: new ZoneClock('UTC') });
  const assembler = snortFull.createAssembler!();
  const records: RawRecord[] = [];
  text.split('\n').forEach((line, i) => records.push(...assembler.push(line, i + 1)));
  records.push(...assembler.finish());
  return records.map(parse);
}

function outline(result: ParseResult): string {
  if (result.kind === 'skip') return 'skip';
  if (result.kind === 'problem') return `problem ${result.problem.code}`;
  return `${isoFromMicros(result.event.ts)} ${result.event.event}${result.fragment ? ` +${result.fragment.code}` : ''}`;
}

const record = (ts: string, msg: string): string =>
  `[**] [1:1:1] ${msg} [**]\n[Priority: 2] \n${ts} 1.2.3.4:1 -> 5.6.7.8:2\nTCP TTL:1 TOS:0x0 ID:1 IpLen:20 DgmLen:40\n******S* Seq: 0x1  Ack: 0x0  Win: 0x200  TcpLen: 20\n`;

const fileCases: { name: string; input: { text: string; year?: number }; expected: string[] }[] = [
  {
    name: 'records separated by blank lines',
    input: { text: record('04/20-10:00:00.000000', 'a') + '\n' + record('04/20-10:00:01.000000', 'b') },
    expected: ['2004-04-20T10:00:00.000Z a', '2004-04-20T10:00:01.000Z b'],
  },
  {
    name: 'a lost blank line does not merge two records',
    input: { text: record('04/20-10:00:00.000000', 'a') + record('04/20-10:00:01.000000', 'b') },
    expected: ['2004-04-20T10:00:00.000Z a', '2004-04-20T10:00:01.000Z b'],
  },
  {
    name: 'December to January rolls the year over between records',
    input: { text: record('12/31-23:59:59.000000', 'a') + '\n' + record('01/01-00:00:01.000000', 'b'), year: 2003 },
    expected: ['2003-12-31T23:59:59.000Z a', '2004-01-01T00:00:01.000Z b'],
  },
  {
    name: 'a line between records is reported, not dropped',
    input: { text: record('04/20-10:00:00.000000', 'a') + '\nstray text\n\n' + record('04/20-10:00:01.000000', 'b') },
    expected: ['2004-04-20T10:00:00.000Z a', 'problem no_match', '2004-04-20T10:00:01.000Z b'],
  },
];

for (const { name, input, expected } of fileCases) {
  test(`snort-full file: ${name}`, () => assert.deepEqual(run(input.text, input.year).map(outline), expected));
}

test('snort-full: wrapped TCP option lines are joined', () => {
  const [result] = run(
    record('04/20-10:00:00.000000', 'a') + 'TCP Options (6) => MSS: 1460 NOP NOP TS: 1 0 NOP\nTCP Options => WS: 2 SackOK\n',
  );
  assert.equal(result?.kind === 'parsed' && result.event.tcpOptions, 'MSS: 1460 NOP NOP TS: 1 0 NOP WS: 2 SackOK');
});

test('snort-full: IP options and a bracketed [DF] from a re-typed log', () => {
  const [result] = run(
    '[**] [1:1:1] a [**]\n04/20-10:00:00.000000 1.2.3.4 -> 5.6.7.8\nICMP TTL:1 TOS:0x0 ID:1 IpLen:24 DgmLen:40 [DF]\nIP Options (1) => RR\nType:8  Code:0  ID:1   Seq:1  ECHO\n',
  );
  assert.equal(result?.kind, 'parsed');
  if (result?.kind !== 'parsed') return;
  assert.deepEqual(
    [result.event.ipFlags, result.event.ipOptions, result.event.icmpType, result.event.sport],
    [2, 'RR', 8, undefined],
  );
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'Snort 2 record', input: ['[**] [1:1228:7] SCAN nmap XMAS [**]', '[Classification: Attempted Information Leak] [Priority: 2] '], expected: 0.95 },
  { name: 'Snort 1.8 record', input: ['[**] DNS named version attempt [**]', '04/20-10:00:00.000001 1.2.3.4:1053 -> MY.NET.1.1:53'], expected: 0.95 },
  { name: 'an oos dump (starts with a timestamp line)', input: ['04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110', 'TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40 DF'], expected: 0 },
  { name: 'a fast alert line', input: ['04/20-14:45:09.171005  [**] [1:1228:7] SCAN nmap XMAS [**] [Priority: 2] {TCP} 10.0.0.9:53998 -> 10.0.0.5:1'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-full sniff: ${name}`, () => assert.equal(snortFull.sniff(input), expected));
}

/**
 * The oos record assembler (which one-record samples cannot exercise) and parser edge cases
 * beyond formats/snort-oos.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { YearTracker, ZoneClock } from '../../core/time.js';
import type { ParseResult, RawRecord } from '../format.js';
import { snortOos, type OosRecord } from './snort-oos.js';

const SEP = '=+'.repeat(37);
const TCP_RECORD = [
  '04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110',
  'TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40 DF',
  '******** Seq: 0xB24F001  Ack: 0x38122EE4  Win: 0x800  TcpLen: 20',
];

function assemble(lines: readonly string[]): OosRecord[] {
  const assembler = snortOos.createAssembler!();
  const records: RawRecord[] = [];
  lines.forEach((line, i) => records.push(...assembler.push(line, i + 1)));
  records.push(...assembler.finish());
  return records;
}

function parseAll(records: readonly RawRecord[]): ParseResult[] {
  const parse = snortOos.createParser({ file: 'test', years: new YearTracker(2004), clock: new ZoneClock('UTC') });
  return records.map(parse);
}

/** A record as `first-line:cut:line-count`, so a table row shows the grouping at a glance. */
function describeRecord(r: OosRecord): string {
  return `${r.line}:${r.cut ?? '-'}:${r.text.split('\n').length}`;
}

function outcome(result: ParseResult): string {
  if (result.kind === 'parsed') return `parsed ${result.event.event}`;
  if (result.kind === 'problem') return `problem ${result.problem.code}`;
  return 'skip';
}

const assemblerCases: { name: string; input: string[]; expected: string[] }[] = [
  {
    name: 'records end at the separator, which stays in the record text',
    input: [...TCP_RECORD, SEP, '', ...TCP_RECORD, SEP, ''],
    expected: ['1:-:4', '6:-:4'],
  },
  {
    name: 'blank lines and doubled separators between records make no records',
    input: ['', '', ...TCP_RECORD, SEP, '', SEP, '', '', ...TCP_RECORD, SEP],
    expected: ['3:-:4', '11:-:4'],
  },
  {
    name: 'a timestamp line before the separator ends the record before it as cut',
    input: [...TCP_RECORD, ...TCP_RECORD, SEP],
    expected: ['1:next-record:3', '4:-:4'],
  },
  {
    name: 'blank lines inside a record are kept, trailing ones are dropped',
    input: [...TCP_RECORD, '41 42', '', SEP, ...TCP_RECORD, '', ''],
    expected: ['1:-:6', '7:-:3'],
  },
  {
    name: 'lines before any timestamp form a record of their own',
    input: ['stray', 'lines', ...TCP_RECORD, SEP],
    expected: ['1:next-record:2', '3:-:4'],
  },
  {
    name: 'end of input returns the unfinished record',
    input: [...TCP_RECORD],
    expected: ['1:-:3'],
  },
  {
    name: 'the -e layer-2 line opens a record and the address line after it does not',
    input: [
      '04/20-07:00:00.000000 0:A0:C9:1:2:3 -> 0:50:56:AA:BB:CC type:0x800 len:0x3C',
      '10.0.0.1:1234 -> 10.0.0.2:80 TCP TTL:128 TOS:0x0 ID:12345 IpLen:20 DgmLen:40 DF',
      '***A**** Seq: 0x1  Ack: 0x2  Win: 0x16D0  TcpLen: 20',
      SEP,
    ],
    expected: ['1:-:4'],
  },
  { name: 'nothing in, nothing out', input: ['', SEP, ''], expected: [] },
];

for (const { name, input, expected } of assemblerCases) {
  test(`snort-oos assembler: ${name}`, () => {
    assert.deepEqual(assemble(input).map(describeRecord), expected);
  });
}

test('snort-oos assembler: long junk lines are cut by size as well as by count', () => {
  const line = `41 ${'x'.repeat(60_000)}`;
  const records = assemble(Array.from({ length: 100 }, () => line));
  assert.deepEqual(
    records.map((r) => [r.line, r.cut ?? '-']),
    [
      // 35 lines of 60 004 chars pass the 2 MiB cap.
      [1, 'too-long'],
      [36, 'too-long'],
      [71, '-'],
    ],
  );
});

test('snort-oos assembler: junk without separators is cut into capped records', () => {
  const junk = Array.from({ length: 20_000 }, (_, i) => `41 42 43 ${i}`);
  const records = assemble(junk);
  assert.deepEqual(
    records.map((r) => [r.line, r.cut ?? '-']),
    [
      [1, 'too-long'],
      [8193, 'too-long'],
      [16385, '-'],
    ],
  );
  assert.deepEqual(parseAll(records).map(outcome), ['problem truncated', 'problem truncated', 'problem truncated']);
});

const parseCases: { name: string; input: string[]; expected: string[] }[] = [
  {
    name: 'a complete record cut by the next one is still truncated (its separator is missing)',
    input: [...TCP_RECORD, ...TCP_RECORD, SEP],
    expected: ['problem truncated', 'parsed TCP ********'],
  },
  {
    name: 'stray lines before a packet are reported, the packet is kept',
    input: ['stray', 'lines', ...TCP_RECORD, SEP],
    expected: ['problem no_match', 'parsed TCP ********'],
  },
  {
    name: 'a record that grew past the cap from a real start is too long',
    input: [...TCP_RECORD, ...Array.from({ length: 9000 }, () => 'AA BB')],
    expected: ['problem too_long', 'problem truncated'],
  },
  {
    name: 'UDP header truncated and an unknown protocol need no header line',
    input: [
      '04/20-09:00:00.000000 1.2.3.4:53 -> 5.6.7.8:53',
      'UDP TTL:64 TOS:0x0 ID:2 IpLen:20 DgmLen:24',
      'UDP header truncated',
      SEP,
      '04/20-09:00:01.000000 1.2.3.4 -> 5.6.7.8',
      'PROTO:255 TTL:64 TOS:0x0 ID:2 IpLen:20 DgmLen:24',
      SEP,
    ],
    expected: ['parsed UDP header truncated', 'parsed PROTO:255'],
  },
  {
    name: 'the IP header truncated line leaves no IP header: truncated',
    input: ['04/20-09:00:00.000000 IP header truncated', SEP],
    expected: ['problem truncated'],
  },
  {
    name: 'a second fragment (offset > 0, no MF) is a fragment too',
    input: ['04/20-09:00:00.000000 1.2.3.4 -> 5.6.7.8', 'UDP TTL:64 TOS:0x0 ID:9 IpLen:20 DgmLen:40', 'Frag Offset: 0x00B9   Frag Size: 0x0014', SEP],
    expected: ['parsed IP fragment'],
  },
  {
    name: 'an MF packet without its fragment line is truncated',
    input: ['04/20-09:00:00.000000 1.2.3.4 -> 5.6.7.8', 'UDP TTL:64 TOS:0x0 ID:9 IpLen:20 DgmLen:40 MF', SEP],
    expected: ['problem truncated'],
  },
  {
    name: 'ICMP echo reply and wrapped unreachable text',
    input: [
      '04/20-09:00:00.000000 1.2.3.4 -> 5.6.7.8',
      'ICMP TTL:64 TOS:0x0 ID:9 IpLen:20 DgmLen:84',
      'Type:0  Code:0  ID:1  Seq:2  ECHO REPLY',
      SEP,
      '04/20-09:00:01.000000 1.2.3.4 -> 5.6.7.8',
      'ICMP TTL:241 TOS:0x0 ID:32480 IpLen:20 DgmLen:56',
      'Type:3  Code:13  DESTINATION UNREACHABLE: ADMINISTRATIVELY PROHIBITED,',
      'PACKET FILTERED',
      '** ORIGINAL DATAGRAM DUMP:',
      '5.6.7.8:80 -> 1.2.3.4:25657',
      'TCP TTL:47 TOS:0x0 ID:22893 IpLen:20 DgmLen:44',
      'Seq: 0x654B5258',
      '(12 more bytes of original packet)',
      '** END OF DUMP',
      SEP,
    ],
    expected: ['parsed ICMP ECHO REPLY', 'parsed ICMP DESTINATION UNREACHABLE: ADMINISTRATIVELY PROHIBITED'],
  },
];

for (const { name, input, expected } of parseCases) {
  test(`snort-oos parse: ${name}`, () => {
    assert.deepEqual(parseAll(assemble(input)).map(outcome), expected);
  });
}

const cutCases: { name: string; input: string; expected: string }[] = [
  { name: 'IP line cut inside a literal', input: 'TCP TTL:110 T', expected: 'truncated' },
  { name: 'IP line cut after a literal', input: 'TCP TTL:110 TOS:0x0 ID:', expected: 'truncated' },
  { name: 'IP line cut after a number', input: 'TCP TTL:110 TOS:0x0 ID:2901', expected: 'truncated' },
  { name: 'IP line with a wrong value', input: 'TCP TTL:110 TOS:0xZZ ID:2901 IpLen:20 DgmLen:40', expected: 'bad_field' },
  { name: 'IP line with a wrong word', input: 'TCP TTL:110 TOS:0x0 Id:2901 IpLen:20 DgmLen:40', expected: 'bad_field' },
];

for (const { name, input, expected } of cutCases) {
  test(`snort-oos parse: ${name} is ${expected}`, () => {
    const [result] = parseAll(assemble([TCP_RECORD[0]!, input, SEP]));
    assert.equal(result!.kind === 'problem' ? result!.problem.code : result!.kind, expected);
  });
}

test('snort-oos parse: a TCP line cut short is truncated', () => {
  const [result] = parseAll(assemble([...TCP_RECORD.slice(0, 2), '******S* Seq: 0x1  Ack: 0x0  Wi', SEP]));
  assert.equal(result!.kind === 'problem' ? result!.problem.code : result!.kind, 'truncated');
});

test('snort-oos parse: a bad field names the line it is on', () => {
  const [result] = parseAll(assemble([...TCP_RECORD.slice(0, 2), 'S******* Seq: 0x1  Ack: 0x0  Win: 0x200  TcpLen: 20', SEP]));
  assert.equal(result!.kind, 'problem');
  if (result!.kind === 'problem') assert.equal(result.problem.lineOffset, 2);
});

test('snort-oos parse: the IPv6 ports are split at the last colon', () => {
  const [result] = parseAll(
    assemble([
      '04/20-09:00:00.000000 2001:db8::1:80 -> 2001:db8::2:1234',
      'TCP TTL:64 TOS:0x0 ID:0 IpLen:20 DgmLen:60',
      '******S* Seq: 0x1  Ack: 0x0  Win: 0x200  TcpLen: 20',
    ]),
  );
  assert.equal(result!.kind, 'parsed');
  if (result!.kind === 'parsed') {
    assert.deepEqual([result.event.src, result.event.sport, result.event.dst, result.event.dport], ['2001:db8::1', 80, '2001:db8::2', 1234]);
  }
});

test('snort-oos: the truncated-record fixture keeps the crafted-packet evidence of the intact records', () => {
  const path = fileURLToPath(new URL('../../../test/fixtures/oos/truncated-record.log', import.meta.url));
  const records = assemble(readFileSync(path, 'utf8').split('\n'));
  const results = parseAll(records);
  assert.deepEqual(
    results.map((r, i) => `${records[i]!.line} ${outcome(r)}`),
    ['1 parsed TCP ********', '6 problem truncated', '8 parsed TCP ********', '15 problem truncated', '18 problem truncated'],
  );
  const crafted = results.flatMap((r) => (r.kind === 'parsed' ? [[r.event.ipId, r.event.ttl, r.event.sport]] : []));
  assert.deepEqual(crafted, [
    [4660, 78, 27401],
    [4660, 78, 27913],
  ]);
});

const sniffCases: { name: string; input: string[]; expected: (score: number) => boolean }[] = [
  { name: 'a dump is claimed', input: [...TCP_RECORD, SEP, ''], expected: (s) => s === 1 },
  {
    name: 'alert_full records (with [**] headers) are left to their own format',
    input: ['[**] [1:1228:7] SCAN nmap XMAS [**]', '[Classification: Attempted Information Leak] [Priority: 2] ', ...TCP_RECORD, ''],
    expected: (s) => s <= 0.3,
  },
  { name: 'fast alert lines are not claimed', input: ['04/20-14:45:09.171005  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2'], expected: (s) => s === 0 },
  { name: 'scans lines are not claimed', input: ['Apr 20 03:04:05 1.2.3.4:1234 -> 130.85.1.2:57 SYN ******S* '], expected: (s) => s === 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-oos sniff: ${name}`, () => {
    const score = snortOos.sniff(input);
    assert.ok(expected(score), `score ${score}`);
  });
}

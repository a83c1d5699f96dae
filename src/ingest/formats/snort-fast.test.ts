/**
 * Edge cases of the fast-alert parser that one-record samples (formats/snort-fast.json) cannot
 * show: state across lines (year rollover, `-y` years), splice recovery over several candidate
 * starts, hostile lines, and sniff scores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { YearTracker, ZoneClock, isoFromMicros } from '../../core/time.js';
import type { ParseResult } from '../format.js';
import { snortFast } from './snort-fast.js';

function parseLines(lines: readonly string[], year = 2004, zone = 'UTC'): ParseResult[] {
  const parse = snortFast.createParser({ file: 'test', years: new YearTracker(year), clock: new ZoneClock(zone) });
  return lines.map((text, i) => parse({ text, line: i + 1 }));
}

/** A compact view of a result: the ISO time and event name, the fragment, or the problem code. */
function outline(result: ParseResult): string {
  if (result.kind === 'skip') return 'skip';
  if (result.kind === 'problem') return `problem ${result.problem.code}`;
  const fragment = result.fragment ? ` +${result.fragment.code}[${result.fragment.input}]` : '';
  return `${isoFromMicros(result.event.ts)} ${result.event.event}${fragment}`;
}

const line = (ts: string, msg = 'x'): string => `${ts}  [**] ${msg} [**] 1.2.3.4:1 -> 5.6.7.8:2`;

const stateCases: { name: string; input: { year: number; zone?: string; lines: string[] }; expected: string[] }[] = [
  {
    name: 'December to January rolls the year over',
    input: { year: 2003, lines: [line('12/31-23:59:59.000000'), line('01/01-00:00:01.000000')] },
    expected: ['2003-12-31T23:59:59.000Z x', '2004-01-01T00:00:01.000Z x'],
  },
  {
    name: 'a -y year in the line becomes the year of the year-less lines after it',
    input: { year: 2004, lines: [line('04/20/02-10:00:00.000000'), line('04/21-10:00:00.000000')] },
    expected: ['2002-04-20T10:00:00.000Z x', '2002-04-21T10:00:00.000Z x'],
  },
  {
    name: 'a YY/MM/DD year-first stamp (month > 12 in front) is read year first',
    input: { year: 2004, lines: [line('19/08/06-22:10:47.395530')] },
    expected: ['2019-08-06T22:10:47.395Z x'],
  },
  {
    name: 'failed splice candidates do not feed the year tracker',
    input: {
      year: 2003,
      lines: [line('12/31-23:00:00.000000'), 'junk 01/01-00:00:00.000000  [**] no end', line('12/31-23:30:00.000000')],
    },
    expected: ['2003-12-31T23:00:00.000Z x', 'problem spliced', '2003-12-31T23:30:00.000Z x'],
  },
  {
    name: 'local time in a named zone is converted to UTC (DST in force)',
    input: { year: 2004, zone: 'America/New_York', lines: [line('04/20-14:45:09.171005')] },
    expected: ['2004-04-20T18:45:09.171Z x'],
  },
  {
    name: 'the hour cache is not fooled by a day change at the same hour',
    input: { year: 2004, lines: [line('04/20-10:00:00.000000'), line('04/21-10:00:00.000000')] },
    expected: ['2004-04-20T10:00:00.000Z x', '2004-04-21T10:00:00.000Z x'],
  },
  {
    name: 'a leap-day alert is fine in a leap year and a bad timestamp otherwise',
    input: { year: 2003, lines: [line('02/29-10:00:00.000000'), line('02/29/04-10:00:00.000000')] },
    expected: ['problem bad_timestamp', '2004-02-29T10:00:00.000Z x'],
  },
];

for (const { name, input, expected } of stateCases) {
  test(`snort-fast state: ${name}`, () => {
    assert.deepEqual(parseLines(input.lines, input.year, input.zone).map(outline), expected);
  });
}

const spliceCases: { name: string; input: string; expected: string }[] = [
  {
    name: 'a slash inside the glued head is not a timestamp start',
    input:
      'T /cgi-bin/12/34 [**] 1.2.3.4:80 -> 5.6.7.8:104/20-13:42:18.000001  [**] WEB-CGI probe [**] 1.2.3.4:80 -> 5.6.7.8:1',
    expected: '2004-04-20T13:42:18.000Z WEB-CGI probe +spliced[T /cgi-bin/12/34 [**] 1.2.3.4:80 -> 5.6.7.8:1]',
  },
  {
    name: 'a candidate whose date is impossible is skipped for a later one',
    input: 'x 99/99-00:00:00.000000 y 13/45-00:00:00.0 z 04/20-13:42:18.000001  [**] m [**] 1.2.3.4:80 -> 5.6.7.8:1',
    expected: '2004-04-20T13:42:18.000Z m +spliced[x 99/99-00:00:00.000000 y 13/45-00:00:00.0 z ]',
  },
  {
    name: 'a candidate that starts a broken record is skipped for the intact one after it',
    input: '3 04/20-13:42:17.0  [**] cut 04/20-13:42:18.000001  [**] m [**] 1.2.3.4:80 -> 5.6.7.8:1',
    expected: '2004-04-20T13:42:18.000Z m +spliced[3 04/20-13:42:17.0  [**] cut ]',
  },
  {
    name: 'the earliest intact record wins when two could parse (digit-glued -y year)',
    // Both `01/02/03-…` (2003-01-02) and the `02/03-…` inside it (Feb 3) parse; the first is whole.
    input: 'MY.NET.1.201/02/03-13:42:18.000001  [**] m [**] 1.2.3.4:80 -> 5.6.7.8:1',
    expected: '2003-01-02T13:42:18.000Z m +spliced[MY.NET.1.2]',
  },
  {
    name: 'a line that starts well but breaks recovers a glued-on record',
    input: '04/20-13:42:17.000001  [**] a [**] 1.2.3.4:3356 -> 5.6.7.8:808004/20-13:42:18.000002  [**] b [**]',
    expected: '2004-04-20T13:42:18.000Z b +spliced[04/20-13:42:17.000001  [**] a [**] 1.2.3.4:3356 -> 5.6.7.8:8080]',
  },
  {
    name: 'a line that starts well and has no recoverable tail keeps its own problem',
    input: '04/20-13:42:17.000001  [**] a [**] 1.2.3.4:99999 -> 5.6.7.8:80',
    expected: 'problem bad_field',
  },
  {
    name: 'a MARK_TAGGED build with the blank tag char prints three spaces before the rule id',
    input: '04/20-10:00:00.000000  [**]   [1:2:3] tagged [**] [Priority: 1] {TCP} 1.2.3.4:1 -> 5.6.7.8:2',
    expected: '2004-04-20T10:00:00.000Z tagged',
  },
  {
    name: 'a message that starts with R is not taken for a MARK_TAGGED tag',
    input: line('04/20-10:00:00.000000', 'R [not a rule id] message'),
    expected: '2004-04-20T10:00:00.000Z R [not a rule id] message',
  },
  { name: 'a bare address pair is a record tail', input: '1.2.3.4:80 -> 5.6.7.8:1', expected: 'problem spliced' },
  { name: 'control characters are binary garbage', input: 'PK\u0003\u0004\u0000\u0001', expected: 'problem binary' },
  { name: 'CRLF endings are tolerated', input: `${line('04/20-10:00:00.000000')}\r`, expected: '2004-04-20T10:00:00.000Z x' },
  {
    name: 'Suricata four-digit years still parse when the format is forced',
    input: '07/13/2016-22:42:07.573103  [**] [1:2016141:2] ET INFO x [**] [Classification: y] [Priority: 3] {TCP} 10.0.0.1:80 -> 10.0.0.2:1',
    expected: '2016-07-13T22:42:07.573Z ET INFO x',
  },
];

for (const { name, input, expected } of spliceCases) {
  test(`snort-fast splice: ${name}`, () => {
    assert.equal(outline(parseLines([input])[0]!), expected);
  });
}

test('snort-fast: a hostile line full of slashes is bounded work and a problem', () => {
  const hostile = `${'11/22/'.repeat(10_000)}-`;
  const started = process.hrtime.bigint();
  const [result] = parseLines([hostile]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(result!.kind, 'problem');
  assert.ok(ms < 200, `took ${ms} ms`);
});

test('snort-fast: an empty message and a packet-less 2.x alert', () => {
  const [result] = parseLines(['04/20-10:00:00.000000  [**] [1:2:3]  [**] ']);
  assert.equal(result!.kind, 'parsed');
  if (result!.kind === 'parsed') {
    assert.equal(result.event.event, '');
    assert.equal(result.event.sid, 2);
    assert.equal(result.event.src, undefined);
  }
});

test('snort-fast: the fixture of spliced lines yields every intact record and quarantines the rest', () => {
  const path = fileURLToPath(new URL('../../../test/fixtures/snort-fast/spliced-line.log', import.meta.url));
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.deepEqual(parseLines(lines).map(outline), [
    '2004-04-20T13:42:17.874Z SCAN Proxy attempt',
    '2004-04-20T13:42:18.152Z spp_portscan: portscan status +spliced[04/20-13:42:18.012877  [**] SCAN Proxy attempt [**] 24.7.11.9:4416 -> MY.NET.30.4]',
    '2004-04-20T13:42:18.152Z spp_portscan: portscan status +spliced[:4416 -> MY.NET.30.4]',
    'problem spliced',
    '2004-04-20T13:42:19.000Z spp_portscan: End of portscan',
    'skip',
  ]);
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'all fast lines', input: [line('04/20-10:00:00.000000'), line('04/20-10:00:01.000000')], expected: 1 },
  { name: 'blank lines do not count', input: ['', line('04/20-10:00:00.000000'), '   '], expected: 1 },
  { name: 'half fast lines, half junk', input: [line('04/20-10:00:00.000000'), 'junk'], expected: 0.5 },
  {
    name: 'Suricata fast.log (four-digit year) is not claimed',
    input: ['07/13/2016-22:42:07.573103  [**] [1:6:1] (null) [**] [Classification: (null)] [Priority: 3] {TCP} 1.2.3.4:1 -> 5.6.7.8:2'],
    expected: 0,
  },
  {
    name: 'an oos packet dump is not claimed',
    input: ['04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110', 'TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40 DF'],
    expected: 0,
  },
  { name: 'a scans line is not claimed', input: ['Apr 20 03:04:05 1.2.3.4:1234 -> 130.85.1.2:57 SYN ******S* '], expected: 0 },
  { name: 'nothing at all', input: [], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-fast sniff: ${name}`, () => {
    assert.equal(snortFast.sniff(input), expected);
  });
}

test("snort-fast: Suricata's (null) message (four-digit year) is named by its rule id, (null) classification dropped", () => {
  const [result] = parseLines([
    '08/02/2014-10:50:25.823699  [**] [1:6:1] (null) [**] [Classification: (null)] [Priority: 3] {6} 1.2.3.4:3000 -> 5.6.7.8:56508',
  ]);
  assert.equal(result?.kind, 'parsed');
  if (result?.kind !== 'parsed') return;
  assert.equal(result.event.event, 'alert [1:6:1]');
  assert.equal(result.event.classification, undefined);
});

/** Malformed addresses are quarantined, never stored as events (issue 13). */
const addressCases: { name: string; input: string; expected: string }[] = [
  { name: 'printf debris in the source', input: `04/20-14:45:09.171005  [**] x [**] 1%s30.85.17.9:80 -> 5.6.7.8:2`, expected: 'problem bad_field' },
  { name: 'a percent sign in the destination', input: `04/20-14:45:09.171005  [**] x [**] 1.2.3.4:1 -> 93%.134.197.160:2`, expected: 'problem bad_field' },
  { name: 'a word and two octets', input: `04/20-14:45:09.171005  [**] x [**] ET.199.157 -> 5.6.7.8`, expected: 'problem bad_field' },
  { name: 'sanitised MY.NET is an address', input: `04/20-14:45:09.171005  [**] x [**] MY.NET.1.2:1 -> 5.6.7.8:2`, expected: '2004-04-20T14:45:09.171Z x' },
  { name: 'an obfuscated quad is an address', input: `04/20-14:45:09.171005  [**] x [**] xxx.xxx.xxx.xxx -> 5.6.7.8`, expected: '2004-04-20T14:45:09.171Z x' },
];

for (const { name, input, expected } of addressCases) {
  test(`snort-fast addresses: ${name}`, () => assert.equal(outline(parseLines([input])[0]!), expected));
}

test('snort-fast addresses: a configured text prefix is an address, unconfigured it is quarantined', () => {
  const text = `04/20-14:45:09.171005  [**] x [**] CORP.7.9:1 -> 5.6.7.8:2`;
  const withPrefix = snortFast.createParser({
    file: 'test',
    years: new YearTracker(2004),
    clock: new ZoneClock('UTC'),
    textPrefixes: ['MY.NET', 'CORP'],
  })({ text, line: 1 });
  assert.equal(outline(withPrefix), '2004-04-20T14:45:09.171Z x');
  assert.equal(outline(parseLines([text])[0]!), 'problem bad_field');
});

test('snort-fast: a message that is one <…> token is the message, not an -I interface tag', () => {
  const cases = [
    { name: 'markup alone', msg: '<svg/onload=alert(7)>', event: '<svg/onload=alert(7)>', iface: undefined },
    { name: 'markup then spaces', msg: '<b>  ', event: '<b>  ', iface: undefined },
    { name: 'a real -I tag', msg: ' <eth0> SMB Name Wildcard', event: 'SMB Name Wildcard', iface: 'eth0' },
  ];
  for (const c of cases) {
    const [result] = parseLines([line('04/20-10:00:00.000000', c.msg)]);
    assert.equal(result!.kind, 'parsed', c.name);
    if (result!.kind !== 'parsed') continue;
    assert.equal(result.event.event, c.event, c.name);
    assert.equal(result.event.iface, c.iface, c.name);
  }
});

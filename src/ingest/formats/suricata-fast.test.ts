/**
 * fast.log edge cases the one-line samples (formats/suricata-fast.json) cannot show: splices of
 * whole lines, time zones, hostile numbers, and telling Suricata lines from Snort's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFromMicros, YearTracker, ZoneClock } from '../../core/time.js';
import type { ParseResult } from '../format.js';
import { suricataFast } from './suricata-fast.js';

const LINE =
  '07/13/2016-22:42:07.573103  [**] [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [**] [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 82.165.177.154:80 -> 10.16.1.11:54186';

function parse(text: string, zone = 'UTC'): ParseResult {
  return suricataFast.createParser({ file: 't', years: new YearTracker(2004), clock: new ZoneClock(zone) })({ text, line: 1 });
}

/** ISO time, event and fragment of a parsed line, or the problem code. */
function outline(result: ParseResult): string {
  if (result.kind === 'skip') return 'skip';
  if (result.kind === 'problem') return `problem ${result.problem.code}`;
  const fragment = result.fragment ? ` +${result.fragment.code}[${result.fragment.input}]` : '';
  return `${isoFromMicros(result.event.ts)} ${result.event.sid}${fragment}`;
}

const cases: { name: string; input: string; expected: string }[] = [
  { name: 'a whole line', input: LINE, expected: '2016-07-13T22:42:07.573Z 2100498' },
  {
    name: 'two whole lines glued: the second is kept, the first quarantined',
    input: LINE.replace(':2100498:', ':1:') + LINE,
    expected: `2016-07-13T22:42:07.573Z 2100498 +spliced[${LINE.replace(':2100498:', ':1:')}]`,
  },
  { name: 'garbage in front of a whole line', input: `\u0000\u0001xx${LINE}`, expected: '2016-07-13T22:42:07.573Z 2100498 +spliced[\u0000\u0001xx]' },
  { name: 'a line cut short has nothing to recover', input: LINE.slice(0, 90), expected: 'problem no_match' },
  { name: 'a timestamp-shaped start with garbage after it', input: '07/13/2016-22:42:07.573103  hello', expected: 'problem no_match' },
  { name: 'a gid too long to be a number', input: LINE.replace('[1:', `[${'9'.repeat(400)}:`), expected: 'problem no_match' },
  { name: 'a port with letters', input: LINE.replace(':54186', ':5418x'), expected: 'problem bad_field' },
  { name: 'an empty source address', input: LINE.replace('82.165.177.154:80', ':80'), expected: 'problem bad_field' },
  { name: 'a classification without its priority', input: LINE.replace('[Priority: 2]', '[Prio 2]'), expected: 'problem no_match' },
  { name: 'hour 25', input: LINE.replace('22:42', '25:42'), expected: 'problem bad_timestamp' },
  { name: 'CR left at the end of a line', input: `${LINE}\r`, expected: '2016-07-13T22:42:07.573Z 2100498' },
];

for (const { name, input, expected } of cases) {
  test(`suricata-fast: ${name}`, () => assert.equal(outline(parse(input)), expected));
}

test('suricata-fast: wall-clock times are read in the --tz zone', () => {
  const result = parse(LINE, 'America/New_York');
  assert.equal(result.kind === 'parsed' && isoFromMicros(result.event.ts), '2016-07-14T02:42:07.573Z');
});

test('suricata-fast: a decoder event without a pcap packet number', () => {
  const result = parse(
    '07/13/2016-22:42:12.000000  [**] [1:2200003:2] SURICATA IPv4 truncated packet [**] [Classification: Generic Protocol Command Decode] [Priority: 3] [**] [Raw pkt: 45 00 ]',
  );
  assert.equal(result.kind === 'parsed' && result.event.payload, '4500');
  assert.equal(result.kind === 'parsed' && result.event.src, undefined);
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'fast.log lines', input: [LINE, LINE], expected: 0.95 },
  { name: 'a drop-tagged line', input: [LINE.replace('  [**]', '  [Drop] [**]')], expected: 0.95 },
  { name: 'half the head is fast.log', input: [LINE, 'junk'], expected: 0.475 },
  { name: 'Snort 2 fast alert (MM/DD, no year)', input: ['04/20-14:45:09.171005  [**] [1:1228:7] SCAN nmap XMAS [**] [Priority: 2] {TCP} 10.0.0.9:53998 -> 10.0.0.5:1'], expected: 0 },
  { name: 'Snort 2 -y fast alert (MM/DD/YY)', input: ['04/20/04-14:45:09.171005  [**] [1:1228:7] SCAN nmap XMAS [**] [Priority: 2] {TCP} 10.0.0.9:53998 -> 10.0.0.5:1'], expected: 0 },
  { name: 'Snort 3 fast alert', input: ['08/06-22:10:47.395530 [**] [1:10000001:0] "ICMP test" [**] [Priority: 0] {ICMP} 10.1.1.1 -> 10.1.1.2'], expected: 0 },
  { name: 'nothing', input: [], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`suricata-fast sniff: ${name}`, () => assert.equal(suricataFast.sniff(input), expected));
}

const nullCases: { name: string; input: string; event: string; classification: string | undefined }[] = [
  {
    name: '(null) message and classification',
    input: '07/13/2016-22:42:07.573103  [**] [1:6:1] (null) [**] [Classification: (null)] [Priority: 3] {TCP} 1.2.3.4:1 -> 5.6.7.8:2',
    event: 'alert [1:6:1]',
    classification: undefined,
  },
  {
    name: '(null) message, real classification',
    input: '07/13/2016-22:42:07.573103  [**] [3:9:2] (null) [**] [Classification: Misc activity] [Priority: 3] {TCP} 1.2.3.4:1 -> 5.6.7.8:2',
    event: 'alert [3:9:2]',
    classification: 'Misc activity',
  },
  {
    name: 'a message that merely contains (null)',
    input: '07/13/2016-22:42:07.573103  [**] [1:7:1] x (null) y [**] [Priority: 3] {TCP} 1.2.3.4:1 -> 5.6.7.8:2',
    event: 'x (null) y',
    classification: undefined,
  },
];

for (const c of nullCases) {
  test(`suricata-fast: ${c.name}`, () => {
    const result = parse(c.input);
    assert.equal(result.kind, 'parsed');
    if (result.kind !== 'parsed') return;
    assert.equal(result.event.event, c.event);
    assert.equal(result.event.classification, c.classification);
  });
}

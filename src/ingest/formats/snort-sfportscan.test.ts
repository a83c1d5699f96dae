/** sfPortscan log edge cases beyond the one-entry samples (formats/snort-sfportscan.json). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YearTracker, ZoneClock } from '../../core/time.js';
import type { ParseResult, RawRecord } from '../format.js';
import { snortSfportscan } from './snort-sfportscan.js';

function run(text: string): ParseResult[] {
  const parse = snortSfportscan.createParser({ file: 't', years: new YearTracker(2004), clock: new ZoneClock('UTC') });
  const assembler = snortSfportscan.createAssembler!();
  const records: RawRecord[] = [];
  text.split('\n').forEach((line, i) => records.push(...assembler.push(line, i + 1)));
  records.push(...assembler.finish());
  return records.map(parse);
}

const FILE = `Time: 09/08-15:07:31.603880 
event_id: 2
192.168.169.3 -> 192.168.169.5 (portscan) TCP Filtered Portscan
Priority Count: 0
Connection Count: 200
IP Count: 2
Scanner IP Range: 192.168.169.3:192.168.169.4
Port/Proto Count: 200
Port/Proto Range: 20:47557

Time: 09/08-15:07:31.603881 
event_ref: 2
192.168.169.5 -> 192.168.169.3 (portscan) Open Port
Open Port: 38458

`;

test('snort-sfportscan: a file of entries separated by blank lines', () => {
  const outline = run(FILE).map((r) => (r.kind === 'parsed' ? `${r.event.event} ${r.event.psConnections ?? '-'}` : r.kind));
  assert.deepEqual(outline, ['(portscan) TCP Filtered Portscan 200', '(portscan) Open Port -']);
});

test('snort-sfportscan: an entry without its blank line does not swallow the next', () => {
  assert.equal(run(FILE.replace('\n\nTime:', '\nTime:')).filter((r) => r.kind === 'parsed').length, 2);
});

test('snort-sfportscan: IPv6 scanner and target addresses', () => {
  const [result] = run('Time: 09/08-15:07:31.603880\nevent_id: 3\n2001:db8::1 -> 2001:db8::2 (portscan) TCP Portscan\nConnection Count: 5');
  assert.deepEqual(result?.kind === 'parsed' && [result.event.src, result.event.dst, result.event.sport], ['2001:db8::1', '2001:db8::2', undefined]);
});

const sniffCases: { name: string; input: string[]; expected: number }[] = [
  { name: 'an sfPortscan log', input: FILE.split('\n').filter((l) => l.trim()), expected: 0.95 },
  { name: 'an old spp_portscan scans log', input: ['Apr  2 03:04:05 1.2.3.4:1024 -> MY.NET.1.2:57 SYN ******S* '], expected: 0 },
  { name: 'Time: without an event line', input: ['Time: 09/08-15:07:31.603880', 'hello'], expected: 0 },
];

for (const { name, input, expected } of sniffCases) {
  test(`snort-sfportscan sniff: ${name}`, () => assert.equal(snortSfportscan.sniff(input), expected));
}

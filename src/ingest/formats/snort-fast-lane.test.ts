/**
 * The snort-fast byte lane against its parser (checkFastLane compares every stored column): the
 * shapes it must take, the ones it must leave to the parser, generated classic data, the sample
 * files and randomly damaged lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventBatch } from '../../core/event-columns.js';
import { YearTracker, ZoneClock } from '../../core/time.js';
import { generateClassicLogs } from '../../gen/generate-classic-logs.js';
import { Random } from '../../gen/random.js';
import { EventBatchBuilder } from '../event-batch-builder.js';
import { checkFastLane, type FastLaneCheck } from '../fast-lane-check.js';
import { snortFast } from './snort-fast.js';
import type { FastLane } from '../format.js';

/**
 * checkFastLane over `lines`. Its builders hold `lines.length + 1` rows, and as committed with the
 * lane contract it views every column's buffer as 32-bit words, which throws unless the one-byte
 * columns' length is a multiple of 4: blank lines (which the lane declines and the parser skips)
 * pad the input to such a length. Harmless once it no longer does.
 */
function check(lines: readonly string[], year = 2004): FastLaneCheck {
  const padded = [...lines];
  while ((padded.length + 1) % 4 !== 0) padded.push('');
  return { ...checkFastLane(snortFast, padded, year), lines: lines.length };
}

function assertAgrees(result: FastLaneCheck, what: string): void {
  assert.deepEqual(result.mismatches, [], `${what}: lane and parser disagree`);
}

const TS = '04/20-14:45:09.171005';

const accepted: { name: string; line: string }[] = [
  { name: 'Snort 1.x TCP alert, ports, sanitised dst', line: `${TS}  [**] DDOS shaft client to handler [**] 81.220.163.126:4662 -> MY.NET.84.235:20432` },
  { name: 'Snort 1.x ICMP alert, no ports, trailing space', line: `${TS}  [**] ICMP Destination Unreachable (Communication Administratively Prohibited) [**] 145.89.87.244 -> MY.NET.223.82 ` },
  { name: 'both ends sanitised', line: `${TS}  [**] SMB Name Wildcard [**] MY.NET.11.7:137 -> MY.NET.150.44:137` },
  { name: 'both ends dotted quads, extreme values', line: `${TS}  [**] x [**] 0.0.0.0:0 -> 255.255.255.255:65535` },
  { name: 'MY.NET.0.0 and MY.NET.255.255', line: `${TS}  [**] x [**] MY.NET.0.0:1 -> MY.NET.255.255` },
  { name: 'port with a leading zero', line: `${TS}  [**] x [**] 1.2.3.4:080 -> 5.6.7.8:00001` },
  { name: 'non-canonical dotted quad kept as text', line: `${TS}  [**] x [**] 010.1.2.3:80 -> 1.02.3.4` },
  { name: 'message with brackets, stars and quotes inside', line: `${TS}  [**] WEB-MISC [x] "a" *b* [** c ** [**] 1.2.3.4:1 -> 5.6.7.8:2` },
  { name: 'message ending in spaces', line: `${TS}  [**] msg   [**] 1.2.3.4:1 -> 5.6.7.8:2` },
  { name: 'one space everywhere', line: `${TS} [**] x [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'many spaces after the timestamp and the message', line: `${TS}     [**]    x [**]     1.2.3.4 -> 5.6.7.8` },
  { name: 'message right after [**]', line: `${TS}  [**]x [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'no fraction', line: '04/20-14:45:09  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: 'three-digit fraction', line: '04/20-14:45:09.171  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: 'leap second', line: '06/30-23:59:60.000001  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: '-y year MM/DD/YY', line: '12/31/02-23:59:59.000001  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: 'YY/MM/DD when the first field cannot be a month', line: '99/12/31-23:59:59.000001  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: 'MM/DD/YYYY (Suricata)', line: '07/13/2016-22:42:07.388030  [**] x [**] 1.2.3.4 -> 5.6.7.8' },
  { name: 'CR at the end', line: `${TS}  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2\r` },
  { name: 'packet-less ordinary alert', line: `${TS}  [**] some preprocessor note [**] ` },
  { name: 'spp_portscan threshold', line: '04/20-00:00:00.181823  [**] spp_portscan: PORTSCAN DETECTED from 64.186.3.12 (THRESHOLD 4 connections exceeded in 2 seconds) [**] ' },
  { name: 'spp_portscan threshold from MY.NET', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED from MY.NET.1.3 (THRESHOLD 12 connections exceeded in 0 seconds) [**]` },
  { name: 'spp_portscan stealth', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED from 199.183.24.194 (STEALTH) [**]` },
  { name: 'spp_portscan detect, two spaces before the part', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED from 1.2.3.4  (STEALTH)  [**] ` },
  { name: 'spp_portscan stealth 2.0+: to port, rule id', line: `${TS}  [**] [100:1:1] spp_portscan: PORTSCAN DETECTED to port 110 from 68.121.194.43 (STEALTH) [**] ` },
  { name: 'spp_portscan on eth1', line: `${TS}  [**] [100:1:1] spp_portscan: PORTSCAN DETECTED on eth1 from 10.9.8.7 (THRESHOLD 12 connections exceeded in 2 seconds) [**] ` },
  { name: 'spp_portscan on eth1 to port', line: `${TS}  [**] [100:1:1] spp_portscan: PORTSCAN DETECTED on eth1 to port 57 from 10.9.8.7 (STEALTH) [**] ` },
  { name: 'spp_portscan status', line: '04/20-00:01:02.567406  [**] spp_portscan: portscan status from MY.NET.1.3: 7 connections across 7 hosts: TCP(0), UDP(7) [**] ' },
  { name: 'spp_portscan status STEALTH', line: '04/20-00:01:02.567406  [**] spp_portscan: portscan status from 1.2.3.4: 7 connections across 5 hosts: TCP(0), UDP(7) STEALTH [**] ' },
  { name: 'spp_portscan status, all zero', line: `${TS}  [**] spp_portscan: portscan status from 1.2.3.4: 0 connections across 0 hosts: TCP(0), UDP(0) [**] ` },
  { name: 'spp_portscan end, all zero', line: `${TS}  [**] spp_portscan: End of portscan from 1.2.3.4: TOTAL time(0s) hosts(0) TCP(0) UDP(0) [**] ` },
  { name: 'spp_portscan end', line: '04/20-00:01:14.215316  [**] [100:3:1] spp_portscan: End of portscan from 130.85.1.3: TOTAL time(8s) hosts(8) TCP(0) UDP(8) [**] ' },
  { name: 'spp_portscan end STEALTH, sanitised', line: '04/20-00:01:14.215316  [**] spp_portscan: End of portscan from MY.NET.7.9: TOTAL time(12s) hosts(88) TCP(88) UDP(0) STEALTH [**] ' },
  { name: 'spp_portscan with a packet after it', line: `${TS}  [**] [100:1:1] spp_portscan: PORTSCAN DETECTED from 1.2.3.4 (STEALTH) [**] {TCP} 1.2.3.4:5 -> MY.NET.6.7:8` },
  { name: 'Snort 2 full line', line: `${TS}  [**] [1:1228:7] SCAN nmap XMAS [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 10.0.0.9:53998 -> 10.0.0.5:1` },
  { name: 'Snort 2 ICMP, sanitised', line: `${TS}  [**] [1:408:5] ICMP Echo Reply [**] [Classification: Misc activity] [Priority: 3] {ICMP} MY.NET.1.2 -> 1.2.3.4` },
  { name: 'Snort 2 {PROTO:255}', line: `${TS}  [**] [1:2000:1] odd protocol [**] [Priority: 3] {PROTO:255} 10.1.1.1 -> 10.2.2.2` },
  { name: 'Snort 2 priority only, spaces inside', line: `${TS}  [**] [1:1:1] x [**] [Priority:   0] 10.1.1.1:1 -> 10.2.2.2:2` },
  { name: 'Snort 2 empty classification', line: `${TS}  [**] [1:1:1] x [**] [Classification: ] 10.1.1.1:1 -> 10.2.2.2:2` },
  { name: 'Snort 2 rule id without extras', line: `${TS}  [**] [116:150:1] (snort decoder) Bad Traffic Loopback IP [**] 127.0.0.1 -> 1.2.3.4` },
  { name: 'protocol only', line: `${TS}  [**] x [**] {UDP} 1.2.3.4:53 -> 5.6.7.8:1024` },
  { name: 'Snort 2 packet-less preprocessor alert', line: `${TS}  [**] [112:1:1] (spp_arpspoof) Directed ARP request [**] ` },
  { name: 'Snort 2 message starting with R [ after the rule id', line: `${TS}  [**] [1:2:3] R [x] y [**] 1.2.3.4 -> 5.6.7.8` },
];

for (const { name, line } of accepted) {
  test(`lane takes: ${name}`, () => {
    const result = check([line]);
    assertAgrees(result, name);
    assert.equal(result.accepted, 1, 'the lane declined it');
  });
}

const declined: { name: string; line: string }[] = [
  { name: 'Suricata (null) message and classification (the parser names it by rule id)', line: '08/02/2014-10:50:25.823699  [**] [1:6:1] (null) [**] [Classification: (null)] [Priority: 3] {6} 1.2.3.4:3000 -> 5.6.7.8:56508' },
  // Text addresses other than MY.NET.x.y: the parser judges them (isTextAddress).
  { name: 'MY.NET with a leading zero', line: `${TS}  [**] x [**] MY.NET.01.2:80 -> MY.NET.1.02` },
  { name: 'MY.NET with an octet over 255', line: `${TS}  [**] x [**] MY.NET.256.1 -> MY.NET.1.1000` },
  { name: 'other sanitised spellings', line: `${TS}  [**] x [**] xxx.xxx.xxx.xxx:1 -> MY.NET:2` },
  { name: 'short MY.NET forms', line: `${TS}  [**] x [**] MY.NET.1 -> MY.NET.1.2.3` },
  { name: 'address letters _ and %', line: `${TS}  [**] x [**] my_host%1 -> a.b` },
  { name: 'printf debris in an address', line: `${TS}  [**] x [**] 1%s30.85.17.9:80 -> 93%.134.197.160:2` },
  { name: 'a word and two octets', line: `${TS}  [**] x [**] ET.199.157 -> 5.6.7.8` },
  { name: '-I interface tag', line: `${TS}  [**]  <eth0> SMB Name Wildcard [**] MY.NET.11.7:137 -> MY.NET.150.44:137` },
  { name: '[Drop] action', line: `${TS}  [Drop] [**] [1:2000:1] odd protocol [**] [Priority: 3] {PROTO:255} 10.1.1.1 -> 10.2.2.2` },
  { name: 'MARK_TAGGED R', line: `${TS}  [**] R [1:1000:2] WEB-IIS cmd.exe access [**] [Priority: 1] {TCP} 1.2.3.4:1025 -> MY.NET.1.2:80` },
  { name: 'message starting with F [', line: `${TS}  [**] F [oo] [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'message starting with [', line: `${TS}  [**] [x] y [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'Snort 3 action and quoted message', line: '08/06-22:10:47.395530 [block] [**] [1:10000001:0] "ICMP test" [**] [Classification: Misc activity] [Priority: 0] [AppID: ICMP] {ICMP} 10.1.1.1 -> 10.1.1.2' },
  { name: 'Snort 3 quoted message', line: `${TS} [**] [1:1:0] "ICMP test" [**] [Priority: 0] {ICMP} 10.1.1.1 -> 10.1.1.2` },
  { name: 'Snort 3 ISO timestamp', line: '2004-04-20 14:45:09.171005 [**] [1:10000002:1] "TCP test" [**] [Priority: 1] {TCP} 10.1.1.1:4444 -> 10.1.1.2:80' },
  { name: '[AppID: …]', line: `${TS} [**] [1:1:0] x [**] [Priority: 0] [AppID: ICMP] {ICMP} 10.1.1.1 -> 10.1.1.2` },
  { name: 'IPv6 with ports', line: `${TS}  [**] [1:3:1] v6 probe [**] [Priority: 2] {TCP} 2001:db8::1:80 -> 2001:db8::2:1234` },
  { name: 'IPv6 without ports', line: `${TS}  [**] [1:4:1] v6 ping [**] [Priority: 3] {IPV6-ICMP} 2001:db8::1 -> fe80::2` },
  { name: 'spliced: tail glued before', line: ':4416 -> MY.NET.30.404/20-13:42:18.152264  [**] spp_portscan: portscan status from 1.2.3.4: 3 connections across 1 hosts: TCP(3), UDP(0) [**] ' },
  { name: 'spliced: next record glued after', line: `${TS}  [**] SCAN Proxy attempt [**] 1.2.3.4:3356 -> MY.NET.30.4:808004/20-13:42:18.000002  [**] SMB Name Wildcard [**] MY.NET.11.7:137 -> MY.NET.150.44:137` },
  { name: 'non-ASCII message', line: `${TS}  [**] caf\u00e9 [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'NUL in the message', line: `${TS}  [**] a\u0000b [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'tab in the message', line: `${TS}  [**] a\tb [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'tab after the timestamp', line: `${TS}\t[**] x [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'DEL in the classification', line: `${TS}  [**] [1:1:1] x [**] [Classification: a\u007fb] 1.2.3.4 -> 5.6.7.8` },
  { name: 'NUL run', line: '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000 -> MY.NET.1.2' },
  { name: 'month 13', line: '13/20-14:45:09.171005  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2' },
  { name: 'February 30', line: '02/30-14:45:09.171005  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2' },
  { name: 'hour 24', line: '04/20-24:45:09.171005  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2' },
  { name: 'seven fraction digits', line: '04/20-14:45:09.1710051  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2' },
  { name: 'dot without fraction', line: '04/20-14:45:09.  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2' },
  { name: 'port 70000', line: `${TS}  [**] x [**] 1.2.3.4:70000 -> 5.6.7.8:2` },
  { name: 'six-digit port', line: `${TS}  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:000002` },
  { name: 'octet 256', line: `${TS}  [**] x [**] 1.2.3.256:80 -> 5.6.7.8:2` },
  { name: 'three-part quad', line: `${TS}  [**] x [**] 1.2.3:80 -> 5.6.7.8:2` },
  { name: 'empty port', line: `${TS}  [**] x [**] 1.2.3.4: -> 5.6.7.8:2` },
  { name: 'two spaces before the arrow', line: `${TS}  [**] x [**] 1.2.3.4  -> 5.6.7.8` },
  { name: 'junk after the destination', line: `${TS}  [**] x [**] 1.2.3.4 -> 5.6.7.8 extra` },
  { name: 'no destination', line: `${TS}  [**] x [**] 1.2.3.4 -> ` },
  { name: 'bad portscan numbers', line: '04/20-00:01:02.567406  [**] spp_portscan: portscan status from 1.2.3.4: many connections across 7 hosts: TCP(0), UDP(7) [**] ' },
  { name: 'portscan source with a port', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED from 1.2.3.4:5 (STEALTH) [**]` },
  { name: 'portscan junk after the part', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED from 1.2.3.4 (STEALTH) x [**]` },
  { name: 'portscan port over 65535', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED to port 65536 from 1.2.3.4 (STEALTH) [**]` },
  { name: 'unknown spp_portscan message', line: `${TS}  [**] spp_portscan: something new [**] ` },
  { name: 'bad [Priority: N]', line: `${TS}  [**] [1:1:1] x [**] [Priority: high] 1.2.3.4 -> 5.6.7.8` },
  { name: 'empty {PROTO}', line: `${TS}  [**] [1:1:1] x [**] {} 1.2.3.4 -> 5.6.7.8` },
  { name: 'line cut in its message', line: `${TS}  [**] cut short` },
  { name: 'line cut in its timestamp', line: '04/20-14:45' },
  { name: 'empty message', line: `${TS}  [**] [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'leading space', line: ` ${TS}  [**] x [**] 1.2.3.4 -> 5.6.7.8` },
  { name: 'no [**]', line: `${TS}  x 1.2.3.4 -> 5.6.7.8` },
  { name: 'good classification and protocol, bad address', line: `${TS}  [**] [1:1:1] new message [**] [Classification: New class] [Priority: 1] {NEWPROTO} 1.2.3.4:1 -> 1.2.3.256:2` },
  { name: 'good portscan message, bad packet', line: `${TS}  [**] spp_portscan: PORTSCAN DETECTED on eth9 from MY.NET.9.9 (STEALTH) [**] {TCP} 1.2.3.4:1 -> MY.NET.1.2:99999` },
  { name: 'shutdown notice', line: 'Snort exiting on signal 15' },
  { name: 'blank', line: '   ' },
];

for (const { name, line } of declined) {
  test(`lane leaves to the parser: ${name}`, () => {
    const result = check([line]);
    assertAgrees(result, name);
    assert.equal(result.accepted, 0, 'the lane took it');
    // Nor does it leave strings or addresses behind in the builder's dictionaries.
    const builder = new EventBatchBuilder(4);
    const bytes = Buffer.from(line, 'utf8');
    createLane(builder)(bytes, 0, bytes.length, 1);
    const batch = builder.take();
    assert.deepEqual([batch.rows, batch.newStrings, batch.newAddresses], [0, [], []]);
  });
}

test('lane and parser agree on years across lines (rollover, -y years)', () => {
  const line = (ts: string): string => `${ts}  [**] x [**] 1.2.3.4:1 -> 5.6.7.8:2`;
  const lines = [
    line('12/31-23:59:59.000000'),
    `12/31-23:59:59.500000  [**] spp_portscan: PORTSCAN DETECTED from 1.2.3.4 (STEALTH) [**]`,
    line('01/01-00:00:01.000000'),
    line('04/20/02-10:00:00.000000'),
    line('04/21-10:00:00.000000'),
    line('02/30-10:00:00.000000'),
    line('04/22-10:00:00.000000'),
  ];
  const result = check(lines, 2003);
  assertAgrees(result, 'year sequence');
  assert.equal(result.accepted, 6);
});

test('a line inside a larger chunk (a Buffer at an offset in its memory) is read as the line alone', () => {
  const lines = [...accepted.map((a) => a.line), ...declined.map((d) => d.line)];
  const run = (feed: (lane: FastLane) => number[]) => {
    const builder = new EventBatchBuilder(lines.length + 4);
    const lane = createLane(builder);
    return { results: feed(lane), batch: builder.take() };
  };
  const alone = run((lane) =>
    lines.map((text, i) => {
      const bytes = Buffer.from(text, 'utf8');
      return lane(bytes, 0, bytes.length, i + 1);
    }),
  );
  // All lines in one file-like chunk, a view at an offset into larger memory.
  const text = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const backing = new ArrayBuffer(text.length + 16);
  const chunk = Buffer.from(backing, 5, text.length + 3);
  chunk.set(text);
  const inChunk = run((lane) => {
    const out: number[] = [];
    let start = 0;
    for (let i = 0; i < lines.length; i++) {
      const end = chunk.indexOf(10, start);
      out.push(lane(chunk, start, end, i + 1));
      start = end + 1;
    }
    return out;
  });
  assert.equal(inChunk.results.filter((ts) => !Number.isNaN(ts)).length, accepted.length);
  assert.deepEqual(inChunk.results, alone.results);
  assertSameBatch(inChunk.batch, alone.batch);
});

function createLane(builder: EventBatchBuilder): ReturnType<NonNullable<typeof snortFast.createFastLane>> {
  return snortFast.createFastLane!({ file: 'test', years: new YearTracker(2004), clock: new ZoneClock('UTC') }, builder);
}

function assertSameBatch(a: EventBatch, b: EventBatch): void {
  assert.equal(a.rows, b.rows);
  assert.deepEqual(a.newStrings, b.newStrings);
  assert.deepEqual(a.newAddresses, b.newAddresses);
  a.columns.forEach((col, i) => {
    const other = b.columns[i] ?? null;
    if (col === null || other === null || col.kind === 'text' || other.kind === 'text') {
      assert.deepEqual(col, other, `column ${i}`);
      return;
    }
    assert.ok(Buffer.from(col.data).equals(Buffer.from(other.data)), `column ${i} data`);
    assert.ok(Buffer.from(col.validity).equals(Buffer.from(other.validity)), `column ${i} validity`);
  });
}

test('lane and parser agree over generated classic logs, and the lane takes nearly every line', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'idsift-fast-lane-'));
  try {
    await generateClassicLogs({ outDir: dir, mb: 2, seed: 7 });
    const alertFiles = readdirSync(dir).filter((name) => name.startsWith('alert'));
    assert.ok(alertFiles.length > 0, 'the generator wrote no alert file');
    for (const name of alertFiles) {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      const result = check(lines);
      assertAgrees(result, name);
      const share = result.accepted / result.lines;
      t.diagnostic(`${name}: lane took ${result.accepted} of ${result.lines} lines (${(share * 100).toFixed(2)}%)`);
      assert.ok(share >= 0.95, `${name}: the lane took only ${(share * 100).toFixed(2)}% of ${result.lines} lines`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('lane and parser agree over the sample files', () => {
  const records: string[] = [];
  const formatsDir = fileURLToPath(new URL('../../../formats/', import.meta.url));
  for (const name of readdirSync(formatsDir).filter((f) => f.endsWith('.json'))) {
    // Every format's samples: the lane must decline what is not a fast alert line.
    const spec = JSON.parse(readFileSync(join(formatsDir, name), 'utf8')) as { samples: { record: string }[] };
    for (const sample of spec.samples) records.push(...sample.record.split('\n'));
  }
  const fromFormats = check(records);
  assertAgrees(fromFormats, 'formats/*.json');
  assert.ok(fromFormats.accepted >= 10, `only ${fromFormats.accepted} sample lines taken`);

  const real = fileURLToPath(new URL('../../../test/fixtures/samples/', import.meta.url));
  assert.ok(existsSync(real), `real sensor samples missing at ${real}`);
  let fastLogs = 0;
  for (const sub of readdirSync(real, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(real, sub.name)).filter((f) => f.endsWith('fast.log'))) {
      const lines = readFileSync(join(real, sub.name, name), 'utf8').split('\n');
      assertAgrees(check(lines), `${sub.name}/${name}`);
      fastLogs++;
    }
  }
  assert.ok(fastLogs > 0, `no fast.log files under ${real}`);
});

/** One random edit: a byte changed to a character that matters to the layout, inserted, or removed. */
const ALPHABET = '0123456789./-:[]*{} >()<"\tRFMYNETxs:\u0000\u00e9';

function mutate(rng: Random, line: string): string {
  let text = line;
  for (let edits = rng.range(1, 3); edits > 0 && text.length > 0; edits--) {
    const at = rng.int(text.length);
    const ch = ALPHABET[rng.int(ALPHABET.length)]!;
    switch (rng.int(4)) {
      case 0:
        text = text.slice(0, at) + ch + text.slice(at + 1);
        break;
      case 1:
        text = text.slice(0, at) + ch + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at + 1);
        break;
      default:
        // A digit nudged up or down keeps the shape but moves values across their limits.
        text = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) + (rng.chance(0.5) ? 1 : -1)) + text.slice(at + 1);
    }
  }
  return text;
}

test('lane and parser agree on randomly damaged lines (seeded)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'idsift-fast-lane-mut-'));
  try {
    await generateClassicLogs({ outDir: dir, mb: 0.5, seed: 3 });
    const base = readdirSync(dir)
      .filter((name) => name.startsWith('alert'))
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
      .filter((line) => line.length > 0);
    const extra = [...accepted.map((a) => a.line), ...declined.map((d) => d.line)];
    const rng = new Random(20040420);
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const source = rng.chance(0.2) ? extra[rng.int(extra.length)]! : base[rng.int(base.length)]!;
      lines.push(mutate(rng, source));
    }
    // checkFastLane gives lane and parser a year tracker each, and a line the lane declines moves
    // only the parser's (a `-y` year, the month the rollover looks at), where in a file they
    // share one. A line both take, with a year in it, before each damaged line puts the two
    // trackers back in step.
    const resync = '04/20/04-00:00:00  [**] resync [**] 1.2.3.4 -> 5.6.7.8';
    const result = check(lines.flatMap((line) => [resync, line]));
    assertAgrees(result, 'mutated lines');
    const taken = result.accepted - lines.length;
    t.diagnostic(`lane took ${taken} of ${lines.length} damaged lines`);
    assert.ok(taken > 2000, `only ${taken} mutated lines taken: the test exercises little`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

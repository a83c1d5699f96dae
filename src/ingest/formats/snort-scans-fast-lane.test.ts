/**
 * The scans fast lane against the scans parser (checkFastLane): every shape it takes must come out
 * exactly as the parser has it, every other line must be declined untouched — over hand-made
 * variants, generated logs, the sample files, every truncation and random byte mutations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { YearTracker, ZoneClock } from '../../core/time.js';
import { generateClassicLogs } from '../../gen/generate-classic-logs.js';
import { EventBatchBuilder } from '../event-batch-builder.js';
import { assertSameBatch, checkFastLane, type FastLaneCheck } from '../fast-lane-check.js';
import { createScansFastLane } from './snort-scans-fast-lane.js';
import { snortScans } from './snort-scans.js';
import { prng as random } from '../mutate-lines.js';

/**
 * checkFastLane over `lines`, padded with blank lines (declined by the lane, skipped by the
 * parser) to a count the harness can decode: it views every numeric column, the one-byte ones
 * too, as a Uint32Array, which needs its builders' capacity (lines + 1) to be a multiple of 4.
 */
function check(lines: readonly string[], year = 2004, tz = 'UTC'): FastLaneCheck {
  const padded = [...lines];
  while ((padded.length + 1) % 4 !== 0) padded.push('');
  return { ...checkFastLane(snortScans, padded, year, tz), lines: lines.length };
}

function assertAllAccepted(lines: readonly string[], year = 2004, tz = 'UTC'): void {
  const result = check(lines, year, tz);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.accepted, lines.length, 'every line taken by the lane');
}

function assertAllDeclined(lines: readonly string[]): void {
  const result = check(lines);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.accepted, 0, 'every line left to the parser');
}

const probe = (rest: string, when = 'Apr 20 03:04:05', src = '68.121.194.43:1234', dst = '130.85.1.2:57'): string =>
  `${when} ${src} -> ${dst} ${rest}`;

/** A TCP line for each scan-type word, with flags that type is written with. */
const TCP_TYPES: [string, string][] = [
  ['SYN', '******S*'],
  ['FIN', '*******F'],
  ['SYNFIN', '******SF'],
  ['NULL', '********'],
  ['XMAS', '**U*P**F'],
  ['FULLXMAS', '12UAPRSF'],
  ['VECNA', '**U*****'],
  ['NOACK', '****P***'],
  ['NMAPID', '**U*P*SF'],
  ['SPAU', '**UAP*S*'],
  ['INVALIDACK', '***A*R**'],
  ['UNKNOWN', '*2*A****'],
];

const ACCEPTED: { name: string; lines: string[]; year?: number; tz?: string }[] = [
  { name: 'every TCP scan type, as Snort writes it (one trailing space)', lines: TCP_TYPES.map(([t, f]) => probe(`${t} ${f} `)) },
  { name: 'every TCP scan type, trailing space lost', lines: TCP_TYPES.map(([t, f]) => probe(`${t} ${f}`)) },
  { name: 'UDP with two trailing spaces (empty flag field)', lines: [probe('UDP  ')] },
  { name: 'UDP with one, none, a tab, or a CR after it', lines: [probe('UDP '), probe('UDP'), probe('UDP\t'), probe('UDP  \r')] },
  {
    name: 'RESERVEDBITS after flags, and instead of the empty UDP flag field',
    lines: [
      probe('SYN 12****S* RESERVEDBITS'),
      probe('UNKNOWN 1**A**** RESERVEDBITS '),
      probe('UDP  RESERVEDBITS '),
      probe('UDP RESERVEDBITS'),
    ],
  },
  {
    name: 'one-digit days: space-padded, unpadded, zero-padded; a padded two-digit day',
    lines: [probe('SYN ******S* ', 'Apr  2 03:04:05'), probe('SYN ******S* ', 'Apr 2 03:04:05'), probe('UDP  ', 'Apr 02 03:04:05'), probe('UDP  ', 'Apr  20 03:04:05')],
  },
  {
    name: 'December 31 rolls over into January 1 of the next year',
    year: 2003,
    lines: [probe('SYN ******S* ', 'Dec 31 23:59:58'), probe('SYN ******S* ', 'Dec 31 23:59:59'), probe('UDP  ', 'Jan  1 00:00:00'), probe('UDP  ', 'Jan  1 00:00:01')],
  },
  {
    name: 'every month name',
    lines: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => probe('UDP  ', `${m} 15 12:00:00`)),
  },
  { name: 'Feb 29 in a leap year, and a leap second', lines: [probe('UDP  ', 'Feb 29 10:00:00'), probe('UDP  ', 'Apr 20 23:59:60')] },
  {
    name: 'extreme addresses and ports',
    lines: [probe('UDP  ', undefined, '0.0.0.0:0', '255.255.255.255:65535'), probe('SYN ******S* ', undefined, '9.99.199.255:1', '100.0.10.1:9')],
  },
  {
    name: 'ports written with leading zeros keep their value',
    lines: [probe('UDP  ', undefined, '1.2.3.4:053', '5.6.7.8:00080')],
  },
  {
    name: 'tabs and runs of spaces between the fields after the destination',
    lines: [probe('SYN\t******S*\t'), `Apr 20 03:04:05 1.2.3.4:1 -> 5.6.7.8:2   SYN   ******S*   RESERVEDBITS   `, `Apr 20 03:04:05 1.2.3.4:1 -> 5.6.7.8:2\tUDP\t\tRESERVEDBITS`],
  },
  { name: 'leading spaces and tabs', lines: [`  ${probe('UDP  ')}`, `\t${probe('SYN ******S* ')}`] },
  {
    name: 'a zone with daylight saving (the night it starts included)',
    tz: 'America/New_York',
    lines: [probe('UDP  ', 'Apr  4 01:59:59'), probe('UDP  ', 'Apr  4 02:30:00'), probe('UDP  ', 'Apr  4 03:00:00'), probe('UDP  ', 'Oct 31 01:30:00')],
  },
];

for (const { name, lines, year, tz } of ACCEPTED) {
  test(`lane takes: ${name}`, () => assertAllAccepted(lines, year, tz));
}

const GOOD = probe('SYN ******S* ');
const DECLINED: { name: string; lines: string[] }[] = [
  { name: 'an empty line, blanks only', lines: ['', ' ', '\t \t', '\r'] },
  {
    name: 'spliced lines (a tail glued before, a line glued after)',
    lines: [`130.85.1.4:57 SYN ******S* ${GOOD}`, `${probe('SYN ******S*')}${GOOD}`, `Apr 20 03:04:05 68.121.194.43:12${GOOD}`],
  },
  {
    name: 'sanitised MY.NET addresses',
    lines: [probe('UDP  ', undefined, 'MY.NET.1.3:1027'), probe('UDP  ', undefined, '1.2.3.4:53', 'MY.NET.12.4:53')],
  },
  {
    name: 'octets with leading zeros',
    lines: [probe('UDP  ', undefined, '010.1.2.3:53'), probe('UDP  ', undefined, '1.2.3.4:53', '1.2.3.04:53'), probe('UDP  ', undefined, '1.00.3.4:53')],
  },
  {
    name: 'octets out of range, too many or too few',
    lines: [probe('UDP  ', undefined, '1.2.3.256:53'), probe('UDP  ', undefined, '1.2.3.4:53', '256.1.1.1:53'), probe('UDP  ', undefined, '1.2.3.1000:53'), probe('UDP  ', undefined, '1.2.3:53'), probe('UDP  ', undefined, '1.2.3.4.5:53')],
  },
  {
    name: 'ports out of range or missing',
    lines: [probe('UDP  ', undefined, '1.2.3.4:65536'), probe('UDP  ', undefined, '1.2.3.4:53', '5.6.7.8:100000'), probe('UDP  ', undefined, '1.2.3.4'), probe('UDP  ', undefined, '1.2.3.4:'), probe('UDP  ', undefined, '1.2.3.4:53', '5.6.7.8')],
  },
  { name: 'IPv6 endpoints', lines: [probe('UDP  ', undefined, '2001:db8::1:53'), probe('UDP  ', undefined, '1.2.3.4:53', 'fe80::1:53')] },
  {
    name: 'bad flag strings',
    lines: [probe('SYN ******X* '), probe('SYN ******s* '), probe('SYN S******* '), probe('SYN *****S* '), probe('SYN *******S* '), probe('SYN ******S*RESERVEDBITS')],
  },
  { name: 'unknown or misspelt scan-type words', lines: [probe('SYNN ******S* '), probe('syn ******S* '), probe('NMAPXMAS **U*P**F '), probe('PING  '), probe('******S* ')] },
  { name: 'UDP with a flag string, TCP without one', lines: [probe('UDP ******S* '), probe('SYN  '), probe('SYN RESERVEDBITS ')] },
  {
    name: 'text after the flags or after RESERVEDBITS',
    lines: [probe('SYN ******S* extra'), probe('SYN ******S* RESERVEDBITS RESERVEDBITS'), probe('SYN ******S* reservedbits'), probe('SYN ******S* RESERVEDBITSX'), probe('UDP  RESERVEDBIT')],
  },
  { name: 'a Sguil burst-file line', lines: ['s1|2002-04-20 03:04:05|1.2.3.4|1234|130.85.1.2|57|NULL ******** ', 's1|2002-04-20 03:04:05|1.2.3.4|53|130.85.1.2|53|UDP  '] },
  {
    name: 'binary bytes',
    lines: ['\u0000'.repeat(12) + '142.49.231.25', GOOD.replace('SYN', 'S\u0000N'), GOOD.replace(' -> ', ' -\u0000 '), GOOD.replace('1234', '12\u00e94'), `\u00ff${GOOD}`],
  },
  {
    name: 'truncated lines',
    lines: ['Apr 20 16:48:46 65.94.19', 'Apr 20 03:04:05 68.121.194.43:1234 -> ', 'Apr 20 03:04:05 68.121.194.43:1234 -> 130.85.1.2:57', 'Apr 20 03:04:05 68.121.194.43:1234 -> 130.85.1.2:57 SY', 'Apr 20 03:04:05 68.121.194.43:1234 -> 130.85.1.2:57 SYN ****'],
  },
  {
    name: 'impossible dates and times',
    lines: ['Feb 30 10:00:00', 'Apr 31 10:00:00', 'Apr  0 10:00:00', 'Apr 32 10:00:00', 'Apr 20 24:00:00', 'Apr 20 10:60:00', 'Apr 20 10:00:61'].map((when) => probe('UDP  ', when)),
  },
  {
    name: 'odd spellings of the date, time and arrow',
    lines: [
      probe('UDP  ', 'apr 20 03:04:05'),
      probe('UDP  ', 'April 20 03:04:05'),
      probe('UDP  ', 'Apr   2 03:04:05'),
      probe('UDP  ', 'Apr 20 3:04:05'),
      probe('UDP  ', 'Apr 20 03.04.05'),
      probe('UDP  ', 'Apr 20 03:04:05.123'),
      probe('UDP  ', 'Apr 20  03:04:05'),
      'Apr 20 03:04:05 1.2.3.4:1->5.6.7.8:2 UDP  ',
      'Apr 20 03:04:05 1.2.3.4:1 => 5.6.7.8:2 UDP  ',
      'Apr 20 03:04:05 1.2.3.4:1\t->\t5.6.7.8:2 UDP  ',
      'Apr 20 03:04:05  1.2.3.4:1 -> 5.6.7.8:2 UDP  ',
      'Apr 20 03:04:05 1.2.3.4:1 ->  5.6.7.8:2 UDP  ',
      'Apr 20 03:04:05 1.2.3.4:1 -> 5.6.7.8:2UDP  ',
    ],
  },
];

for (const { name, lines } of DECLINED) {
  test(`lane declines: ${name}`, () => assertAllDeclined(lines));
}

test('lane declines: Feb 29 outside a leap year', () => {
  const result = check([probe('UDP  ', 'Feb 29 10:00:00'), probe('UDP  ', 'Feb 28 10:00:00')], 2003);
  assert.deepEqual(result.mismatches, []);
  assert.equal(result.accepted, 1);
});

test('the lane is registered on the scans format', () => {
  assert.equal(snortScans.createFastLane, createScansFastLane);
});

test('bytes that are not UTF-8 are declined and leave the builder untouched', () => {
  const builder = new EventBatchBuilder(8);
  const lane = createScansFastLane({ file: 't', years: new YearTracker(2004), clock: new ZoneClock('UTC') }, builder);
  const good = Buffer.from(GOOD, 'latin1');
  for (const at of [0, 3, 16, 20, 30, good.length - 3]) {
    for (const byte of [0x80, 0xc3, 0xff]) {
      const bytes = Buffer.from(good);
      bytes[at] = byte;
      assert.ok(Number.isNaN(lane(bytes, 0, bytes.length, 1)), `byte ${byte} at ${at}`);
    }
  }
  assert.equal(builder.size, 0);
  assert.ok(!Number.isNaN(lane(good, 0, good.length, 2)));
  assert.equal(builder.size, 1);
});

const ALL_ACCEPTED_LINES = ACCEPTED.flatMap((c) => c.lines);

test('every truncation of every variant: the parser agrees, and nothing past `end` is read', () => {
  const cuts: string[] = [];
  for (const line of ALL_ACCEPTED_LINES) for (let k = 0; k <= line.length; k++) cuts.push(line.slice(0, k));
  const result = check(cuts);
  assert.deepEqual(result.mismatches, []);
  assert.ok(result.accepted >= ALL_ACCEPTED_LINES.length);

  // The same cuts as ranges of the whole line's bytes (the rest of the line right after `end`)
  // must give what the cut bytes alone give.
  const context = () => ({ file: 't', years: new YearTracker(2004), clock: new ZoneClock('UTC') });
  const inPlace = new EventBatchBuilder(2 * cuts.length);
  const alone = new EventBatchBuilder(2 * cuts.length);
  const laneInPlace = createScansFastLane(context(), inPlace);
  const laneAlone = createScansFastLane(context(), alone);
  let line = 0;
  for (const text of ALL_ACCEPTED_LINES) {
    const whole = Buffer.from(`${text}\n${text}`, 'latin1');
    for (let k = 0; k <= text.length; k++) {
      line++;
      const cut = Buffer.from(whole.subarray(0, k));
      const a = laneInPlace(whole, 0, k, line);
      const b = laneAlone(cut, 0, k, line);
      assert.ok(Object.is(a, b), `cut at ${k} of ${JSON.stringify(text)}: ${a} vs ${b}`);
      // And from the middle of a buffer: the second copy of the line.
      const c = laneInPlace(whole, text.length + 1, text.length + 1 + k, line);
      const d = laneAlone(cut, 0, k, line);
      assert.ok(Object.is(c, d), `cut at ${k} of the second copy of ${JSON.stringify(text)}: ${c} vs ${d}`);
    }
  }
  assertSameBatch(inPlace.take(), alone.take());
});


/** The lines of each generated scans file (generated once, on first use). */
let generated: string[][] | undefined;
async function generatedFiles(): Promise<string[][]> {
  if (generated) return generated;
  const dir = mkdtempSync(join(tmpdir(), 'idsift-scans-lane-'));
  try {
    await generateClassicLogs({ outDir: dir, mb: 2, seed: 7 });
    const names = readdirSync(dir).filter((n) => n.startsWith('scans.'));
    generated = names.map((n) => readFileSync(join(dir, n), 'utf8').split('\n').slice(0, -1));
    return generated;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('generated scans logs (~2 MB): zero mismatches, at least 99% of lines taken', async () => {
  const files = await generatedFiles();
  assert.equal(files.length, 3);
  let lines = 0;
  let accepted = 0;
  // Each file on its own, as ingest reads them: each file has its own year tracker.
  for (const file of files) {
    const result = check(file);
    assert.deepEqual(result.mismatches, []);
    lines += file.length;
    accepted += result.accepted;
  }
  assert.ok(lines > 10_000, `${lines} lines`);
  assert.ok(accepted >= 0.99 * lines, `accepted ${accepted} of ${lines}`);
});

/** Byte-level damage that keeps a line looking like a scans line more often than pure noise would. */
const MUTATION_CHARS = '0123456789 .:*->\tSYNUDPFINRA12\u0000\u00ffx|';

function mutate(line: string, next: () => number): string {
  const pick = (n: number): number => Math.floor(next() * n);
  let text = line;
  const times = 1 + pick(3);
  for (let m = 0; m < times; m++) {
    const at = pick(text.length + 1);
    const ch = MUTATION_CHARS[pick(MUTATION_CHARS.length)]!;
    switch (pick(5)) {
      case 0:
        text = text.slice(0, at) + ch + text.slice(at); // inserted
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + 1); // deleted
        break;
      case 2:
        text = text.slice(0, at) + String.fromCharCode(pick(128)) + text.slice(at + 1); // any ASCII byte
        break;
      case 3: {
        // A digit for a digit, a flag letter or star for a star: a good line with other values.
        const c = text.charCodeAt(at);
        const swap = c >= 48 && c <= 57 ? '0123456789' : c === 42 ? '*12UAPRSF' : '';
        if (swap) text = text.slice(0, at) + swap[pick(swap.length)]! + text.slice(at + 1);
        break;
      }
      default:
        text = text.slice(0, at) + ch + text.slice(at + 1); // replaced
    }
  }
  return text;
}

for (const seed of [1, 2, 3]) {
  test(`randomly mutated lines: the lane declines or agrees (seed ${seed})`, async () => {
    const files = await generatedFiles();
    const next = random(seed);
    const sources = [...files[0]!.slice(0, 3000), ...ALL_ACCEPTED_LINES];
    const mutated = Array.from({ length: 12_000 }, () => mutate(sources[Math.floor(next() * sources.length)]!, next));
    const result = check(mutated);
    assert.deepEqual(result.mismatches, []);
    // Many mutations (a digit for a digit, a flag for a star) leave a good line that the lane
    // must then read exactly as the parser does.
    assert.ok(result.accepted > 1000, `accepted ${result.accepted}`);
  });
}

const FORMATS_DIR = fileURLToPath(new URL('../../../formats/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const SHARED_SAMPLES = fileURLToPath(new URL('../../../test/fixtures/samples/', import.meta.url));

test('the scans sample file formats/snort-scans.json: zero mismatches, the classic dotted-quad lines taken', () => {
  const spec = JSON.parse(readFileSync(join(FORMATS_DIR, 'snort-scans.json'), 'utf8')) as { samples: { record: string }[] };
  const records = spec.samples.map((s) => s.record);
  const result = check(records);
  assert.deepEqual(result.mismatches, []);
  assert.ok(result.accepted >= 5, `accepted ${result.accepted} of ${records.length}`);
});

test('every other format sample, and the Suricata logs in test/fixtures/samples: declined or agreed', () => {
  const records = readdirSync(FORMATS_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(FORMATS_DIR, f), 'utf8')) as { samples: { record: string }[] }).samples)
    .flatMap((s) => s.record.split('\n'));
  // No public classic scans log exists (test/fixtures/samples/README.md); its line-based logs are foreign text here.
  if (existsSync(SHARED_SAMPLES)) {
    for (const dir of readdirSync(SHARED_SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const name of readdirSync(join(SHARED_SAMPLES, dir.name)).filter((n) => n.endsWith('.log'))) {
        records.push(...readFileSync(join(SHARED_SAMPLES, dir.name, name), 'utf8').split('\n'));
      }
    }
  }
  const result = check(records);
  assert.deepEqual(result.mismatches, []);
});

test('the scans fixtures (test/fixtures): zero mismatches, spliced lines left to the parser', () => {
  const lines = (path: string): string[] => readFileSync(join(FIXTURES, path), 'utf8').split('\n').slice(0, -1);
  const classic = lines('classic/scans.040420');
  assertAllAccepted(classic);
  const spliced = check(lines('scans/spliced-line.log'));
  assert.deepEqual(spliced.mismatches, []);
  assert.equal(spliced.accepted, 2, 'the two whole lines; the two spliced ones go to the parser');
});

/**
 * End to end: generate small data sets and read them back with simple regexes written here from
 * docs/FORMATS.md (not the project's parsers), counting by docs/PRODUCT.md's rules; the counts must equal
 * truth.json exactly.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClassicLogs, type GenerateOptions, type GroundTruth } from './generate-classic-logs.js';
import { SCENARIO_PORTS } from './scenario-params.js';

const root = mkdtempSync(join(tmpdir(), 'idsift-gen-'));
after(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function generate(options: Omit<GenerateOptions, 'outDir'>): Promise<{ dir: string; truth: GroundTruth }> {
  const dir = join(root, `run-${runs++}`);
  return { dir, truth: await generateClassicLogs({ ...options, outDir: dir }) };
}

const LOG_FILE = /^(alert\.\d{6}|scans\.\d{6}|oos_[A-Z][a-z]{2}\.\d\d\.\d{4})$/;
function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => LOG_FILE.test(n))
    .sort();
}
const sizeOf = (dir: string, pattern: RegExp): number =>
  logFiles(dir)
    .filter((n) => pattern.test(n))
    .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);

// --- An independent reader of the three layouts -------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TS = String.raw`(\d\d)/(\d\d)-(\d\d):(\d\d):(\d\d)\.(\d{6})`;
const ADDR = String.raw`(?:MY\.NET|\d{1,3}\.\d{1,3})\.\d{1,3}\.\d{1,3}`;
const FLAGS = '[1*][2*][U*][A*][P*][R*][S*][F*]';
const ALERT = new RegExp(
  `^${TS}  \\[\\*\\*\\] (.+?) \\[\\*\\*\\] (?:(${ADDR}):(\\d{1,5}) -> (${ADDR}):(\\d{1,5})|(${ADDR}) -> (${ADDR}))$`,
);
const PORTSCAN = new RegExp(
  `^${TS}  \\[\\*\\*\\] spp_portscan: (?:` +
    `PORTSCAN DETECTED from (${ADDR}) \\((?:THRESHOLD \\d+ connections exceeded in \\d+ seconds|STEALTH)\\)` +
    `|portscan status from (${ADDR}): \\d+ connections across \\d+ hosts: TCP\\(\\d+\\), UDP\\(\\d+\\)(?: STEALTH)?` +
    `|End of portscan from (${ADDR}): TOTAL time\\(\\d+s\\) hosts\\(\\d+\\) TCP\\(\\d+\\) UDP\\(\\d+\\)(?: STEALTH)?` +
    `) \\[\\*\\*\\] $`,
);
const SPLICED = new RegExp(`^(.+?)(${TS}  \\[\\*\\*\\] .*)$`);
const SCAN = new RegExp(
  `^(${MONTHS.join('|')}) ([ \\d]\\d) (\\d\\d):(\\d\\d):(\\d\\d) (${ADDR}):(\\d{1,5}) -> (${ADDR}):(\\d{1,5}) ` +
    `(?:UDP  |(?:SYN|FIN|SYNFIN|NULL|XMAS|FULLXMAS|VECNA|NOACK|NMAPID|SPAU|INVALIDACK|UNKNOWN) ${FLAGS} (?:RESERVEDBITS)?)$`,
);
const SEPARATOR = '=+'.repeat(37);
const OOS_ADDRESS = new RegExp(`^${TS} (${ADDR}):(\\d{1,5}) -> (${ADDR}):(\\d{1,5})$`);
const OOS_IP = /^TCP TTL:(\d+) TOS:0x[0-9A-F]+ ID:(\d+) IpLen:20 DgmLen:(\d+)(?: DF)?$/;
const OOS_TCP = new RegExp(
  `^${FLAGS} Seq: 0x[0-9A-F]+  Ack: 0x[0-9A-F]+  Win: 0x[0-9A-F]+  TcpLen: (\\d+)(?:  UrgPtr: 0x[0-9A-F]+)?$`,
);
const OOS_OPTIONS = /^TCP Options \((\d+)\) => ((?:(?:MSS: \d+|SackOK|TS: \d+ \d+|NOP|WS: \d+) )+)$/;
const OOS_HEX = /^((?:[0-9A-F]{2} ){1,16}) +(.{1,16})$/;

interface Event {
  kind: 'alert' | 'scans' | 'oos';
  ts: number;
  src: string;
  dport: number | null;
  signature?: string;
}

interface FileReading {
  rows: number;
  quarantined: number;
  recovered: number;
  first: number;
  last: number;
  events: Event[];
}

const micros = (year: number, m: string, d: string, h: string, mi: string, s: string, us = '0'): number =>
  Date.UTC(year, Number(m) - 1, Number(d), Number(h), Number(mi), Number(s)) * 1000 + Number(us);

function readAlertFile(text: string, year: number): FileReading {
  const r: FileReading = { rows: 0, quarantined: 0, recovered: 0, first: Infinity, last: -Infinity, events: [] };
  for (const line of text.split('\n').slice(0, -1)) {
    let record = line;
    if (!ALERT.test(record) && !PORTSCAN.test(record)) {
      const spliced = SPLICED.exec(record);
      if (
        spliced &&
        !new RegExp(`^${TS}`).test(spliced[1]!) &&
        (ALERT.test(spliced[2]!) || PORTSCAN.test(spliced[2]!))
      ) {
        r.quarantined++;
        r.recovered++;
        record = spliced[2]!;
      } else {
        r.quarantined++;
        continue;
      }
    }
    const ps = PORTSCAN.exec(record);
    let event: Event;
    if (ps) {
      const phase = ps[7] ? 'PORTSCAN DETECTED' : ps[8] ? 'portscan status' : 'End of portscan';
      const ts = micros(year, ps[1]!, ps[2]!, ps[3]!, ps[4]!, ps[5]!, ps[6]!);
      event = { kind: 'alert', ts, src: (ps[7] ?? ps[8] ?? ps[9])!, dport: null, signature: `spp_portscan: ${phase}` };
    } else {
      const m = ALERT.exec(record)!;
      const ts = micros(year, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!);
      event = m[8]
        ? { kind: 'alert', ts, src: m[8], dport: Number(m[11]), signature: m[7]! }
        : { kind: 'alert', ts, src: m[12]!, dport: null, signature: m[7]! };
    }
    add(r, event);
  }
  return r;
}

function readScansFile(text: string, year: number): FileReading {
  const r: FileReading = { rows: 0, quarantined: 0, recovered: 0, first: Infinity, last: -Infinity, events: [] };
  for (const line of text.split('\n').slice(0, -1)) {
    const m = SCAN.exec(line);
    if (!m) {
      r.quarantined++;
      continue;
    }
    const month = String(MONTHS.indexOf(m[1]!) + 1);
    add(r, {
      kind: 'scans',
      ts: micros(year, month, m[2]!.trim(), m[3]!, m[4]!, m[5]!),
      src: m[6]!,
      dport: Number(m[9]),
    });
  }
  return r;
}

/** One oos record per separator; a record that does not hold together is one quarantined record. */
function readOosFile(text: string, year: number): FileReading {
  const r: FileReading = { rows: 0, quarantined: 0, recovered: 0, first: Infinity, last: -Infinity, events: [] };
  const chunks = text.split(`${SEPARATOR}\n\n`);
  assert.equal(chunks.pop(), '', 'an oos file ends with a separator and a blank line');
  for (const chunk of chunks) {
    const lines = chunk.split('\n');
    assert.equal(lines.pop(), '', 'each record ends with a newline before its separator');
    const address = OOS_ADDRESS.exec(lines[0] ?? '');
    const ip = OOS_IP.exec(lines[1] ?? '');
    const tcp = OOS_TCP.exec(lines[2] ?? '');
    if (!address || !ip || !tcp) {
      r.quarantined++;
      continue;
    }
    let i = 3;
    const options = OOS_OPTIONS.exec(lines[i] ?? '');
    if (options) {
      assert.equal(options[2]!.trim().split(/ (?=[A-Z])/).length, Number(options[1]), `option count in ${lines[i]}`);
      i++;
    }
    let payload = 0;
    while (i < lines.length && OOS_HEX.test(lines[i]!)) payload += OOS_HEX.exec(lines[i++]!)![1]!.length / 3;
    if (payload > 0) assert.equal(lines[i++], '', 'a blank line follows the payload dump');
    assert.equal(i, lines.length, `nothing else in the record: ${chunk}`);
    assert.equal(Number(ip[3]), 20 + Number(tcp[1]) + payload, `DgmLen = IpLen + TcpLen + payload in ${chunk}`);
    const [, mo, d, h, mi, s, us, src, , , dport] = address;
    add(r, { kind: 'oos', ts: micros(year, mo!, d!, h!, mi!, s!, us!), src: src!, dport: Number(dport) });
  }
  return r;
}

function add(r: FileReading, e: Event): void {
  r.rows++;
  r.first = Math.min(r.first, e.ts);
  r.last = Math.max(r.last, e.ts);
  r.events.push(e);
}

function readDataSet(dir: string, startYear: number): { files: Record<string, FileReading>; events: Event[] } {
  const files: Record<string, FileReading> = {};
  for (const name of logFiles(dir)) {
    const text = readFileSync(join(dir, name), 'latin1');
    const year = name.startsWith('oos') ? Number(name.slice(-4)) : 2000 + Number(name.slice(-6, -4));
    assert.equal(year, startYear);
    files[name] = name.startsWith('alert')
      ? readAlertFile(text, year)
      : name.startsWith('scans')
        ? readScansFile(text, year)
        : readOosFile(text, year);
  }
  return { files, events: Object.values(files).flatMap((f) => f.events) };
}

function top<K extends string | number>(counts: Map<K, number>): { key: K; events: number }[] {
  return [...counts]
    .map(([key, events]) => ({ key, events }))
    .sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 10);
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const groupOf = (address: string): 'internal' | 'firewall' | 'external' =>
  address.startsWith('MY.NET') ? 'internal' : address.startsWith('130.85.') ? 'firewall' : 'external';

/** Everything truth.json claims that can be recounted from the files alone. */
function recount(dir: string, startYear: number) {
  const { files, events } = readDataSet(dir, startYear);
  const talkers = {
    internal: new Map<string, number>(),
    firewall: new Map<string, number>(),
    external: new Map<string, number>(),
  };
  const ports = {
    internal: new Map<number, number>(),
    firewall: new Map<number, number>(),
    external: new Map<number, number>(),
  };
  const signatures = new Map<string, number>();
  const kindsOf = new Map<string, Set<string>>();
  for (const e of events) {
    const group = groupOf(e.src);
    bump(talkers[group], e.src);
    if (e.dport !== null) bump(ports[group], e.dport);
    if (e.signature !== undefined) bump(signatures, e.signature);
    const host = e.src.replace(/^130\.85\./, 'MY.NET.');
    if (!kindsOf.has(host)) kindsOf.set(host, new Set());
    kindsOf.get(host)!.add(e.kind);
  }
  const iso = (us: number): string | null =>
    Number.isFinite(us) ? new Date(Math.floor(us / 1000)).toISOString() : null;
  return {
    files: Object.entries(files).map(([name, f]) => ({
      name,
      rows: f.rows,
      quarantined: f.quarantined,
      recovered: f.recovered,
      first_ts: iso(f.first),
      last_ts: iso(f.last),
      bytes: statSync(join(dir, name)).size,
    })),
    rows: {
      alert: events.filter((e) => e.kind === 'alert').length,
      scans: events.filter((e) => e.kind === 'scans').length,
      oos: events.filter((e) => e.kind === 'oos').length,
    },
    topTalkers: { internal: top(talkers.internal), firewall: top(talkers.firewall), external: top(talkers.external) },
    topPorts: { internal: top(ports.internal), firewall: top(ports.firewall), external: top(ports.external) },
    topSignatures: top(signatures),
    stumble: [...kindsOf]
      .filter(([, kinds]) => kinds.size === 3)
      .map(([host]) => host)
      .sort(),
    events,
  };
}

// --- The tests -----------------------------------------------------------------------------------

test('every line matches the docs/FORMATS.md layouts and every count equals truth.json', async () => {
  const cases: { name: string; input: Omit<GenerateOptions, 'outDir'> }[] = [
    { name: 'seed 1, classic', input: { seed: 1, mb: 1.5 } },
    { name: 'seed 2', input: { seed: 2, mb: 1 } },
    {
      name: 'background only, another year',
      input: { seed: 3, mb: 0.5, backgroundOnly: true, startDate: '2007-06-01' },
    },
  ];
  for (const c of cases) {
    const { dir, truth } = await generate(c.input);
    const got = recount(dir, Number((c.input.startDate ?? '2004').slice(0, 4)));
    const expectedFiles = truth.files.map(({ name, rows, quarantined, recovered, first_ts, last_ts, bytes }) => ({
      name,
      rows,
      quarantined,
      recovered,
      first_ts,
      last_ts,
      bytes,
    }));
    assert.deepEqual(got.files, expectedFiles, `${c.name}: files`);
    assert.deepEqual(got.rows, truth.rows, `${c.name}: rows`);
    assert.deepEqual(got.topTalkers, truth.topTalkers, `${c.name}: top talkers`);
    assert.deepEqual(got.topPorts, truth.topPorts, `${c.name}: top ports`);
    assert.deepEqual(got.topSignatures, truth.topSignatures, `${c.name}: top signatures`);
    assert.deepEqual(got.stumble, truth.stumble, `${c.name}: stumble`);
    for (const f of truth.files) {
      assert.ok(f.quarantined > 0, `${c.name}: ${f.name} carries some damage`);
      if (f.kind === 'alert') assert.ok(f.recovered > 0, `${c.name}: ${f.name} has spliced lines`);
    }
  }
});

test('a year-end data set rolls its file names and content into January', async () => {
  const { dir, truth } = await generate({ seed: 3, mb: 0.5, backgroundOnly: true, startDate: '2005-12-30' });
  assert.deepEqual(
    truth.files.map((f) => [f.name, f.nameDate, f.first_ts.slice(0, 10)]),
    [
      ['alert.051230', '2005-12-30', '2005-12-30'],
      ['alert.051231', '2005-12-31', '2005-12-31'],
      ['alert.060101', '2006-01-01', '2006-01-01'],
      ['oos_Jan.03.2006', '2006-01-03', '2005-12-30'],
      ['oos_Jan.04.2006', '2006-01-04', '2005-12-31'],
      ['oos_Jan.05.2006', '2006-01-05', '2006-01-01'],
      ['scans.051230', '2005-12-30', '2005-12-30'],
      ['scans.051231', '2005-12-31', '2005-12-31'],
      ['scans.060101', '2006-01-01', '2006-01-01'],
    ],
  );
  assert.match(readFileSync(join(dir, 'scans.060101'), 'latin1'), /^Jan {2}1 \d\d:/);
});

test('same seed and size give byte-identical files; another seed does not', async () => {
  const a = await generate({ seed: 11, mb: 0.5 });
  const b = await generate({ seed: 11, mb: 0.5 });
  const c = await generate({ seed: 12, mb: 0.5 });
  const names = [...logFiles(a.dir), 'truth.json', 'idsift.config.json'];
  assert.deepEqual(readdirSync(b.dir).sort(), names.sort());
  for (const name of names) {
    assert.ok(readFileSync(join(a.dir, name)).equals(readFileSync(join(b.dir, name))), `${name} is identical`);
  }
  assert.ok(!readFileSync(join(a.dir, 'scans.040420')).equals(readFileSync(join(c.dir, 'scans.040420'))));
  assert.equal(
    readFileSync(join(a.dir, 'idsift.config.json'), 'utf8'),
    '{"groups":{"internal":["MY.NET"],"firewall":["130.85.0.0/16"]},"aliases":[["MY.NET","130.85"]]}\n',
  );
});

test('days written in worker threads give the same bytes as days written one by one', async () => {
  const one = await generate({ seed: 13, mb: 0.5, workers: 1 });
  const three = await generate({ seed: 13, mb: 0.5, workers: 3 });
  for (const name of [...logFiles(one.dir), 'truth.json']) {
    assert.ok(readFileSync(join(one.dir, name)).equals(readFileSync(join(three.dir, name))), name);
  }
});

test('the size is within 10% of mb, and from a few MB on the days come out about equal', async () => {
  const cases: { name: string; input: number; expected: number }[] = [
    { name: 'smallest', input: 0.5, expected: 0.5 * 2 ** 20 },
    { name: 'small', input: 3, expected: 3 * 2 ** 20 },
  ];
  for (const c of cases) {
    const { dir } = await generate({ seed: 5, mb: c.input });
    const total = sizeOf(dir, /./);
    assert.ok(Math.abs(total - c.expected) <= 0.1 * c.expected, `${c.name}: ${total} bytes for ${c.expected}`);
    // Below that, the scenarios' fixed few hundred lines make one day visibly heavier.
    if (c.input < 3) continue;
    const days = ['0420|Apr\\.24', '0421|Apr\\.25', '0422|Apr\\.26'].map((d) => sizeOf(dir, new RegExp(`(${d})`)));
    for (const d of days) assert.ok(Math.abs(d - total / 3) < 0.15 * (total / 3), `${c.name}: day sizes ${days}`);
  }
});

test('bytes split about 90% scans, 10% alert, under 1% oos', async () => {
  const { dir } = await generate({ seed: 6, mb: 8 });
  const total = sizeOf(dir, /./);
  const share = (p: RegExp): number => sizeOf(dir, p) / total;
  const scans = share(/^scans/);
  const alert = share(/^alert/);
  const oos = share(/^oos/);
  assert.ok(scans > 0.85 && scans < 0.93, `scans ${scans}`);
  assert.ok(alert > 0.07 && alert < 0.13, `alert ${alert}`);
  assert.ok(oos > 0.002 && oos < 0.01, `oos ${oos}`);
});

test('seed 1 injects the three detects with the classic values, as the logs show them', async () => {
  const { dir, truth } = await generate({ seed: 1, mb: 1 });
  const { scanThenConnect: s, compromised: c, lowSlow: l } = truth.scenarios;
  assert.ok(s && c && l);
  assert.equal(s.port, 57);
  assert.equal(c.controlPort, 20432);
  assert.equal(c.trojanPort, 27374);
  assert.deepEqual(c.handlerPorts, [12754, 15104]);
  assert.deepEqual([l.ipId, l.ttl, l.periodSeconds, l.dport], [4660, 78, 1320, 110]);

  const alerts = logFiles(dir)
    .filter((n) => n.startsWith('alert'))
    .map((n) => readFileSync(join(dir, n), 'latin1'))
    .join('');
  const scans = logFiles(dir)
    .filter((n) => n.startsWith('scans'))
    .map((n) => readFileSync(join(dir, n), 'latin1'))
    .join('');
  const oos = logFiles(dir)
    .filter((n) => n.startsWith('oos'))
    .map((n) => readFileSync(join(dir, n), 'latin1'))
    .join('');
  const fw = (host: string): string => host.replace(/^MY\.NET\./, '130.85.');
  const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const count = (text: string, re: RegExp): number => (text.match(new RegExp(re.source, 'gm')) ?? []).length;

  // 1. The sweep on port 57 reaches every swept host, spp_portscan reports it, then the null session.
  assert.equal(
    count(scans, new RegExp(`${esc(s.scanner)}:\\d+ -> 130\\.85\\.\\d+\\.\\d+:57 SYN \\*{6}S\\* $`)),
    s.swept.length,
  );
  assert.ok(s.swept.includes(s.target));
  assert.equal(count(alerts, new RegExp(`PORTSCAN DETECTED from ${esc(s.scanner)} `)), 1);
  assert.equal(
    count(
      alerts,
      new RegExp(`End of portscan from ${esc(s.scanner)}: TOTAL time\\(\\d+s\\) hosts\\(${s.swept.length}\\)`),
    ),
    1,
  );
  assert.equal(
    count(
      alerts,
      new RegExp(`\\[\\*\\*\\] NETBIOS NT NULL session \\[\\*\\*\\] ${esc(s.scanner)}:\\d+ -> ${esc(s.target)}:139$`),
    ),
    1,
  );
  assert.equal(count(alerts, /NETBIOS NT NULL session/), 1);
  assert.ok(s.connectTs > s.sweepEnd);

  // 2. Control traffic in, the host's own scan out, trojan and handler traffic from its ports.
  assert.ok(
    count(alerts, new RegExp(`DDOS shaft client to handler \\[\\*\\*\\] [\\d.]+:\\d+ -> ${esc(c.host)}:20432$`)) >= 2,
  );
  assert.equal(count(scans, new RegExp(`^.{16}${esc(fw(c.host))}:\\d+ -> [\\d.]+:${c.scanPort} SYN `)), c.scanned);
  assert.equal(count(alerts, new RegExp(`PORTSCAN DETECTED from ${esc(c.host)} `)), 1);
  assert.ok(count(alerts, new RegExp(`BACKDOOR SubSeven 22 \\[\\*\\*\\] ${esc(c.host)}:27374 -> `)) >= 3);
  for (const peer of c.peers) {
    assert.ok(
      count(
        alerts,
        new RegExp(`DDOS mstream handler to client \\[\\*\\*\\] ${esc(c.host)}:(12754|15104) -> ${esc(peer)}:`),
      ) >= 2,
    );
  }
  assert.ok(c.scanTs > c.controlTs);
  assert.equal(count(alerts, /DDOS|BACKDOOR/), count(alerts, new RegExp(`(DDOS|BACKDOOR).*\\b${esc(c.host)}:`)));

  // 3. The same probe in all three logs, source port +256 each time, a steady period.
  const probeLines = [
    ...alerts.matchAll(
      new RegExp(
        `^(\\d\\d)/(\\d\\d)-(\\d\\d):(\\d\\d):(\\d\\d)\\.\\d{6}  \\[\\*\\*\\] SCAN NULL \\[\\*\\*\\] ${esc(l.src)}:(\\d+) -> ${esc(l.dst)}:110$`,
        'gm',
      ),
    ),
  ];
  assert.equal(probeLines.length, l.count);
  assert.equal(count(scans, new RegExp(`${esc(l.src)}:\\d+ -> ${esc(fw(l.dst))}:110 NULL \\*{8} $`)), l.count);
  assert.equal(count(oos, new RegExp(`^TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40$`)), l.count);
  const sports = probeLines.map((m) => Number(m[6]));
  const times = probeLines.map((m) => Date.UTC(2004, 3, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000);
  for (let i = 1; i < l.count; i++) {
    assert.equal(sports[i]! - sports[i - 1]!, 256);
    assert.ok(Math.abs(times[i]! - times[i - 1]! - 1320) <= 2 * l.jitterSeconds + 1);
  }
  assert.equal(sports[0], l.firstSport);
  assert.ok(l.lastTs.startsWith('2004-04-22') && l.firstTs.startsWith('2004-04-20'));
  assert.ok(truth.stumble.includes(l.src), 'the prober is seen in every log');
});

test('scenario actors and constants differ between seeds', async () => {
  const seeds = [2, 4];
  const truths = await Promise.all(seeds.map((seed) => generate({ seed, mb: 0.5 }).then((g) => g.truth)));
  const [a, b] = truths.map((t) => t.scenarios);
  assert.ok(a?.scanThenConnect && b?.scanThenConnect && a.compromised && b.compromised && a.lowSlow && b.lowSlow);
  assert.notEqual(a.scanThenConnect.scanner, b.scanThenConnect.scanner);
  assert.notEqual(a.compromised.host, b.compromised.host);
  assert.notEqual(a.lowSlow.src, b.lowSlow.src);
  assert.notDeepEqual(
    [a.scanThenConnect.port, a.lowSlow.ipId, a.lowSlow.ttl, a.lowSlow.periodSeconds],
    [b.scanThenConnect.port, b.lowSlow.ipId, b.lowSlow.ttl, b.lowSlow.periodSeconds],
  );
  for (const s of [a.scanThenConnect, b.scanThenConnect]) assert.notEqual(s.port, 57);
  for (const s of [a.lowSlow, b.lowSlow]) assert.notEqual(s.ipId, 4660);
});

test('background only: no trace of the injected detects', async () => {
  const { dir, truth } = await generate({ seed: 1, mb: 1, backgroundOnly: true });
  assert.deepEqual(truth.scenarios, {});
  const all = logFiles(dir)
    .map((n) => readFileSync(join(dir, n), 'latin1'))
    .join('');
  assert.doesNotMatch(all, /DDOS|NETBIOS NT NULL session|SCAN NULL| NULL \*{8} /);
  assert.doesNotMatch(all, /:57 SYN |TTL:78 TOS:0x0 ID:4660 /);
  // A port a scenario gives meaning to (trojan, DDoS, sweep ports) appears only where real traffic
  // puts one by chance: an outside host sweeping a trojan port across many inside hosts, or an
  // inside IRC client whose ephemeral port happens to be a trojan's. Never a listener answering.
  const sweepTargets = new Map<string, Set<string>>();
  const endpoint = /((?:MY\.NET|\d+\.\d+)\.\d+\.\d+):(\d+) -> ((?:MY\.NET|\d+\.\d+)\.\d+\.\d+):(\d+)/;
  for (const line of all.split('\n')) {
    const m = endpoint.exec(line);
    if (m === null) continue;
    const [, src, sport, dst, dport] = m as unknown as [string, string, string, string, string];
    const inside = (h: string): boolean => /^(MY\.NET|130\.85)\./.test(h);
    if (SCENARIO_PORTS.has(Number(dport))) {
      assert.ok(!inside(src) && inside(dst), `a sweep comes in from outside: ${line}`);
      const key = `${src} ${dport}`;
      sweepTargets.set(key, (sweepTargets.get(key) ?? new Set()).add(dst.replace(/^130\.85\./, 'MY.NET.')));
    }
    if (SCENARIO_PORTS.has(Number(sport))) {
      assert.match(line, /CHAT IRC .* -> [\d.]+:6667$/, `only an IRC client's port: ${line}`);
      assert.ok(inside(src) && !truth.roles.busyClients.includes(src), line);
    }
  }
  assert.ok(sweepTargets.size > 0, 'some trojan-port sweeps');
  for (const [key, targets] of sweepTargets) assert.ok(targets.size >= 5, `${key} swept ${targets.size} hosts`);
  assert.doesNotMatch(all, /BACKDOOR/);
  // No source repeats its IP ID: that fingerprint belongs to the crafted probes.
  const ids = new Map<string, Set<string>>();
  for (const m of all.matchAll(
    new RegExp(`^${TS} (${ADDR}):\\d+ -> .*\nTCP TTL:\\d+ TOS:0x[0-9A-F]+ ID:(\\d+) `, 'gm'),
  )) {
    const seen = ids.get(m[7]!) ?? new Set<string>();
    assert.ok(!seen.has(m[8]!), `${m[7]} repeats IP ID ${m[8]}`);
    ids.set(m[7]!, seen.add(m[8]!));
  }
  assert.ok(ids.size > 5);
});

test('bad options are refused with a one-line reason', async () => {
  const cases: { name: string; input: Omit<GenerateOptions, 'outDir'>; expected: RegExp }[] = [
    { name: 'too small', input: { seed: 1, mb: 0.1 }, expected: /--mb must be between 0.5 and 2000/ },
    { name: 'not a number', input: { seed: 1, mb: NaN }, expected: /--mb/ },
    { name: 'fractional seed', input: { seed: 1.5, mb: 1 }, expected: /--seed must be an integer/ },
    { name: 'impossible date', input: { seed: 1, mb: 1, startDate: '2004-02-31' }, expected: /real YYYY-MM-DD/ },
  ];
  for (const c of cases) await assert.rejects(generate(c.input), c.expected, c.name);
});

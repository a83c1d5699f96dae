/**
 * Where generated records go: formats them, writes them to the day's three files and counts them
 * for the ground truth in the same step, so truth and bytes cannot drift apart.
 *
 * Time advances in slices (a minute). Alert and oos records of a slice are gathered and written in
 * time order when the slice ends; scans lines go straight out, because spp_portscan wrote its log
 * in per-scanner bursts, not in strict time order. Corruption (spliced and garbage lines,
 * truncated dumps) is applied as the slice is written, and counted as quarantined.
 */
import { isoFromMicros } from '../core/time.js';
import { formatAlertLine, PORTSCAN_SIGNATURE } from './alert-line.js';
import { FileWriter } from './file-writer.js';
import type { LogKind, TruthFile } from './ground-truth.js';
import { FIREWALL_PREFIX, KIND_BIT, type Host, type HostRegistry } from './host.js';
import { LogClock, MICROS_PER_DAY, formatIsoDate, nameLogFile } from './log-clock.js';
import { formatOosRecord, type OosPacket } from './oos-record.js';
import type { Random } from './random.js';

/** The oos name claims a date this many days after its content, like the classic data set. */
export const OOS_NAME_SHIFT_DAYS = 4;

/** One TCP packet for an oos dump, addressed by Host (named at write time) and timed in µs. */
export interface PacketSpec extends Omit<OosPacket, 'timestamp' | 'src' | 'dst'> {
  ts: number;
  src: Host;
  dst: Host;
}

interface FileTally {
  name: string;
  kind: LogKind;
  nameDate: string;
  rows: number;
  quarantined: number;
  recovered: number;
  minTs: number;
  maxTs: number;
  bytes: number;
  writer: FileWriter | null;
}

interface SliceRecord {
  ts: number;
  text: string;
  /** Background alert lines may carry a spliced-on head; scenario evidence is left intact. */
  spliceable: boolean;
}

export class LogSink {
  readonly clock = new LogClock();
  /** Destination-port counts by the group of the source as written. */
  readonly ports = {
    internal: new Float64Array(65536),
    firewall: new Float64Array(65536),
    external: new Float64Array(65536),
  };
  readonly signatures = new Map<string, number>();
  readonly files: FileTally[] = [];

  private alertFile: FileTally | null = null;
  private scansFile: FileTally | null = null;
  private oosFile: FileTally | null = null;
  private sliceAlerts: SliceRecord[] = [];
  private sliceOos: SliceRecord[] = [];
  private splices: string[] = [];
  private alertGarbage: string[] = [];
  private oosGarbage: string[] = [];

  constructor(
    private readonly outDir: string,
    /** Holds the outside hosts' name bytes. */
    private readonly hosts: HostRegistry,
    /** Places corruption within a slice. */
    private readonly rng: Random,
  ) {}

  /** Bytes produced per kind, including what the current slice still holds. */
  readonly produced: Record<LogKind, number> = { alert: 0, scans: 0, oos: 0 };
  /** Scans lines produced: with `produced.scans` it gives the running line length. */
  scansLines = 0;

  get producedTotal(): number {
    return this.produced.alert + this.produced.scans + this.produced.oos;
  }

  /** Open the three files of the day starting at `dayMicros`. */
  async openDay(dayMicros: number): Promise<void> {
    const open = async (kind: LogKind): Promise<FileTally> => {
      const nameDay = kind === 'oos' ? dayMicros + OOS_NAME_SHIFT_DAYS * MICROS_PER_DAY : dayMicros;
      const name = nameLogFile(kind, nameDay);
      const tally: FileTally = {
        name,
        kind,
        nameDate: formatIsoDate(nameDay),
        rows: 0,
        quarantined: 0,
        recovered: 0,
        minTs: Infinity,
        maxTs: -Infinity,
        bytes: 0,
        writer: await FileWriter.create(`${this.outDir}/${name}`),
      };
      this.files.push(tally);
      return tally;
    };
    this.alertFile = await open('alert');
    this.scansFile = await open('scans');
    this.oosFile = await open('oos');
  }

  async closeDay(): Promise<void> {
    for (const f of [this.alertFile, this.scansFile, this.oosFile]) {
      if (f?.writer) {
        await f.writer.close();
        f.bytes = f.writer.bytes;
        f.writer = null;
      }
    }
  }

  /** A TCP/UDP alert (`src:sp -> dst:dp`), or ICMP-style (`src -> dst`) when the ports are null. */
  alert(
    ts: number,
    msg: string,
    src: Host,
    sport: number | null,
    dst: Host,
    dport: number | null,
    spliceable = true,
  ): void {
    const text = formatAlertLine(this.clock.alert(ts), msg, src.alertName, sport, dst.alertName, dport);
    this.sliceAlerts.push({ ts, text, spliceable });
    this.produced.alert += text.length;
    this.countRecord(this.alertFile!, ts, src, KIND_BIT.alert, sport === null ? null : dport);
    this.countSignature(msg);
  }

  /** A packet-less spp_portscan line; it counts for the scanner it names. */
  portscan(ts: number, phase: keyof typeof PORTSCAN_SIGNATURE, text: string, from: Host): void {
    const line = formatAlertLine(this.clock.alert(ts), text, null, null, '', null);
    this.sliceAlerts.push({ ts, text: line, spliceable: true });
    this.produced.alert += line.length;
    this.countRecord(this.alertFile!, ts, from, KIND_BIT.alert, null);
    this.countSignature(PORTSCAN_SIGNATURE[phase]);
  }

  /**
   * One scans-file line; `tail` is `formatScanTail` as bytes. The hot path: nine tenths of all
   * bytes come through here, so the line is copied into the write buffer piece by piece.
   */
  scan(
    seconds: number,
    src: Host,
    sport: number,
    dst: Host | null,
    inside: number,
    dport: number,
    tail: Uint8Array,
  ): void {
    const f = this.scansFile!;
    const writer = f.writer!;
    const start = writer.reserve(MAX_SCANS_LINE);
    const b = writer.buffer;
    let p = copyBytes(b, start, this.clock.scansBytes(seconds), 0, 16);
    p = this.writeScansName(b, p, src);
    b[p++] = 0x3a;
    p = writeDecimal(b, p, sport);
    b[p] = 0x20;
    b[p + 1] = 0x2d;
    b[p + 2] = 0x3e;
    b[p + 3] = 0x20;
    p = dst === null ? writeFirewallName(b, p + 4, inside) : this.writeScansName(b, p + 4, dst);
    b[p++] = 0x3a;
    p = writeDecimal(b, p, dport);
    p = copyBytes(b, p, tail, 0, tail.length);
    const length = p - start;
    writer.commit(length);
    this.produced.scans += length;
    this.scansLines++;
    src.scansEvents++;
    src.kinds |= KIND_BIT.scans;
    (src.inside ? this.ports.firewall : this.ports.external)[dport]!++;
    f.rows++;
    const micros = seconds * 1_000_000;
    if (micros < f.minTs) f.minTs = micros;
    if (micros > f.maxTs) f.maxTs = micros;
  }

  oos(p: PacketSpec): void {
    const text = formatOosRecord({
      ...p,
      timestamp: this.clock.alert(p.ts),
      src: p.src.alertName,
      dst: p.dst.alertName,
    });
    this.sliceOos.push({ ts: p.ts, text, spliceable: false });
    this.produced.oos += text.length;
    this.countRecord(this.oosFile!, p.ts, p.src, KIND_BIT.oos, p.dport);
  }

  /** Glue `fragment` (the lost tail end of some record) in front of one alert line of this slice. */
  spliceAlert(fragment: string): void {
    this.splices.push(fragment);
    this.produced.alert += fragment.length;
  }

  /** Whether the current slice has an alert line a splice can be glued to. */
  hasSpliceableAlert(): boolean {
    return this.sliceAlerts.some((r) => r.spliceable);
  }

  garbageAlert(line: string): void {
    this.alertGarbage.push(line);
    this.produced.alert += line.length;
  }

  garbageScans(line: string): void {
    this.scansFile!.writer!.append(line);
    this.scansFile!.quarantined++;
    this.produced.scans += line.length;
  }

  /** A dump cut short; `text` includes the separator that follows it. */
  truncatedOos(text: string): void {
    this.oosGarbage.push(text);
    this.produced.oos += text.length;
  }

  /** Write the slice's alert and oos records in time order, with this slice's corruption. */
  endSlice(): void {
    const alerts = this.sliceAlerts.sort(byTime);
    for (const fragment of this.splices) {
      const candidates = alerts.filter((r) => r.spliceable);
      if (candidates.length === 0) throw new Error('splice scheduled in a slice without a spliceable alert line');
      const victim = candidates[this.rng.int(candidates.length)]!;
      victim.text = fragment + victim.text;
      victim.spliceable = false;
      this.alertFile!.quarantined++;
      this.alertFile!.recovered++;
    }
    this.writeSlice(this.alertFile!, alerts, this.alertGarbage);
    this.writeSlice(this.oosFile!, this.sliceOos.sort(byTime), this.oosGarbage);
    this.sliceAlerts = [];
    this.sliceOos = [];
    this.splices = [];
    this.alertGarbage = [];
    this.oosGarbage = [];
  }

  async flush(): Promise<void> {
    await Promise.all([
      this.alertFile!.writer!.flush(),
      this.scansFile!.writer!.flush(),
      this.oosFile!.writer!.flush(),
    ]);
  }

  /** The `files` entries of the ground truth. */
  fileTruth(): TruthFile[] {
    return this.files.map((f) => {
      if (f.rows === 0) throw new Error(`generator bug: ${f.name} holds no records`);
      return {
        name: f.name,
        kind: f.kind,
        rows: f.rows,
        quarantined: f.quarantined,
        recovered: f.recovered,
        first_ts: isoFromMicros(f.minTs),
        last_ts: isoFromMicros(f.maxTs),
        nameDate: f.nameDate,
        bytes: f.writer?.bytes ?? f.bytes,
      };
    });
  }

  /** The inside host `x << 8 | y`, for records that need a Host (alerts, dumps). */
  insideHost(index: number): Host {
    return this.hosts.inside(index >> 8, index & 255);
  }

  /** An inside name spelled from its index, an outside one copied from the registry's arena. */
  private writeScansName(b: Uint8Array, p: number, host: Host): number {
    const index = host.insideIndex;
    if (index < 0) return copyBytes(b, p, this.hosts.names, host.nameAt, host.scansLength);
    return writeFirewallName(b, p, index);
  }

  private writeSlice(file: FileTally, records: SliceRecord[], garbage: string[]): void {
    // One string per slice: a single encode-and-copy instead of one per record.
    const texts = records.map((r) => r.text);
    // Garbage goes between records at random places, never inside one.
    for (const g of garbage) texts.splice(this.rng.int(texts.length + 1), 0, g);
    file.quarantined += garbage.length;
    file.writer!.append(texts.join(''));
  }

  private countRecord(file: FileTally, ts: number, src: Host, kind: number, dport: number | null): void {
    src.alertEvents++;
    src.kinds |= kind;
    if (dport !== null) (src.inside ? this.ports.internal : this.ports.external)[dport]!++;
    file.rows++;
    if (ts < file.minTs) file.minTs = ts;
    if (ts > file.maxTs) file.maxTs = ts;
  }

  private countSignature(name: string): void {
    this.signatures.set(name, (this.signatures.get(name) ?? 0) + 1);
  }
}

function byTime(a: SliceRecord, b: SliceRecord): number {
  return a.ts - b.ts;
}

const FIREWALL_BYTES = Buffer.from(`${FIREWALL_PREFIX}.`, 'latin1');
/** Timestamp 16, two names 15 each, two ports 5 each, separators 6, tail up to 30. */
const MAX_SCANS_LINE = 128;

/** `130.85.x.y` for the inside index `x << 8 | y`. */
function writeFirewallName(b: Uint8Array, p: number, index: number): number {
  p = copyBytes(b, p, FIREWALL_BYTES, 0, FIREWALL_BYTES.length);
  p = writeDecimal(b, p, index >> 8);
  b[p++] = 0x2e;
  return writeDecimal(b, p, index & 255);
}

function copyBytes(target: Uint8Array, at: number, bytes: Uint8Array, from: number, length: number): number {
  for (let i = 0; i < length; i++) target[at + i] = bytes[from + i]!;
  return at + length;
}

/** The decimal digits of every port back to back; port n is DIGITS[DIGIT_AT[n] … DIGIT_AT[n + 1]). */
const DIGITS = new Uint8Array(65536 * 5);
const DIGIT_AT = new Int32Array(65537);
for (let n = 0, at = 0; n <= 65536; n++) {
  DIGIT_AT[n] = at;
  if (n < 65536) for (const c of String(n)) DIGITS[at++] = c.charCodeAt(0);
}

/** A port in decimal ASCII. */
function writeDecimal(target: Uint8Array, at: number, port: number): number {
  const end = DIGIT_AT[port + 1]!;
  for (let i = DIGIT_AT[port]!; i < end; i++) target[at++] = DIGITS[i]!;
  return at;
}

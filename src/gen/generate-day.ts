/**
 * One day of the data set: its alert, scans and oos files, and what it counted. A day depends on
 * the seed, the size and its own index only — never on another day having run — so the three days
 * can be written in any order, in parallel, and still give the same bytes.
 *
 * Time runs in one-minute slices. Each slice first writes the scenarios' fixed evidence, then
 * background oos and alert records up to their share of the size budget, then scans lines up to the
 * whole budget. The budget follows a day/night curve, so the size is met within a line or so and
 * the mix holds whatever the scenarios add.
 */
import { BackgroundAlerts } from './background-alerts.js';
import { BackgroundOos } from './background-oos.js';
import { buildBackgroundPools, type BackgroundPools } from './background-pools.js';
import { BackgroundScans } from './background-scans.js';
import { formatAlertLine } from './alert-line.js';
import {
  cutSpliceFragment,
  makeAlertGarbage,
  makeScansGarbage,
  makeTruncatedDump,
  planCorruption,
  type DayCorruption,
} from './corruption.js';
import { tallyDay, type DayTally } from './day-tally.js';
import { HostRegistry } from './host.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, parseIsoDate } from './log-clock.js';
import { LogSink } from './log-sink.js';
import { OOS_SEPARATOR } from './oos-record.js';
import { buildPacket } from './packet-factory.js';
import { planScenarios } from './plan-scenarios.js';
import { Random } from './random.js';
import { buildSite, type Site } from './site.js';

export const DAYS = 3;
export const BYTES_PER_MB = 1024 * 1024;
const SLICES_PER_DAY = 1440;
/** Target shares of the bytes; scans take the rest (about 89%). */
const SHARE = { alert: 0.1, oos: 0.006 };
/** Bytes of background oos records on top of their share, so that even a tiny set has some each day. */
const OOS_FLOOR_BYTES = 6000;
/** Slices whose writes may still be under way while the next is generated. */
const WRITES_IN_FLIGHT = 3;
/** In the day's last minutes sweeps keep to the budget: no later slice could make up an overshoot. */
const CLOSING_MINUTES = 90;
/** A scans line's length before any has been written. */
const TYPICAL_SCANS_LINE = 62;

/** Everything a day needs; plain data, so it can be sent to a worker. */
export interface DayJob {
  outDir: string;
  mb: number;
  seed: number;
  backgroundOnly: boolean;
  startDate: string;
  /** 0, 1 or 2. */
  day: number;
}

/** Write one day's three files; `onProgress` gets the bytes produced so far. */
export async function generateDay(job: DayJob, onProgress?: (bytes: number) => void): Promise<DayTally> {
  const { seed, mb, day } = job;
  const start = parseIsoDate(job.startDate);
  const dayStart = start + day * MICROS_PER_DAY;

  // Random streams by purpose. The site, the scenarios and the outside population are the same
  // for every day (seed only; the population also by size); what happens in a day has its own.
  const hosts = new HostRegistry();
  const site = buildSite(new Random(seed, 1), hosts);
  const scenarios = job.backgroundOnly ? [] : planScenarios(seed, site, hosts, start).scenarios;
  const pools = buildBackgroundPools(new Random(seed, 6), hosts, mb);
  const rng = new Random(seed, 20 + day);
  const scans = new BackgroundScans(rng, site, pools, hosts, mb);
  const alerts = new BackgroundAlerts(rng, site, pools);
  const oos = new BackgroundOos(rng, site, pools, hosts);
  const sink = new LogSink(job.outDir, hosts, new Random(seed, 30 + day));
  const damage = new Random(seed, 40 + day);
  const corruption = planCorruption(damage, SLICES_PER_DAY);

  const dayBytes = (mb * BYTES_PER_MB) / DAYS;
  // Background fills what the scenarios leave: their lines count as they come, on top of a budget
  // cut by what they are expected to write, so that a late scenario does not push the day over.
  let scenarioEstimate = 0;
  for (const s of scenarios) scenarioEstimate += s.estimateBytes(dayStart, dayStart + MICROS_PER_DAY);
  const backgroundBytes = Math.max(dayBytes / 2, dayBytes - scenarioEstimate);
  let scenarioBytes = 0;
  const budget = cumulativeDayCurve();
  const writing: Promise<void>[] = [];
  await sink.openDay(dayStart);
  for (let minute = 0; minute < SLICES_PER_DAY; minute++) {
    const t0 = dayStart + minute * MICROS_PER_MINUTE;
    const t1 = t0 + MICROS_PER_MINUTE;
    const before = sink.producedTotal;
    for (const scenario of scenarios) scenario.emitSlice(t0, t1, sink);
    scenarioBytes += sink.producedTotal - before;
    const due = backgroundBytes * budget[minute]! + scenarioBytes;
    const oosDue = (dayBytes * SHARE.oos + OOS_FLOOR_BYTES / DAYS) * budget[minute]!;
    while (sink.produced.oos < oosDue) oos.emitOne(t0 + rng.int(MICROS_PER_MINUTE), sink);
    while (sink.produced.alert < due * SHARE.alert) {
      const a = alerts.draw();
      sink.alert(t0 + rng.int(MICROS_PER_MINUTE), a.msg, a.src, a.sport, a.dst, a.dport);
    }
    const lineLength = sink.scansLines > 0 ? sink.produced.scans / sink.scansLines : TYPICAL_SCANS_LINE;
    const closing = minute >= SLICES_PER_DAY - CLOSING_MINUTES;
    scans.emit(Math.max(0, due - sink.producedTotal) / lineLength, t0, t1, sink, closing);
    if (minute === SLICES_PER_DAY - 1) scans.abandon(t0, t1, sink);
    damageSlice(minute, corruption, { t0, rng: damage, sink, alerts, site, pools });
    sink.endSlice();
    // Writing overlaps generating: the file system works on the last slices while JS makes the next.
    writing.push(sink.flush());
    if (writing.length > WRITES_IN_FLIGHT) await writing.shift();
    onProgress?.(sink.producedTotal);
  }
  await Promise.all(writing);
  await sink.closeDay();
  return tallyDay(sink, hosts);
}

/** Share of a day's budget due by the end of each minute: busy afternoons, quiet nights. */
function cumulativeDayCurve(): Float64Array {
  const weights = new Float64Array(SLICES_PER_DAY);
  let total = 0;
  for (let i = 0; i < SLICES_PER_DAY; i++) {
    total += 1 + 0.45 * Math.sin((2 * Math.PI * (i / 60 - 9)) / 24);
    weights[i] = total;
  }
  for (let i = 0; i < SLICES_PER_DAY; i++) weights[i]! /= total;
  return weights;
}

interface DamageContext {
  t0: number;
  rng: Random;
  sink: LogSink;
  alerts: BackgroundAlerts;
  site: Site;
  pools: BackgroundPools;
}

/** Apply this minute's planned corruption; each piece is made from background material. */
function damageSlice(minute: number, plan: DayCorruption, c: DamageContext): void {
  const { rng, sink } = c;
  const ts = c.t0 + rng.int(MICROS_PER_MINUTE);
  const timestamp = sink.clock.alert(ts);
  const lost = (): string => {
    const a = c.alerts.draw();
    return formatAlertLine(timestamp, a.msg, a.src.alertName, a.sport, a.dst.alertName, a.dport);
  };
  if (plan.splices.has(minute)) {
    // The line the head is glued to must exist and be background: add one if the minute has none.
    if (!sink.hasSpliceableAlert()) {
      const a = c.alerts.draw();
      sink.alert(ts, a.msg, a.src, a.sport, a.dst, a.dport);
    }
    sink.spliceAlert(cutSpliceFragment(rng, lost()));
  }
  if (plan.alertGarbage.has(minute)) {
    const a = c.alerts.draw();
    sink.garbageAlert(makeAlertGarbage(rng, timestamp, a.msg, cutSpliceFragment(rng, lost())));
  }
  if (plan.scansGarbage.has(minute)) {
    const src = c.pools.alerters[rng.int(c.pools.alerters.length)]!;
    const scansTs = sink.clock.scans(Math.floor(ts / 1_000_000));
    sink.garbageScans(makeScansGarbage(rng, scansTs, src.scansName, 1024 + rng.int(60000)));
  }
  if (plan.truncatedOos.has(minute)) {
    const client = c.pools.ecnClients[rng.int(c.pools.ecnClients.length)]!;
    const server = rng.pick(c.site.webServers);
    const packet = buildPacket(rng, ts, client, 1024 + rng.int(60000), server, 80, 0xc2);
    const addressLine = `${timestamp}${client.alertName}:${packet.sport} -> ${server.alertName}:80`;
    const ipLine = `TCP TTL:${packet.ttl} TOS:0x0 ID:${packet.ipId} IpLen:20 DgmLen:60 DF`;
    sink.truncatedOos(makeTruncatedDump(rng, addressLine, ipLine, OOS_SEPARATOR));
  }
}

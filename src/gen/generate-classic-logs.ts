/**
 * `idsift gen`: writes a seeded three-day set of classic Snort 1.8 sensor logs (alert, scans, oos),
 * with the three detects of MISSION.md injected, and the ground truth to check the tool against.
 *
 * Time runs in one-minute slices over the three days. Each slice first writes the scenarios' fixed
 * evidence, then background oos and alert records up to their share of the size budget, then scans
 * lines up to the whole budget. The budget follows a day/night curve, so the size is met within a
 * line or so and the mix holds whatever the scenarios add.
 *
 * @example await generateClassicLogs({ outDir: 'data/demo', mb: 5, seed: 1 })
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { BackgroundAlerts } from './background-alerts.js';
import { BackgroundOos } from './background-oos.js';
import { buildBackgroundPools } from './background-pools.js';
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
import { CLASSIC_CONFIG, type GroundTruth } from './ground-truth.js';
import { HostRegistry } from './host.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, parseIsoDate } from './log-clock.js';
import { CONFIG_FILE_NAME } from '../core/config.js';
import { LogSink } from './log-sink.js';
import { OOS_SEPARATOR } from './oos-record.js';
import { buildPacket } from './packet-factory.js';
import { planScenarios } from './plan-scenarios.js';
import { Random } from './random.js';
import { buildSite } from './site.js';
import { summarizeTallies } from './summarize-tallies.js';
import type { BackgroundPools } from './background-pools.js';
import type { Site } from './site.js';

export type { GroundTruth } from './ground-truth.js';

export interface GenerateOptions {
  outDir: string;
  /** Total size of the log files in MiB (2^20 bytes), 0.5 … 2000. */
  mb: number;
  seed: number;
  /** Leave out the three injected detects. */
  backgroundOnly?: boolean;
  /** First of the three days, `YYYY-MM-DD` (UTC); default 2004-04-20 like the classic data. */
  startDate?: string;
  onProgress?: (bytesWritten: number, totalBytes: number) => void;
}

export const TRUTH_FILE_NAME = 'truth.json';
export const BYTES_PER_MB = 1024 * 1024;
export const MB_RANGE = { min: 0.5, max: 2000 } as const;
const DAYS = 3;
const SLICES_PER_DAY = 1440;
/** Target shares of the bytes; scans take the rest (about 89%). */
const SHARE = { alert: 0.1, oos: 0.006 };
/** Bytes of background oos records on top of their share, so that even a tiny set has some each day. */
const OOS_FLOOR_BYTES = 6000;
/** A scans line's length before any has been written. */
const TYPICAL_SCANS_LINE = 62;

export async function generateClassicLogs(options: GenerateOptions): Promise<GroundTruth> {
  const { outDir, mb, seed, backgroundOnly = false, startDate = '2004-04-20', onProgress } = options;
  if (!Number.isFinite(mb) || mb < MB_RANGE.min || mb > MB_RANGE.max) {
    throw new UserError(`--mb must be between ${MB_RANGE.min} and ${MB_RANGE.max} (got ${mb})`);
  }
  if (!Number.isSafeInteger(seed)) throw new UserError(`--seed must be an integer (got ${seed})`);
  const start = parseIsoDate(startDate);
  if (Number.isNaN(start)) throw new UserError(`start date must be a real YYYY-MM-DD date (got "${startDate}")`);
  await mkdir(outDir, { recursive: true });

  // Independent random streams: the site and the scenarios depend on the seed only, never on mb.
  const hosts = new HostRegistry();
  const site = buildSite(new Random(seed, 1), hosts);
  const plan = backgroundOnly ? { scenarios: [], truth: {} } : planScenarios(seed, site, hosts, start);
  const rng = new Random(seed, 6);
  const pools = buildBackgroundPools(rng, hosts, mb);
  const scans = new BackgroundScans(rng, site, pools, hosts, mb);
  const alerts = new BackgroundAlerts(rng, site, pools);
  const oos = new BackgroundOos(rng, site, pools);
  const sink = new LogSink(outDir, hosts, new Random(seed, 8));
  const damage = new Random(seed, 9);

  const totalBytes = Math.round(mb * BYTES_PER_MB);
  const budget = cumulativeDayCurve();
  // Writing one slice overlaps generating the next: the file system works while JS does.
  let writing = Promise.resolve();
  for (let day = 0; day < DAYS; day++) {
    await sink.openDay(start + day * MICROS_PER_DAY);
    const corruption = planCorruption(damage, SLICES_PER_DAY);
    for (let minute = 0; minute < SLICES_PER_DAY; minute++) {
      const slice = day * SLICES_PER_DAY + minute;
      const t0 = start + slice * MICROS_PER_MINUTE;
      const t1 = t0 + MICROS_PER_MINUTE;
      const due = totalBytes * budget[slice]!;
      for (const scenario of plan.scenarios) scenario.emitSlice(t0, t1, sink);
      const oosDue = (totalBytes * SHARE.oos + OOS_FLOOR_BYTES) * budget[slice]!;
      while (sink.produced.oos < oosDue) oos.emitOne(t0 + rng.int(MICROS_PER_MINUTE), sink);
      while (sink.produced.alert < due * SHARE.alert) {
        const a = alerts.draw();
        sink.alert(t0 + rng.int(MICROS_PER_MINUTE), a.msg, a.src, a.sport, a.dst, a.dport);
      }
      const lineLength = sink.scansLines > 0 ? sink.produced.scans / sink.scansLines : TYPICAL_SCANS_LINE;
      scans.emit(Math.max(0, due - sink.producedTotal) / lineLength, t0, t1, sink);
      damageSlice(minute, corruption, { t0, rng: damage, sink, alerts, site, pools });
      sink.endSlice();
      await writing;
      writing = sink.flush();
      onProgress?.(sink.producedTotal, totalBytes);
    }
    await writing;
    await sink.closeDay();
  }

  const truth: GroundTruth = {
    seed,
    mb,
    backgroundOnly,
    startDate,
    config: CLASSIC_CONFIG,
    ...summarizeTallies(sink, hosts),
    scenarios: plan.truth,
  };
  await writeFile(`${outDir}/${CONFIG_FILE_NAME}`, `${JSON.stringify(CLASSIC_CONFIG)}\n`);
  await writeFile(`${outDir}/${TRUTH_FILE_NAME}`, `${JSON.stringify(truth, null, 2)}\n`);
  onProgress?.(sink.producedTotal, sink.producedTotal);
  return truth;
}

/**
 * Share of the whole budget due by the end of each slice: busy afternoons, quiet nights, the same
 * curve every day so the three days come out about equal.
 */
function cumulativeDayCurve(): Float64Array {
  const weights = new Float64Array(DAYS * SLICES_PER_DAY);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const hour = (i % SLICES_PER_DAY) / 60;
    total += 1 + 0.45 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
    weights[i] = total;
  }
  for (let i = 0; i < weights.length; i++) weights[i]! /= total;
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
    sink.garbageScans(
      makeScansGarbage(rng, sink.clock.scans(Math.floor(ts / 1_000_000)), src.scansName, 1024 + rng.int(60000)),
    );
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

/**
 * How regular a series of probes is: the period, the jitter around it, and how the source port
 * moves from probe to probe. Pure: the detect hands in timestamps, this says whether a clock is
 * behind them. Missing probes (a sensor that dropped one) count as whole multiples of the period.
 */

export interface RegularityOptions {
  /** Events closer than this (µs) are one probe seen in several logs. */
  mergeMicros: number;
  /** Largest deviation from a whole multiple of the period, as a share of the period. */
  maxJitter: number;
}

export interface Regularity {
  probes: number;
  /** Seconds. */
  period: number;
  /** Median deviation of the intervals from whole multiples of the period, seconds. */
  jitter: number;
  /** Share of intervals that are 1–3 periods within the jitter allowance. */
  regularShare: number;
  first: number;
  last: number;
  /** Most common source-port change per period, null without ports. */
  sportStep: number | null;
  sportStepShare: number;
  firstSport: number | null;
}

/**
 * Measure a sorted series of event times (epoch µs) with their source ports.
 * @example measureRegularity([0, 60e6, 120e6], [1024, 1280, 1536], {mergeMicros: 5e6, maxJitter: 0.1}).period === 60
 */
export function measureRegularity(
  times: readonly number[],
  sports: readonly (number | null)[],
  options: RegularityOptions,
): Regularity | null {
  // One probe may be logged by the alert, scans and oos files within a second or so.
  const probeTimes: number[] = [];
  const probeSports: (number | null)[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const last = probeTimes.length - 1;
    if (last >= 0 && t - probeTimes[last]! <= options.mergeMicros) {
      if (probeSports[last] === null && sports[i] !== null) probeSports[last] = sports[i]!;
      continue;
    }
    probeTimes.push(t);
    probeSports.push(sports[i] ?? null);
  }
  if (probeTimes.length < 3) return null;
  const intervals = probeTimes.slice(1).map((t, i) => t - probeTimes[i]!);
  let period = median(intervals);
  if (period <= 0) return null;
  const fit = (d: number): { k: number; off: number } => {
    const k = Math.max(1, Math.round(d / period));
    return { k, off: Math.abs(d - k * period) };
  };
  const regular = (d: number): boolean => {
    const { k, off } = fit(d);
    return k <= 3 && off <= options.maxJitter * period;
  };
  // Refine the period over the regular intervals only, each divided by its multiple.
  const good = intervals.filter(regular);
  if (good.length > 0) period = good.reduce((sum, d) => sum + d / fit(d).k, 0) / good.length;
  const regularCount = intervals.filter(regular).length;
  const steps = new Map<number, number>();
  let stepped = 0;
  for (let i = 1; i < probeTimes.length; i++) {
    const a = probeSports[i - 1];
    const b = probeSports[i];
    if (a === null || b === null || a === undefined || b === undefined) continue;
    const { k } = fit(intervals[i - 1]!);
    const diff = (((b - a) % 65536) + 65536) % 65536;
    if (diff % k !== 0) continue;
    const step = diff / k;
    steps.set(step, (steps.get(step) ?? 0) + 1);
    stepped++;
  }
  let sportStep: number | null = null;
  let best = 0;
  for (const [step, n] of steps) {
    if (n > best) {
      best = n;
      sportStep = step;
    }
  }
  return {
    probes: probeTimes.length,
    period: period / 1e6,
    jitter: median(intervals.map((d) => fit(d).off)) / 1e6,
    regularShare: regularCount / intervals.length,
    first: probeTimes[0]!,
    last: probeTimes[probeTimes.length - 1]!,
    sportStep,
    sportStepShare: stepped === 0 ? 0 : best / (probeTimes.length - 1),
    firstSport: probeSports[0] ?? null,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

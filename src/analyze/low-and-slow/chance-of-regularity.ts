/**
 * How likely a series' regularity is by chance. With hundreds of thousands of (source, host, port)
 * series in a big store, some of the Internet's random re-visits fall roughly evenly by luck; a
 * series counts as low-and-slow only when its regularity is unlikely under random arrivals even
 * after allowing for every series (and every period) that was tried.
 *
 * The null model is a Poisson process with the series' own mean rate: intervals are exponential
 * with mean μ = span / intervals. An interval is "regular" when it lies within ±δ (δ = maxJitter ×
 * period) of 1, 2 or 3 periods, which happens by chance with probability
 * p = Σₖ₌₁..₃ [exp(−(kP−δ)/μ) − exp(−(kP+δ)/μ)]. The number of regular intervals is then
 * Binomial(intervals, p); the tail P(X ≥ observed) is the series' p-value. The period was fitted to
 * the data, so the p-value is multiplied by the number of periods one could have fitted (the
 * allowed period range in steps of one jitter allowance), and — Bonferroni — by the number of
 * series tested. The result bounds the chance that any series this regular appears in the store
 * at all; the detect keeps series where it is at most `maxChance`.
 */

export interface ChanceInput {
  /** Intervals between probes (probes − 1). */
  intervals: number;
  /** Intervals that were 1–3 whole periods within the jitter allowance. */
  regular: number;
  /** Seconds. */
  period: number;
  /** First to last probe, seconds. */
  span: number;
  /** The allowance, as a share of the period. */
  maxJitter: number;
}

/** Probability that one exponential interval (mean `mean`) lands within ±δ of 1–3 periods. */
export function regularByChance(period: number, mean: number, maxJitter: number): number {
  const d = maxJitter * period;
  let p = 0;
  for (let k = 1; k <= 3; k++) p += Math.exp(-Math.max(0, k * period - d) / mean) - Math.exp(-(k * period + d) / mean);
  return Math.min(1, Math.max(0, p));
}

/** log10 of P(X ≥ r) for X ~ Binomial(n, p), summed in log space (tails far below 1e-300 stay exact). */
export function log10BinomialTail(n: number, r: number, p: number): number {
  if (r <= 0) return 0;
  if (r > n || p <= 0) return -Infinity;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let lchoose = logChoose(n, r);
  let best = -Infinity;
  const terms: number[] = [];
  for (let j = r; j <= n; j++) {
    const t = lchoose + j * lp + (n - j) * lq;
    terms.push(t);
    if (t > best) best = t;
    lchoose += Math.log(n - j) - Math.log(j + 1);
  }
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - best);
  return (best + Math.log(sum)) / Math.LN10;
}

/** Periods one could fit within [minPeriod, maxPeriod], one jitter allowance apart. */
export function periodsTried(minPeriod: number, maxPeriod: number, maxJitter: number): number {
  if (maxPeriod <= minPeriod) return 1;
  return Math.max(1, Math.ceil(Math.log(maxPeriod / minPeriod) / Math.log1p(2 * maxJitter)));
}

/**
 * log10 of the chance that a series this regular turns up among `tests` series of random arrivals
 * (a Bonferroni bound: p-value × periods tried × series tested, at most 1 → 0).
 */
export function log10ChanceOfRegularity(s: ChanceInput, periods: number, tests: number): number {
  if (s.intervals <= 0 || s.span <= 0) return 0;
  const p = regularByChance(s.period, s.span / s.intervals, s.maxJitter);
  const tail = log10BinomialTail(s.intervals, s.regular, p);
  return Math.min(0, tail + Math.log10(Math.max(1, periods)) + Math.log10(Math.max(1, tests)));
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

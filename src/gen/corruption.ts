/**
 * The damage real logs carry (docs/PRODUCT.md "log problems"): alert lines whose head was lost so that
 * the tail end of one record is glued to the next full line, garbage lines (NUL runs from a crash,
 * lines cut short), and packet dumps truncated before their headers end. Every piece is built so
 * that no layout can parse it, and each counts as exactly one quarantined record.
 */
import type { Random } from './random.js';

export interface DayCorruption {
  /** Minute-of-day slices that get a spliced alert line, an alert garbage line, … */
  splices: Set<number>;
  alertGarbage: Set<number>;
  scansGarbage: Set<number>;
  truncatedOos: Set<number>;
}

/** A few of each per day, at distinct minutes. */
export function planCorruption(rng: Random, slicesPerDay: number): DayCorruption {
  const taken = new Set<number>();
  const minutes = (count: number): Set<number> => {
    const out = new Set<number>();
    while (out.size < count) {
      const m = rng.range(1, slicesPerDay - 2);
      if (!taken.has(m)) {
        taken.add(m);
        out.add(m);
      }
    }
    return out;
  };
  return {
    splices: minutes(rng.range(2, 4)),
    alertGarbage: minutes(rng.range(1, 3)),
    scansGarbage: minutes(rng.range(1, 2)),
    truncatedOos: minutes(rng.range(1, 2)),
  };
}

/**
 * What is left of an alert line whose start was lost: a piece of its address part with the end
 * cut off, like `:4416 -> MY.NET.30.4` in the classic data. It never holds a timestamp.
 */
export function cutSpliceFragment(rng: Random, line: string): string {
  const addresses = line.slice(line.lastIndexOf('[**] ') + 5).replace(/\n$/, '');
  const arrow = addresses.indexOf(' -> ');
  const from = rng.int(arrow);
  const to = rng.range(arrow + 5, addresses.length - 1);
  return addresses.slice(from, to);
}

/** A garbage alert-file line: a NUL run, a line cut inside its message, or a cut timestamp. */
export function makeAlertGarbage(rng: Random, timestamp: string, msg: string, tail: string): string {
  switch (rng.int(3)) {
    case 0:
      return `${'\0'.repeat(rng.range(8, 64))}${tail}\n`;
    case 1:
      return `${timestamp} [**] ${msg.slice(0, rng.range(3, msg.length - 1))}\n`;
    default:
      return `${timestamp.slice(0, rng.range(5, 17))}\n`;
  }
}

/** A garbage scans-file line: a NUL run, or a line cut before its destination. */
export function makeScansGarbage(rng: Random, timestamp: string, src: string, sport: number): string {
  if (rng.chance(0.5)) return `${'\0'.repeat(rng.range(8, 64))}${src}\n`;
  const text = `${timestamp}${src}:${sport}`;
  return `${text.slice(0, rng.range(timestamp.length + 3, text.length))}\n`;
}

/** A dump cut inside its IP line (no length fields, no TCP line), then the usual separator. */
export function makeTruncatedDump(rng: Random, addressLine: string, ipLine: string, separator: string): string {
  return `${addressLine}\n${ipLine.slice(0, rng.range(8, ipLine.indexOf(' IpLen:')))}\n${separator}\n\n`;
}

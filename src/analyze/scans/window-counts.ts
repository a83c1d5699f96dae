/**
 * The time shape of sweep candidates, counted exactly in plain loops over typed arrays: for each
 * candidate (one source, one port), its probes over the whole store and per window on two grids
 * (whole windows, and shifted by half a window), and its bursts — windows well above the candidate's
 * own baseline, merged where they overlap and counted again over the merged span.
 *
 * The probes arrive in the store's order. One scatter pass lays them out candidate by candidate
 * (a counting sort), with each target's host rank and /24 block looked up on the way, so that all
 * later loops read one candidate's rows close together. Distinct counts use stamp arrays indexed by
 * host rank and block (a value is new in a scope when its stamp is not the scope's): every count is
 * exact, and each row is visited a fixed number of times — O(rows + hosts) whatever the shape of
 * the data, one busy resolver or thousands of sources with a few probes each.
 */
import type { HostKeys } from '../detect/host-id-table.js';
import { mergeWindows } from './merge-windows.js';

/** One row per probe: which candidate, when (epoch µs), the target's address id. */
export interface ProbeRows {
  rows: number;
  candidate: Int32Array;
  t: Float64Array;
  dst: Uint32Array;
}

/** A window of a sweep: many targets in a short time, well above the source's own baseline. */
export interface Burst {
  first: number;
  last: number;
  probes: number;
  hosts: number;
  blocks: number;
  /** Targets of the burst that ever sent from the swept port to the source. */
  answered: number;
}

/** One source's probes to one port over the whole store. */
export interface Traffic {
  probes: number;
  hosts: number;
  blocks: number;
  days: number;
  first: number;
  last: number;
  /** Share of the windows between first and last in which the source sent to the port. */
  activeShare: number;
}

export interface WindowRules {
  /** Window length, µs. */
  width: number;
  /** Offset of the second grid, µs (half a window). */
  half: number;
  /** Windows in the store's whole span (the baseline's denominator). */
  windows: number;
  /** A window with fewer distinct targets is no burst. */
  minWindowHosts: number;
  /** A burst holds at least this many times the candidate's mean per window over the rest of the span. */
  rateFactor: number;
}

export interface CandidateShape {
  traffic: Traffic;
  /** Merged bursts in time order, counted exactly. */
  bursts: Burst[];
}

/**
 * The shape of each of `candidates` candidates (null for one with no probe rows). `answerers`: per
 * candidate, the host ranks of targets that ever sent from the swept port to the source.
 */
export function measureWindows(
  probes: ProbeRows,
  keys: HostKeys,
  candidates: number,
  rules: WindowRules,
  answerers: ReadonlyMap<number, ReadonlySet<number>>,
): (CandidateShape | null)[] {
  const rows = layOut(probes, keys, candidates);
  const seen = new Stamps(maxOf(keys.hkey) + 1, maxOf(keys.bid) + 1);
  let largest = 0;
  for (let c = 0; c < candidates; c++) largest = Math.max(largest, rows.start[c + 1]! - rows.start[c]!);
  const scratch = { byWindow: new Int32Array(largest), window: new Int32Array(largest) };
  const shapes: (CandidateShape | null)[] = [];
  for (let c = 0; c < candidates; c++) {
    const [from, to] = [rows.start[c]!, rows.start[c + 1]!];
    if (from === to) {
      shapes.push(null);
      continue;
    }
    const whole = countRange(rows, from, to, seen, null);
    const found: { start: number; end: number }[] = [];
    let active = 0;
    const days = new Set<number>();
    for (const offset of [0, rules.half]) {
      const windows = countWindows(rows, from, to, offset, rules.width, seen, scratch, whole);
      const total = windows.reduce((n, w) => n + w.hosts, 0);
      if (offset === 0) {
        active = windows.length;
        for (const w of windows) days.add(Math.floor((w.index * rules.width) / 86400e6));
      }
      for (const w of windows) {
        if (w.hosts < rules.minWindowHosts) continue;
        const baseline = (total - w.hosts) / Math.max(1, rules.windows - 1);
        if (w.hosts < rules.rateFactor * baseline) continue;
        const start = w.index * rules.width - offset;
        found.push({ start, end: start + rules.width });
      }
    }
    const spanned = Math.floor(whole.last / rules.width) - Math.floor(whole.first / rules.width) + 1;
    const answering = answerers.get(c) ?? null;
    shapes.push({
      traffic: {
        probes: whole.probes,
        hosts: whole.hosts,
        blocks: whole.blocks,
        days: days.size,
        first: whole.first,
        last: whole.last,
        activeShare: active / spanned,
      },
      bursts: mergeWindows(found).map((w) => countSpan(rows, from, to, w, seen, answering, scratch.byWindow)),
    });
  }
  return shapes;
}

/** The probes laid out candidate by candidate: candidate c's rows are `[start[c], start[c + 1])`. */
interface LaidOut {
  start: Int32Array;
  t: Float64Array;
  hkey: Int32Array;
  bid: Int32Array;
}

function layOut(probes: ProbeRows, keys: HostKeys, candidates: number): LaidOut {
  const { rows, candidate, t, dst } = probes;
  const start = new Int32Array(candidates + 1);
  for (let r = 0; r < rows; r++) start[candidate[r]! + 1]!++;
  for (let c = 0; c < candidates; c++) start[c + 1]! += start[c]!;
  const out: LaidOut = { start, t: new Float64Array(rows), hkey: new Int32Array(rows), bid: new Int32Array(rows) };
  const cursor = start.slice(0, candidates);
  for (let r = 0; r < rows; r++) {
    const k = cursor[candidate[r]!]!++;
    const id = dst[r]!;
    out.t[k] = t[r]!;
    out.hkey[k] = keys.hkey[id]!;
    out.bid[k] = keys.bid[id]!;
  }
  return out;
}

/** Per-scope "seen" marks for host ranks and block ids: a new scope is one increment. */
class Stamps {
  readonly hosts: Int32Array;
  readonly blocks: Int32Array;
  private scope = 0;

  constructor(hosts: number, blocks: number) {
    this.hosts = new Int32Array(hosts);
    this.blocks = new Int32Array(blocks);
  }

  next(): number {
    return ++this.scope;
  }
}

interface Counted {
  probes: number;
  hosts: number;
  blocks: number;
  first: number;
  last: number;
  answered: number;
}

/** Exact figures of rows `[from, to)`, or of `indices[from, to)` when given. */
function countRange(
  rows: LaidOut,
  from: number,
  to: number,
  seen: Stamps,
  answering: ReadonlySet<number> | null,
  indices?: Int32Array,
): Counted {
  const scope = seen.next();
  const out: Counted = { probes: to - from, hosts: 0, blocks: 0, first: Infinity, last: -Infinity, answered: 0 };
  for (let k = from; k < to; k++) {
    const r = indices === undefined ? k : indices[k]!;
    const time = rows.t[r]!;
    if (time < out.first) out.first = time;
    if (time > out.last) out.last = time;
    const host = rows.hkey[r]!;
    if (seen.hosts[host] !== scope) {
      seen.hosts[host] = scope;
      out.hosts++;
      if (answering?.has(host)) out.answered++;
    }
    const block = rows.bid[r]!;
    if (seen.blocks[block] !== scope) {
      seen.blocks[block] = scope;
      out.blocks++;
    }
  }
  return out;
}

/** A candidate's rows in `[w.start, w.end)`, counted exactly (`scratch` holds their indices). */
function countSpan(
  rows: LaidOut,
  from: number,
  to: number,
  w: { start: number; end: number },
  seen: Stamps,
  answering: ReadonlySet<number> | null,
  scratch: Int32Array,
): Burst {
  let inside = 0;
  for (let r = from; r < to; r++) if (rows.t[r]! >= w.start && rows.t[r]! < w.end) scratch[inside++] = r;
  const c = countRange(rows, 0, inside, seen, answering, scratch);
  return { first: c.first, last: c.last, probes: c.probes, hosts: c.hosts, blocks: c.blocks, answered: c.answered };
}

/**
 * Every window of one grid that holds rows of `[from, to)`, in time order, with its distinct hosts
 * (`scratch` holds the rows' window numbers, `byWindow` the rows window by window).
 */
function countWindows(
  rows: LaidOut,
  from: number,
  to: number,
  offset: number,
  width: number,
  seen: Stamps,
  scratch: { byWindow: Int32Array; window: Int32Array },
  whole: Counted,
): { index: number; hosts: number }[] {
  const first = Math.floor((whole.first + offset) / width);
  const windows = Math.floor((whole.last + offset) / width) - first + 1;
  const at = new Int32Array(windows + 1);
  const { byWindow, window } = scratch;
  for (let r = from; r < to; r++) {
    const w = Math.floor((rows.t[r]! + offset) / width) - first;
    window[r - from] = w;
    at[w + 1]!++;
  }
  for (let w = 0; w < windows; w++) at[w + 1]! += at[w]!;
  const cursor = at.slice(0, windows);
  for (let r = from; r < to; r++) byWindow[cursor[window[r - from]!]!++] = r;
  const out: { index: number; hosts: number }[] = [];
  for (let w = 0; w < windows; w++) {
    if (at[w + 1]! === at[w]!) continue;
    out.push({ index: first + w, hosts: countRange(rows, at[w]!, at[w + 1]!, seen, null, byWindow).hosts });
  }
  return out;
}

function maxOf(values: Int32Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * Overlapping or touching time windows merged into one, in time order; `combine` folds the figures
 * of a window into the one it merges with.
 */
export function mergeWindows<W extends { start: number; end: number }>(
  windows: readonly W[],
  combine: (into: W, next: W) => void = () => {},
): W[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const out: W[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && w.start <= last.end) {
      last.end = Math.max(last.end, w.end);
      combine(last, w);
    } else out.push({ ...w });
  }
  return out;
}

/** One colour per log kind, the same in the chart, the timeline and the graph. */
const COLOURS: Record<string, string> = {
  alert: '#c0392b',
  scans: '#2471a3',
  oos: '#d68910',
  eve: '#7d3c98',
  fast: '#c0392b',
  full: '#a93226',
};
const SPARE = ['#148f77', '#7f8c8d', '#b9770e', '#1f618d', '#884ea0'];

export function colourOfKind(kind: string): string {
  const known = COLOURS[kind];
  if (known) return known;
  let h = 0;
  for (const c of kind) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length]!;
}

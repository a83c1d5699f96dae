/**
 * The report's one stylesheet, inlined into the page (the CSP allows inline styles and nothing
 * else). Screen: a readable column; print: one section per page, tables and figures kept whole.
 */
export const REPORT_CSS = `
:root { --ink:#1d1d1f; --muted:#5f6368; --line:#d6d8db; --accent:#1a4f8b; --bad:#b3261e; --warn:#8a5a00; --ok:#1e6b34; }
* { box-sizing: border-box; }
html { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 1080px; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
p { margin: 6px 0; }
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
.muted { color: var(--muted); }
h1 .mono, h2 .mono, h3 .mono, h4 .mono, h3.mono, h4.mono { font-size: inherit; }
h4.file { text-transform: none; letter-spacing: 0; color: var(--ink); }
header.cover { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 16px; }
header.cover .facts { display: flex; flex-wrap: wrap; gap: 4px 24px; color: var(--muted); }
nav.toc ol { columns: 2; margin: 4px 0 0; padding-left: 20px; }
section.page { margin-top: 36px; }
section.detect { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 18px 0; }
section.detect > h3 { margin-top: 0; font-size: 17px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wrap { word-break: break-all; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
table.evidence td { font-size: 12px; }
table.evidence td:nth-child(1) { white-space: nowrap; }
.score { display: inline-block; min-width: 2.2em; text-align: center; border-radius: 4px; padding: 0 6px; font-weight: 700; color: #fff; background: var(--muted); }
.score.high { background: var(--bad); } .score.mid { background: var(--warn); } .score.low { background: var(--ok); }
.grid2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px 24px; }
.pill { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; margin: 1px 2px; font-size: 12px; }
ul.obs li { margin: 4px 0; }
.callout { border-left: 4px solid var(--accent); background: #f5f8fc; padding: 8px 12px; margin: 8px 0; }
.callout.warn { border-color: var(--warn); background: #fdf7ea; }
figure { margin: 8px 0 14px; overflow-x: auto; }
figcaption { font-size: 12px; color: var(--muted); }
svg.chart, svg.link-diagram { max-width: 100%; height: auto; }
.edge path { fill: none; stroke: #555; stroke-width: 1.4; }
.edge text, .node text { font: 11px sans-serif; fill: #222; }
.edge .label-bg { fill: #fff; fill-opacity: 0.9; stroke: none; }
.edge .order, .node .addr { font-weight: bold; }
.node rect { stroke: #666; }
.node.subject rect { stroke: var(--bad); stroke-width: 2.5; }
.node.group rect, .node.folded rect { stroke-dasharray: 5 3; }
.raw { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11.5px; white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 2px 4px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 11.5px; }
  body { max-width: none; padding: 0; }
  section.page { break-before: page; margin-top: 0; }
  section.detect { break-before: page; border: none; padding: 0; }
  section.detect:first-of-type { break-before: avoid; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure, svg, .callout, dl.kv { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.toc { break-after: page; }
}
`;

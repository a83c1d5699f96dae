/**
 * Charts as static SVG, rendered server-side by Vega-Lite → Vega (`view.toSVG()`): no script in the
 * report, nothing loaded at view time. Vega escapes text and attribute values in its SVG output
 * (checked by the injection test), so log-derived labels are safe inside it.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { sanitiseOutput } from '../sanitise-output.js';
import { trustedHtml, type SafeHtml } from './html-template.js';

const CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 13, anchor: 'start' as const },
};

/** Horizontal bars, largest first: the practical's top-five tables as a picture. */
export async function renderBarChart(options: {
  title: string;
  keyTitle: string;
  rows: readonly { key: string | number; events: number }[];
  colour?: string;
}): Promise<SafeHtml> {
  const values = options.rows.map((r) => ({ key: String(r.key), events: r.events }));
  return renderSpec({
    title: options.title,
    width: 320,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar', color: options.colour ?? '#4c78a8' },
    encoding: {
      y: { field: 'key', type: 'nominal', sort: '-x', title: options.keyTitle },
      x: { field: 'events', type: 'quantitative', title: 'events', axis: { format: ',d', tickMinStep: 1 } },
    },
    config: CONFIG,
  } as TopLevelSpec);
}

/** Events per time bucket, one line per log kind. */
export async function renderTimeSeriesChart(options: {
  title: string;
  bucket: string;
  points: readonly { t: string; source: string; events: number }[];
}): Promise<SafeHtml> {
  return renderSpec({
    title: options.title,
    width: 680,
    height: 220,
    data: { values: options.points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: options.points.length < 60, interpolate: 'linear', strokeWidth: 1.5 },
    encoding: {
      x: {
        field: 't',
        type: 'temporal',
        title: `time (UTC, per ${options.bucket})`,
        scale: { type: 'utc' },
        axis: { format: '%b %d %H:%M', labelAngle: 0, labelOverlap: true },
      },
      y: { field: 'events', type: 'quantitative', title: 'events', axis: { format: ',d', tickMinStep: 1 } },
      color: { field: 'source', type: 'nominal', title: 'log' },
    },
    config: CONFIG,
  } as TopLevelSpec);
}

async function renderSpec(spec: TopLevelSpec): Promise<SafeHtml> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // vega stamps a white background rect and absolute sizes; scaling is the stylesheet's job.
    // vega escapes markup but not bidi overrides or C1 controls: labels come from logs, so those
    // are made visible here (the SVG's own markup holds none of them).
    return trustedHtml(sanitiseOutput.visible(svg).replace('<svg ', '<svg class="chart" role="img" '));
  } finally {
    view.finalize();
  }
}

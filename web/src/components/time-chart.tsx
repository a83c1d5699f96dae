/**
 * Events over time, one line per log kind (vega-lite, compiled in the browser and run by
 * vega-interpreter: the page's CSP has no unsafe-eval). Dragging across the chart brushes a time
 * range; releasing the mouse hands it to `onBrush`, which filters everything else on the page.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { colourOfKind } from './log-kind-colours.js';
import type { TimePoint } from './timeline-points.js';

interface TimeChartProps {
  points: TimePoint[];
  /** The brushed range as ISO timestamps; called once per drag, on release. */
  onBrush?: (from: string, to: string) => void;
  height?: number;
}

function specOf(points: TimePoint[], width: number, height: number, brush: boolean): TopLevelSpec {
  const kinds = [...new Set(points.map((p) => p.source))].sort();
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    autosize: { type: 'fit', contains: 'padding' },
    data: { values: points.map((p) => ({ ...p, t: Date.parse(p.t) })) },
    mark: { type: 'line', point: points.length < 80, interpolate: 'monotone' },
    params: brush ? [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }] : [],
    encoding: {
      x: {
        field: 't',
        type: 'temporal',
        scale: { type: 'utc' },
        title: null,
        axis: { format: '%m-%d %H:%M', labelOverlap: true },
      },
      y: { field: 'events', type: 'quantitative', title: 'events' },
      color: {
        field: 'source',
        type: 'nominal',
        title: 'log kind',
        scale: { domain: kinds, range: kinds.map(colourOfKind) },
      },
      tooltip: [
        { field: 't', type: 'temporal', scale: { type: 'utc' }, format: '%Y-%m-%d %H:%M', title: 'time (UTC)' },
        { field: 'source', type: 'nominal', title: 'log kind' },
        { field: 'events', type: 'quantitative' },
      ],
    },
    config: { font: 'system-ui, sans-serif', view: { stroke: null } },
  } as TopLevelSpec;
}

export function TimeChart({ points, onBrush, height = 180 }: TimeChartProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const brushed = useRef<[number, number] | null>(null);
  const onBrushRef = useRef(onBrush);
  onBrushRef.current = onBrush;

  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const width = Math.max(300, el.clientWidth - 20);
    const vg = compile(specOf(points, width, height, onBrush !== undefined)).spec;
    const view = new View(parse(vg, undefined, { ast: true }), {
      expr: expressionInterpreter,
      renderer: 'canvas',
      container: el,
      hover: true,
    });
    if (onBrush) {
      view.addSignalListener('brush', (_name: string, value: unknown) => {
        const range = (value as { t?: unknown[] } | null)?.t;
        brushed.current = Array.isArray(range) && range.length === 2 ? [Number(range[0]), Number(range[1])] : null;
      });
    }
    // The brush is committed when the drag ends, not on every move. Pointer, not mouse, events: vega
    // cancels the pointerdown, and with it the compatibility mouseup that would follow.
    const release = (): void => {
      const r = brushed.current;
      if (!r || !onBrushRef.current) return;
      brushed.current = null;
      const [a, b] = r[0] <= r[1] ? r : [r[1], r[0]];
      if (b - a < 1000) return;
      onBrushRef.current(new Date(a).toISOString(), new Date(b).toISOString());
    };
    window.addEventListener('pointerup', release);
    // Exposed like the link graph's model, for tests and the devtools console.
    (el as HTMLDivElement & { view?: View }).view = view;
    void view.runAsync();
    return () => {
      window.removeEventListener('pointerup', release);
      view.finalize();
      el.replaceChildren();
    };
    // onBrush's identity changes every render; only whether there is one shapes the chart.
  }, [points, height, onBrush !== undefined]);

  if (points.length === 0) return <p className="muted">No events in this range.</p>;
  return <div ref={box} className="chart" data-testid="time-chart" />;
}

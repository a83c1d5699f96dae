/**
 * The link diagram of one detect as inline SVG: dagre lays the hosts out left to right in the
 * direction traffic flows; we draw it ourselves so that every label from a log goes through the
 * same escaping as the rest of the report (a layout library that also rendered would put log text
 * into markup we do not control). Edges are numbered in time order and carry ports, event kinds
 * and counts.
 */
import dagre from '@dagrejs/dagre';
import { html, trustedHtml, type SafeHtml } from './html-template.js';
import type { LinkGraph, LinkNode } from './build-link-graph.js';

const FONT_SIZE = 11;
/** Styles for these classes live in the report's stylesheet (report-styles.ts): one copy per page. */
/** Average glyph width of the sans-serif face at FONT_SIZE; good enough for box sizes. */
const CHAR_WIDTH = 6.4;
const LINE_HEIGHT = 14;
const MAX_LABEL_CHARS = 44;

export const GROUP_COLOURS: Readonly<Record<string, string>> = {
  external: '#fbe3d6',
  internal: '#dcebf7',
  firewall: '#e4f1dc',
};
const OTHER_GROUP_COLOUR = '#ece6f5';
const FOLDED_COLOUR = '#eeeeee';

export interface RenderLinkDiagramOptions {
  /** Unique within the document: marker ids must not clash between diagrams. */
  id: string;
  title: string;
}

/** Text lines for an edge label: order and time, ports, event kinds, count and log kinds. */
export function edgeLabelLines(edge: LinkGraph['edges'][number]): string[] {
  const time = edge.first.slice(5, 16).replace('T', ' ');
  let ports =
    edge.ports.length === 0
      ? 'no port'
      : `port${edge.ports.length > 1 ? 's' : ''} ${listWithMore(edge.ports.map(String), 4)}`;
  // Few fixed source ports against many destination ports: the sender's own service port is the story.
  if (edge.sourcePorts.length > 0 && edge.sourcePorts.length <= 2 && edge.ports.length > 2) {
    ports = `from ${edge.sourcePorts.join(', ')} to ${listWithMore(edge.ports.map(String), 2)}`;
  }
  const events = listWithMore(
    edge.events.map((e) => clip(e, 34)),
    1,
  );
  return [`${edge.order}. ${time}`, ports, events, `×${edge.count} (${edge.sources.join(', ')})`];
}

export function renderLinkDiagram(graph: LinkGraph, options: RenderLinkDiagramOptions): SafeHtml {
  if (graph.edges.length === 0)
    return html`<p class="muted">No event in the evidence has both a source and a destination: nothing to draw.</p>`;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 150, edgesep: 18, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodeLines = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const lines = nodeLabelLines(n);
    nodeLines.set(n.id, lines);
    g.setNode(n.id, { width: boxWidth(lines) + 16, height: lines.length * LINE_HEIGHT + 12 });
  }
  const edgeLines = graph.edges.map(edgeLabelLines);
  graph.edges.forEach((e, i) => {
    const lines = edgeLines[i]!;
    g.setEdge(e.from, e.to, { width: boxWidth(lines), height: lines.length * LINE_HEIGHT, labelpos: 'c' }, String(i));
  });
  dagre.layout(g);
  const size = g.graph();
  const width = Math.ceil(size.width ?? 400);
  const height = Math.ceil(size.height ?? 200);
  const marker = `${options.id}-arrow`;

  const edgeMarkup = graph.edges.map((e, i) => {
    const layout = g.edge({ v: e.from, w: e.to, name: String(i) }) as {
      points: { x: number; y: number }[];
      x: number;
      y: number;
    };
    const d = layout.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const lines = edgeLines[i]!;
    const top = layout.y - (lines.length * LINE_HEIGHT) / 2 + FONT_SIZE;
    // A plate under the label keeps the edge line from striking through the text.
    const labelWidth = boxWidth(lines);
    const labelHeight = lines.length * LINE_HEIGHT + 4;
    return html`<g class="edge"
      ><path d="${d}" marker-end="url(#${marker})" />
      <rect
        class="label-bg"
        x="${(layout.x - labelWidth / 2).toFixed(1)}"
        y="${(layout.y - labelHeight / 2).toFixed(1)}"
        width="${labelWidth.toFixed(1)}"
        height="${labelHeight.toFixed(1)}"
        rx="3"
      />
      <text x="${layout.x.toFixed(1)}" y="${top.toFixed(1)}" text-anchor="middle"
        >${lines.map(
          (line, j) =>
            html`<tspan
              x="${layout.x.toFixed(1)}"
              dy="${j === 0 ? 0 : LINE_HEIGHT}"
              ${j === 0 ? trustedHtml(' class="order"') : ''}
              >${line}</tspan
            >`,
        )}</text
      ></g
    >`;
  });
  const nodeMarkup = graph.nodes.map((n) => {
    const layout = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const lines = nodeLines.get(n.id)!;
    const x = layout.x - layout.width / 2;
    const y = layout.y - layout.height / 2;
    const fill =
      n.role === 'folded' || n.group === null ? FOLDED_COLOUR : (GROUP_COLOURS[n.group] ?? OTHER_GROUP_COLOUR);
    return html`<g class="node ${n.role}"
      ><rect
        x="${x.toFixed(1)}"
        y="${y.toFixed(1)}"
        width="${layout.width.toFixed(1)}"
        height="${layout.height.toFixed(1)}"
        rx="6"
        fill="${fill}"
      />
      <text x="${layout.x.toFixed(1)}" y="${(y + 6 + FONT_SIZE).toFixed(1)}" text-anchor="middle"
        >${lines.map(
          (line, j) =>
            html`<tspan
              x="${layout.x.toFixed(1)}"
              dy="${j === 0 ? 0 : LINE_HEIGHT}"
              ${j === 0 ? trustedHtml(' class="addr"') : ''}
              >${line}</tspan
            >`,
        )}</text
      ></g
    >`;
  });
  return html`<svg
    class="link-diagram"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
    role="img"
    aria-label="${options.title}"
  >
    <title>${options.title}</title>
    <defs>
      <marker
        id="${marker}"
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerWidth="8"
        markerHeight="8"
        orient="auto-start-reverse"
      >
        <path d="M0,0 L10,5 L0,10 z" fill="#444" />
      </marker>
    </defs>
    ${edgeMarkup}${nodeMarkup}
  </svg>`;
}

function nodeLabelLines(n: LinkNode): string[] {
  if (n.role === 'folded' || n.role === 'group') {
    const range = n.members.length > 2 ? `${n.members[0]} … ${n.members[n.members.length - 1]}` : n.members.join(', ');
    return [n.label + (n.group ? ` (${n.group})` : ''), clip(range, MAX_LABEL_CHARS)];
  }
  return [clip(n.label, MAX_LABEL_CHARS), n.role === 'subject' ? `${n.group} · subject` : (n.group ?? '')];
}

function boxWidth(lines: readonly string[]): number {
  return Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 8;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function listWithMore(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} +${items.length - max}`;
}

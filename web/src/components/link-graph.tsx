/**
 * An address's neighbourhood as an interactive graph (cytoscape): wheel to zoom, drag nodes or the
 * background, click an address to pivot to its page. Labels are drawn on the canvas, so log text
 * never becomes markup.
 */
import cytoscape from 'cytoscape';
import { useEffect, useRef, type ReactNode } from 'react';
import { carriedQuery, navigate } from '../router.js';
import { addressPath } from './entity-links.js';
import { colourOfKind } from './log-kind-colours.js';
import type { GraphData, GraphNodeData } from '../api-types.js';

interface LinkGraphProps {
  graph: GraphData;
  /** The address the page is about, drawn larger. */
  focus?: string;
  height?: number;
}

const GROUP_COLOURS = ['#1f618d', '#b03a2e', '#117a65', '#7d3c98', '#b9770e', '#5d6d7e'];

function groupColour(group: string | null | undefined, groups: string[]): string {
  if (!group) return '#808b96';
  return GROUP_COLOURS[groups.indexOf(group) % GROUP_COLOURS.length]!;
}

/** Only real hosts are pages; a folded or grouped node stands for several. */
function isAddressNode(n: GraphNodeData): boolean {
  return n.role === 'subject' || n.role === 'peer';
}

export function LinkGraph({ graph, focus, height = 380 }: LinkGraphProps): ReactNode {
  const { nodes, edges } = graph;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || nodes.length === 0) return;
    const groups = [...new Set(nodes.map((n) => n.group ?? ''))].filter(Boolean).sort();
    const max = Math.max(1, ...edges.map((e) => e.count));
    const known = new Set(nodes.map((n) => n.id));
    const cy = cytoscape({
      container: el,
      elements: [
        ...nodes.map((n) => ({
          data: {
            id: n.id,
            label: n.role === 'group' ? `${n.label} (${n.members.length})` : n.label,
            colour: groupColour(n.group, groups),
            focus: n.id === focus || n.role === 'subject' ? 1 : 0,
            address: isAddressNode(n) ? 1 : 0,
          },
        })),
        ...edges
          .filter((e) => known.has(e.from) && known.has(e.to))
          .map((e, i) => ({
            data: {
              id: `e${i}`,
              source: e.from,
              target: e.to,
              width: 1 + 5 * Math.sqrt(e.count / max),
              colour: e.sources[0] ? colourOfKind(e.sources[0]) : '#aab7b8',
              label: `${e.count}${e.ports.length > 0 ? ` · ${e.ports.slice(0, 3).join(',')}${e.ports.length > 3 ? '…' : ''}` : ''}`,
            },
          })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            width: 14,
            height: 14,
          },
        },
        {
          selector: 'node[focus = 1]',
          style: { width: 24, height: 24, 'border-width': 3, 'border-color': '#17202a', 'font-weight': 'bold' },
        },
        {
          selector: 'edge',
          style: {
            width: 'data(width)',
            'line-color': 'data(colour)',
            'target-arrow-color': 'data(colour)',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            opacity: 0.7,
            label: 'data(label)',
            'font-size': 8,
            color: '#566573',
          },
        },
      ],
      layout: {
        name: nodes.length > 60 ? 'concentric' : 'cose',
        animate: false,
        padding: 20,
      } as cytoscape.LayoutOptions,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 5,
    });
    // A small graph fitted to the box would be drawn huge, its labels over each other.
    if (cy.zoom() > 1.25) {
      cy.zoom(1.25);
      cy.center();
    }
    cy.on('tap', 'node[address = 1]', (evt) => {
      const id = String(evt.target.id());
      const here = { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
      navigate(addressPath(id) + carriedQuery(here));
    });
    (el as HTMLDivElement & { cy?: cytoscape.Core }).cy = cy;
    return () => cy.destroy();
  }, [nodes, edges, focus]);

  if (nodes.length === 0) return <p className="muted">No links to draw.</p>;
  return (
    <div className="graph-wrap">
      <div ref={box} className="graph" style={{ height }} data-testid="link-graph" />
      <p className="hint">Wheel to zoom, drag to move, click an address to open it.</p>
    </div>
  );
}

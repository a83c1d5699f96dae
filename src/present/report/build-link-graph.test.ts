import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvidenceEvent } from '../../analyze/finding.js';
import { AddressBook } from '../../core/address-book.js';
import { buildLinkGraph, FOLDED_NODE_ID, linkCountsOf } from './build-link-graph.js';
import { edgeLabelLines, renderLinkDiagram } from './render-link-diagram.js';

const book = new AddressBook({
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
});

function ev(
  ts: string,
  src: string | null,
  dst: string | null,
  dport: number | null,
  event = 'SYN',
  source = 'scans',
): EvidenceEvent {
  return {
    ts: `2004-04-20T${ts}.000Z`,
    source,
    event,
    src,
    sport: 1000,
    dst,
    dport,
    proto: 'TCP',
    file: 'scans.040420',
    line: 1,
  };
}

const varied = Array.from({ length: 10 }, (_, i) =>
  ev(`10:00:${String(i).padStart(2, '0')}`, '61.1.2.3', `130.85.70.${i}`, i),
);
const sweep = Array.from({ length: 20 }, (_, i) =>
  ev(`10:00:${String(i).padStart(2, '0')}`, '61.1.2.3', `130.85.70.${i}`, 57),
);

const cases: {
  name: string;
  evidence: EvidenceEvent[];
  subject: string;
  maxNodes: number;
  expected: { nodes: string[]; edges: [string, string, number, number][]; undirected: number };
}[] = [
  {
    name: 'one pair, two events, merged into one edge',
    evidence: [
      ev('10:00:00', '61.1.2.3', 'MY.NET.1.1', 57),
      ev('10:05:00', '61.1.2.3', 'MY.NET.1.1', 139, 'NETBIOS', 'alert'),
    ],
    subject: '61.1.2.3',
    maxNodes: 10,
    expected: { nodes: ['61.1.2.3', 'MY.NET.1.1'], edges: [['61.1.2.3', 'MY.NET.1.1', 1, 2]], undirected: 0 },
  },
  {
    name: 'edges numbered by first time, not by input order',
    evidence: [ev('11:00:00', 'MY.NET.1.1', '24.0.0.1', 15104), ev('10:00:00', '81.2.2.2', 'MY.NET.1.1', 20432)],
    subject: 'MY.NET.1.1',
    maxNodes: 10,
    expected: {
      nodes: ['MY.NET.1.1', '24.0.0.1', '81.2.2.2'],
      edges: [
        ['81.2.2.2', 'MY.NET.1.1', 1, 1],
        ['MY.NET.1.1', '24.0.0.1', 2, 1],
      ],
      undirected: 0,
    },
  },
  {
    name: 'a sweep: hosts treated alike become one node',
    evidence: sweep,
    subject: '61.1.2.3',
    maxNodes: 10,
    expected: {
      nodes: ['61.1.2.3', '(20 hosts from 61.1.2.3: 130.85.70.0)'],
      edges: [['61.1.2.3', '(20 hosts from 61.1.2.3: 130.85.70.0)', 1, 20]],
      undirected: 0,
    },
  },
  {
    name: 'hosts treated differently stay apart; beyond maxNodes the least busy fold into one node',
    evidence: [...varied, ev('10:01:00', '61.1.2.3', '130.85.70.0', 0), ev('10:01:01', '61.1.2.3', '130.85.70.1', 1)],
    subject: '61.1.2.3',
    maxNodes: 4,
    expected: {
      nodes: ['61.1.2.3', '130.85.70.0', '130.85.70.1', FOLDED_NODE_ID],
      edges: [
        ['61.1.2.3', '130.85.70.0', 1, 2],
        ['61.1.2.3', '130.85.70.1', 2, 2],
        ['61.1.2.3', FOLDED_NODE_ID, 3, 8],
      ],
      undirected: 0,
    },
  },
  {
    name: 'a flood: many sources treated alike toward one host become one node',
    evidence: Array.from({ length: 5 }, (_, i) =>
      ev(`10:00:0${i}`, `24.0.0.${i}`, 'MY.NET.1.1', 20432, 'DDOS', 'alert'),
    ),
    subject: 'MY.NET.1.1',
    maxNodes: 10,
    expected: {
      nodes: ['MY.NET.1.1', '(5 hosts to MY.NET.1.1: 24.0.0.0)'],
      edges: [['(5 hosts to MY.NET.1.1: 24.0.0.0)', 'MY.NET.1.1', 1, 5]],
      undirected: 0,
    },
  },
  {
    name: 'events without a destination are counted, not drawn',
    evidence: [
      ev('10:00:00', '61.1.2.3', null, null, 'spp_portscan status', 'alert'),
      ev('10:00:01', '61.1.2.3', 'MY.NET.1.1', 57),
    ],
    subject: '61.1.2.3',
    maxNodes: 10,
    expected: { nodes: ['61.1.2.3', 'MY.NET.1.1'], edges: [['61.1.2.3', 'MY.NET.1.1', 1, 1]], undirected: 1 },
  },
];

for (const c of cases) {
  test(`buildLinkGraph: ${c.name}`, () => {
    const g = buildLinkGraph(linkCountsOf(c.evidence), {
      subject: c.subject,
      maxNodes: c.maxNodes,
      groupOf: (a) => book.groupOf(a),
      hostOf: (a) => book.hostOf(a),
    });
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      c.expected.nodes,
    );
    assert.deepEqual(
      g.edges.map((e) => [e.from, e.to, e.order, e.count]),
      c.expected.edges,
    );
    assert.equal(g.undirected, c.expected.undirected);
  });
}

test('buildLinkGraph: the subject under its aliased spelling is still the subject', () => {
  const g = buildLinkGraph(linkCountsOf([ev('10:00:00', '130.85.84.235', '24.0.0.1', 15104)]), {
    subject: 'MY.NET.84.235',
    maxNodes: 10,
    groupOf: (a) => book.groupOf(a),
    hostOf: (a) => book.hostOf(a),
  });
  assert.equal(g.nodes.find((n) => n.id === '130.85.84.235')?.role, 'subject');
  assert.equal(g.nodes.find((n) => n.id === '24.0.0.1')?.group, 'external');
});

test('renderLinkDiagram: one box per node, one arrow per edge, unique marker id, hostile labels escaped', () => {
  const hostile = '<script>alert(1)</script>';
  const g = buildLinkGraph(
    linkCountsOf([ev('10:00:00', '61.1.2.3', 'MY.NET.1.1', 80, hostile, 'alert'), ...sweep.slice(0, 3)]),
    {
      subject: '61.1.2.3',
      maxNodes: 10,
      groupOf: (a) => book.groupOf(a),
    },
  );
  const svg = renderLinkDiagram(g, { id: 'd7', title: `t ${hostile}` }).value;
  // One box per node, one label plate per edge.
  assert.equal((svg.match(/<rect\b/g) ?? []).length, g.nodes.length + g.edges.length);
  assert.equal((svg.match(/marker-end="url\(#d7-arrow\)"/g) ?? []).length, g.edges.length);
  assert.ok(!svg.includes('<script>'), 'no live script tag');
  assert.ok(svg.includes('&lt;script&gt;'), 'hostile text kept as text');
  assert.match(svg, /viewBox="0 0 \d+ \d+"/);
});

const edgeBase = {
  from: 'a',
  to: 'b',
  order: 3,
  first: '2004-04-21T18:27:00.000Z',
  last: '2004-04-21T18:30:00.000Z',
  count: 4,
  events: ['DDOS shaft handler to agent'],
  sources: ['alert'],
};
const labelCases: { name: string; ports: number[]; sourcePorts: number[]; expected: string }[] = [
  { name: 'one port', ports: [139], sourcePorts: [4100], expected: 'port 139' },
  { name: 'several ports', ports: [57, 139, 445], sourcePorts: [1, 2, 3], expected: 'ports 57, 139, 445' },
  {
    name: 'a fixed source port to many ports',
    ports: [7858, 19276, 37029, 37512],
    sourcePorts: [18753],
    expected: 'from 18753 to 7858, 19276 +2',
  },
  { name: 'no port (ICMP)', ports: [], sourcePorts: [], expected: 'no port' },
];
for (const c of labelCases) {
  test(`edgeLabelLines: ${c.name}`, () => {
    const lines = edgeLabelLines({ ...edgeBase, ports: c.ports, sourcePorts: c.sourcePorts });
    assert.deepEqual(lines, ['3. 04-21 18:27', c.expected, 'DDOS shaft handler to agent', '×4 (alert)']);
  });
}

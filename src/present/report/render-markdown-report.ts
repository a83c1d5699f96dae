/**
 * The analysis as GitHub-flavoured Markdown, for pasting into tickets: the same sections and
 * figures as the HTML, tables as GFM, the link diagram as its edge list. Every value from a log is
 * escaped so it stays text — no HTML, no links, no broken tables.
 */
import type { Finding } from '../../analyze/finding.js';
import type { AddressBook } from '../../core/address-book.js';
import { buildLinkGraph, linkCountsOf, type FindingCounts } from './build-link-graph.js';
import { countBasis, unlistedNote } from './describe-count-basis.js';
import { sampleEvidence } from './sample-evidence.js';
import { deriveObservations, baseName, type Observation } from './derive-observations.js';
import { describeFiredRules } from './describe-fired-rules.js';
import { describeTargeting } from './describe-targeting.js';
import { escapeMarkdown as md } from './escape-markdown.js';
import type { ReportData } from './report-data.js';
import { selectDetailedFindings } from './select-detailed-findings.js';
import { formatBytes, formatCount, formatDetail, formatEndpoint, formatTime } from './report-format.js';

type Cell = string | number | null | undefined;

/** A GFM table; every cell escaped. `right` marks numeric columns. */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  right: readonly number[] = [],
): string {
  if (rows.length === 0) return '_None._\n';
  const align = head.map((_, i) => (right.includes(i) ? '---:' : '---'));
  const line = (cells: readonly Cell[]): string => `| ${cells.map((c) => md(c ?? '')).join(' | ')} |`;
  return [line(head), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

export function renderMarkdownReport(data: ReportData, book: AddressBook): string {
  const out: string[] = [];
  const t = data.meta.thresholds;
  const span = data.totals.first
    ? `${formatTime(data.totals.first)} to ${formatTime(data.totals.last)} UTC`
    : 'no events';
  out.push(`# idsift analysis — ${md(span)}\n`);
  out.push(
    `${formatCount(data.totals.events)} events, ${data.files.length} files, ${data.findings.length} detects. Generated ${md(formatTime(data.meta.generatedAt))} UTC by idsift ${md(data.meta.version)}.\n`,
  );

  const obs = deriveObservations(data);
  const detailed = selectDetailedFindings(data.findings, t.detailedDetects);
  out.push('## Executive summary\n');
  out.push(
    markdownTable(
      ['#', 'score', 'detect', 'subject', 'summary'],
      detailed.map((i) => {
        const f = data.findings[i]!;
        return [i + 1, f.severity.score, f.kind, f.subject, f.summary];
      }),
      [0, 1],
    ),
  );
  if (data.findings.length > detailed.length) {
    out.push(
      `${formatCount(data.findings.length)} detects in all; the ${detailed.length} above are written up below.\n`,
    );
  }
  out.push(
    '### Strengths\n',
    observationList(obs.strengths),
    '### Opportunities\n',
    observationList(obs.opportunities),
  );

  out.push('## Files analysed\n');
  out.push(
    markdownTable(
      ['file', 'format', 'size', 'name date', 'first (UTC)', 'last (UTC)', 'rows', 'quarantined', 'recovered'],
      data.files.map((f) => [
        baseName(f.file),
        f.format,
        formatBytes(f.size),
        f.name_date ?? '',
        formatTime(f.first_ts),
        formatTime(f.last_ts),
        formatCount(f.rows),
        formatCount(f.quarantined),
        formatCount(f.recovered),
      ]),
      [2, 6, 7, 8],
    ),
  );
  for (const f of data.files) {
    if (f.warnings.length === 0 && f.quarantineSamples.length === 0) continue;
    out.push(`**${md(baseName(f.file))}**\n`);
    if (f.warnings.length > 0) out.push(...f.warnings.map((w) => `- ${md(w)}`), '');
    if (f.quarantineSamples.length > 0) {
      out.push(
        markdownTable(
          ['line', 'problem', 'message', 'raw text'],
          f.quarantineSamples.map((q) => [q.line, q.code, q.message, q.raw]),
          [0],
        ),
      );
    }
  }

  out.push('## Detects\n');
  if (data.findings.length === 0) out.push('_No detect fired on this data._\n');
  for (const l of data.detectLimits ?? [])
    out.push(
      `_${md(l.list)}: the ${formatCount(l.shown)} largest of ${formatCount(l.total)} are listed; to see all, ${md(l.see)}._\n`,
    );
  for (const i of detailed)
    out.push(
      renderDetect(data.findings[i]!, i, book, t.evidenceLines, t.diagramNodes, data.findingCounts?.[String(i)]),
    );
  const written = new Set(detailed);
  const others = data.findings.map((f, i) => ({ f, i })).filter(({ i }) => !written.has(i));
  if (others.length > 0) {
    out.push(
      `### Other detects (${formatCount(others.length)})\n`,
      markdownTable(
        ['#', 'score', 'detect', 'subject', 'summary'],
        others.map(({ f, i }) => [i + 1, f.severity.score, f.kind, f.subject, f.summary]),
        [0, 1],
      ),
    );
  }

  out.push('## Network statistics\n');
  for (const g of data.groups) {
    out.push(`### Group ${md(g.group)}\n`);
    const rows = Array.from({ length: Math.max(g.talkers.length, g.ports.length) }, (_, i) => [
      i + 1,
      g.talkers[i]?.key,
      g.talkers[i] ? formatCount(g.talkers[i]!.events) : '',
      g.ports[i]?.key,
      g.ports[i] ? formatCount(g.ports[i]!.events) : '',
    ]);
    out.push(markdownTable(['#', 'talker', 'events', 'port', 'events'], rows, [0, 2, 3, 4]));
  }
  out.push(
    '### Events per log kind\n',
    markdownTable(
      ['log', 'events'],
      data.totals.bySource.map((s) => [s.source, formatCount(s.events)]),
      [1],
    ),
  );
  out.push(
    '### Noisy signatures\n',
    markdownTable(
      ['signature', 'alerts', 'share', 'sources', 'targets'],
      data.noisySignatures.map((s) => [
        s.signature,
        formatCount(s.events),
        `${(s.share * 100).toFixed(1)}%`,
        s.sources,
        s.targets,
      ]),
      [1, 2, 3, 4],
    ),
  );
  out.push(
    `### Incidents recurring across days (${formatCount(data.recurring.total)})\n`,
    markdownTable(
      ['source host', 'alert', 'days', 'events', 'first', 'last'],
      data.recurring.top.map((r) => [r.host, r.signature, r.days, formatCount(r.events), r.first, r.last]),
      [2, 3],
    ),
  );
  out.push(
    `### Outside traffic that reached inside hosts (${formatCount(data.passThrough.events)} events)\n`,
    markdownTable(
      ['port', 'events', 'sources', 'targets'],
      data.passThrough.ports.map((p) => [p.port, formatCount(p.events), p.sources, p.targets]),
      [0, 1, 2, 3],
    ),
  );
  out.push(
    `### Hosts seen in every log (${formatCount(data.stumblers.total)})\n`,
    markdownTable(
      ['host', ...data.stumblers.kinds],
      data.stumblers.hosts.map((h) => [h.address, ...data.stumblers.kinds.map((k) => formatCount(h.sources[k] ?? 0))]),
    ),
  );

  out.push('## Profiles of suspicious external addresses\n');
  if (data.profiles.length === 0) out.push('_No external address took part in a detect or in the traffic._\n');
  for (const { reasons, profile: p } of data.profiles) {
    const r = p.registry;
    out.push(`### ${md(p.address)} (${md(p.group)})\n`, `Why: ${md(reasons.join('; '))}\n`);
    out.push(
      markdownTable(
        ['fact', 'value'],
        [
          ['registry', `${r.rir ?? '—'}${r.iana ? ` (IANA ${r.iana.prefix}: ${r.iana.designation})` : ''}`],
          ['network block', r.network ? r.network.cidrs.join(', ') : '—'],
          ['ASN, holder', `${r.asn !== null ? `AS${r.asn}` : '—'}${r.holder ? `, ${r.holder}` : ''}`],
          ['country', r.country ? `${r.country.name} (${r.country.code})` : '—'],
          ['note', r.note ?? ''],
          ['first / last seen', `${formatTime(p.activity.first_seen)} / ${formatTime(p.activity.last_seen)}`],
          [
            'events',
            `${formatCount(p.activity.events)} (${Object.entries(p.activity.by_source)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`,
          ],
          ['talked to', p.activity.top_peers.as_source.map((x) => `${x.key} (${x.events})`).join(', ')],
          ['heard from', p.activity.top_peers.as_destination.map((x) => `${x.key} (${x.events})`).join(', ')],
          ['top signatures', p.activity.top_signatures.map((x) => `${x.key} (${x.events})`).join('; ')],
        ],
      ),
    );
  }

  out.push('## Method\n');
  out.push(
    `- idsift ${md(data.meta.version)}, store ${md(`${data.meta.backend}: ${data.meta.location}`)}, config ${md(data.meta.configPath ?? '(built-in defaults)')}`,
  );
  out.push(
    `- Groups: ${md(
      Object.entries(data.meta.groups)
        .map(([g, e]) => `${g} = ${e.join(', ')}`)
        .join('; '),
    )}; aliases: ${md(data.meta.aliases.map(([a, b]) => `${a} = ${b}`).join('; ') || 'none')}`,
  );
  out.push(
    `- Report thresholds: ${md(
      Object.entries(t)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    )}`,
  );
  out.push('');
  return out.join('\n');
}

function observationList(items: readonly Observation[]): string {
  return items.length === 0 ? '_None._\n' : items.map((o) => `- ${md(o.text)}`).join('\n') + '\n';
}

function renderDetect(
  f: Finding,
  i: number,
  book: AddressBook,
  evidenceLines: number,
  diagramNodes: number,
  counts: FindingCounts | undefined,
): string {
  const s = f.severity;
  const out: string[] = [
    `### Detect ${i + 1}: ${md(f.kind)} — ${md(f.subject)} (score ${s.score})\n`,
    `**Summary:** ${md(f.summary)}\n`,
  ];
  const shown = sampleEvidence(f.evidence, evidenceLines);
  if (f.chain && f.chain.length > 0) {
    out.push(
      '**Chain of events**\n',
      markdownTable(
        ['#', 'from (UTC)', 'to (UTC)', 'what happened', 'peers', 'ports', 'events'],
        f.chain.map((c, i) => [
          i + 1,
          formatTime(c.ts),
          formatTime(c.last),
          c.label,
          c.peers.join(', '),
          c.ports.join(', '),
          c.events,
        ]),
        [0, 6],
      ),
    );
  }
  out.push('**Evidence**\n');
  out.push(
    markdownTable(
      ['time (UTC)', 'log', 'event', 'source → destination', 'detail', 'file:line'],
      shown.map((e) => [
        formatTime(e.ts),
        e.source,
        e.event,
        `${formatEndpoint(e.src, e.sport)} → ${formatEndpoint(e.dst, e.dport)}`,
        formatDetail(e.detail),
        `${baseName(e.file)}:${e.line}`,
      ]),
    ),
  );
  const cut = f.limits?.find((l) => l.list === 'evidence');
  const evidenceTotal = cut?.total ?? f.evidence.length;
  if (evidenceTotal > shown.length)
    out.push(
      `_Showing ${shown.length} of ${formatCount(evidenceTotal)} evidence events${cut ? `; to see the rest, ${md(cut.see)}` : ''}._\n`,
    );
  out.push(
    '**Rule that fired**\n',
    markdownTable(
      ['rule / message', 'what it is', 'events'],
      describeFiredRules(f, counts?.links).map((r) => [r.name, r.details.join(' · '), r.events]),
      [2],
    ),
  );
  out.push(`**Spoofing likelihood:** ${f.spoofing.likely ? 'possible' : 'unlikely'}. ${md(f.spoofing.reason)}\n`);
  out.push(`**Attack mechanism:** ${md(f.mechanism)}\n`);
  const graph = buildLinkGraph(counts ?? linkCountsOf(f.evidence), {
    subject: f.subject,
    maxNodes: diagramNodes,
    groupOf: (a) => book.groupOf(a),
    hostOf: (a) => book.hostOf(a),
  });
  out.push(
    '**Links (in time order)**\n',
    markdownTable(
      ['#', 'from', 'to', 'first (UTC)', 'ports', 'events', 'count'],
      graph.edges.map((e) => [
        e.order,
        labelOf(graph, e.from),
        labelOf(graph, e.to),
        formatTime(e.first),
        e.ports.join(', '),
        e.events.join('; '),
        e.count,
      ]),
      [0, 6],
    ),
    `_Counts ${md(countBasis(f, counts))}.${md(unlistedNote(graph.unlisted))}_\n`,
  );
  out.push(`**Correlations:** linked ${md(f.linked.join(', ') || 'none')}; related ${md(relatedList(f) || 'none')}\n`);
  const targeting = describeTargeting(f, (a) => book.hostOf(a), counts?.links);
  out.push(
    `**Evidence of active targeting:** ${md(targeting.verdict)}\n`,
    ...targeting.points.map((p) => `- ${md(p)}`),
    '',
  );
  out.push(
    '**Severity**\n',
    markdownTable(
      ['input', 'value', 'reason'],
      [
        ['criticality', s.criticality, s.reasons.criticality],
        ['lethality', s.lethality, s.reasons.lethality],
        ['system countermeasures', s.system, s.reasons.system],
        ['network countermeasures', s.network, s.reasons.network],
        ['score = (criticality + lethality) − (system + network)', s.score, ''],
      ],
      [1],
    ),
  );
  out.push(`**Recommended action:** ${md(f.recommendation)}\n`);
  return out.join('\n');
}

function relatedList(f: Finding): string {
  const total = typeof f.facts.related_total === 'number' ? f.facts.related_total : f.related.length;
  const shown = f.related.slice(0, 30).join(', ');
  return total > 30 ? `${shown} and ${total - 30} more` : shown;
}

function labelOf(graph: ReturnType<typeof buildLinkGraph>, id: string): string {
  return graph.nodes.find((n) => n.id === id)?.label ?? id;
}

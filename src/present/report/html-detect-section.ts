/**
 * One detect written up as the practical asks: description with evidence lines, the rule that
 * fired, spoofing, mechanism, link diagram, correlations, active targeting, severity, action.
 */
import type { Finding } from '../../analyze/finding.js';
import type { AddressBook } from '../../core/address-book.js';
import { buildLinkGraph, linkCountsOf, type FindingCounts } from './build-link-graph.js';
import { countBasis, unlistedNote } from './describe-count-basis.js';
import { sampleEvidence } from './sample-evidence.js';
import { describeFiredRules } from './describe-fired-rules.js';
import { describeTargeting } from './describe-targeting.js';
import { detectAnchor } from './detect-anchor.js';
import { html, type SafeHtml } from './html-template.js';
import { renderHtmlTable } from './html-table.js';
import { renderLinkDiagram } from './render-link-diagram.js';
import { baseName } from './derive-observations.js';
import { formatCount, formatDetail, formatEndpoint, formatTime } from './report-format.js';

export interface DetectSectionOptions {
  index: number;
  book: AddressBook;
  evidenceLines: number;
  diagramNodes: number;
  /** `kind:subject` → index of that finding in the report, for correlation links. */
  findingIndex: ReadonlyMap<string, number>;
  /** Every event behind the finding, per link; without it, diagram and tables count the evidence carried. */
  counts?: FindingCounts;
}

function listWithMore(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max}`;
}

export function scoreClass(score: number): string {
  return score >= 3 ? 'high' : score >= 1 ? 'mid' : 'low';
}

export function renderDetectSection(finding: Finding, options: DetectSectionOptions): SafeHtml {
  const id = detectAnchor(options.index);
  const s = finding.severity;
  const shown = sampleEvidence(finding.evidence, options.evidenceLines);
  const graph = buildLinkGraph(options.counts ?? linkCountsOf(finding.evidence), {
    subject: finding.subject,
    maxNodes: options.diagramNodes,
    groupOf: (a) => options.book.groupOf(a),
    hostOf: (a) => options.book.hostOf(a),
  });
  const rules = describeFiredRules(finding, options.counts?.links);
  const targeting = describeTargeting(finding, (a) => options.book.hostOf(a), options.counts?.links);
  const factRows = Object.entries(finding.facts).filter(([k, v]) => v !== null && k !== 'targeting');

  return html`<section class="detect" id="${id}">
    <h3>
      Detect ${options.index + 1}: ${finding.kind} — <span class="mono">${finding.subject}</span>
      <span class="score ${scoreClass(s.score)}" title="severity score">${s.score}</span>
    </h3>
    <p>${finding.summary}</p>
    ${
      factRows.length > 0
        ? html`<dl class="kv">
            ${factRows.map(
              ([k, v]) =>
                html`<dt>${k}</dt>
                  <dd>${String(v)}</dd>`,
            )}
          </dl>`
        : ''
    }
    ${
      finding.chain && finding.chain.length > 0
        ? html`<h4>Chain of events</h4>
            ${renderHtmlTable(
              ['#', 'from (UTC)', 'to (UTC)', 'what happened', 'peers', 'ports', 'events'],
              finding.chain.map((c, i) => [
                i + 1,
                formatTime(c.ts),
                formatTime(c.last),
                c.label,
                html`<span class="mono">${listWithMore(c.peers, 4)}</span>`,
                listWithMore(c.ports.map(String), 6),
                formatCount(c.events),
              ]),
              { numeric: [0, 6] },
            )}`
        : ''
    }
    <h4>Evidence</h4>
    ${renderHtmlTable(
      ['time (UTC)', 'log', 'event', 'source → destination', 'detail', 'file:line'],
      shown.map((e) => [
        formatTime(e.ts),
        e.source,
        e.event,
        html`<span class="mono">${formatEndpoint(e.src, e.sport)} → ${formatEndpoint(e.dst, e.dport)}</span>`,
        html`<span class="mono">${formatDetail(e.detail)}</span>`,
        html`<span class="mono">${baseName(e.file)}:${e.line}</span>`,
      ]),
      { className: 'evidence', empty: 'This detect carries no evidence events.' },
    )}
    ${renderEvidenceCount(finding, shown.length)}

    <h4>Rule that fired</h4>
    ${renderHtmlTable(
      ['rule / message', 'what it is', 'events', 'references'],
      rules.map((r) => [r.name, r.details.join(' · '), formatCount(r.events), r.references.join(', ')]),
      { numeric: [2], empty: 'No rule is associated with the evidence.' },
    )}

    <div class="grid2">
      <div>
        <h4>Spoofing likelihood</h4>
        <p><strong>${finding.spoofing.likely ? 'Possible' : 'Unlikely'}.</strong> ${finding.spoofing.reason}</p>
      </div>
      <div>
        <h4>Attack mechanism</h4>
        <p>${finding.mechanism}</p>
      </div>
    </div>

    <h4>Link diagram</h4>
    <figure>
      ${renderLinkDiagram(graph, { id: `${id}-links`, title: `Link diagram for detect ${options.index + 1} (${finding.kind}, ${finding.subject})` })}
      <figcaption>
        Hosts as boxes (the subject outlined in red; colour = address group); arrows show direction, numbered in time
        order with first time, ports, event kinds and counts —
        ${countBasis(finding, options.counts)}.${
          graph.undirected > 0 ? ` ${formatCount(graph.undirected)} event(s) without a destination are not drawn.` : ''
        }${unlistedNote(graph.unlisted)}
      </figcaption>
    </figure>

    <h4>Correlations</h4>
    ${renderCorrelations(finding, options.findingIndex)}

    <h4>Evidence of active targeting</h4>
    <p><strong>${targeting.verdict}</strong></p>
    <ul>
      ${targeting.points.map((p) => html`<li>${p}</li>`)}
    </ul>

    <h4>Severity</h4>
    ${renderHtmlTable(
      ['input', 'value', 'reason'],
      [
        ['criticality', s.criticality, s.reasons.criticality],
        ['lethality', s.lethality, s.reasons.lethality],
        ['system countermeasures', s.system, s.reasons.system],
        ['network countermeasures', s.network, s.reasons.network],
      ],
      { numeric: [1], className: 'severity' },
    )}
    <p>
      Severity = (criticality + lethality) − (system + network) = (${s.criticality} + ${s.lethality}) − (${s.system} +
      ${s.network}) = <span class="score ${scoreClass(s.score)}">${s.score}</span>
      <span class="muted">Override any input with <code>idsift score ${finding.subject} --criticality N …</code></span>
    </p>

    <h4>Recommended action</h4>
    <p class="callout">${finding.recommendation}</p>
  </section>`;
}

/** A sweep relates hundreds of hosts; the first ones and the count say enough in print. */
const MAX_RELATED_SHOWN = 30;

function renderCorrelations(finding: Finding, findingIndex: ReadonlyMap<string, number>): SafeHtml {
  // The runner may cut the list; it states the full count in facts.related_total.
  const total = finding.facts.related_total;
  const related = typeof total === 'number' ? total : finding.related.length;
  const linked = finding.linked.map((key) => {
    const i = findingIndex.get(key);
    return i === undefined
      ? html`<span class="pill mono">${key}</span>`
      : html`<a class="pill mono" href="#${detectAnchor(i)}">${key}</a>`;
  });
  return html`<p>Linked detects: ${linked.length > 0 ? linked : html`<span class="muted">none</span>`}</p>
    <p>
      Related addresses:
      ${
        finding.related.length > 0
          ? finding.related.slice(0, MAX_RELATED_SHOWN).map((a) => html`<span class="pill mono">${a}</span>`)
          : html`<span class="muted">none</span>`
      }
      ${related > MAX_RELATED_SHOWN ? html`<span class="muted">and ${formatCount(related - MAX_RELATED_SHOWN)} more</span>` : ''}
    </p>`;
}

/** How much of the evidence is shown: of every matching event, not only of those the finding carries. */
function renderEvidenceCount(finding: Finding, shown: number): SafeHtml | '' {
  const cut = finding.limits?.find((l) => l.list === 'evidence');
  const total = cut?.total ?? finding.evidence.length;
  if (total <= shown) return '';
  return cut
    ? html`<p class="muted">
        Showing ${shown} of ${formatCount(total)} evidence events; <code>idsift detect --json</code> carries
        ${formatCount(finding.evidence.length)}; to see the rest, ${cut.see}.
      </p>`
    : html`<p class="muted">
        Showing ${shown} of ${formatCount(total)} evidence events; all of them: <code>idsift detect --json</code>.
      </p>`;
}

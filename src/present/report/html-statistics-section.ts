/**
 * Network statistics as the practical tabulated them: top five talkers and targeted ports per
 * address group (tables and bar charts), events over time per log kind, and the figures behind the
 * executive summary's opportunities (noisy signatures, recurring incidents, pass-through traffic,
 * hosts in every log).
 */
import { html, type SafeHtml } from './html-template.js';
import { renderHtmlTable } from './html-table.js';
import { renderBarChart, renderTimeSeriesChart } from './render-chart.js';
import type { ReportData } from './report-data.js';
import { formatCount, formatTime } from './report-format.js';

const GROUP_BAR_COLOUR: Readonly<Record<string, string>> = {
  external: '#c8553d',
  internal: '#4c78a8',
  firewall: '#54a24b',
};

export async function renderStatisticsSection(data: ReportData): Promise<SafeHtml> {
  const n = data.meta.thresholds.topN;
  const groups: SafeHtml[] = [];
  for (const g of data.groups) {
    const colour = GROUP_BAR_COLOUR[g.group] ?? '#9467bd';
    const talkersChart =
      g.talkers.length > 0
        ? await renderBarChart({
            title: `Top talkers — ${g.group}`,
            keyTitle: 'source address',
            rows: g.talkers,
            colour,
          })
        : null;
    const portsChart =
      g.ports.length > 0
        ? await renderBarChart({
            title: `Top targeted ports — ${g.group}`,
            keyTitle: 'destination port',
            rows: g.ports,
            colour,
          })
        : null;
    groups.push(
      html`<h3 id="stats-${g.group}">Group “${g.group}”</h3>
        <div class="grid2">
          <div>
            ${renderHtmlTable(
              ['#', 'talker (source)', 'events'],
              g.talkers.map((t, i) => [i + 1, html`<span class="mono">${String(t.key)}</span>`, formatCount(t.events)]),
              { numeric: [0, 2], empty: `No event has a source in ${g.group}.` },
            )}
            ${talkersChart ? html`<figure>${talkersChart}</figure>` : ''}
          </div>
          <div>
            ${renderHtmlTable(
              ['#', 'destination port', 'events'],
              g.ports.map((p, i) => [i + 1, p.key, formatCount(p.events)]),
              { numeric: [0, 1, 2], empty: `No event from ${g.group} has a destination port.` },
            )}
            ${portsChart ? html`<figure>${portsChart}</figure>` : ''}
          </div>
        </div>`,
    );
  }
  const timeChart =
    data.timeSeries.points.length > 0
      ? await renderTimeSeriesChart({
          title: 'Events over time per log kind',
          bucket: data.timeSeries.bucket,
          points: data.timeSeries.points,
        })
      : null;

  return html`<section class="page" id="statistics">
    <h2>Network statistics</h2>
    <p>
      Top ${n} talkers (source addresses, as written in the logs) and top ${n} targeted ports (destination ports of
      events whose source is in the group), for each address group.
    </p>
    ${groups}
    <h3 id="stats-time">Events over time</h3>
    ${renderHtmlTable(
      ['log', 'events'],
      data.totals.bySource.map((s) => [s.source, formatCount(s.events)]),
      { numeric: [1] },
    )}
    ${
      timeChart
        ? html`<figure>
            ${timeChart}
            <figcaption>Events per ${data.timeSeries.bucket} (UTC), one line per log kind.</figcaption>
          </figure>`
        : html`<p class="muted">No timestamped events.</p>`
    }

    <h3 id="stats-noise">Noisy signatures</h3>
    <p class="muted">
      A signature counts as noisy at ≥ ${(data.meta.thresholds.noisyShare * 100).toFixed(0)}% of all
      ${formatCount(data.alerts)} alerts from ≥ ${data.meta.thresholds.noisyMinSources} distinct sources.
    </p>
    ${renderHtmlTable(
      ['signature', 'alerts', 'share', 'sources', 'targets'],
      data.noisySignatures.map((s) => [
        s.signature,
        formatCount(s.events),
        `${(s.share * 100).toFixed(1)}%`,
        formatCount(s.sources),
        formatCount(s.targets),
      ]),
      { numeric: [1, 2, 3, 4], empty: 'No signature is noisy by this measure.' },
    )}

    <h3 id="stats-recurring">Incidents recurring across days</h3>
    <p class="muted">
      The same source host raising the same alert on ≥ ${data.meta.thresholds.recurringMinDays} different days (UTC):
      ${formatCount(data.recurring.total)} in
      all${data.recurring.total > data.recurring.top.length ? `, the ${data.recurring.top.length} most persistent shown` : ''}.
    </p>
    ${renderHtmlTable(
      ['source host', 'alert', 'days', 'events', 'first day', 'last day'],
      data.recurring.top.map((r) => [
        html`<span class="mono">${r.host}</span>`,
        r.signature,
        r.days,
        formatCount(r.events),
        r.first,
        r.last,
      ]),
      { numeric: [2, 3], empty: 'No alert recurs from the same source on different days.' },
    )}

    <h3 id="stats-passthrough">Outside traffic that reached inside hosts</h3>
    <p class="muted">
      Events from an external source to a destination in a configured group — the firewall let them through:
      ${formatCount(data.passThrough.events)} events.
    </p>
    ${renderHtmlTable(
      ['destination port', 'events', 'outside sources', 'inside targets'],
      data.passThrough.ports.map((p) => [
        p.port,
        formatCount(p.events),
        formatCount(p.sources),
        formatCount(p.targets),
      ]),
      { numeric: [0, 1, 2, 3], empty: 'None.' },
    )}

    <h3 id="stats-stumble">Hosts seen in every log</h3>
    <p class="muted">
      Hosts (aliases merged) that appear as a source in all ${data.stumblers.kinds.length} log kinds present
      (${data.stumblers.kinds.join(', ')}): ${formatCount(data.stumblers.total)}.
    </p>
    ${renderHtmlTable(
      ['host', ...data.stumblers.kinds],
      data.stumblers.hosts.map((h) => [
        html`<span class="mono">${h.address}</span>`,
        ...data.stumblers.kinds.map((k) => formatCount(h.sources[k] ?? 0)),
      ]),
      { numeric: data.stumblers.kinds.map((_, i) => i + 1), empty: 'None.' },
    )}
    ${data.totals.first ? html`<p class="muted">Data spans ${formatTime(data.totals.first)} to ${formatTime(data.totals.last)} UTC.</p>` : ''}
  </section>`;
}

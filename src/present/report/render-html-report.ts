/**
 * The written analysis as one self-contained HTML page: every style, chart and diagram inline, no
 * script, and a CSP that forbids the page from loading or running anything (so even a log line
 * that slipped past escaping could not fetch or execute). Structured like the practical.
 */
import type { AddressBook } from '../../core/address-book.js';
import { deriveObservations, hasNameDateMismatch, baseName, type Observation } from './derive-observations.js';
import { detectAnchor, indexFindings } from './detect-anchor.js';
import { renderDetectSection, scoreClass } from './html-detect-section.js';
import { renderStatisticsSection } from './html-statistics-section.js';
import { html, trustedHtml, type SafeHtml } from './html-template.js';
import { renderHtmlTable } from './html-table.js';
import type { ReportData } from './report-data.js';
import { formatBytes, formatCount, formatTime } from './report-format.js';
import { REPORT_CSS } from './report-styles.js';
import { renderProfilesSection } from './html-profiles-section.js';
import { selectDetailedFindings } from './select-detailed-findings.js';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const SECTIONS: readonly [string, string][] = [
  ['summary', 'Executive summary'],
  ['files', 'Files analysed'],
  ['detects', 'Detects'],
  ['statistics', 'Network statistics'],
  ['profiles', 'Profiles of suspicious external addresses'],
  ['method', 'Method'],
];

export async function renderHtmlReport(data: ReportData, book: AddressBook): Promise<string> {
  const title = `idsift analysis — ${data.totals.first ? `${data.totals.first.slice(0, 10)} to ${(data.totals.last ?? '').slice(0, 10)}` : 'empty store'}`;
  const statistics = await renderStatisticsSection(data);
  const detailed = selectDetailedFindings(data.findings, data.meta.thresholds.detailedDetects);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${trustedHtml(REPORT_CSP)}" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="idsift ${data.meta.version}" />
        <title>${title}</title>
        <style>
          ${trustedHtml(REPORT_CSS)}
        </style>
      </head>
      <body>
        <header class="cover">
          <h1>${title}</h1>
          <div class="facts">
            <span>${formatCount(data.totals.events)} events</span><span>${data.files.length} files</span
            ><span>${data.findings.length} detects</span
            ><span>generated ${formatTime(data.meta.generatedAt)} UTC by idsift ${data.meta.version}</span>
          </div>
        </header>
        <nav class="toc">
          <strong>Contents</strong>
          <ol>
            ${SECTIONS.map(([id, name]) => html`<li><a href="#${id}">${name}</a></li>`)}
          </ol>
        </nav>
        ${renderSummary(data, detailed)} ${renderFiles(data)} ${renderDetects(data, book, detailed)} ${statistics}
        ${renderProfilesSection(data)} ${renderMethod(data)}
      </body>
    </html> `;
  return page.value;
}

function observationList(items: readonly Observation[], empty: string): SafeHtml {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="obs">
    ${items.map((o) => html`<li>${o.text} <a href="#${o.anchor}">→</a></li>`)}
  </ul>`;
}

function renderSummary(data: ReportData, detailed: readonly number[]): SafeHtml {
  const obs = deriveObservations(data);
  const kinds = data.totals.bySource.map((s) => `${formatCount(s.events)} ${s.source}`).join(', ');
  const n = data.findings.length;
  const byKind = countByKind(data.findings);
  return html`<section class="page" id="summary">
    <h2>Executive summary</h2>
    <p>
      ${formatCount(data.totals.events)} events (${kinds || 'none'}) from ${data.files.length} log
      files${data.totals.first ? `, ${formatTime(data.totals.first)} to ${formatTime(data.totals.last)} UTC` : ''}.
      idsift found
      <strong>${formatCount(n)} detect${n === 1 ? '' : 's'}</strong
      >${n > detailed.length ? `; the ${detailed.length} below are written up in full, by severity score` : n > 0 ? ', by severity score' : ''}.
    </p>
    ${renderHtmlTable(
      ['#', 'score', 'detect', 'subject', 'summary'],
      detailed.map((i) => {
        const f = data.findings[i]!;
        return [
          html`<a href="#${detectAnchor(i)}">${i + 1}</a>`,
          html`<span class="score ${scoreClass(f.severity.score)}">${f.severity.score}</span>`,
          f.kind,
          html`<span class="mono">${f.subject}</span>`,
          f.summary,
        ];
      }),
      { numeric: [0, 1], empty: 'No detect fired on this data.' },
    )}
    ${
      byKind.length > 1
        ? renderHtmlTable(
            ['detect kind', 'findings', 'highest score'],
            byKind.map((k) => [k.kind, formatCount(k.count), k.best]),
            { numeric: [1, 2] },
          )
        : ''
    }
    <div class="grid2">
      <div>
        <h3>Strengths</h3>
        ${observationList(obs.strengths, 'Nothing in the data stands out as a strength.')}
      </div>
      <div>
        <h3>Opportunities</h3>
        ${observationList(obs.opportunities, 'Nothing in the data calls for action.')}
      </div>
    </div>
  </section>`;
}

function countByKind(findings: ReportData['findings']): { kind: string; count: number; best: number }[] {
  const out = new Map<string, { kind: string; count: number; best: number }>();
  for (const f of findings) {
    const k = out.get(f.kind) ?? { kind: f.kind, count: 0, best: f.severity.score };
    k.count++;
    k.best = Math.max(k.best, f.severity.score);
    out.set(f.kind, k);
  }
  return [...out.values()].sort((a, b) => b.best - a.best || b.count - a.count);
}

function renderFiles(data: ReportData): SafeHtml {
  const rows = data.files.map((f) => [
    html`<span class="mono">${baseName(f.file)}</span>`,
    f.format,
    formatBytes(f.size),
    f.name_date ?? '—',
    formatTime(f.first_ts),
    formatTime(f.last_ts),
    formatCount(f.rows),
    formatCount(f.quarantined),
    formatCount(f.recovered),
  ]);
  const total = data.files.reduce((n, f) => n + f.size, 0);
  const integrity = data.files.filter(
    (f) => f.warnings.length > 0 || f.quarantineSamples.length > 0 || hasNameDateMismatch(f),
  );
  return html`<section class="page" id="files">
    <h2>Files analysed</h2>
    ${renderHtmlTable(
      [
        'file',
        'format',
        'size',
        'name date',
        'first event (UTC)',
        'last event (UTC)',
        'rows',
        'quarantined',
        'recovered',
      ],
      rows,
      {
        numeric: [2, 6, 7, 8],
        empty: 'No files have been ingested.',
      },
    )}
    <p class="muted">
      ${data.files.length} files, ${formatBytes(total)}, ${formatCount(data.files.reduce((n, f) => n + f.rows, 0))}
      rows; ${formatCount(data.totals.quarantined)} records quarantined, ${formatCount(data.totals.recovered)} recovered
      from corrupted lines.
    </p>
    <h3>Integrity findings</h3>
    ${integrity.length === 0 ? html`<p>No integrity findings: every file parsed cleanly, with continuous, forward-running time and names matching content.</p>` : integrity.map(renderFileIntegrity)}
  </section>`;
}

function renderFileIntegrity(f: ReportData['files'][number]): SafeHtml {
  return html`<h4 class="mono file">${baseName(f.file)}</h4>
    <ul>
      ${f.warnings.map((w) => html`<li>${w}</li>`)}
      ${f.quarantineByCode.length > 0 ? html`<li>Quarantined by problem: ${f.quarantineByCode.map((c) => html`<span class="pill">${c.code} × ${formatCount(c.count)}</span>`)}</li>` : ''}
    </ul>
    ${
      f.quarantineSamples.length > 0
        ? renderHtmlTable(
            ['line', 'problem', 'message', 'raw text (quarantined)'],
            f.quarantineSamples.map((q) => [q.line, q.code, q.message, html`<span class="raw">${q.raw}</span>`]),
            { numeric: [0] },
          )
        : ''
    }`;
}

function renderDetects(data: ReportData, book: AddressBook, detailed: readonly number[]): SafeHtml {
  const findingIndex = indexFindings(data.findings);
  const t = data.meta.thresholds;
  const written = new Set(detailed);
  const others = data.findings.map((f, i) => ({ f, i })).filter(({ i }) => !written.has(i));
  return html`<section class="page" id="detects">
    <h2>Detects</h2>
    <p>
      Each detect below was found automatically, with the log lines that show it. Severity = (criticality + lethality) −
      (system countermeasures + network countermeasures), each 1–5.
    </p>
    ${data.findings.length === 0 ? html`<p class="muted">No detect fired on this data.</p>` : ''}
    ${(data.detectLimits ?? []).map(
      (l) =>
        html`<p class="muted">
          ${l.list}: the ${formatCount(l.shown)} largest of ${formatCount(l.total)} are listed; to see all, ${l.see}.
        </p>`,
    )}
    ${detailed.map((index) =>
      renderDetectSection(data.findings[index]!, {
        index,
        book,
        evidenceLines: t.evidenceLines,
        diagramNodes: t.diagramNodes,
        findingIndex,
        ...(data.findingCounts?.[String(index)] ? { counts: data.findingCounts[String(index)]! } : {}),
      }),
    )}
    ${
      others.length > 0
        ? html`<h3 id="other-detects">Other detects (${formatCount(others.length)})</h3>
            <p class="muted">Lower-scoring findings, listed; each one's evidence: <code>idsift detect --json</code>.</p>
            <table>
              <thead>
                <tr>
                  <th class="num">#</th>
                  <th class="num">score</th>
                  <th>detect</th>
                  <th>subject</th>
                  <th>summary</th>
                </tr>
              </thead>
              <tbody>
                ${others.map(
                  ({ f, i }) =>
                    html`<tr id="${detectAnchor(i)}">
                      <td class="num">${i + 1}</td>
                      <td class="num">${f.severity.score}</td>
                      <td>${f.kind}</td>
                      <td class="mono">${f.subject}</td>
                      <td>${f.summary}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : ''
    }
  </section>`;
}

function renderMethod(data: ReportData): SafeHtml {
  const m = data.meta;
  return html`<section class="page" id="method">
    <h2>Method</h2>
    <h3>How this report was made</h3>
    <p>
      Logs were ingested with <code>idsift ingest</code> into a ${m.backend} store; every count in this report is
      computed by SQL over that store, detects by <code>idsift detect</code>'s analyses. Log timestamps carry no zone
      and are shown as UTC. Nothing was edited by hand.
    </p>
    <dl class="kv">
      <dt>idsift version</dt>
      <dd>${m.version}</dd>
      <dt>generated</dt>
      <dd>${formatTime(m.generatedAt)} UTC</dd>
      <dt>store</dt>
      <dd class="mono">${m.backend}: ${m.location}</dd>
      <dt>config</dt>
      <dd class="mono">${m.configPath ?? '(built-in defaults)'}</dd>
    </dl>
    <h3>Files</h3>
    ${renderHtmlTable(
      ['path', 'format', 'size', 'year used', 'segments'],
      data.files.map((f) => [
        html`<span class="mono">${f.file}</span>`,
        f.format,
        formatBytes(f.size),
        f.year,
        f.segments,
      ]),
      { numeric: [2, 3, 4], empty: 'None.' },
    )}
    <h3>Address groups and aliases</h3>
    ${renderHtmlTable(['group', 'members (CIDR or text prefix)'], [...Object.entries(m.groups).map(([g, entries]) => [g, html`<span class="mono">${entries.join(', ')}</span>`]), ['external', 'everything in no group']])}
    ${renderHtmlTable(
      ['alias', 'same machines as'],
      m.aliases.map(([a, b]) => [html`<span class="mono">${a}</span>`, html`<span class="mono">${b}</span>`]),
      { empty: 'No aliases configured.' },
    )}
    <h3>Thresholds</h3>
    ${renderHtmlTable(
      ['report setting (config detect.report)', 'value'],
      Object.entries(m.thresholds).map(([k, v]) => [k, String(v)]),
      { numeric: [1] },
    )}
    ${renderHtmlTable(
      ['config section', 'what it governs', 'settings in force'],
      m.detectSettings.map((d) => [
        html`<span class="mono">detect.${d.section}</span
          >${d.configured ? '' : html` <span class="muted">(defaults)</span>`}`,
        d.description,
        html`<span class="raw">${JSON.stringify(d.settings)}</span>`,
      ]),
      { empty: 'No detect analyses are registered.' },
    )}
    <h3>Timings</h3>
    ${renderHtmlTable(
      ['step', 'ms'],
      Object.entries(m.timings).map(([k, v]) => [k, formatCount(v)]),
      { numeric: [1] },
    )}
  </section>`;
}

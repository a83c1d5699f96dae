import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../../core/event.js';
import { contextWith, probe, SEC, T0 } from '../../../analyze/detect/detect-test-kit.js';
import { runDetects } from '../../../analyze/detect/run-detects.js';
import { buildLinkGraph } from '../build-link-graph.js';
import { collectReportData, REPORT_ANALYSES } from '../collect-report-data.js';
import { describeFiredRules } from '../describe-fired-rules.js';
import { renderMarkdownReport } from '../render-markdown-report.js';
import { queryLinkCounts } from './query-link-counts.js';

const SCANNER = '61.10.20.30';

/**
 * A vertical scan of one host, every port probed three times, and a sweep of 40 hosts: far more
 * events than the evidence limit (5) lets a finding carry.
 */
const events: EventRecord[] = [
  ...Array.from({ length: 3 * 60 }, (_, i) =>
    probe(T0 + i * SEC, SCANNER, 40000 + (i % 7), '130.85.7.7', 1000 + (i % 60)),
  ),
  ...Array.from({ length: 40 }, (_, i) => probe(T0 + 600 * SEC + i * SEC, '61.9.9.9', 50000, `130.85.8.${i + 1}`, 57)),
];
const DETECT = { evidence: { limit: 5 } };

/** The evidence total of a cut finding (every event its queries match). */
const totalOf = (f: { limits?: { list: string; total: number }[] }): number =>
  f.limits!.find((l) => l.list === 'evidence')!.total;

test('link counts are of every event behind a finding, not of its evidence sample', async () => {
  const ctx = await contextWith(events, DETECT);
  try {
    const findings = (await runDetects(ctx)).filter((f) => f.limits?.some((l) => l.list === 'evidence'));
    assert.ok(findings.length >= 2, findings.map((f) => `${f.kind} ${f.subject}`).join('; '));
    const counts = await queryLinkCounts(ctx.store, findings);
    findings.forEach((f, i) => {
      const c = counts[i]!;
      const total = totalOf(f);
      assert.ok(total > f.evidence.length, `${f.kind}: more events than carried`);
      assert.equal(
        c.links.reduce((n, l) => n + l.count, 0),
        total,
        `${f.kind}: links add up to all events`,
      );
      const graph = buildLinkGraph(c, { subject: f.subject, maxNodes: 12, groupOf: (a) => ctx.book.groupOf(a) });
      assert.equal(graph.edges.reduce((n, e) => n + e.count, 0) + graph.undirected, total, `${f.kind}: diagram`);
      assert.equal(
        describeFiredRules(f, c.links).reduce((n, r) => n + r.events, 0),
        total,
        `${f.kind}: fired-rule table`,
      );
    });
    // Past the link limit, the rest is counted (events and links), not itemised.
    const [capped] = await queryLinkCounts(ctx.store, [findings[0]!], 2);
    assert.equal(capped!.links.length, 2);
    assert.ok(capped!.rest.links > 0);
    assert.equal(capped!.links.reduce((n, l) => n + l.count, 0) + capped!.rest.events, totalOf(findings[0]!));
  } finally {
    await ctx.close();
  }
});

test("the report: each written-up detect's links table counts all its events and says so", async () => {
  const ctx = await contextWith(events, DETECT);
  try {
    const data = await collectReportData(ctx, REPORT_ANALYSES, { now: new Date(0) });
    const markdown = renderMarkdownReport(data, ctx.book);
    const sections = markdown.split(/^### Detect /m).slice(1);
    const cut = data.findings.filter((f) => f.limits?.some((l) => l.list === 'evidence'));
    assert.ok(cut.length >= 2);
    for (const f of cut) {
      const section = sections.find((s) => s.includes(`${f.kind} — ${f.subject}`))!;
      assert.ok(section, `${f.kind} ${f.subject} written up`);
      const links = section.slice(section.indexOf('**Links (in time order)**'), section.indexOf('**Correlations:**'));
      const table = links.split('\n').filter((l) => /^\| \d+ \|/.test(l));
      const sum = table.reduce((n, row) => n + Number(row.split('|').at(-2)!.trim().replace(/,/g, '')), 0);
      assert.equal(sum, totalOf(f), `${f.kind} ${f.subject}: links table\n${links.slice(0, 800)}`);
      assert.match(links, new RegExp(`of all ${totalOf(f)} event\\(s\\) behind the detect`));
      // Targeting is judged on every event too: the 40-host sweep is a sweep, not "a handful" (5 carried).
      if (f.subject === '61.9.9.9') assert.match(section, /A sweep of 40 hosts/);
    }
  } finally {
    await ctx.close();
  }
});

/**
 * The report on a generated classic data set (the three detects of docs/PRODUCT.md injected): every
 * section present once, every figure equal to the store's own count, every detect present once,
 * the page clean in Chromium (no console errors, no request but the file itself), screenshots of
 * each section for review, the PDF, and the CLI end to end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { browserUnavailable, launchBrowser, openReportPage } from '../../../test/report/open-report-page.js';
import { AddressBook } from '../../core/address-book.js';
import { loadConfig, type IdsiftConfig } from '../../core/config.js';
import { generateClassicLogs, type GroundTruth } from '../../gen/generate-classic-logs.js';
import { ingestFiles } from '../../ingest/ingest-files.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { REPORT_ANALYSES } from './collect-report-data.js';
import { detectAnchor } from './detect-anchor.js';
import { REPORT_CSP } from './render-html-report.js';
import { renderMarkdownReport } from './render-markdown-report.js';
import type { ReportData } from './report-data.js';
import { formatCount } from './report-format.js';
import { selectDetailedFindings } from './select-detailed-findings.js';
import { writeReport } from './write-report.js';

const OUT = resolve('test-output/report');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECTIONS = ['summary', 'files', 'detects', 'statistics', 'profiles', 'method'];

let dir: string;
let dbPath: string;
let config: IdsiftConfig;
let truth: GroundTruth;
let data: ReportData;
let html: string;
let markdown: string;
const htmlPath = join(OUT, 'generated.html');
const mdPath = join(OUT, 'generated.md');

before(async () => {
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'idsift-report-'));
  truth = await generateClassicLogs({ outDir: join(dir, 'logs'), mb: 1, seed: 11 });
  config = loadConfig(join(dir, 'logs', 'idsift.config.json'));
  const book = new AddressBook(config.address);
  dbPath = join(dir, 'store.duckdb');
  const store = await DuckDBStore.open(dbPath);
  try {
    await store.applyAddressBook(book, config.addressHash);
    await ingestFiles(store, { paths: [join(dir, 'logs')] });
    const ctx = { store, book, config };
    data = (await writeReport(ctx, REPORT_ANALYSES, { out: htmlPath })).data;
    writeFileSync(mdPath, renderMarkdownReport(data, book));
    await checkCountsAgainstStore(store);
  } finally {
    await store.close();
  }
  html = readFileSync(htmlPath, 'utf8');
  markdown = readFileSync(mdPath, 'utf8');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const countsChecked: string[] = [];

/** Figures in the report against independent SQL over the contract's `events` view. */
async function checkCountsAgainstStore(store: DuckDBStore): Promise<void> {
  const bySource = await store.all<{ source: string; n: number }>(
    'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY n DESC, source',
  );
  assert.deepEqual(
    data.totals.bySource,
    bySource.map((r) => ({ source: r.source, events: Number(r.n) })),
  );
  countsChecked.push('events per log kind');
  const perFile = await store.all<{ name: string; n: number; q: number }>(
    `SELECT f.name, (SELECT count(*) FROM events_raw e WHERE e.file_id = f.id) AS n,
            (SELECT count(*) FROM quarantine q WHERE q.file_id = f.id) AS q FROM files f ORDER BY f.name`,
  );
  assert.deepEqual(
    data.files.map((f) => [f.file.replace(/^.*[\\/]/, ''), f.rows, f.quarantined]),
    perFile.map((r) => [r.name.replace(/^.*[\\/]/, ''), Number(r.n), Number(r.q)]),
  );
  countsChecked.push('rows and quarantined per file');
  for (const g of data.groups) {
    const talkers = await store.all<{ key: string; n: number }>(
      'SELECT src AS key, count(*) AS n FROM events WHERE src_group = ? GROUP BY src ORDER BY n DESC, key LIMIT 5',
      [g.group],
    );
    assert.deepEqual(
      g.talkers,
      talkers.map((r) => ({ key: r.key, events: Number(r.n) })),
      `top talkers of ${g.group}`,
    );
    const ports = await store.all<{ key: number; n: number }>(
      `SELECT dport AS key, count(*) AS n FROM events WHERE src_group = ? AND dport IS NOT NULL
       GROUP BY dport ORDER BY n DESC, key LIMIT 5`,
      [g.group],
    );
    assert.deepEqual(
      g.ports,
      ports.map((r) => ({ key: Number(r.key), events: Number(r.n) })),
      `top ports of ${g.group}`,
    );
  }
  countsChecked.push('top talkers and ports per group');
  const [inbound] = await store.all<{ n: number }>(
    `SELECT count(*) AS n FROM events WHERE src_group = 'external' AND dport IS NOT NULL
       AND dst IS NOT NULL AND (SELECT host_grp FROM addrs WHERE addr = events.dst) <> 'external'`,
  );
  assert.equal(data.passThrough.events, Number(inbound!.n));
  countsChecked.push('outside traffic reaching inside hosts');
}

test('generated: figures equal the store’s own counts', () => {
  assert.deepEqual(countsChecked, [
    'events per log kind',
    'rows and quarantined per file',
    'top talkers and ports per group',
    'outside traffic reaching inside hosts',
  ]);
  assert.equal(
    data.totals.events,
    Object.values(truth.rows).reduce((a, b) => a + b, 0),
  );
});

test('generated: every section once, a strict CSP, nothing that loads or runs', () => {
  for (const id of SECTIONS) assert.equal(html.split(`id="${id}"`).length - 1, 1, `section #${id}`);
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"`));
  assert.doesNotMatch(html, /<script|<link|<iframe|<img|@import/i);
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
  // url(...) only for in-document SVG markers.
  for (const m of html.matchAll(/url\(([^)]*)\)/g)) assert.match(m[1]!, /^#/);
  for (const s of data.totals.bySource) assert.ok(html.includes(`${formatCount(s.events)} ${s.source}`), s.source);
});

test('generated: every detect present once; the injected three written up in full', () => {
  assert.ok(data.findings.length > 0);
  for (let i = 0; i < data.findings.length; i++) {
    assert.equal(html.split(`id="${detectAnchor(i)}"`).length - 1, 1, `detect ${i + 1} once`);
  }
  const written = new Set(selectDetailedFindings(data.findings, data.meta.thresholds.detailedDetects));
  for (const [kind, i, subject] of injectedDetects()) {
    assert.ok(
      i >= 0,
      `${kind} on ${subject} found (kinds: ${[...new Set(data.findings.map((f) => f.kind))].join(', ')})`,
    );
    assert.ok(written.has(i), `${kind} written up`);
    const section = html.slice(html.indexOf(`<section class="detect" id="${detectAnchor(i)}"`));
    const body = section.slice(0, section.indexOf('</section>')).replace(/\s+/g, ' ');
    for (const part of [
      'Evidence',
      'Rule that fired',
      'Spoofing likelihood',
      'Attack mechanism',
      'Link diagram',
      'Correlations',
      'Evidence of active targeting',
      'Severity',
      'Recommended action',
    ]) {
      assert.ok(body.includes(`<h4>${part}</h4>`), `${kind}: ${part}`);
    }
    assert.match(body, /<svg\s+class="link-diagram"/);
    const sev = data.findings[i]!.severity;
    assert.ok(
      body.includes(`(${sev.criticality} + ${sev.lethality}) − (${sev.system} + ${sev.network}) =`),
      `${kind}: score formula`,
    );
  }
});

test('generated: Markdown carries the same sections and figures', () => {
  for (const heading of [
    '## Executive summary',
    '## Files analysed',
    '## Detects',
    '## Network statistics',
    '## Profiles of suspicious external addresses',
    '## Method',
  ]) {
    assert.equal(markdown.split(`\n${heading}\n`).length - 1, 1, heading);
  }
  for (const s of data.totals.bySource)
    assert.ok(markdown.includes(`| ${s.source} | ${formatCount(s.events)} |`), s.source);
  const written = selectDetailedFindings(data.findings, data.meta.thresholds.detailedDetects);
  assert.equal(markdown.split('\n### Detect ').length - 1, written.length);
  assert.doesNotMatch(markdown, /<[a-z]/i);
});

test(
  'generated: renders in Chromium with no console errors and no requests; a screenshot per section',
  { skip: browserUnavailable() ?? false },
  async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const view = await openReportPage(browser, htmlPath);
      assert.deepEqual(view.consoleErrors, []);
      assert.deepEqual(view.pageErrors, []);
      assert.deepEqual(view.requests, [view.page.url()], 'only the file itself');
      for (const id of SECTIONS) {
        const section = view.page.locator(`#${id}`);
        assert.ok(await section.isVisible(), id);
        // The detects section is tens of thousands of pixels tall: its write-ups are shot one by one below.
        if (id !== 'detects') await section.screenshot({ path: join(OUT, `section-${id}.png`) });
      }
      for (const [kind, i] of injectedDetects()) {
        await view.page.locator(`#${detectAnchor(i)}`).screenshot({ path: join(OUT, `detect-${kind}.png`) });
      }
      // Charts and diagrams really drew something.
      assert.ok((await view.page.locator('svg.chart').count()) >= 3);
      const box = await view.page.locator('svg.link-diagram').first().boundingBox();
      assert.ok(box !== null && box.width > 100 && box.height > 40);
      await view.close();
    } finally {
      await browser?.close();
    }
  },
);

/** The three detects the generator injected, with their index in the report (-1 when missing). */
function injectedDetects(): [string, number, string][] {
  const s = truth.scenarios;
  const expected: [string, string][] = [
    ['scan-then-connect', s.scanThenConnect!.scanner],
    ['compromised-host', s.compromised!.host],
    ['low-and-slow', s.lowSlow!.src],
  ];
  return expected.map(([kind, subject]) => [
    kind,
    data.findings.findIndex((f) => f.kind === kind && f.subject === subject),
    subject,
  ]);
}

function runCli(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/present/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const chromiumMissing = browserUnavailable();
test(
  'generated: idsift report writes the HTML and, with --pdf, the same report as PDF',
  { skip: chromiumMissing ? `skipped: ${chromiumMissing}` : false },
  () => {
    const pdf = join(OUT, 'generated.pdf');
    const out = join(dir, 'cli.html');
    rmSync(pdf, { force: true });
    const r = runCli([
      'report',
      '--db',
      dbPath,
      '--config',
      join(dir, 'logs', 'idsift.config.json'),
      '--out',
      out,
      '--pdf',
      pdf,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*cli\.html/);
    assert.match(r.stdout, /wrote .*generated\.pdf/);
    assert.ok(statSync(out).size > 10_000);
    const bytes = readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    // One page per section at least (print CSS breaks before each).
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= SECTIONS.length, `${pages} pages`);
  },
);

test('generated: --pdf without Chromium fails at once, in one line, writing nothing', () => {
  const cfg = join(dir, 'logs', 'idsift.config.json');
  const missing = runCli(
    ['report', '--db', dbPath, '--config', cfg, '--out', join(dir, 'y.html'), '--pdf', join(dir, 'x.pdf')],
    {
      IDSIFT_CHROMIUM: '/nonexistent/chromium',
    },
  );
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  assert.match(missing.stderr, /--pdf needs Chromium at \/nonexistent\/chromium/);
  assert.ok(!existsSync(join(dir, 'x.pdf')) && !existsSync(join(dir, 'y.html')));
});

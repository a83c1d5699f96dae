/**
 * Hostile log text — `<script>`, `<img onerror>`, `javascript:` links, a fake address with an
 * `onload` — must show as text everywhere in the report and never run: in tables, chart labels,
 * link diagrams, profiles, quarantined lines, and in the Markdown output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildScenario, HOSTILE, loadScenario } from '../../../test/report/hand-built-scenario.js';
import { browserUnavailable, launchBrowser, openReportPage } from '../../../test/report/open-report-page.js';
import type { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { REPORT_ANALYSES } from './collect-report-data.js';
import { REPORT_CSP } from './render-html-report.js';
import { writeReport } from './write-report.js';

const OUT = 'test-output/report';
const htmlPath = join(OUT, 'injection.html');
const mdPath = join(OUT, 'injection.md');
const noCspPath = join(OUT, 'injection-no-csp.html');
let store: DuckDBStore;
let html = '';
let markdown = '';

before(async () => {
  mkdirSync(OUT, { recursive: true });
  const scenario = buildScenario({ hostile: true });
  store = await loadScenario(scenario);
  const ctx = { store, book: scenario.book, config: scenario.config };
  const analyses = { ...REPORT_ANALYSES, runDetects: async () => scenario.findings };
  await writeReport(ctx, analyses, { out: htmlPath });
  await writeReport(ctx, analyses, { out: mdPath, format: 'md' });
  html = readFileSync(htmlPath, 'utf8');
  markdown = readFileSync(mdPath, 'utf8');
  // The same page without its CSP: escaping alone must keep it inert.
  writeFileSync(noCspPath, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
});

after(async () => {
  await store.close();
});

test('injection: the HTML source holds no live markup from the logs', () => {
  assert.ok(html.includes(`content="${REPORT_CSP}"`), 'strict CSP meta tag');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<svg\/onload/i);
  assert.doesNotMatch(html, /href\s*=\s*["']?\s*javascript:/i);
  // No tag carries an event-handler attribute.
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i);
  for (const text of [HOSTILE.script, HOSTILE.img, HOSTILE.address]) {
    assert.ok(
      html.includes(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')),
      `escaped: ${text}`,
    );
  }
});

for (const variant of [
  { name: 'with its CSP', file: htmlPath },
  { name: 'even without its CSP', file: noCspPath },
]) {
  test(
    `injection: in Chromium ${variant.name}, nothing executes and the hostile text is visible`,
    { skip: browserUnavailable() ?? false },
    async () => {
      let browser: Browser | undefined;
      try {
        browser = await launchBrowser();
        const view = await openReportPage(browser, variant.file);
        await view.page.waitForTimeout(300);
        assert.deepEqual(view.dialogs, [], 'no alert() ran');
        assert.deepEqual(view.pageErrors, []);
        // A string, evaluated in the page: this file is type-checked without the DOM library.
        const live = await view.page.evaluate(`(() => {
        const all = [...document.querySelectorAll('*')];
        return {
          active: document.querySelectorAll('script, img, iframe, object, embed, form, link').length,
          handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + ' ' + a.name)),
          jsLinks: [...document.querySelectorAll('a')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length,
        };
      })()`);
        assert.deepEqual(live, { active: 0, handlers: [], jsLinks: 0 });
        const text = await view.page.locator('body').innerText();
        for (const hostile of [HOSTILE.script, HOSTILE.img, HOSTILE.link, HOSTILE.address]) {
          assert.ok(text.includes(hostile), `visible as text: ${hostile}`);
        }
        // In SVG too: a chart label and a link-diagram node carry the hostile "address" as text.
        assert.ok(
          (await view.page.locator('svg.chart text', { hasText: HOSTILE.address }).count()) >= 1,
          'chart label',
        );
        assert.ok(
          (await view.page.locator('svg.link-diagram text', { hasText: HOSTILE.address }).count()) >= 1,
          'diagram label',
        );
        await view.page
          .locator('section.detect', { hasText: HOSTILE.script })
          .first()
          .screenshot({ path: join(OUT, `injection-detect${variant.file === noCspPath ? '-no-csp' : ''}.png`) });
        await view.close();
      } finally {
        await browser?.close();
      }
    },
  );
}

test('injection: the Markdown has no HTML, links or broken tables from the logs', () => {
  assert.doesNotMatch(markdown, /<script|<img|<svg/i);
  // A link needs an unescaped `](`: every bracket from a log is backslash-escaped.
  assert.doesNotMatch(markdown, /(?<!\\)\]\(/);
  assert.ok(markdown.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(markdown.includes('javascript\\:alert(1)'));
  assert.ok(markdown.includes('a \\| b \\` c'));
  // Every table row has as many cells as its header.
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\| ---/.test(lines[i + 1] ?? '')) continue;
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    const width = cells(lines[i]!);
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++)
      assert.equal(cells(lines[j]!), width, lines[j]);
  }
});

/**
 * The Markdown report of the hand-built scenario, pinned byte for byte (test/golden/report.md;
 * `UPDATE_GOLDEN=1` rewrites it — review the diff). Catches any unintended change in wording,
 * figures, order or escaping across the whole report.
 */
import { test } from 'node:test';
import { assertGolden } from '../../../test/e2e/golden.js';
import { buildScenario, loadScenario } from '../../../test/report/hand-built-scenario.js';
import { collectReportData, REPORT_ANALYSES } from './collect-report-data.js';
import { renderMarkdownReport } from './render-markdown-report.js';

test('report: Markdown of the hand-built scenario matches the golden file', async () => {
  const scenario = buildScenario();
  const store = await loadScenario(scenario);
  try {
    const ctx = { store, book: scenario.book, config: scenario.config };
    const data = await collectReportData(
      ctx,
      { ...REPORT_ANALYSES, runDetects: async () => scenario.findings },
      {
        now: new Date('2004-05-01T12:00:00Z'),
      },
    );
    assertGolden('report.md', renderMarkdownReport(data, scenario.book));
  } finally {
    await store.close();
  }
});

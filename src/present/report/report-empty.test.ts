import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressBook } from '../../core/address-book.js';
import { defaultConfig } from '../../core/config.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { collectReportData, REPORT_ANALYSES } from './collect-report-data.js';
import { renderHtmlReport } from './render-html-report.js';
import { renderMarkdownReport } from './render-markdown-report.js';

test('report: an empty store still gives every section, each saying there is nothing to show', async () => {
  const config = defaultConfig();
  const book = new AddressBook(config.address);
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.applyAddressBook(book, config.addressHash);
    const data = await collectReportData({ store, book, config }, REPORT_ANALYSES);
    assert.equal(data.totals.events, 0);
    assert.deepEqual(data.findings, []);
    const html = await renderHtmlReport(data, book);
    for (const id of ['summary', 'files', 'detects', 'statistics', 'profiles', 'method'])
      assert.ok(html.includes(`id="${id}"`), id);
    assert.match(html, /No detect fired on this data\./);
    assert.match(html, /No files have been ingested\./);
    assert.match(renderMarkdownReport(data, book), /_No detect fired on this data\._/);
  } finally {
    await store.close();
  }
});

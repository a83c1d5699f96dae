/**
 * Opens a report file in Debian's headless Chromium (driven by playwright-core) and records what a
 * reviewer cares about: console errors, page errors, dialogs (an `alert()` that ran) and every
 * request the page made.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/present/report/write-pdf.js';

export interface ReportPage {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
  close(): Promise<void>;
}

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  return existsSync(chromiumPath()) ? null : `no Chromium at ${chromiumPath()} (apt-get install chromium)`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export async function openReportPage(
  browser: Browser,
  file: string,
  viewport = { width: 1200, height: 900 },
): Promise<ReportPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const out: ReportPage = {
    page,
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
    requests: [],
    close: () => context.close(),
  };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => out.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    out.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => out.requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return out;
}

/**
 * Debian's headless Chromium (never a downloaded browser), driven by playwright-core, for the
 * workbench tests. Each page records what a reviewer of the UI's safety cares about: console errors,
 * uncaught page errors, dialogs (an `alert()` that ran) and every request that left the origin.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../src/present/report/write-pdf.js';
import { browserUnavailable } from '../../report/open-report-page.js';

/** Where the screenshots of every page go (gitignored; CI keeps them as artifacts). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));

export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  /** Requests to anywhere but the server under test. */
  foreignRequests: string[];
}

export interface Workbench {
  open(path?: string): Promise<WatchedPage>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh browser profile on the server at `origin`. Throws (the test fails, it is not skipped)
 * when Chromium is missing: CI installs it, and a browser test that quietly skips proves nothing.
 */
export async function openWorkbench(origin: string): Promise<Workbench> {
  const missing = browserUnavailable();
  if (missing) throw new Error(`the workbench browser tests need Chromium: ${missing}`);
  const profile = mkdtempSync(join(tmpdir(), 'idsift-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    async open(path = '/') {
      const page = await context.newPage();
      const watched: WatchedPage = { page, consoleErrors: [], pageErrors: [], dialogs: [], foreignRequests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') watched.consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => watched.pageErrors.push(e.message));
      page.on('dialog', (d) => {
        watched.dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
          watched.foreignRequests.push(r.url());
      });
      await page.goto(origin + path, { waitUntil: 'load' });
      return watched;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The same HTML report printed to PDF by headless Chromium (Debian's package, driven by
 * playwright-core; never a downloaded browser). Requests are refused at the page level too, so the
 * PDF is made from the file's own contents only.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors.js';

/** Where Chromium is looked for; `IDSIFT_CHROMIUM` overrides it. */
export function chromiumPath(): string {
  return process.env.IDSIFT_CHROMIUM ?? '/usr/bin/chromium';
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fail before any work is done when the PDF cannot be made. */
export function assertChromiumAvailable(): string {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new UserError(`--pdf needs Chromium at ${executablePath} (apt-get install chromium, or set IDSIFT_CHROMIUM)`);
  }
  return executablePath;
}

export async function writePdf(html: string, path: string): Promise<void> {
  const executablePath = assertChromiumAvailable();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#777"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}

/**
 * A store built from a crafted classic alert file whose messages are markup and script (`<script>`,
 * `onerror`, `javascript:`), served by `idsift serve` and opened in Chromium on every page that shows
 * them: nothing runs (no dialog, no page error, no console error), no element or handler is injected,
 * no link leads to `javascript:`, and the hostile text is on screen as text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { runCli } from './run-cli.js';
import { openWorkbench, type WatchedPage, type Workbench } from './web/browser.js';
import { startServe, type Served } from './web/start-serve.js';

const CONFIG = fileURLToPath(new URL('../../data/demo/idsift.config.json', import.meta.url));

/** Messages a hostile sensor (or a forged packet's payload echoed into a message) can write. */
const MESSAGES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  'javascript:alert(3)',
  '[click](javascript:alert(4))',
  'x" onerror="alert(5)',
  "<a href='javascript:alert(6)'>x</a>",
  'a <svg/onload=alert(7)> b',
  '<iframe src="javascript:alert(8)"></iframe>',
];
const ATTACKER = '61.1.2.3';
const TARGET = 'MY.NET.70.15';

function alertFile(): string {
  const lines = MESSAGES.map(
    (m, i) =>
      `04/20-14:${String(10 + i).padStart(2, '0')}:09.171005  [**] ${m} [**] ${ATTACKER}:${1025 + i} -> ${TARGET}:80`,
  );
  // An address no parser accepts: quarantined, counted on the dashboard, never rendered as markup.
  lines.push('04/20-14:30:00.000001  [**] <script>alert(8)</script> [**] <svg/onload=alert(9)>:1 -> MY.NET.70.15:80');
  return lines.join('\n') + '\n';
}

/** What the page holds that the app did not put there, read in the page (no DOM types in Node). */
interface Injected {
  scripts: number;
  embeds: string[];
  handlers: string[];
  scriptLinks: string[];
}

async function injected(page: Page): Promise<Injected> {
  return (await page.evaluate(`(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: document.querySelectorAll('script').length,
      embeds: [...document.querySelectorAll('img, iframe, object, embed, frame, base, meta[http-equiv=refresh]')]
        .map((el) => el.outerHTML),
      handlers: all.flatMap((el) =>
        [...el.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => el.tagName + ' ' + a.name),
      ),
      scriptLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .flatMap((el) => ['href', 'src', 'action', 'formaction'].map((n) => el.getAttribute(n) ?? ''))
        .filter((v) => /^\\s*(javascript|data|vbscript):/i.test(v)),
    };
  })()`)) as Injected;
}

let dir: string;
let served: Served;
let bench: Workbench;

describe('web workbench on a hostile store', { timeout: 600_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idsift-web-hostile-'));
    const file = join(dir, 'alert.040420');
    writeFileSync(file, alertFile());
    const db = join(dir, 'hostile.duckdb');
    const ingest = runCli(['ingest', file, '--db', db, '--config', CONFIG]);
    assert.equal(ingest.code, 0, ingest.stderr);
    // The premise: the store holds every message verbatim (the pages must show them as text).
    const stored = runCli(['sql', 'SELECT event FROM events ORDER BY ts', '--db', db, '--json']);
    assert.equal(stored.code, 0, stored.stderr);
    assert.deepEqual(
      (JSON.parse(stored.stdout) as { event: string }[]).map((r) => r.event),
      MESSAGES,
    );
    served = await startServe(db, CONFIG);
    bench = await openWorkbench(served.origin);
  });

  after(async () => {
    await bench?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signature = (m: string): string => `/signature/${encodeURIComponent(m)}`;
  // `some`: the page shows a top list (5 of the 8 messages), not every event.
  const pages: { path: string; shows: string[]; some?: boolean; ready: string; name?: string }[] = [
    { path: '/', shows: MESSAGES, some: true, ready: 'top-groups', name: 'hostile-dashboard' },
    { path: `/ip/${ATTACKER}`, shows: MESSAGES, ready: 'timeline', name: 'hostile-address' },
    { path: `/ip/${TARGET}`, shows: MESSAGES, ready: 'timeline' },
    { path: `/search?address=${ATTACKER}`, shows: MESSAGES, ready: 'search-results', name: 'hostile-search' },
    { path: '/port/80', shows: MESSAGES, ready: 'port-events' },
    ...MESSAGES.map((m, i) => ({
      path: signature(m),
      shows: [m],
      ready: 'signature-events',
      name: i === 0 ? 'hostile-signature' : undefined,
    })),
    { path: '/detects', shows: [], ready: 'detects-page' },
    {
      path: `/sql?q=${encodeURIComponent('SELECT event, src FROM events ORDER BY ts')}`,
      shows: MESSAGES,
      ready: 'sql-result',
      name: 'hostile-sql',
    },
  ];

  for (const p of pages) {
    test(`${decodeURIComponent(p.path)}: the hostile text shows, nothing runs or is injected`, async () => {
      const w: WatchedPage = await bench.open(p.path);
      const { page } = w;
      await page.getByTestId(p.ready).waitFor();
      // Charts and graphs draw after their data: give anything that would run the time to.
      await page.waitForTimeout(500);
      const text = await page.locator('body').innerText();
      const shown = p.shows.filter((m) => text.includes(m));
      if (p.some) assert.ok(shown.length > 0, 'some message shows as text');
      else assert.deepEqual(shown, p.shows, 'every message shows as text');
      const found = await injected(page);
      assert.equal(found.scripts, 1, "only the app's own module script");
      assert.deepEqual(found.embeds, []);
      assert.deepEqual(found.handlers, []);
      assert.deepEqual(found.scriptLinks, []);
      assert.deepEqual(w.dialogs, [], 'no alert() ran');
      assert.deepEqual(w.pageErrors, []);
      assert.deepEqual(w.consoleErrors, []);
      assert.deepEqual(w.foreignRequests, []);
      if (p.name) await bench.screenshot(page, p.name);
      await page.close();
    });
  }
});

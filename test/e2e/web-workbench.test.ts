/**
 * The workbench in a real browser (Debian's Chromium) against `idsift serve` on the demo store: the
 * analyst's pivots (detect → address → peer, graph click), the dashboard's time brush, a port
 * filter, a SQL query, a CSV export, severity editing and live updates, with a screenshot of every
 * page. Nothing may log a console error, throw, open a dialog or fetch from anywhere but the server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { GroundTruth } from '../../src/gen/ground-truth.js';
import { runCli } from './run-cli.js';
import { openWorkbench, type WatchedPage, type Workbench } from './web/browser.js';
import { startServe, type Served } from './web/start-serve.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const CONFIG = join(DEMO, 'idsift.config.json');
const truth = JSON.parse(readFileSync(join(DEMO, 'truth.json'), 'utf8')) as GroundTruth;

let dir: string;
let db: string;
let served: Served;
let bench: Workbench;
const opened: WatchedPage[] = [];

async function open(path: string): Promise<WatchedPage> {
  const w = await bench.open(path);
  opened.push(w);
  return w;
}

/** The page's path and query, as the router sees them. */
function where(page: Page): string {
  const u = new URL(page.url());
  return decodeURIComponent(u.pathname) + u.search;
}

async function dashboardTotal(page: Page): Promise<number> {
  const text = await page.getByTestId('totals').innerText();
  return Number(/^([\d,]+) events/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Polls `ok` (each check a fresh look at the page) until it holds; fails with `what` after `ms`. */
async function until(ok: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('web workbench on the demo store', { timeout: 600_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idsift-web-'));
    db = join(dir, 'demo.duckdb');
    const ingest = runCli(['ingest', DEMO, '--db', db, '--config', CONFIG]);
    assert.equal(ingest.code, 0, ingest.stderr);
    served = await startServe(db, CONFIG);
    bench = await openWorkbench(served.origin);
  });

  after(async () => {
    await bench?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the dashboard shows totals, the chart, detects, integrity and top lists', async () => {
    const { page } = await open('/');
    await page.getByTestId('detects-table').waitFor();
    await page.locator('[data-testid=time-chart] canvas').waitFor();
    const total = truth.rows.alert + truth.rows.scans + truth.rows.oos;
    assert.equal(await dashboardTotal(page), total);
    const files = await page.getByTestId('files-table').locator('tbody tr').count();
    assert.equal(files, truth.files.length);
    const groups = await page.getByTestId('top-groups').locator('h3').allInnerTexts();
    assert.ok(groups.includes('internal'), groups.join(', '));
    // Every address, port and signature in the top lists is a link to its page.
    const links = await page
      .getByTestId('top-groups')
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(links.some((h) => h.startsWith('/ip/')));
    assert.ok(links.some((h) => /^\/port\/\d+$/.test(h)));
    assert.ok(links.some((h) => h.startsWith('/signature/')));
    await bench.screenshot(page, 'dashboard');
  });

  test('from a detect to its address to a peer, and Back returns', async () => {
    const host = truth.scenarios.compromised!.host;
    const { page } = await open('/');
    const row = page.getByTestId('detects-table').locator('tr', { hasText: host }).first();
    await row.locator('a', { hasText: 'compromised-host' }).click();
    await page.getByTestId('evidence-table').waitFor();
    assert.match(where(page), /^\/detect\/compromised-host:/);
    await page.getByTestId('link-graph').locator('canvas').first().waitFor();
    // The write-up's facts link their addresses and ports too.
    assert.ok((await page.locator('dl.facts a.addr').count()) > 0, 'fact addresses are links');
    assert.ok((await page.locator('dl.facts a.port').count()) > 0, 'fact ports are links');
    await bench.screenshot(page, 'detect');

    await page.locator('h1 a.addr', { hasText: host }).click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/ip/${host}`);
    await page.getByTestId('timeline').waitFor();
    const kinds = await page.getByTestId('kind-counts').locator('tbody tr').count();
    assert.ok(kinds >= 1);
    await page.getByTestId('link-graph').locator('canvas').first().waitFor();
    await bench.screenshot(page, 'address');

    const peer = page.getByTestId('peers-table').locator('a.addr').first();
    const peerAddress = await peer.innerText();
    await peer.click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/ip/${peerAddress}`);
    // The old address's page is still on screen for a moment: wait for the peer's own heading.
    await page.locator('h1', { hasText: peerAddress }).waitFor();
    await page.getByTestId('timeline').waitFor();

    await page.goBack();
    await page.locator('h1', { hasText: host }).waitFor();
    assert.equal(where(page), `/ip/${host}`);
    await page.goBack();
    await page.getByTestId('evidence-table').waitFor();
    assert.match(where(page), /^\/detect\//);
  });

  test('clicking a node of the link graph pivots to that address', async () => {
    const host = truth.scenarios.compromised!.host;
    const { page } = await open(`/ip/${host}`);
    const graph = page.getByTestId('link-graph');
    await graph.locator('canvas').first().waitFor();
    // Mouse coordinates are the viewport's: the graph must be on screen to be clicked.
    await graph.scrollIntoViewIfNeeded();
    // The graph's own model says where a peer is drawn; the click is a real mouse click there.
    const target = await graph.evaluate((el, focus) => {
      interface GraphNode {
        id(): string;
        renderedPosition(): { x: number; y: number };
      }
      const box = el as unknown as {
        cy?: { nodes(s: string): GraphNode[] };
        getBoundingClientRect(): { left: number; top: number };
      };
      const node = box.cy?.nodes('[address = 1]').find((n: GraphNode) => n.id() !== focus);
      if (!node) return null;
      const rect = box.getBoundingClientRect();
      const p = node.renderedPosition();
      return { id: node.id(), x: rect.left + p.x, y: rect.top + p.y };
    }, host);
    assert.ok(target, 'the graph has a peer to click');
    await page.mouse.click(target.x, target.y);
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/ip/${target.id}`);
    await page.getByTestId('timeline').waitFor();
  });

  test('brushing a time range on the chart filters the dashboard', async () => {
    const { page } = await open('/');
    const canvas = page.locator('[data-testid=time-chart] canvas');
    await canvas.waitFor();
    await page.getByTestId('detects-table').waitFor();
    const before = await page.getByTestId('top-groups').innerText();
    const box = (await canvas.boundingBox())!;
    const y = box.y + box.height * 0.45;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL((u) => u.searchParams.has('from') && u.searchParams.has('to'));
    const url = new URL(page.url());
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    assert.ok(to > from, `${from} < ${to}`);
    await page.getByTestId('time-filter').waitFor();
    await until(async () => (await page.getByTestId('top-groups').innerText()) !== before, 'the top lists change');
    assert.ok(
      (await dashboardTotal(page)) > 0,
      'the store total stays the store total; the panels below are what the range narrows',
    );
    await bench.screenshot(page, 'dashboard-brushed');
    // The range travels with the analyst: the nav links carry it.
    const detectsHref = await page.locator('header nav a', { hasText: 'Detects' }).getAttribute('href');
    assert.match(detectsHref ?? '', /from=.*to=/);
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('from'));
  });

  test('filtering the search by port shows only that port, paged, and exports CSV', async () => {
    const { page } = await open('/search');
    await page.getByTestId('search-form').locator('input[name=port]').fill('80');
    await page.getByTestId('search-form').locator('button[type=submit]').click();
    await page.waitForURL((u) => u.searchParams.get('port') === '80');
    const table = page.getByTestId('search-results');
    // The URL changes before the page re-renders: wait for the filtered page's rows, which the
    // unfiltered page before it (all events) would not pass for.
    const rowPorts = (): Promise<string[][]> =>
      table
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => [r.children[5]?.textContent ?? '', r.children[7]?.textContent ?? '']));
    await until(async () => {
      const rows = await rowPorts();
      return rows.length > 0 && rows.every(([sport, dport]) => sport === '80' || dport === '80');
    }, 'the table shows the events to or from port 80');
    const ports = await rowPorts();
    assert.ok(ports.length > 0);
    for (const [sport, dport] of ports) assert.ok(sport === '80' || dport === '80', `${sport} / ${dport}`);
    const countText = await page.getByTestId('pager-range').innerText();
    const count = Number(/([\d,]+) match/.exec(countText)?.[1]?.replace(/,/g, ''));
    assert.ok(count >= ports.length, countText);
    await bench.screenshot(page, 'search');

    // The next page continues where this one ended (keyset paging), and Back returns.
    if (count > ports.length) {
      const firstTs = await table.locator('tbody tr td').first().innerText();
      await page.getByTestId('next-page').click();
      await page.waitForURL((u) => u.searchParams.has('after'));
      await until(
        async () => (await table.locator('tbody tr td').first().innerText()) !== firstTs,
        'the next page shows other events',
      );
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has('after'));
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split(/\r?\n/);
    assert.equal(lines[0], 'ts,source,event,src,sport,dst,dport,proto,file,line');
    assert.equal(lines.length - 1, count, 'one CSV row per matching event');
  });

  test('the port page says who hits a port', async () => {
    const { page } = await open('/port/80');
    await page.getByTestId('port-sources').waitFor();
    assert.match(await page.getByTestId('who-hits').innerText(), /events to port 80/);
    await page.getByTestId('port-events').waitFor();
    await bench.screenshot(page, 'port');
  });

  test('a signature from the dashboard opens its page', async () => {
    const { page } = await open('/');
    const sig = page.getByTestId('top-groups').locator('a.sig').first();
    await sig.waitFor();
    const name = await sig.innerText();
    await sig.click();
    await page.getByTestId('signature-events').waitFor();
    assert.equal(await page.getByTestId('signature-name').innerText(), name);
    await bench.screenshot(page, 'signature');
  });

  test('the SQL console runs a read-only query and refuses a write', async () => {
    const sqlPage = await open('/sql');
    const { page } = sqlPage;
    await page
      .locator('textarea[name=sql]')
      .fill('SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source');
    await page.getByRole('button', { name: /Run/ }).click();
    const result = page.getByTestId('sql-result');
    await result.waitFor();
    const rows = await result
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent ?? '', Number(tr.children[1]?.textContent)]));
    assert.deepEqual(rows, [
      ['alert', truth.rows.alert],
      ['oos', truth.rows.oos],
      ['scans', truth.rows.scans],
    ]);
    assert.match(where(page), /^\/sql\?q=/);
    await bench.screenshot(page, 'sql');

    // The row limit cuts the answer and says so; addresses and ports in the answer are links.
    await page.locator('textarea[name=sql]').fill('SELECT src, dport FROM events WHERE dport = 80 LIMIT 5');
    await page.locator('input[name=limit]').fill('2');
    await page.getByRole('button', { name: /Run/ }).click();
    await page.waitForURL((u) => u.searchParams.get('limit') === '2');
    await until(
      async () => /cut at the row limit/.test(await page.getByTestId('sql-status').innerText()),
      'a cut answer',
    );
    assert.equal(await result.locator('tbody tr').count(), 2);
    assert.equal(await result.locator('tbody a.addr').count(), 2);
    assert.equal(await result.locator('tbody a.port').count(), 2);

    await page.locator('textarea[name=sql]').fill('DELETE FROM events');
    await page.getByRole('button', { name: /Run/ }).click();
    await page.getByRole('alert').waitFor();
    // Chromium logs the refused request (400) as a console error: the one error this test expects.
    const refused = sqlPage.consoleErrors.splice(0);
    assert.deepEqual(refused, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.goBack();
    await result.waitFor();
  });

  test('the detects list, and a severity input edited in place', async () => {
    const { page } = await open('/detects');
    await page.getByTestId('detects-table').waitFor();
    await bench.screenshot(page, 'detects');
    const scanner = truth.scenarios.scanThenConnect!.scanner;
    await page
      .getByTestId('detects-table')
      .locator('tr', { hasText: scanner })
      .locator('a', { hasText: 'scan-then-connect' })
      .click();
    const editor = page.getByTestId('severity-editor');
    await editor.waitFor();
    const score = async (): Promise<number> => Number(await editor.locator('.sev').innerText());
    const before = await score();
    const crit = editor.locator('input[name=criticality]');
    const old = Number(await crit.inputValue());
    const next = old === 1 ? 2 : old - 1;
    await crit.fill(String(next));
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('saved').waitFor();
    assert.equal(await score(), before + (next - old));
    // Saved in the store like `idsift score`: a fresh page shows the edited input.
    const again = await open(new URL(page.url()).pathname);
    await again.page.getByTestId('severity-editor').waitFor();
    assert.equal(Number(await again.page.locator('input[name=criticality]').inputValue()), next);
    await bench.screenshot(again.page, 'detect-edited');
  });

  test('the dashboard follows the store live: a new ingest shows without a reload', async () => {
    const { page } = await open('/');
    await page.getByTestId('totals').waitFor();
    const before = await dashboardTotal(page);
    const extra = join(dir, 'alert.040423');
    writeFileSync(
      extra,
      '04/23-10:00:00.000001  [**] WEB-IIS cmd.exe access [**] 24.1.2.3:1025 -> MY.NET.7.30:80\n' +
        '04/23-10:00:01.000001  [**] WEB-IIS cmd.exe access [**] 24.1.2.3:1026 -> MY.NET.7.30:80\n',
    );
    const ingest = runCli(['ingest', extra, '--db', db, '--config', CONFIG]);
    assert.equal(ingest.code, 0, ingest.stderr);
    await until(async () => (await dashboardTotal(page)) === before + 2, 'the total grows by 2', 15_000);
    assert.match(await page.getByTestId('live-status').innerText(), /update/);
  });

  test('nothing logged an error, threw, opened a dialog or left the origin', () => {
    for (const w of opened) {
      assert.deepEqual(w.pageErrors, [], w.page.url());
      assert.deepEqual(w.consoleErrors, [], w.page.url());
      assert.deepEqual(w.dialogs, [], w.page.url());
      assert.deepEqual(w.foreignRequests, [], w.page.url());
    }
  });
});

/**
 * The README's first command on the bundled demo set: everything ingests as its ground truth says,
 * the three injected detects are found and listed, and the report is written with each of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroundTruth } from '../../src/gen/ground-truth.js';
import { json, runCli } from './run-cli.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));

test('demo: the bundled set ingests to its ground truth, the injected detects are found, the report is written', () => {
  const truth = JSON.parse(readFileSync(join(DEMO, 'truth.json'), 'utf8')) as GroundTruth;
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-demo-'));
  const demo = runCli(['demo'], { cwd });
  assert.equal(demo.code, 0, demo.stderr);
  const total = truth.rows.alert + truth.rows.scans + truth.rows.oos;
  assert.match(demo.stdout, new RegExp(`Files: ${total.toLocaleString('en-US')} events`));
  const { scanThenConnect, compromised, lowSlow } = truth.scenarios;
  assert.ok(scanThenConnect && compromised && lowSlow, 'the demo set has the three detects injected');
  assert.match(
    demo.stdout,
    /^ +idsift serve --db (\.\/)?idsift-demo\.duckdb --config \S+ /m,
    'demo offers the web workbench',
  );
  for (const subject of [scanThenConnect.scanner, compromised.host])
    assert.ok(demo.stdout.includes(subject), `${subject} listed`);
  // The list is in listing order (incidents first), and its heading says so, not "highest scored".
  assert.match(demo.stdout, /Detects: \d+ findings; the first 8, incidents first, then scans, by score within each:/);

  const config = join(DEMO, 'idsift.config.json');
  const findings = json<{ kind: string; subject: string }[]>(
    runCli(['detect', '--json', '--db', 'idsift-demo.duckdb', '--config', config], { cwd }),
  );
  const found = (kind: string, subject: string): boolean =>
    findings.some((f) => f.kind === kind && f.subject === subject);
  assert.ok(found('scan-then-connect', scanThenConnect.scanner));
  assert.ok(found('compromised-host', compromised.host));
  assert.ok(found('low-and-slow', lowSlow.src));
  assert.ok(found('crafted-packets', lowSlow.src));

  const html = readFileSync(join(cwd, 'idsift-demo-report.html'), 'utf8');
  assert.match(html, /Content-Security-Policy/);
  for (const subject of [scanThenConnect.scanner, compromised.host, lowSlow.src])
    assert.ok(html.includes(subject), `report names ${subject}`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, json, runCli, type CliResult } from './run-cli.js';

// Each bin run costs a second or two (start-up), so these tests check what only the real bin
// shows — exit codes, one-line errors, text layout, the cache across processes — and leave the
// rest to the unit tests beside the code.

const CLASSIC = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));
const RULES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

let workspace: string | null = null;

/** The classic fixtures ingested into a fresh working folder, shared by the tests below. */
function ingestedWorkspace(): string {
  if (workspace) return workspace;
  const dir = mkdtempSync(join(tmpdir(), 'idsift-rules-cli-'));
  cpSync(CLASSIC, dir, { recursive: true });
  const ingest = runCli(['ingest', '.', '--json'], { cwd: dir });
  assert.equal(ingest.code, 0, ingest.stderr);
  workspace = dir;
  return dir;
}

/** The bin without blocking this process, so a server in this test can answer it. */
function runCliAsync(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('cli: rules load --json, rule as text, one-line errors', () => {
  const cwd = ingestedWorkspace();
  const summary = json<{
    files: unknown[];
    kinds: Record<string, { files: number; entries: number }>;
    problems: { file: string; line: number }[];
    skipped: unknown[];
    alerts: { total: number; matched: number };
  }>(runCli(['rules', 'load', RULES, '--json'], { cwd }));
  assert.equal(summary.files.length, 8);
  assert.equal(summary.kinds.classification!.entries, 32);
  assert.equal(summary.problems.length, 19);
  assert.ok(summary.problems.every((p) => p.file.length > 0 && p.line > 0));
  assert.equal(summary.skipped.length, 1);
  // Every classic alert line maps to a rule, by message: Snort 1.8 printed no sids.
  assert.deepEqual(summary.alerts, { total: 5, matched: 5 });

  const text = runCli(['rule', '1:530'], { cwd });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^message +NETBIOS NT NULL session$/m);
  assert.match(text.stdout, /^reference +http:\/\/cve\.mitre\.org\/cgi-bin\/cvename\.cgi\?name=2000-0347$/m);
  assert.match(text.stdout, /^alert tcp \$EXTERNAL_NET any -> \$HOME_NET 139 \\\n {4}\(msg:"NETBIOS NT NULL session"/m);

  const ambiguous = runCli(['rule', 'nmap'], { cwd });
  assert.equal(ambiguous.code, 1);
  assert.equal(ambiguous.stdout, '');
  assert.match(ambiguous.stderr, /^idsift: "nmap" matches 3 rule messages: [^\n]*\n$/);
});

test('cli: profile --live against a local RDAP server: cache across runs, server error exits 1', async () => {
  const cwd = ingestedWorkspace();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/ip/81.220.163.126') {
      res.writeHead(200, { 'content-type': 'application/rdap+json' });
      res.end(
        JSON.stringify({
          objectClassName: 'ip network',
          handle: 'SFR-NET',
          name: 'FR-SFR',
          country: 'FR',
          startAddress: '81.220.0.0',
          endAddress: '81.220.255.255',
        }),
      );
    } else {
      res.writeHead(503, { 'content-type': 'application/rdap+json' });
      res.end(JSON.stringify({ errorCode: 503, title: 'Service Unavailable' }));
    }
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  const env = { IDSIFT_CACHE_DIR: join(cwd, 'cache') };
  const rdapUrl = `http://127.0.0.1:${port}`;
  try {
    const live = json<{
      registry: { rir: string; asn: number };
      activity: { events: number };
      live: { status: string; from: string; network: { name: string } };
    }>(await runCliAsync(['profile', '81.220.163.126', '--live', '--rdap-url', rdapUrl, '--json'], { cwd, env }));
    assert.deepEqual([live.live.status, live.live.from, live.live.network.name], ['ok', 'network', 'FR-SFR']);
    assert.deepEqual([live.registry.rir, live.registry.asn, live.activity.events], ['RIPE NCC', 15557, 1]);

    const cached = await runCliAsync(['profile', '81.220.163.126', '--live', '--rdap-url', rdapUrl], { cwd, env });
    assert.equal(cached.code, 0, cached.stderr);
    assert.match(cached.stdout, /^RDAP +http:\/\/127\.0\.0\.1:\d+\/ip\/81\.220\.163\.126 +\(cached /m);
    assert.deepEqual(requests, ['/ip/81.220.163.126'], 'the second run was served from the cache');

    const failed = await runCliAsync(['profile', '24.1.2.3', '--live', '--rdap-url', rdapUrl], { cwd, env });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^24\.1\.2\.3 +group external/, 'the offline part is still printed');
    assert.match(failed.stdout, /^registry +ARIN/m);
    assert.equal(failed.stderr, `idsift: RDAP ${rdapUrl}/ip/24.1.2.3: server error (HTTP 503: Service Unavailable)\n`);
  } finally {
    server.close();
  }
});

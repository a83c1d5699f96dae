/**
 * `npm run bench:detects -- --mb 20 --seeds 5 [--dir DIR] [--first-seed 1]`: precision and recall of
 * the detects, measured on generated sets through the real code (gen → ingest → detect).
 *
 * Scenario sets (seeds 1…n): every injected scenario must be found, naming its actor, and ranked in
 * the top 10 of `detect`'s order. Background-only sets (seeds 101…100+n, the same site with no
 * attack: busy resolvers, mail relays, busy clients, the Internet's sweeps): no finding may name an
 * inside host as an attacker, and no story finding (scan-then-connect, compromised host,
 * low-and-slow, crafted packets) may appear at all; the scan findings there are listed by what
 * their subjects are, from the generator's ground truth. Prints Markdown tables; exits 1 when a rule
 * is broken. `test/bench/precision-recall.test.ts` runs a small version in CI.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Finding } from '../src/analyze/finding.js';
import { runDetects } from '../src/analyze/detect/run-detects.js';
import { AddressBook } from '../src/core/address-book.js';
import { loadConfig } from '../src/core/config.js';
import { generateClassicLogs, type GroundTruth } from '../src/gen/generate-classic-logs.js';
import { ingestFiles } from '../src/ingest/ingest-files.js';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.js';

/** Kinds that tell a story (an incident), as opposed to a scan or informational activity. */
export const STORY_KINDS = ['scan-then-connect', 'compromised-host', 'low-and-slow', 'crafted-packets'] as const;
const TOP = 10;

export interface ScenarioHit {
  scenario: string;
  kind: string;
  /** 1-based position in `detect`'s order, null when not found. */
  rank: number | null;
}

export interface SetResult {
  seed: number;
  mb: number;
  backgroundOnly: boolean;
  findings: number;
  detectMs: number;
  /** Scenario sets: each injected scenario and where it ranked. */
  hits: ScenarioHit[];
  /** Findings whose subject, an inside host, is called an attacker (service activity excepted). */
  insideAttackers: string[];
  /** Story findings (on background sets all are false). */
  story: string[];
  /** Scan findings by kind and what their subject is. */
  scansByWhat: Map<string, number>;
  /** Informational findings (service activity) by kind and what their subject is. */
  infoByWhat: Map<string, number>;
}

/** Generate, ingest and detect one set; the store and the logs are removed afterwards unless `keep`. */
export async function measureSet(options: {
  seed: number;
  mb: number;
  backgroundOnly: boolean;
  dir?: string;
  keep?: boolean;
}): Promise<SetResult> {
  const base = options.dir ?? (await mkdtemp(join(tmpdir(), 'idsift-pr-')));
  const dir = join(base, `${options.backgroundOnly ? 'background' : 'scenario'}-${options.seed}-${options.mb}mb`);
  await mkdir(dir, { recursive: true });
  try {
    const truth = await generateClassicLogs({
      outDir: dir,
      mb: options.mb,
      seed: options.seed,
      backgroundOnly: options.backgroundOnly,
    });
    const config = loadConfig(join(dir, 'idsift.config.json'));
    const book = new AddressBook(config.address);
    // Big sets go to a file (DuckDB spills to it), small ones stay in memory.
    const store = await DuckDBStore.open(options.mb >= 100 ? join(dir, 'store.duckdb') : ':memory:');
    try {
      await store.applyAddressBook(book, config.addressHash);
      await ingestFiles(store, { paths: [dir] });
      const started = Date.now();
      const findings = await runDetects({ store, book, config });
      const detectMs = Date.now() - started;
      return judge(truth, findings, book, detectMs);
    } finally {
      await store.close();
    }
  } finally {
    if (!options.keep) await rm(options.dir === undefined ? base : dir, { recursive: true, force: true });
  }
}

/** What the findings of one set say against its ground truth. */
export function judge(
  truth: GroundTruth,
  findings: readonly Finding[],
  book: AddressBook,
  detectMs: number,
): SetResult {
  const rankOf = (match: (f: Finding) => boolean): number | null => {
    const i = findings.findIndex(match);
    return i < 0 ? null : i + 1;
  };
  const s = truth.scenarios;
  const hits: ScenarioHit[] = [];
  if (s.scanThenConnect) {
    const t = s.scanThenConnect;
    hits.push({
      scenario: 'scan, then connect',
      kind: 'scan-then-connect',
      rank: rankOf((f) => f.kind === 'scan-then-connect' && f.subject === t.scanner),
    });
  }
  if (s.compromised) {
    const t = s.compromised;
    hits.push({
      scenario: 'compromised inside host',
      kind: 'compromised-host',
      rank: rankOf((f) => f.kind === 'compromised-host' && f.subject === t.host),
    });
  }
  if (s.lowSlow) {
    const t = s.lowSlow;
    hits.push({
      scenario: 'low and slow',
      kind: 'low-and-slow',
      rank: rankOf((f) => f.kind === 'low-and-slow' && f.subject === t.src && f.facts.target === t.dst),
    });
    hits.push({
      scenario: 'crafted probes (same actor)',
      kind: 'crafted-packets',
      rank: rankOf((f) => f.kind === 'crafted-packets' && f.subject === t.src),
    });
  }
  const inside = (host: string): boolean => book.groupOf(host) !== 'external';
  const informational = (kind: string): boolean => kind.includes('service');
  const whatIs = roleNames(truth);
  const scansByWhat = new Map<string, number>();
  const infoByWhat = new Map<string, number>();
  for (const f of findings) {
    const into = informational(f.kind)
      ? infoByWhat
      : f.kind.endsWith('-scan') || f.kind.includes('sweep')
        ? scansByWhat
        : null;
    if (into === null) continue;
    const key = `${f.kind}: ${whatIs(f.subject, inside(f.subject))}`;
    into.set(key, (into.get(key) ?? 0) + 1);
  }
  return {
    seed: truth.seed,
    mb: truth.mb,
    backgroundOnly: truth.backgroundOnly,
    findings: findings.length,
    detectMs,
    hits,
    insideAttackers: findings
      .filter((f) => !informational(f.kind) && inside(f.subject))
      .map((f) => `${f.kind} ${f.subject}`),
    story: findings
      .filter((f) => (STORY_KINDS as readonly string[]).includes(f.kind))
      .map((f) => `${f.kind}: ${f.summary}`),
    scansByWhat,
    infoByWhat,
  };
}

/** Names a host by its role in the generated site. */
function roleNames(truth: GroundTruth): (host: string, inside: boolean) => string {
  const roles = new Map<string, string>();
  const add = (hosts: readonly string[] | undefined, name: string): void => {
    for (const h of hosts ?? []) roles.set(h, name);
  };
  add(truth.roles.dnsServers, 'inside DNS resolver');
  add(truth.roles.mailServers, 'inside mail relay');
  add(truth.roles.webServers, 'inside web server');
  add(truth.roles.busyClients, 'inside busy client');
  add(truth.roles.netbiosChatter, 'inside NetBIOS chatter');
  const s = truth.scenarios;
  if (s.scanThenConnect) roles.set(s.scanThenConnect.scanner, 'injected scanner');
  if (s.compromised) roles.set(s.compromised.host, 'injected compromised host');
  if (s.lowSlow) roles.set(s.lowSlow.src, 'injected low-and-slow prober');
  return (host, inside) => roles.get(host) ?? (inside ? 'other inside host' : 'outside sweeper');
}

/** Whether the rules hold, and why not. */
export function verdict(results: readonly SetResult[]): string[] {
  const broken: string[] = [];
  for (const r of results) {
    const set = `${r.backgroundOnly ? 'background' : 'scenario'} seed ${r.seed}`;
    for (const h of r.hits) {
      if (h.rank === null) broken.push(`${set}: ${h.scenario} not found`);
      else if (h.rank > TOP) broken.push(`${set}: ${h.scenario} ranked ${h.rank}, not in the top ${TOP}`);
    }
    if (r.backgroundOnly) {
      for (const a of r.insideAttackers) broken.push(`${set}: inside host named as attacker (${a})`);
      for (const s of r.story) broken.push(`${set}: story finding on background (${s})`);
    }
  }
  return broken;
}

/** The results as Markdown: one table per kind of set. */
export function formatTables(results: readonly SetResult[]): string {
  const lines: string[] = [];
  const scenario = results.filter((r) => !r.backgroundOnly);
  const background = results.filter((r) => r.backgroundOnly);
  if (scenario.length > 0) {
    const names = [...new Set(scenario.flatMap((r) => r.hits.map((h) => h.scenario)))];
    lines.push(
      `| scenario set | MB | ${names.join(' | ')} | findings | detect |`,
      `|---|---:|${names.map(() => ':---:|').join('')}---:|---:|`,
    );
    for (const r of scenario) {
      const cells = names.map((n) => {
        const h = r.hits.find((x) => x.scenario === n);
        return h?.rank == null ? 'not found' : `#${h.rank}${h.rank > TOP ? ' (below top 10)' : ''}`;
      });
      lines.push(`| seed ${r.seed} | ${r.mb} | ${cells.join(' | ')} | ${r.findings} | ${seconds(r.detectMs)} |`);
    }
    lines.push('');
  }
  if (background.length > 0) {
    lines.push(
      '| background-only set | MB | findings | inside host as attacker | story findings | scan findings, by what they are | informational | detect |',
      '|---|---:|---:|---:|---:|---|---|---:|',
    );
    const list = (m: Map<string, number>): string =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${n} ${k}`)
        .join('; ') || 'none';
    for (const r of background) {
      lines.push(
        `| seed ${r.seed} | ${r.mb} | ${r.findings} | ${r.insideAttackers.length} | ${r.story.length} | ${list(r.scansByWhat)} | ${list(r.infoByWhat)} | ${seconds(r.detectMs)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '20' },
      seeds: { type: 'string', default: '5' },
      'first-seed': { type: 'string', default: '1' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const mb = Number(values.mb);
  const seeds = Number(values.seeds);
  const first = Number(values['first-seed']);
  if (!Number.isFinite(mb) || mb < 0.5 || mb > 2000) fail(`--mb must be between 0.5 and 2000, not "${values.mb}"`);
  if (!Number.isSafeInteger(seeds) || seeds < 1) fail(`--seeds must be a positive integer, not "${values.seeds}"`);
  if (!Number.isSafeInteger(first)) fail(`--first-seed must be an integer, not "${values['first-seed']}"`);
  if (values.only !== undefined && !['scenario', 'background'].includes(values.only))
    fail(`--only must be scenario or background, not "${values.only}"`);
  const results: SetResult[] = [];
  for (const backgroundOnly of [false, true]) {
    if (values.only === (backgroundOnly ? 'scenario' : 'background')) continue;
    for (let i = 0; i < seeds; i++) {
      const seed = first + i + (backgroundOnly ? 100 : 0);
      process.stderr.write(`${backgroundOnly ? 'background' : 'scenario'} seed ${seed}, ${mb} MB…\n`);
      const r = await measureSet({ seed, mb, backgroundOnly, dir: values.dir, keep: values.keep });
      results.push(r);
      for (const s of r.story) if (backgroundOnly) process.stderr.write(`  false: ${s}\n`);
    }
  }
  process.stdout.write(formatTables(results));
  const broken = verdict(results);
  process.stdout.write(
    broken.length === 0
      ? `All rules hold: every injected scenario found in the top ${TOP}; on background-only sets no inside host named as attacker and no story finding.\n`
      : `Rules broken:\n${broken.map((b) => `- ${b}`).join('\n')}\n`,
  );
  process.exitCode = broken.length === 0 ? 0 : 1;
}

function fail(message: string): never {
  process.stderr.write(`bench:detects: ${message}\n`);
  process.exit(2);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

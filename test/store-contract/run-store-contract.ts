/**
 * The Store contract: what any backend must answer, checked against the embedded DuckDB store on
 * the same input. A backend calls `runStoreContract` with a way to make a fresh store and to
 * reopen it read-only; the suite ingests the bundled fixtures (classic Snort logs, a spliced
 * line, a truncated record, Suricata EVE) and then requires, section by section, the same stored
 * rows, quarantine rows and file figures, and the same answer from every analysis the commands
 * print (top, stumble, ip, profile, the report's tables, detect) as DuckDB gives. The repository's
 * rule fixtures are loaded too (`rules load`): the same rule rows, every column, and the same
 * answers from `rule` and the rules behind the stored alerts. A second ingest of the same files and
 * a second load of the same rule files must add nothing, and a read-only store must refuse to change.
 *
 * The DuckDB answers are also pinned by digest in test/golden/store-contract.json, so a change to
 * any query that alters a command's output fails here too (UPDATE_GOLDEN=1 to accept one).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDetects } from '../../src/analyze/detect/run-detects.js';
import { buildIpTimeline } from '../../src/analyze/ip-timeline/ip-timeline.js';
import { summariseActivity } from '../../src/analyze/profile/address-activity.js';
import { findStumblers } from '../../src/analyze/stumble/stumble.js';
import { topPorts, topSignatures, topSignaturesPerGroup, topTalkers } from '../../src/analyze/top-n/top-n.js';
import { AddressBook } from '../../src/core/address-book.js';
import { EVENT_COLUMNS } from '../../src/core/event-columns.js';
import { parseConfig, type IdsiftConfig } from '../../src/core/config.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { queryNoisySignatures } from '../../src/analyze/overview/query-noisy-signatures.js';
import { queryPassThrough } from '../../src/analyze/overview/query-pass-through.js';
import { queryQuarantine } from '../../src/analyze/overview/query-quarantine.js';
import { queryRecurringIncidents } from '../../src/analyze/overview/query-recurring-incidents.js';
import { queryTimeSeries } from '../../src/analyze/overview/query-time-series.js';
import { queryTopPerGroup } from '../../src/analyze/overview/query-top-per-group.js';
import { queryTotals } from '../../src/analyze/overview/query-totals.js';
import { compareText } from '../../src/analyze/detect/compare-text.js';
import { loadRuleFiles, type LoadRulesSummary } from '../../src/analyze/rules/load-rule-files.js';
import { lookupRule } from '../../src/analyze/rules/lookup-rule.js';
import { rulesForEvents, type RuleMatchInput } from '../../src/analyze/rules/rules-for-events.js';
import { ALERT_SOURCES } from '../../src/core/event.js';
import { ruleColumns, RULE_TABLES } from '../../src/store/rule-tables.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import { ident, inList, join, raw, sql } from '../../src/store/sql.js';
import type { Row, Store } from '../../src/store/store.js';
import { assertGolden } from '../e2e/golden.js';
import { dialectCases } from './dialect-cases.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Classic Snort logs (alerts, scans, out-of-spec), a spliced line, a truncated record, EVE. */
export const FIXTURE_INPUTS = [
  'test/fixtures/classic/alert.040420',
  'test/fixtures/classic/scans.040420',
  'test/fixtures/classic/oos_Apr.24.2004',
  'test/fixtures/scans/spliced-line.log',
  'test/fixtures/oos/truncated-record.log',
  'test/fixtures/samples/suricata-sample-data/wrccdc-2018.alerts-only.json',
  'test/fixtures/samples/suricata-verify/alert-testmyids__eve.json',
];

/** The fixtures and one day of the bundled demo: enough traffic for every detect to find something. */
export const CONTRACT_INPUTS = [
  ...FIXTURE_INPUTS,
  'data/demo/alert.040420',
  'data/demo/scans.040420',
  'data/demo/oos_Apr.24.2004',
].map((p) => ROOT + p);

/**
 * The year of the classic lines whose file names carry no date (the spliced and truncated
 * fixtures): given, so the pinned digests do not follow the checkout's file times into a new year.
 */
const CONTRACT_YEAR = 2004;

const CONFIG_PATH = `${ROOT}test/fixtures/classic/idsift.config.json`;

/** The repository's rule knowledge fixtures (every kind of rule file, some lines broken), as a folder. */
export const RULE_INPUTS = [`${ROOT}test/fixtures/rules/`];

/**
 * `idsift rule` queries: by sid, gid:sid, message (exact, any case, part), rules known only from a
 * map, disabled, sid-less, shared messages; and ones that must fail (their messages are compared).
 */
const RULE_QUERIES = [
  ...['1228', '1:530', '615', '3:13308', '100:1', '103', '553', '1394', '1000001', '2003', '2010935', '2100498'],
  ...['DDOS shaft client to handler', 'shaft synflood', 'SMB Name Wildcard', 'DDOS mstream client to handler'],
  ...['nmap', 'no such message anywhere', '4242424', '7:1228'],
];

export interface ContractBackend {
  /** Named in the test titles. */
  name: string;
  /** A fresh, empty, writable store (a new one on each call). */
  create(): Promise<Store>;
  /** The store `store` is, closed and opened again read-only. */
  reopenReadOnly(store: Store): Promise<Store>;
  /** Why the detect section is skipped on this backend (the detects still use DuckDB SQL); run when absent. */
  skipDetect?: string;
  /**
   * Dialect cases (by name) this backend's server cannot run, each with the reason. The server
   * must refuse each of them: one that starts answering fails the suite, to be dropped from here.
   */
  refusedDialectCases?: Readonly<Record<string, string>>;
}

/** What a store holds and what the analyses answer from it: one JSON-able value per section. */
export type ContractAnswers = Record<string, unknown>;

const BOOLEAN_COLUMNS = new Set(EVENT_COLUMNS.filter((c) => c.kind === 'bool').map((c) => c.name));

/** What a store holds, as sorted text for deepEqual. */
export interface StoredRows {
  events: string[];
  quarantine: string[];
  files: string[];
}

/**
 * Stored rows as comparable text: every column of every event, every quarantine row, every file's
 * figures; files by `where(path)` (ids are per store; by default the path relative to the
 * repository, so the pinned digests hold in any checkout folder), times as µs, booleans as 0/1.
 */
export async function storedRows(
  store: Store,
  where: (path: string) => string = (path) => relative(ROOT, path),
): Promise<StoredRows> {
  const listed = await store.listFiles();
  const paths = new Map(listed.map((f) => [Number(f.id), where(f.path)]));
  const canonical = (row: Row): string => {
    const out: Row = {};
    for (const key of Object.keys(row).sort()) {
      const value = row[key]!;
      out[key] = key === 'file_id' ? (paths.get(Number(value)) ?? `missing file ${String(value)}`) : value;
      if (BOOLEAN_COLUMNS.has(key) && typeof value === 'boolean') out[key] = value ? 1 : 0;
      if (typeof value === 'number' || typeof value === 'bigint') out[key] = Number(value);
    }
    return JSON.stringify(out);
  };
  // Every column of the events view; the timestamp as epoch µs (each backend returns its own timestamp type).
  const events = await store.query(sql`SELECT *, ${store.dialect.epochMicros(sql`ts`)} AS ts_us FROM events`);
  const quarantine = await store.query(sql`SELECT file_id, line, code, message, raw FROM quarantine`);
  return {
    events: events.map(({ ts: _ts, ...rest }) => canonical(rest)).sort(),
    quarantine: quarantine.map(canonical).sort(),
    files: listed
      .map(({ ingestedAt: _at, id: _id, rootId: _root, path, ...figures }) =>
        JSON.stringify({ path: where(path), ...figures }),
      )
      .sort(),
  };
}

/** `rules load` of the rule fixtures, as `--json` prints it but for the time it took. */
export async function loadContractRules(store: Store): Promise<Omit<LoadRulesSummary, 'seconds'>> {
  const { seconds: _seconds, ...summary } = await loadRuleFiles(store, RULE_INPUTS);
  return summary;
}

/**
 * Every row of every rule table, every column, as sorted text (null before any `rules load`):
 * paths relative to the repository, booleans as 0/1 (ClickHouse's), numbers as numbers; the load
 * time is left out (it is the clock's).
 */
export async function storedRuleRows(store: Store): Promise<Record<string, string[]> | null> {
  if (!(await store.hasRuleTables())) return null;
  const out: Record<string, string[]> = {};
  for (const table of RULE_TABLES) {
    const columns = ruleColumns(table).filter(([name]) => name !== 'loaded_at');
    const rows = await store.query(
      sql`SELECT ${join(
        columns.map(([name]) => ident(name)),
        ', ',
      )} FROM ${ident(table)}`,
    );
    out[table] = rows
      .map((row) => {
        const canonical: Record<string, unknown> = {};
        for (const [name, type] of columns) {
          const value = row[name] ?? null;
          canonical[name] =
            name === 'path'
              ? relative(ROOT, String(value))
              : value === null
                ? null
                : type === 'BOOLEAN'
                  ? Number(value)
                  : type === 'VARCHAR'
                    ? value
                    : Number(value);
        }
        return JSON.stringify(canonical);
      })
      .sort();
  }
  return out;
}

/** The alert signatures stored (name, sid, gid), in text order: what a finding's evidence would name. */
async function storedAlertSignatures(store: Store): Promise<RuleMatchInput[]> {
  const rows = await store.query<{ event: string; sid: number | null; gid: number | null }>(
    sql`SELECT event, sid, gid FROM events WHERE event IS NOT NULL AND (sid IS NOT NULL OR ${inList(raw('source'), ALERT_SOURCES)})
     GROUP BY event, sid, gid`,
  );
  return rows
    .map((r) => ({
      event: r.event,
      sid: r.sid === null ? null : Number(r.sid),
      gid: r.gid === null ? null : Number(r.gid),
    }))
    .sort((a, b) => compareText(a.event, b.event) || (a.sid ?? -1) - (b.sid ?? -1) || (a.gid ?? -1) - (b.gid ?? -1));
}

/** What `idsift rule` answers (or the one-line error it stops with) for each query, and the rules behind the alerts. */
async function ruleAnswers(store: Store): Promise<ContractAnswers> {
  const lookups: Record<string, unknown> = {};
  for (const query of RULE_QUERIES)
    lookups[query] = await lookupRule(store, query).catch((error: unknown) => ({ error: (error as Error).message }));
  return {
    ruleRows: await storedRuleRows(store),
    // Paths relative to the repository: the pinned digest must not depend on where it is checked out.
    ruleLookups: JSON.parse(
      JSON.stringify(lookups, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(ROOT) ? relative(ROOT, value) : value,
      ),
    ) as unknown,
    rulesForAlerts: await rulesForEvents(store, await storedAlertSignatures(store)),
  };
}

/** Every analysis a command prints, on one store. */
export async function contractAnswers(store: Store, book: AddressBook): Promise<ContractAnswers> {
  const totals = await queryTotals(store);
  // The timeline and profile are asked about the busiest source (a wrong ranking shows in topTalkers).
  const subject = String((await topTalkers(store, { limit: 1 }))[0]?.key ?? '');
  return {
    ...(await storedRows(store)),
    topTalkers: await topTalkers(store),
    topTalkersInternalByHost: await topTalkers(store, { group: 'internal', byHost: true, limit: 25 }),
    topPorts: await topPorts(store, { limit: 25 }),
    topPortsExternal: await topPorts(store, { group: 'external' }),
    topSignatures: await topSignatures(store, { limit: 25 }),
    stumble: await findStumblers(store),
    stumbleTwoKinds: await findStumblers(store, 2),
    ipTimeline: await buildIpTimeline(store, book, subject),
    ipTimelineCut: await buildIpTimeline(store, book, subject, 7),
    activity: await summariseActivity(store, book.hostOf(subject)),
    reportTotals: totals,
    reportTimeSeries: await queryTimeSeries(store, totals.first, totals.last),
    reportTopPerGroup: Object.fromEntries(await queryTopPerGroup(store, 5)),
    topSignaturesPerGroup: Object.fromEntries(await topSignaturesPerGroup(store, 5)),
    reportNoisy: await queryNoisySignatures(store, { share: 0.01, minSources: 2, limit: 10 }),
    reportRecurring: await queryRecurringIncidents(store, { minDays: 1, limit: 10 }),
    reportPassThrough: await queryPassThrough(store, 10),
    reportQuarantine: Object.fromEntries(await queryQuarantine(store, 3)),
    ...(await ruleAnswers(store)),
  };
}

/** The detects' findings (a separate section: the detect modules are converted to the seam last). */
async function detectAnswers(store: Store, config: IdsiftConfig, book: AddressBook): Promise<unknown> {
  return runDetects({ store, book, config });
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** Ingest the contract's inputs and load its rule files; returns what `rules load` said. */
async function ingestInto(
  store: Store,
  config: IdsiftConfig,
  book: AddressBook,
): Promise<Omit<LoadRulesSummary, 'seconds'>> {
  await store.applyAddressBook(book, config.addressHash);
  const report = await ingestFiles(store, { paths: CONTRACT_INPUTS, workers: 1, year: CONTRACT_YEAR });
  assert.ok(
    report.files.every((f) => f.status === 'ingested'),
    JSON.stringify(report.files.map((f) => [f.file, f.status])),
  );
  return loadContractRules(store);
}

/** Register the contract's tests for one backend. */
export function runStoreContract(backend: ContractBackend): void {
  describe(`Store contract: ${backend.name}`, () => {
    const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
    const book = new AddressBook(config.address);
    let reference: ContractAnswers;
    let referenceFindings: unknown;
    let referenceRulesLoad: unknown;
    let store: Store;
    let answers: ContractAnswers;
    let rulesLoad: unknown;

    before(async () => {
      const duck = await DuckDBStore.open(':memory:');
      try {
        referenceRulesLoad = await ingestInto(duck, config, book);
        reference = await contractAnswers(duck, book);
        referenceFindings = await detectAnswers(duck, config, book);
      } finally {
        await duck.close();
      }
      store = await backend.create();
      rulesLoad = await ingestInto(store, config, book);
      answers = await contractAnswers(store, book);
    });

    after(async () => {
      await store.close();
    });

    test('the input is not trivial: events, quarantined lines, alerts, several log kinds', () => {
      assert.ok((reference.events as string[]).length > 100);
      assert.ok((reference.quarantine as string[]).length > 0);
      assert.ok((reference.topSignatures as unknown[]).length > 5);
      assert.ok((reference.stumbleTwoKinds as { hosts: unknown[] }).hosts.length > 0);
      assert.ok((reference.ipTimeline as { total: number }).total > 7);
      assert.ok((referenceFindings as unknown[]).length > 10);
      const { alerts, problems, skipped } = referenceRulesLoad as LoadRulesSummary;
      assert.ok(alerts.matched > 0 && alerts.matched < alerts.total, JSON.stringify(alerts));
      assert.ok(problems.length > 0 && skipped.length > 0);
      const rows = reference.ruleRows as Record<string, string[]>;
      assert.ok(Object.values(rows).every((table) => table.length > 0));
      const lookups = Object.values(reference.ruleLookups as Record<string, { alerts?: number; error?: string }>);
      assert.ok(lookups.some((l) => (l.alerts ?? 0) > 0) && lookups.some((l) => l.error !== undefined));
      assert.ok((reference.rulesForAlerts as { classtype: string | null }[]).some((r) => r.classtype !== null));
    });

    test('the per-group lists (one pass for every group) are the lists of each group', async () => {
      const talkersAndPorts = await queryTopPerGroup(store, 5);
      const signatures = await topSignaturesPerGroup(store, 5);
      for (const group of book.groupNames()) {
        const options = { group, limit: 5 };
        assert.deepEqual(talkersAndPorts.get(group)?.talkers ?? [], await topTalkers(store, options), group);
        assert.deepEqual(talkersAndPorts.get(group)?.ports ?? [], await topPorts(store, options), group);
        assert.deepEqual(signatures.get(group) ?? [], await topSignatures(store, options), group);
      }
      assert.ok([...signatures.values()].some((list) => list.length > 1));
    });

    test('the DuckDB answers are the pinned ones (test/golden/store-contract.json)', () => {
      const pinned = Object.fromEntries(Object.entries(reference).map(([k, v]) => [k, digest(v)]));
      pinned.detect = digest(referenceFindings);
      assertGolden('store-contract.json', `${JSON.stringify(pinned, null, 2)}\n`);
    });

    test('every dialect case answers as specified', async (t) => {
      for (const c of dialectCases(store.dialect))
        await t.test(c.name, async () => {
          const refused = backend.refusedDialectCases?.[c.name];
          if (refused === undefined)
            assert.deepEqual(await store.query(c.query), c.expected, `${backend.name}: ${c.name}`);
          else await assert.rejects(store.query(c.query), `${c.name} now runs (${refused}): drop it from the list`);
        });
    });

    test('stored rows, quarantine rows, file figures and every analysis are what DuckDB gives', () => {
      for (const section of Object.keys(reference))
        assert.deepEqual(answers[section], reference[section], `${backend.name}: ${section}`);
    });

    test('rules load says what it says on DuckDB', () => {
      assert.deepEqual(rulesLoad, referenceRulesLoad);
    });

    test('loading the rule files again: the same summary, rule rows and answers (it replaces, never adds)', async () => {
      assert.deepEqual(await loadContractRules(store), referenceRulesLoad);
      const again = await contractAnswers(store, book);
      for (const section of ['ruleRows', 'ruleLookups', 'rulesForAlerts'])
        assert.deepEqual(again[section], reference[section], `${backend.name}, after a second rules load: ${section}`);
    });

    test('detect finds what DuckDB finds', { skip: backend.skipDetect ?? false }, async () => {
      assert.deepEqual(await detectAnswers(store, config, book), referenceFindings);
    });

    test('a second ingest of the same files adds nothing', async () => {
      const again = await ingestFiles(store, { paths: CONTRACT_INPUTS, workers: 1, year: CONTRACT_YEAR });
      assert.deepEqual(
        again.files.map((f) => f.status),
        CONTRACT_INPUTS.map(() => 'skipped'),
      );
      assert.equal(again.rows, 0);
      const second = await contractAnswers(store, book);
      for (const section of Object.keys(reference))
        assert.deepEqual(second[section], reference[section], `${backend.name}, after a second ingest: ${section}`);
    });

    test('read-only: the same answers; ingest and bookkeeping writes are refused and change nothing', async () => {
      store = await backend.reopenReadOnly(store);
      const before = await storedRows(store);
      // A file the store does not hold yet: refused, whether as an error or as a failed file.
      const attempt = await ingestFiles(store, { paths: [`${ROOT}data/demo/alert.040421`], workers: 1 }).then(
        (report) => report.files.map((f) => f.status),
        (): 'refused' => 'refused',
      );
      assert.ok(attempt === 'refused' || attempt.every((s) => s === 'failed'), `read-only ingest: ${String(attempt)}`);
      await assert.rejects(store.run(`DELETE FROM scores`));
      await assert.rejects(loadRuleFiles(store, RULE_INPUTS));
      assert.deepEqual(await storedRows(store), before);
      const ro = await contractAnswers(store, book);
      for (const section of Object.keys(reference))
        assert.deepEqual(ro[section], reference[section], `${backend.name}, read-only: ${section}`);
    });
  });
}

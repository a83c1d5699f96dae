/**
 * Current ClickHouse (26.x) in-process through the npm package `chdb`, as a ClickHouseTransport,
 * so the ClickHouse store can run every statement it issues against it. chdb is large and no
 * dependency of idsift: `.ci/run` installs it into a temporary prefix and names the package folder
 * in `IDSIFT_CHDB`; `loadChdb` says why it cannot when that is not so.
 *
 * chdb has no Native-format insert from memory, so blocks go through a file in the session's
 * folder (`INSERT … SELECT * FROM file(…, 'Native')`), which reads the same bytes the HTTP
 * transport sends. One session stands for one server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseSettings, ClickHouseTransport } from '../../src/store/clickhouse/clickhouse-transport.js';
import type { Row } from '../../src/store/store.js';

/** The part of chdb's Session this uses (chdb ships its own types; it is not installed for tsc). */
interface ChdbSession {
  queryAsync(query: string, options?: { format?: string }): Promise<{ text(): string }>;
  close(): void;
}

interface ChdbModule {
  Session: new (path: string, options?: { connectionArgs?: readonly string[] }) => ChdbSession;
}

/** chdb from `IDSIFT_CHDB` (the package folder), or the one-line reason it is not there. */
export function loadChdb(): { chdb: ChdbModule } | { missing: string } {
  const folder = process.env.IDSIFT_CHDB;
  if (folder === undefined || folder === '')
    return { missing: 'IDSIFT_CHDB is not set (the chdb package folder; .ci/run installs chdb and sets it)' };
  try {
    return { chdb: createRequire(import.meta.url)(folder) as ChdbModule };
  } catch (error) {
    return { missing: `IDSIFT_CHDB=${folder}: ${(error as Error).message.split('\n')[0]}` };
  }
}

export class ChdbTransport implements ClickHouseTransport {
  readonly servers = 1;
  private inserts = 0;

  private constructor(
    private readonly session: ChdbSession,
    private readonly folder: string,
  ) {}

  /**
   * A session in a new temporary folder. `clusters` names clusters to define (two unreachable
   * shards each): enough to create Distributed tables and the views over them, not to query them.
   * chdb keeps one engine per process, so a test file opens one and moves between databases
   * with `use`.
   */
  static async open(chdb: ChdbModule, clusters: readonly string[] = []): Promise<ChdbTransport> {
    const folder = mkdtempSync(join(tmpdir(), 'idsift-chdb-'));
    const shard = '<shard><replica><host>127.0.0.1</host><port>9</port></replica></shard>';
    const config = `<clickhouse><remote_servers>${clusters.map((c) => `<${c}>${shard}${shard}</${c}>`).join('')}</remote_servers></clickhouse>`;
    writeFileSync(join(folder, 'config.xml'), config);
    const session = new chdb.Session(join(folder, 'data'), {
      connectionArgs: [`--config-file=${join(folder, 'config.xml')}`],
    });
    const transport = new ChdbTransport(session, folder);
    try {
      // What the HTTP transport's callers ask per query, once for the session.
      await transport.command(0, 'SET output_format_json_quote_64bit_integers = 0');
    } catch (error) {
      transport.shutdown();
      throw error;
    }
    return transport;
  }

  /** Make `database` and make it the one unqualified names refer to (as the HTTP clients' database). */
  async use(database: string): Promise<void> {
    await this.command(0, `CREATE DATABASE IF NOT EXISTS ${database}`);
    await this.command(0, `USE ${database}`);
  }

  async query(_server: number, sql: string, settings: ClickHouseSettings): Promise<Row[]> {
    for (const key of Object.keys(settings))
      if (key !== 'output_format_json_quote_64bit_integers' && key !== 'max_execution_time')
        throw new Error(`the chdb transport does not pass setting ${key}`);
    const text = (await this.session.queryAsync(sql, { format: 'JSONEachRow' })).text();
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Row);
  }

  async command(_server: number, sql: string): Promise<void> {
    await this.session.queryAsync(sql);
  }

  async insertNative(_server: number, table: string, blocks: readonly Buffer[]): Promise<void> {
    const file = join(this.folder, `insert-${this.inserts++}.native`);
    writeFileSync(file, Buffer.concat(blocks));
    try {
      // By position: a block's columns are the table's insertable columns in table order
      // (native-block.ts), which is how the HTTP transport's `INSERT … FORMAT Native` maps them too.
      await this.session.queryAsync(`INSERT INTO ${table} SELECT * FROM file('${file}', 'Native')`);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** A store's close leaves the engine to the next store of the test file (see `shutdown`). */
  async close(): Promise<void> {}

  /** End the engine and remove its folder. */
  shutdown(): void {
    this.session.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * How the ClickHouse store reaches its servers: queries answered as JSONEachRow rows, statements,
 * and Native blocks inserted into a table. Over HTTP through the official `@clickhouse/client` for
 * real servers; the tests also plug in current ClickHouse embedded (chdb) to run every statement
 * the store issues against it.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { UserError } from '../../core/errors.js';
import type { Row } from '../store.js';
import { literal } from './bind-literals.js';

export type { ClickHouseSettings };

export interface ClickHouseTransport {
  /** How many servers (shards) there are; server 0 keeps the bookkeeping tables and answers queries. */
  readonly servers: number;
  query(server: number, sql: string, settings: ClickHouseSettings): Promise<Row[]>;
  command(server: number, sql: string): Promise<void>;
  /** `INSERT INTO table FORMAT Native` with the blocks as the body. */
  insertNative(server: number, table: string, blocks: readonly Buffer[]): Promise<void>;
  close(): Promise<void>;
}

export interface HttpServers {
  /** As the user wrote the store, for messages. */
  url: string;
  hosts: readonly { host: string; port: number }[];
  database: string;
}

/** The servers over HTTP, compressed both ways, one client per server with the store's database. */
export class HttpTransport implements ClickHouseTransport {
  private constructor(private readonly clients: ClickHouseClient[]) {}

  get servers(): number {
    return this.clients.length;
  }

  /**
   * Connect; with `create`, make the database on every server, otherwise require the store's
   * tables to be there. A server that does not answer is a user error naming the store.
   */
  static async open(where: HttpServers, create: boolean): Promise<HttpTransport> {
    // The database may not exist yet: it is made (or looked for) through clients without one.
    const admin = where.hosts.map((host) => client(host));
    try {
      let exists: boolean;
      try {
        const result = await admin[0]!.query({
          query: `SELECT count() AS n FROM system.tables WHERE database = ${literal(where.database)} AND name = 'file_commits'`,
          format: 'JSONEachRow',
        });
        const [row] = await result.json<{ n: string | number }>();
        exists = Number(row!.n) > 0;
      } catch (cause) {
        throw new UserError(`cannot open store ${where.url}: ${firstLine(cause)}`, { cause });
      }
      if (!exists && !create) throw new UserError(`no store at ${where.url}; create it with idsift ingest`);
      if (create) for (const c of admin) await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${where.database}` });
    } finally {
      await Promise.all(admin.map((c) => c.close()));
    }
    return new HttpTransport(where.hosts.map((host) => client(host, where.database)));
  }

  async query(server: number, sql: string, settings: ClickHouseSettings): Promise<Row[]> {
    const result = await this.clients[server]!.query({
      query: sql,
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
    return result.json<Row>();
  }

  async command(server: number, sql: string): Promise<void> {
    await this.clients[server]!.command({ query: sql });
  }

  async insertNative(server: number, table: string, blocks: readonly Buffer[]): Promise<void> {
    const result = await this.clients[server]!.exec({
      query: `INSERT INTO ${table} FORMAT Native`,
      values: Readable.from(blocks),
    });
    result.stream.resume();
    await new Promise<void>((resolve, reject) => {
      result.stream.once('end', resolve);
      result.stream.once('error', reject);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

function client(host: { host: string; port: number }, database?: string): ClickHouseClient {
  return createClient({
    url: `http://${host.host}:${host.port}`,
    ...(database === undefined ? {} : { database }),
    // gzip, which 18.16 reads too (zstd bodies came later), at level 1: loopback and LAN inserts
    // gain nothing from a smaller body, and level 1 took ~5% less of idsift's ingest CPU.
    compression: { request: { codec: 'gzip', level: 1 }, response: true },
    // Parsing workers keep the event loop busy; a socket the server has already closed (18.16
    // keeps idle ones 3 s) must not be reused for an insert because a timer fired late.
    keep_alive: { idle_socket_ttl: 1500, eagerly_destroy_stale_sockets: true },
    // Errors reach the caller as StoreErrors; the client's own log would print them twice.
    log: { level: ClickHouseLogLevel.OFF },
    request_timeout: 600_000,
  });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

/**
 * ClickHouse servers for tests, on loopback only: each gets a temporary folder with its own config
 * (HTTP, TCP and interserver ports on 127.0.0.1, data/tmp/log folders inside the folder, a
 * `remote_servers` cluster over every server of the set), is started from `clickhouse-server` on
 * PATH (Debian's package; `IDSIFT_CLICKHOUSE_SERVER` names another binary) and waited for on
 * `/ping`. `stop()` ends exactly the processes it started and removes the folder: nothing is left
 * running or written outside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ClickHouseServers {
  /** HTTP ports, one per server, in start order (the cluster's shard order). */
  httpPorts: number[];
  /** The `cluster` name defined in every server's `remote_servers` (one shard per server). */
  cluster: string;
  /** `clickhouse://127.0.0.1:P1[,127.0.0.1:P2…]/DB[?cluster=…]` for idsift. */
  url(database: string, options?: { cluster?: boolean }): string;
  /** Process ids of the servers (for CPU accounting in the benchmark). */
  pids: number[];
  /** The server's version string, as `SELECT version()` answers. */
  version: string;
  stop(): Promise<void>;
}

export const TEST_CLUSTER = 'idsift_test';

/** The server binary, or the one-line reason there is none (tests fail with it: CI installs it). */
export function findClickHouseServer(): { path: string } | { missing: string } {
  const named = process.env.IDSIFT_CLICKHOUSE_SERVER;
  const candidates = named
    ? [named]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, 'clickhouse-server'));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return { path };
    } catch {
      // Try the next one.
    }
  }
  return {
    missing: named
      ? `IDSIFT_CLICKHOUSE_SERVER=${named} is not an executable`
      : 'clickhouse-server is not installed (apt-get install clickhouse-server; .ci/run does)',
  };
}

/** Ports the kernel hands out now (bound and released at once), distinct from each other. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    ports.add(
      await new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
      }),
    );
  }
  return [...ports];
}

interface Ports {
  http: number;
  tcp: number;
  interserver: number;
}

function configXml(folder: string, own: Ports, all: readonly Ports[]): string {
  const shards = all
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${folder}/log/server.log</log><errorlog>${folder}/log/error.log</errorlog></logger>
  <http_port>${own.http}</http_port>
  <tcp_port>${own.tcp}</tcp_port>
  <interserver_http_port>${own.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <listen_host>127.0.0.1</listen_host>
  <path>${folder}/data/</path>
  <tmp_path>${join(folder, 'tmp')}/</tmp_path>
  <user_files_path>${folder}/user_files/</user_files_path>
  <format_schema_path>${folder}/format_schemas/</format_schema_path>
  <users_config>${folder}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>134217728</mark_cache_size>
  <uncompressed_cache_size>134217728</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <remote_servers><${TEST_CLUSTER}>${shards}</${TEST_CLUSTER}></remote_servers>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

async function ping(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ping`);
    return response.ok && (await response.text()).startsWith('Ok');
  } catch {
    return false;
  }
}

/**
 * Start `count` servers (1 for a single server, 2 for the two-shard cluster). Throws with a
 * one-line reason when the binary is missing or a server does not answer within 60 s.
 */
export async function startClickHouse(count = 1): Promise<ClickHouseServers> {
  const binary = findClickHouseServer();
  if ('missing' in binary) throw new Error(binary.missing);
  const numbers = await freePorts(count * 3);
  const ports: Ports[] = Array.from({ length: count }, (_, i) => ({
    http: numbers[3 * i]!,
    tcp: numbers[3 * i + 1]!,
    interserver: numbers[3 * i + 2]!,
  }));
  const root = mkdtempSync(join(tmpdir(), 'idsift-clickhouse-'));
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [i, own] of ports.entries()) {
      const folder = join(root, `server${i + 1}`);
      for (const sub of ['log', 'data', 'tmp', 'user_files', 'format_schemas'])
        mkdirSync(join(folder, sub), { recursive: true });
      writeFileSync(join(folder, 'config.xml'), configXml(folder, own, ports));
      writeFileSync(join(folder, 'users.xml'), USERS_XML);
      const child = spawn(binary.path, [`--config-file=${join(folder, 'config.xml')}`], {
        cwd: folder,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      children.push(child);
      const deadline = Date.now() + 60_000;
      while (!(await ping(own.http))) {
        if (child.exitCode !== null)
          throw new Error(`clickhouse-server exited (${child.exitCode}): ${lastLine(stderr)}`);
        if (Date.now() > deadline) throw new Error(`clickhouse-server did not answer /ping on ${own.http} in 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const response = await fetch(`http://127.0.0.1:${ports[0]!.http}/?query=SELECT%20version()`);
    const version = (await response.text()).trim();
    return {
      httpPorts: ports.map((p) => p.http),
      pids: children.map((c) => c.pid!),
      cluster: TEST_CLUSTER,
      version,
      url: (database, options = {}) =>
        `clickhouse://${ports.map((p) => `127.0.0.1:${p.http}`).join(',')}/${database}` +
        (options.cluster ? `?cluster=${TEST_CLUSTER}` : ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/**
 * `clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]`: the HTTP endpoints of the servers (one
 * per shard; the first also keeps the bookkeeping tables and answers queries), the database, and
 * the cluster (as the servers' `remote_servers` names it) whose Distributed tables span them.
 */
import { UserError } from '../../core/errors.js';

export interface ClickHouseLocation {
  /** `http://HOST:PORT` per listed server, in the order given. */
  hosts: string[];
  database: string;
  cluster: string | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function parseClickHouseUrl(url: string): ClickHouseLocation {
  const bad = (why: string): UserError =>
    new UserError(
      `bad store URL ${JSON.stringify(url)}: ${why} (clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME])`,
    );
  const match = /^clickhouse:\/\/([^/?#]+)\/([^/?#]*)(?:\?([^#]*))?$/.exec(url);
  if (!match) throw bad('not of the form');
  const hosts = match[1]!.split(',').map((part) => {
    const hp = HOST_PORT.exec(part);
    if (!hp || Number(hp[2]) < 1 || Number(hp[2]) > 65535) throw bad(`${JSON.stringify(part)} is not HOST:PORT`);
    return `http://${hp[1]}:${hp[2]}`;
  });
  if (new Set(hosts).size !== hosts.length) throw bad('a server is listed twice');
  const database = match[2]!;
  if (!NAME.test(database)) throw bad('the database must be a name (letters, digits, _)');
  let cluster: string | null = null;
  for (const pair of (match[3] ?? '').split('&').filter((p) => p !== '')) {
    const [key, value = ''] = pair.split('=');
    if (key !== 'cluster') throw bad(`unknown option ${JSON.stringify(key)}`);
    if (!NAME.test(value)) throw bad('the cluster must be a name (letters, digits, _)');
    cluster = value;
  }
  if (cluster === null && hosts.length > 1) throw bad('several servers need ?cluster=NAME');
  return { hosts, database, cluster };
}

/**
 * Every dialect case (test/store-contract/dialect-cases.ts) against Debian's ClickHouse 18.16.
 * Current ClickHouse answers all of them (chdb-statements.test.ts); 18.16 cannot parse a
 * subquery in WITH, so `cte` is listed here as the one case it must refuse — if a case starts
 * passing or failing otherwise, this test says which.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickhouseDialect } from '../../src/store/clickhouse/clickhouse-dialect.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { dialectCases } from '../store-contract/dialect-cases.js';
import { startClickHouse, type ClickHouseServers } from './start-clickhouse.js';

/** Cases ClickHouse 18.16 cannot run, each with why. */
export const UNSUPPORTED_ON_18_16: Readonly<Record<string, string>> = {
  'cte referenced twice': 'WITH name AS (subquery) arrived in ClickHouse 20.x',
};

let servers: ClickHouseServers;
let store: Store;
before(async () => {
  servers = await startClickHouse(1);
  store = await createStore(servers.url('dialect'));
});
after(async () => {
  await store?.close();
  await servers?.stop();
});

test('ClickHouse 18.16: every dialect case answers as specified, except the known ones', async (t) => {
  for (const c of dialectCases(clickhouseDialect)) {
    await t.test(c.name, async () => {
      if (c.name in UNSUPPORTED_ON_18_16) {
        await assert.rejects(
          store.query(c.query),
          /query failed/,
          `${c.name} now runs on 18.16: drop it from the list`,
        );
        return;
      }
      assert.deepEqual(await store.query(c.query), c.expected);
    });
  }
});

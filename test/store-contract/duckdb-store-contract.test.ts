/** The Store contract on the embedded DuckDB store, in a file (so read-only reopening is real). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import { runStoreContract } from './run-store-contract.js';

runStoreContract({
  name: 'DuckDB',
  create: () => DuckDBStore.open(join(mkdtempSync(join(tmpdir(), 'idsift-contract-')), 'store.duckdb')),
  reopenReadOnly: async (store) => {
    await store.close();
    return DuckDBStore.open(store.location, { readOnly: true });
  },
});

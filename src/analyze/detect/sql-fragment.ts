/**
 * The tagged `sql` template moved to src/store/sql.ts (the store owns how SQL is written); this
 * path stays so the detect modules' imports keep working until they move to it. `rowsTable` is
 * DuckDB's: portable code asks `store.dialect.rowsTable`.
 */
import { duckdbDialect } from '../../store/duckdb/duckdb-dialect.js';

export { inIds, inList, join, list, sql, type Sql } from '../../store/sql.js';
export type { RowsColumnType } from '../../store/dialect.js';

/** DuckDB's `rowsTable` (see `Dialect.rowsTable`). */
export const rowsTable = duckdbDialect.rowsTable;

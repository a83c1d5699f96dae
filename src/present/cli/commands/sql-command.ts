import { Command } from 'commander';
import { withContext } from '../cli-context.js';
import { printCsvRow, printJson, printTable } from '../output.js';
import { QUERY_TIMEOUT_SECONDS, storeOptions } from './store-options.js';

export function sqlCommand(): Command {
  return storeOptions(new Command('sql'), QUERY_TIMEOUT_SECONDS.sql)
    .description('Read-only SQL over the store (view "events": ts, source, event, src, sport, dst, dport, proto, …)')
    .argument('<query>', 'one SELECT statement')
    .option('--json', 'print one JSON array of row objects')
    .option('--csv', 'print CSV (formula-safe for spreadsheets)')
    .addHelpText(
      'after',
      `
The store is opened read-only with file and network access disabled: queries cannot change data or
read files. A query stops after --timeout seconds (default 60); spilling goes to a capped folder
under the system temp folder (IDSIFT_DUCKDB_TEMP_MAX, default 4GB), never beside the store. Tables: events (view, text), events_raw (view, ids), events_core (every event's
envelope: fastest to scan), events_detail (kind-specific fields), files, quarantine,
addrs (addr, grp, host), strings.

Examples:
  idsift sql "SELECT source, count(*) AS n FROM events GROUP BY source"
  idsift sql "SELECT * FROM quarantine LIMIT 10" --csv`,
    )
    .action(
      async (
        query: string,
        opts: { json?: boolean; csv?: boolean; db?: string; config?: string; timeout?: number },
      ) => {
        const rows = await withContext(opts, ({ store }) => store.all(query));
        if (opts.json) return printJson(rows);
        const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
        if (opts.csv) {
          printCsvRow(columns);
          for (const row of rows) printCsvRow(columns.map((c) => row[c]));
          return;
        }
        printTable(
          columns,
          rows.map((row) => columns.map((c) => row[c] as string | number | null)),
        );
      },
    );
}

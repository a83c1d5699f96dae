import { InvalidArgumentError, type Command } from 'commander';

/**
 * Default per-statement time limits in seconds: ad-hoc SQL is interactive, so a minute; the
 * built-in analyses and reports scan whole stores, so ten minutes. `--timeout` changes either.
 */
export const QUERY_TIMEOUT_SECONDS = { sql: 60, analysis: 600 } as const;

/**
 * The options every command that touches the store takes. Commands that query it also take
 * `--timeout` (pass `null` for commands that only load, such as ingest).
 */
export function storeOptions(
  command: Command,
  timeoutSeconds: number | null = QUERY_TIMEOUT_SECONDS.analysis,
): Command {
  command
    .option(
      '--store <url>',
      'store: duckdb:PATH, a path, or clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME] (or $IDSIFT_STORE, or "store" in the config file)',
    )
    .option(
      '--db <path>',
      'DuckDB store file, the same as --store duckdb:PATH (default ./idsift.duckdb, or $IDSIFT_DB)',
    )
    .option('--config <path>', 'config file with groups, aliases and thresholds (default ./idsift.config.json)');
  if (timeoutSeconds !== null)
    command.option(
      '--timeout <seconds>',
      `stop any one query that runs longer than this (default ${timeoutSeconds})`,
      parseSeconds,
      timeoutSeconds,
    );
  return command;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`--timeout must be a positive number of seconds, not "${value}"`);
  return n;
}

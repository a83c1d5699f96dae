import type { Command } from 'commander';

/** The options every command that touches the store takes. */
export function storeOptions(command: Command): Command {
  return command
    .option('--db <path>', 'store file (default ./idsift.duckdb, or $IDSIFT_DB)')
    .option('--config <path>', 'config file with groups, aliases and thresholds (default ./idsift.config.json)');
}

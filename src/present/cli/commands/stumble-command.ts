import { Command } from 'commander';
import { findStumblers } from '../../../analyze/stumble/stumble.js';
import { withContext } from '../cli-context.js';
import { parsePositiveInt, printJson, printLine, printTable } from '../output.js';
import { storeOptions } from './store-options.js';

export function stumbleCommand(): Command {
  return storeOptions(new Command('stumble'))
    .description('Hosts seen as a source in every log kind present ("stumbling home at 2 AM")')
    .option('--min-sources <n>', 'seen in at least N log kinds instead of all', parsePositiveInt('--min-sources'))
    .option('--json', 'print one JSON array to stdout')
    .action(async (opts: { minSources?: number; json?: boolean; db?: string; config?: string }) => {
      const result = await withContext(opts, ({ store }) => findStumblers(store, opts.minSources));
      if (opts.json) {
        printJson(result.hosts);
        return;
      }
      printLine(
        `log kinds present: ${result.kinds.join(', ') || 'none'}; hosts seen as source in at least ${result.minSources}:`,
      );
      printTable(
        ['host', ...result.kinds],
        result.hosts.map((h) => [h.address, ...result.kinds.map((k) => (h.sources[k] ?? 0).toLocaleString('en-US'))]),
      );
    });
}

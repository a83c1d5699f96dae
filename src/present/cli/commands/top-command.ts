import { Command, InvalidArgumentError } from 'commander';
import { UserError } from '../../../core/errors.js';
import { topPorts, topSignatures, topTalkers, type TopEntry, type TopOptions } from '../../../analyze/top-n/top-n.js';
import type { Store } from '../../../store/store.js';
import { withContext } from '../cli-context.js';
import { parsePositiveInt, printJson, printLine, printTable } from '../output.js';
import { storeOptions } from './store-options.js';

const KINDS = {
  talkers: { run: topTalkers, column: 'source address' },
  ports: { run: topPorts, column: 'destination port' },
  signatures: { run: topSignatures, column: 'signature' },
} as const;
type Kind = keyof typeof KINDS;

export function topCommand(): Command {
  return storeOptions(new Command('top'))
    .description('Top-N talkers (source addresses), targeted ports, or signatures, per address group')
    .argument('<what>', 'talkers | ports | signatures', (v: string) => {
      if (!(v in KINDS)) throw new InvalidArgumentError('choose talkers, ports or signatures');
      return v as Kind;
    })
    .option('--group <name>', 'only events whose source is in this group (internal, external, or a config group)')
    .option('--limit <n>', 'how many rows', parsePositiveInt('--limit'), 5)
    .option('--by <unit>', '"host" merges aliased addresses (MY.NET.1.2 = 130.85.1.2) into one host', (v: string) => {
      if (v !== 'host' && v !== 'address') throw new InvalidArgumentError('--by takes "host" or "address"');
      return v;
    })
    .option('--json', 'print one JSON array to stdout')
    .addHelpText(
      'after',
      `
Talkers are source addresses; ports are destination ports of events whose source is in the group.
Without --group, text output shows one table per group (as the practical did); --json gives the
ranking over all groups.

Examples:
  idsift top talkers --group internal
  idsift top ports --group external --limit 10 --json
  idsift top talkers --group internal --by host`,
    )
    .action(
      async (
        what: Kind,
        opts: { group?: string; limit: number; by?: string; json?: boolean; db?: string; config?: string },
      ) => {
        await withContext(opts, async ({ store, book }) => {
          const base: TopOptions = { limit: opts.limit, byHost: opts.by === 'host' };
          if (opts.group !== undefined && !book.groupNames().includes(opts.group)) {
            throw new UserError(`unknown group "${opts.group}" (groups: ${book.groupNames().join(', ')})`);
          }
          if (opts.json) {
            printJson(await KINDS[what].run(store, { ...base, ...(opts.group ? { group: opts.group } : {}) }));
            return;
          }
          const groups = opts.group ? [opts.group] : book.groupNames();
          for (const group of groups) await printTop(store, what, group, base);
        });
      },
    );
}

async function printTop(store: Store, what: Kind, group: string, base: TopOptions): Promise<void> {
  const rows: TopEntry[] = await KINDS[what].run(store, { ...base, group });
  printTable(
    ['#', KINDS[what].column, 'events'],
    rows.map((r, i) => [i + 1, r.key, r.events.toLocaleString('en-US')]),
    { title: `Top ${what} — ${group}` },
  );
  printLine();
}

import { Command } from 'commander';
import { buildIpTimeline, DEFAULT_TIMELINE_LIMIT } from '../../../analyze/ip-timeline/ip-timeline.js';
import { withContext } from '../cli-context.js';
import { parsePositiveInt, printJson, printLine, printTable } from '../output.js';
import { storeOptions } from './store-options.js';

export function ipCommand(): Command {
  return storeOptions(new Command('ip'))
    .description('Everything about one address (and its aliases) across every log, in time order')
    .argument('<address>', 'an address as logs write it: 10.1.2.3, MY.NET.12.4, 2001:db8::1')
    .option(
      '--limit <n>',
      'most events to list (counts are always complete)',
      parsePositiveInt('--limit'),
      DEFAULT_TIMELINE_LIMIT,
    )
    .option('--json', 'print one JSON object to stdout')
    .addHelpText(
      'after',
      '\nExample:\n  idsift ip 130.85.12.4      also finds MY.NET.12.4 when the config aliases MY.NET and 130.85',
    )
    .action(async (address: string, opts: { limit: number; json?: boolean; db?: string; config?: string }) => {
      const timeline = await withContext(opts, ({ store, book }) => buildIpTimeline(store, book, address, opts.limit));
      if (opts.json) {
        printJson(timeline);
        return;
      }
      printLine(
        `${timeline.address}  group ${timeline.group}${timeline.aliases.length ? `  also seen as ${timeline.aliases.join(', ')}` : ''}`,
      );
      if (timeline.total === 0) {
        printLine('no events');
        return;
      }
      printLine(`first seen ${timeline.first_seen}  last seen ${timeline.last_seen}`);
      printLine(
        Object.entries(timeline.by_source)
          .map(([k, n]) => `${k}: ${n.toLocaleString('en-US')}`)
          .join('  '),
      );
      printTable(
        ['time (UTC)', 'log', 'event', 'source', 'destination'],
        timeline.events.map((e) => [
          e.ts.replace('T', ' ').replace('Z', ''),
          e.source,
          e.event,
          e.sport === null ? e.src : `${e.src}:${e.sport}`,
          e.dport === null ? e.dst : `${e.dst}:${e.dport}`,
        ]),
      );
      if (timeline.truncated) printLine(`(${timeline.events.length} of ${timeline.total} events shown; use --limit)`);
    });
}

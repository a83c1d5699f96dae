import { Command, InvalidArgumentError, Option } from 'commander';
import { FORMATS } from '../../../ingest/formats/registry.js';
import { textPrefixesOf } from '../../../core/address-book.js';
import { UserError } from '../../../core/errors.js';
import { followFiles } from '../../../ingest/follow-files.js';
import { ingestFiles, type IngestReport } from '../../../ingest/ingest-files.js';
import { createStore } from '../../../store/create-store.js';
import { sanitiseOutput } from '../../sanitise-output.js';
import { resolveStore, withContext } from '../cli-context.js';
import { parsePositiveInt, printJson, printTable, warn } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { storeOptions } from './store-options.js';

export function ingestCommand(): Command {
  const formats = FORMATS.map((f) => `  ${f.name.padEnd(18)} ${f.description}`).join('\n');
  return storeOptions(new Command('ingest'), null)
    .description('Read sensor logs into the store: files, folders, globs, .gz, or - for stdin')
    .argument('<paths...>', 'files, folders, globs, or - (standard input)')
    .addOption(
      new Option('--format <name>', 'force a format instead of sniffing it').choices(FORMATS.map((f) => f.name)),
    )
    .option(
      '--year <yyyy>',
      'year for logs that print none (default: a date in the file name, else its mtime)',
      parseYear,
    )
    .option('--tz <zone>', 'time zone the logs were written in (IANA name)', 'UTC')
    .option('--fields <list>', 'CSV field list, for alert_csv files written with a custom field list')
    .option('--workers <n>', 'parallel parser threads (default: one per core)', parsePositiveInt('--workers'))
    .option(
      '--follow',
      'keep reading the files as sensors append to them (Ctrl-C stops; rotation and truncation are handled)',
    )
    .option('--json', 'print one JSON summary to stdout')
    .addHelpText(
      'after',
      `
Formats (sniffed from the first lines unless --format is given):
${formats}

Re-ingesting an unchanged file is a no-op; a file that has grown is read from where the last
ingest stopped. Lines that do not parse are quarantined (see "idsift files" and the quarantine
table) and never stop the import.

Examples:
  idsift ingest logs/                      every file under logs/
  idsift ingest 'logs/alert.*' scans.gz    globs and gzip
  zcat alert.gz | idsift ingest - --year 2004
  idsift ingest --json eve.json | jq .rows
  idsift ingest --follow /var/log/snort/    keep reading as the sensor writes`,
    )
    .action(async (paths: string[], opts: IngestCommandOptions) => {
      if (opts.follow) return follow(paths, opts);
      const report = await withContext(
        opts,
        async ({ store, config }) => {
          const bar = createProgressBar('ingest');
          try {
            return await ingestFiles(store, {
              paths,
              ...(opts.format ? { format: opts.format } : {}),
              ...(opts.year ? { year: opts.year } : {}),
              tz: opts.tz,
              ...(opts.fields ? { formatOptions: { fields: opts.fields } } : {}),
              ...(opts.workers ? { workers: opts.workers } : {}),
              textPrefixes: textPrefixesOf(config.address),
              stdin: process.stdin,
              onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.rows),
            });
          } finally {
            bar.stop();
          }
        },
        'create',
      );
      if (opts.json) printJson(report);
      else printIngestReport(report);
      if (report.files.some((f) => f.status === 'failed')) process.exitCode = 1;
    });
}

interface IngestCommandOptions {
  format?: string;
  year?: number;
  tz: string;
  fields?: string;
  workers?: number;
  follow?: boolean;
  json?: boolean;
  store?: string;
  db?: string;
  config?: string;
}

/** `--follow`: poll, commit each second, stop cleanly on Ctrl-C (SIGINT) or SIGTERM. */
async function follow(paths: string[], opts: IngestCommandOptions): Promise<void> {
  if (paths.includes('-')) throw new UserError('--follow reads files, not standard input');
  // The store's saved groups and aliases, or the --config that replaces them (said once, here).
  const { book, config } = await withContext(opts, async (ctx) => ctx, 'create');
  const where = resolveStore(opts, config);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!opts.json) process.stderr.write(`following ${sanitiseOutput.terminal(paths.join(', '))} (Ctrl-C to stop)\n`);
  const started = performance.now();
  const files = await followFiles({
    paths,
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.year ? { year: opts.year } : {}),
    tz: opts.tz,
    ...(opts.fields ? { formatOptions: { fields: opts.fields } } : {}),
    textPrefixes: textPrefixesOf(config.address),
    signal: stop.signal,
    openSink: async () => {
      // Made by the context above: each commit's store only writes rows (no DDL every second).
      const store = await createStore(where, { mustExist: true });
      await store.applyAddressBook(book, config.addressHash);
      return store;
    },
    onCommit: ({ file, rows, totalRows }) => {
      if (!opts.json)
        process.stderr.write(`+${rows} rows from ${sanitiseOutput.terminal(file)} (${totalRows} in all)\n`);
    },
    onNotice: (message) => warn(message),
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  const report: IngestReport = {
    files,
    rows: files.reduce((n, f) => n + f.rows, 0),
    seconds: Math.round(performance.now() - started) / 1000,
  };
  if (opts.json) printJson(report);
  else printIngestReport(report);
}

function printIngestReport(report: IngestReport): void {
  printTable(
    ['file', 'format', 'status', 'rows', 'quarantined', 'recovered', 'first', 'last'],
    report.files.map((f) => [
      f.file,
      f.format ?? '?',
      f.status,
      f.rows,
      f.quarantined,
      f.recovered,
      f.first_ts ?? '',
      f.last_ts ?? '',
    ]),
  );
  for (const f of report.files) for (const w of f.warnings) warn(`${f.file}: ${w}`);
  const rate = report.seconds > 0 ? Math.round(report.rows / report.seconds).toLocaleString('en-US') : '-';
  process.stdout.write(
    `${report.rows.toLocaleString('en-US')} rows from ${report.files.length} file(s) in ${report.seconds.toFixed(2)} s (${rate} rows/s)\n`,
  );
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1970 || year > 2200)
    throw new InvalidArgumentError(`--year must be a four-digit year, not "${value}"`);
  return year;
}

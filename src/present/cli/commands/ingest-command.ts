import { Command, InvalidArgumentError, Option } from 'commander';
import { FORMATS } from '../../../ingest/formats/registry.js';
import { ingestFiles, type IngestReport } from '../../../ingest/ingest-files.js';
import { withContext } from '../cli-context.js';
import { printJson, printTable, warn } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { storeOptions } from './store-options.js';

export function ingestCommand(): Command {
  const formats = FORMATS.map((f) => `  ${f.name.padEnd(18)} ${f.description}`).join('\n');
  return storeOptions(new Command('ingest'))
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
    .option('--workers <n>', 'parallel parser threads (default: one per core)', (v) => Number(v))
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
  idsift ingest --json eve.json | jq .rows`,
    )
    .action(
      async (
        paths: string[],
        opts: {
          format?: string;
          year?: number;
          tz: string;
          fields?: string;
          workers?: number;
          json?: boolean;
          db?: string;
          config?: string;
        },
      ) => {
        const report = await withContext(opts, async ({ store }) => {
          const bar = createProgressBar('ingest');
          try {
            return await ingestFiles(store, {
              paths,
              ...(opts.format ? { format: opts.format } : {}),
              ...(opts.year ? { year: opts.year } : {}),
              tz: opts.tz,
              ...(opts.fields ? { formatOptions: { fields: opts.fields } } : {}),
              ...(opts.workers ? { workers: opts.workers } : {}),
              stdin: process.stdin,
              onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.rows),
            });
          } finally {
            bar.stop();
          }
        });
        if (opts.json) printJson(report);
        else printIngestReport(report);
        if (report.files.some((f) => f.status === 'failed')) process.exitCode = 1;
      },
    );
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

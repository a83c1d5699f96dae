import { Command, InvalidArgumentError } from 'commander';
import { UserError } from '../../../core/errors.js';
import { printJson, printLine, parsePositiveInt } from '../output.js';
import { createProgressBar } from '../progress-bar.js';

export function genCommand(): Command {
  return new Command('gen')
    .description(
      'Write a seeded classic three-day log set (alert, scans, oos) with the three detects injected, plus its ground truth',
    )
    .argument('<outdir>', 'folder to write into (created if missing)')
    .option('--mb <n>', 'total size in MB (0.5 to 2000)', parseMb, 10)
    .option('--seed <n>', 'random seed: same seed and size give byte-identical files', parsePositiveInt('--seed'), 1)
    .option(
      '--background-only',
      "no injected attack: the same site (busy resolvers, mail relays, busy clients, the Internet's sweeps) for false-positive checks; truth.json lists no scenario",
    )
    .option('--start <date>', 'first day, YYYY-MM-DD', '2004-04-20')
    .option('--json', 'print the ground truth as JSON')
    .addHelpText(
      'after',
      `
Writes alert.YYMMDD, scans.YYMMDD and oos_* files (named four days off, like the classic set),
idsift.config.json (groups and aliases for the set) and truth.json (what a correct analysis finds,
and which inside hosts are the site's resolvers, mail relays, web servers and busy clients).

Example:
  idsift gen /tmp/logs --mb 50 --seed 7 && cd /tmp/logs && idsift ingest . && idsift detect`,
    )
    .action(
      async (
        outDir: string,
        opts: { mb: number; seed: number; backgroundOnly?: boolean; start: string; json?: boolean },
      ) => {
        if (!/^\d{4}-\d\d-\d\d$/.test(opts.start) || Number.isNaN(Date.parse(opts.start))) {
          throw new UserError(`--start must be a date YYYY-MM-DD, not "${opts.start}"`);
        }
        const bar = createProgressBar('gen');
        // Loaded on use: the generator is not needed by any other command.
        const { generateClassicLogs } = await import('../../../gen/generate-classic-logs.js');
        const truth = await generateClassicLogs({
          outDir,
          mb: opts.mb,
          seed: opts.seed,
          backgroundOnly: opts.backgroundOnly === true,
          startDate: opts.start,
          onProgress: (done: number, total: number) => bar.update(done, total),
        }).finally(() => bar.stop());
        if (opts.json) return printJson(truth);
        const rows = truth.rows;
        printLine(
          `wrote ${truth.files.length} files to ${outDir}: ${rows.alert} alert, ${rows.scans} scans, ${rows.oos} oos records`,
        );
        printLine(`ground truth: ${outDir}/truth.json   config: ${outDir}/idsift.config.json`);
      },
    );
}

function parseMb(value: string): number {
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb < 0.5 || mb > 2000)
    throw new InvalidArgumentError(`--mb must be between 0.5 and 2000, not "${value}"`);
  return mb;
}

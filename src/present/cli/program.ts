/**
 * The `idsift` command line: every command, and one error policy. Every failure a user can cause ends as one line on stderr and a
 * non-zero exit; a stack trace appears only for bugs, and only with IDSIFT_DEBUG=1.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError, StoreError } from '../../core/errors.js';
import { demoCommand } from './commands/demo-command.js';
import { filesCommand } from './commands/files-command.js';
import { genCommand } from './commands/gen-command.js';
import { ingestCommand } from './commands/ingest-command.js';
import { ipCommand } from './commands/ip-command.js';
import { reportCommand } from './commands/report-command.js';
import { profileCommand } from './commands/profile-command.js';
import { ruleCommand } from './commands/rule-command.js';
import { rulesCommand } from './commands/rules-command.js';
import { sqlCommand } from './commands/sql-command.js';
import { stumbleCommand } from './commands/stumble-command.js';
import { topCommand } from './commands/top-command.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('idsift')
    .description(
      'Network-intrusion log analysis: read Snort/Suricata logs, correlate, find the attacks, write the analysis',
    )
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0]! + '\n') })
    .addHelpText(
      'after',
      `
Workflow:
  idsift ingest logs/            read alert, scans, oos (and Suricata/Snort 3) logs
  idsift files                   what was read, with log-integrity findings
  idsift top talkers             top sources per address group
  idsift ip MY.NET.12.4          one host's activity across every log
  idsift stumble                 hosts seen in every log kind
  idsift sql "SELECT …"          read-only SQL over the "events" view

Store: --db PATH (default ./idsift.duckdb or $IDSIFT_DB). Config: ./idsift.config.json or --config.
Try it: idsift demo`,
    );
  for (const command of [
    ingestCommand(),
    filesCommand(),
    topCommand(),
    ipCommand(),
    stumbleCommand(),
    rulesCommand(),
    ruleCommand(),
    profileCommand(),
    sqlCommand(),
    reportCommand(),
    genCommand(),
    demoCommand(),
  ]) {
    program.addCommand(
      command.exitOverride().configureOutput({ outputError: (text, write) => write(text.split('\n')[0]! + '\n') }),
    );
  }
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed its one-line error otherwise.
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (
      error instanceof UserError ||
      error instanceof StoreError ||
      (error as { code?: string }).code === 'commander.invalidArgument'
    ) {
      process.stderr.write(`idsift: ${message}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    process.stderr.write(`idsift: internal error: ${message} (set IDSIFT_DEBUG=1 for details)\n`);
    if (process.env.IDSIFT_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
}

/**
 * The `idsift` command line: every command, and one error policy. Every failure a user can cause ends as one line on stderr and a
 * non-zero exit; a stack trace appears only for bugs, and only with IDSIFT_DEBUG=1.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError, StoreError } from '../../core/errors.js';
import { sanitiseOutput } from '../sanitise-output.js';

/**
 * Every command, loaded on demand: a run imports only the module of the command it runs (DuckDB,
 * the chart and browser packages cost seconds to load), while top-level help loads them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  ingest: async () => (await import('./commands/ingest-command.js')).ingestCommand(),
  files: async () => (await import('./commands/files-command.js')).filesCommand(),
  top: async () => (await import('./commands/top-command.js')).topCommand(),
  ip: async () => (await import('./commands/ip-command.js')).ipCommand(),
  stumble: async () => (await import('./commands/stumble-command.js')).stumbleCommand(),
  detect: async () => (await import('./commands/detect-command.js')).detectCommand(),
  score: async () => (await import('./commands/score-command.js')).scoreCommand(),
  rules: async () => (await import('./commands/rules-command.js')).rulesCommand(),
  rule: async () => (await import('./commands/rule-command.js')).ruleCommand(),
  profile: async () => (await import('./commands/profile-command.js')).profileCommand(),
  sql: async () => (await import('./commands/sql-command.js')).sqlCommand(),
  report: async () => (await import('./commands/report-command.js')).reportCommand(),
  gen: async () => (await import('./commands/gen-command.js')).genCommand(),
  demo: async () => (await import('./commands/demo-command.js')).demoCommand(),
  serve: async () => (await import('./commands/serve-command.js')).serveCommand(),
};

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The program with the commands `argv` needs (all of them for top-level help or an unknown name). */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
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
  idsift serve                   the web workbench on http://127.0.0.1:8080/

Store: --db PATH (default ./idsift.duckdb or $IDSIFT_DB), or --store URL ($IDSIFT_STORE): duckdb:PATH or
  clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]. Config: ./idsift.config.json or --config.
Try it: idsift demo`,
    );
  const first = argv[2];
  const requested =
    first === '--version' || first === '-V'
      ? []
      : first !== undefined && Object.hasOwn(COMMANDS, first)
        ? [first]
        : Object.keys(COMMANDS);
  const commands = await Promise.all(requested.map((name) => COMMANDS[name]!()));
  for (const command of commands) {
    program.addCommand(
      command.exitOverride().configureOutput({ outputError: (text, write) => write(text.split('\n')[0]! + '\n') }),
    );
    if (!RUNS_ON_CLICKHOUSE.has(command.name())) command.hook('preAction', refuseClickHouse);
  }
  return program;
}

/**
 * The commands whose SQL runs on a ClickHouse store today. The detects still use DuckDB's window
 * functions, which ClickHouse 18.16 lacks, so detect, score (it shows the findings it changes),
 * report and serve stop with one clear line instead of a server's SQL error
 * (docs/ARCHITECTURE.md, "The store seam"). rules and rule run on both: each store keeps the rule
 * tables its own way (`Store.replaceRuleFile`), and the rule queries are portable.
 */
const RUNS_ON_CLICKHOUSE = new Set([
  ...['ingest', 'files', 'sql', 'gen', 'demo', 'top', 'stumble', 'ip', 'profile'],
  ...['rules', 'rule'],
]);

/** The list the refusal names, in the order of `COMMANDS`. */
const CLICKHOUSE_COMMANDS = Object.keys(COMMANDS).filter((name) => RUNS_ON_CLICKHOUSE.has(name));

async function refuseClickHouse(command: Command, action: Command): Promise<void> {
  const { loadConfig } = await import('../../core/config.js');
  const { resolveStore } = await import('./cli-context.js');
  const opts = action.optsWithGlobals<{ store?: string; db?: string; config?: string }>();
  const where = resolveStore(opts, loadConfig(opts.config));
  if (where.backend !== 'duckdb')
    throw new UserError(
      `${command.name()} needs a DuckDB store for now (--db PATH); on ClickHouse, ${CLICKHOUSE_COMMANDS.join(', ')} run today`,
    );
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed its one-line error otherwise.
      return error.exitCode;
    }
    // Error text can quote log data or a query: one line, sanitised like any other output.
    const message = sanitiseOutput.terminal((error instanceof Error ? error.message : String(error)).split('\n')[0]!);
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

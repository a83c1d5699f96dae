import { Command } from 'commander';
import { loadRuleFiles, type LoadRulesSummary } from '../../../analyze/rules/load-rule-files.js';
import { withContext } from '../cli-context.js';
import { printJson, printLine, printTable, warn } from '../output.js';
import { sanitiseOutput } from '../../sanitise-output.js';
import { storeOptions } from './store-options.js';

/** Problems listed in text output; `--json` always has them all. */
const PROBLEMS_SHOWN = 20;

export function rulesCommand(): Command {
  const load = storeOptions(new Command('load'))
    .description('Load Snort/Suricata rule files, classification.config, reference.config, sid-msg.map and gen-msg.map')
    .argument('<paths...>', 'files, folders (searched recursively) or globs')
    .option('--json', 'print one JSON summary to stdout')
    .addHelpText(
      'after',
      `
What each file is comes from its name (*.rules, classification.config, reference.config,
*sid-msg*.map, *gen-msg*.map) or, for files named on the command line, from its content.
Commented-out rules are kept (marked disabled) so that old alerts still find their message.
Loading a file again replaces what it gave before. Lines that cannot be read are reported with
file:line and never stop the load.

Afterwards alerts map to rules by gid:sid, and classic sid-less alerts by message text:
"idsift rule 1228" shows the rule, its class, priority and reference links.

Examples:
  idsift rules load /etc/snort/rules/
  idsift rules load community.rules classification.config reference.config sid-msg.map
  idsift rules load 'rules/*.rules' --json | jq .alerts`,
    )
    .action(async (paths: string[], opts: { json?: boolean; db?: string; config?: string }) => {
      const onFile = (file: string): void => {
        if (process.stderr.isTTY) process.stderr.write(`reading ${sanitiseOutput.terminal(file)}\n`);
      };
      const summary = await withContext(opts, ({ store }) => loadRuleFiles(store, paths, { onFile }), 'write');
      if (opts.json) printJson(summary);
      else printSummary(summary);
    });
  return new Command('rules')
    .description('Rule knowledge: load rule files so alerts show sid, class, priority and references')
    .addCommand(
      load.exitOverride().configureOutput({ outputError: (text, write) => write(text.split('\n')[0]! + '\n') }),
    )
    .addHelpText('after', '\nExample:\n  idsift rules load /etc/snort/rules/');
}

function printSummary(summary: LoadRulesSummary): void {
  if (summary.files.length > 0) {
    printTable(
      ['file', 'kind', 'entries', 'disabled', 'problems'],
      summary.files.map((f) => [f.file, f.kind, f.entries, f.disabled || '', f.problems || '']),
    );
  } else printLine('no rule files loaded');
  for (const s of summary.skipped) warn(`skipped ${s.file}: ${s.reason}`);
  for (const p of summary.problems.slice(0, PROBLEMS_SHOWN)) warn(`${p.file}:${p.line}: ${p.code}: ${p.message}`);
  if (summary.problems.length > PROBLEMS_SHOWN)
    warn(`… and ${summary.problems.length - PROBLEMS_SHOWN} more problems (see --json)`);
  const { total, matched } = summary.alerts;
  printLine(
    `${summary.files.length} files in ${summary.seconds} s; ${matched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} stored alerts map to a loaded rule`,
  );
}

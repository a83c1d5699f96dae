import { Command } from 'commander';
import { lookupRule, type RuleLookup } from '../../../analyze/rules/lookup-rule.js';
import { withContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { storeOptions } from './store-options.js';

export function ruleCommand(): Command {
  return storeOptions(new Command('rule'))
    .description('The rule behind an alert: text, message, class, priority, references, matching alerts')
    .argument('<query...>', 'a sid (1228), gid:sid (1:1228, 100:1), or (part of) the rule message')
    .option('--json', 'print one JSON object to stdout')
    .addHelpText(
      'after',
      `
A plain sid means gid 1 when such a rule exists. A message matches exactly (any case) or, failing
that, as part of exactly one rule message. Rules come from "idsift rules load".

Examples:
  idsift rule 1228
  idsift rule 100:1
  idsift rule "NETBIOS NT NULL session"
  idsift rule shaft client --json`,
    )
    .action(async (words: string[], opts: { json?: boolean; db?: string; config?: string }) => {
      const rule = await withContext(opts, ({ store }) => lookupRule(store, words.join(' ')));
      if (opts.json) printJson(rule);
      else printRule(rule);
    });
}

function printRule(rule: RuleLookup): void {
  const id =
    rule.sid === null
      ? 'no sid (matched by message)'
      : `${rule.gid}:${rule.sid}${rule.rev === null ? '' : `:${rule.rev}`}`;
  const state = rule.enabled === false ? '  (disabled: commented out)' : '';
  const field = (name: string, value: string): void => printLine(`${name.padEnd(11)}${value}`);
  field('rule', `${id}${state}`);
  field('message', rule.msg ?? '(none)');
  if (rule.class) {
    field(
      'class',
      `${rule.class.name}${rule.class.description ? ` (${rule.class.description})` : ' (not in any loaded classification.config)'}`,
    );
  }
  field(
    'priority',
    rule.priority === null
      ? '(none)'
      : `${rule.priority}${rule.priority_from === 'classtype' ? ' (from its class)' : ''}`,
  );
  for (const ref of rule.references) field('reference', ref.url ?? `${ref.system},${ref.id}`);
  if (rule.metadata) field('metadata', rule.metadata);
  field('alerts', `${rule.alerts.toLocaleString('en-US')} stored alerts match`);
  for (const s of rule.sources)
    field('defined in', `${s.file}:${s.line} (${s.origin}${s.enabled ? '' : ', disabled'})`);
  for (const other of rule.same_message) {
    field('also', `${other.sid === null ? 'a sid-less rule' : `${other.gid}:${other.sid}`} has the same message`);
  }
  if (rule.text) {
    printLine();
    for (const line of rule.text.split('\n')) printLine(line);
  }
}

import { Command, InvalidArgumentError } from 'commander';
import { detectKinds, runDetects } from '../../../analyze/detect/run-detects.js';
import { overrideKey, SEVERITY_FIELDS, type SeverityOverride } from '../../../analyze/severity/apply-overrides.js';
import { writeScoreOverride } from '../../../analyze/severity/score-overrides.js';
import { UserError } from '../../../core/errors.js';
import { withContext } from '../cli-context.js';
import { printJson, printLine, warn } from '../output.js';
import { printFindingTable } from '../print-findings.js';
import { storeOptions } from './store-options.js';

const level = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new InvalidArgumentError(`${name} takes a whole number from 1 to 5, not "${v}"`);
  return n;
};

interface ScoreOptions extends Partial<Record<(typeof SEVERITY_FIELDS)[number], number>> {
  kind?: string;
  reset?: boolean;
  json?: boolean;
  db?: string;
  config?: string;
}

export function scoreCommand(): Command {
  return storeOptions(new Command('score'))
    .description("The analyst's severity inputs for a detect's subject, kept across re-runs")
    .argument('<subject>', 'the finding subject (any spelling: 130.85.1.2 and MY.NET.1.2 are one host)')
    .option(
      '--kind <kind>',
      `only the finding of this kind (default: every finding about the subject)`,
      (v: string) => {
        if (!detectKinds().includes(v)) throw new InvalidArgumentError(`choose one of ${detectKinds().join(', ')}`);
        return v;
      },
    )
    .option('--criticality <n>', 'how much the target matters, 1–5', level('--criticality'))
    .option('--lethality <n>', 'how much damage the attack can do, 1–5', level('--lethality'))
    .option('--system <n>', 'system countermeasures (patches, host defences), 1–5', level('--system'))
    .option('--network <n>', 'network countermeasures (firewall, filtering), 1–5', level('--network'))
    .option('--reset', 'forget the stored values for this subject (and kind) before applying the new ones')
    .option('--json', 'print the updated finding (an array of findings without --kind)')
    .addHelpText(
      'after',
      `
Overrides live in the store's "scores" table, keyed "kind:subject" with --kind, else "subject"
(applies to every kind; a kind-specific value wins). Inputs you do not give keep their stored or
derived value; they show as "overridden" with the derived value in the reason.

Examples:
  idsift score 193.159.159.112 --kind low-and-slow --criticality 5
  idsift score MY.NET.28.235 --system 1 --network 1
  idsift score MY.NET.28.235 --reset`,
    )
    .action(async (subject: string, opts: ScoreOptions) => {
      const values: SeverityOverride = {};
      for (const f of SEVERITY_FIELDS) if (opts[f] !== undefined) values[f] = opts[f];
      if (Object.keys(values).length === 0 && !opts.reset) {
        throw new UserError('give at least one of --criticality, --lethality, --system, --network (or --reset)');
      }
      const { key, stored, findings } = await withContext(
        opts,
        async (ctx) => {
          const host = ctx.book.hostOf(subject);
          const key = overrideKey(opts.kind, host);
          const stored = await writeScoreOverride(ctx.store, key, values, opts.reset ?? false);
          const all = await runDetects(ctx);
          return {
            key,
            stored,
            findings: all.filter((f) => f.subject === host && (opts.kind === undefined || f.kind === opts.kind)),
          };
        },
        'write',
      );
      if (findings.length === 0)
        warn(`no current finding about ${key}; the values are stored and apply when one appears`);
      if (opts.json) return printJson(opts.kind === undefined ? findings : (findings[0] ?? null));
      const set = SEVERITY_FIELDS.filter((f) => stored[f] !== undefined).map((f) => `${f} ${stored[f]}`);
      printLine(`${key}: ${set.length > 0 ? set.join(', ') : 'no override (derived values)'}`);
      if (findings.length > 0) printFindingTable(findings);
    });
}

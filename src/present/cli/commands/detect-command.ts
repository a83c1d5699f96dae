import { Command, InvalidArgumentError } from 'commander';
import { detectKinds, runDetects } from '../../../analyze/detect/run-detects.js';
import type { ListLimit } from '../../../analyze/finding.js';
import { withContext } from '../cli-context.js';
import { createStepLine } from '../progress-bar.js';
import { parsePositiveInt, printJson, printLine, warn } from '../output.js';
import { markCappedFindings } from '../mark-capped-findings.js';
import { describeLimit, printFindingDetail, printFindingTable } from '../print-findings.js';
import { storeOptions } from './store-options.js';

export function detectCommand(): Command {
  return storeOptions(new Command('detect'))
    .description(
      'Automatic detects (scans, scan-then-connect, compromised hosts, low-and-slow, crafted packets), scored',
    )
    .option('--kind <kind>', `only findings of this kind: ${detectKinds().join(', ')}`, (v: string) => {
      if (!detectKinds().includes(v)) throw new InvalidArgumentError(`choose one of ${detectKinds().join(', ')}`);
      return v;
    })
    .option('--limit <n>', 'show at most n findings (highest scores first)', parsePositiveInt('--limit'))
    .option('--verbose', 'each finding in full: severity reasons, spoofing, mechanism, action, evidence')
    .option('--json', 'print one JSON array of findings')
    .addHelpText(
      'after',
      `
Severity = (criticality + lethality) − (system + network countermeasures), each 1–5, derived from
the evidence with a reason for each; set your own with "idsift score". Thresholds come from the
config's "detect.<analysis>" sections (see docs/DETECTS.md).

Examples:
  idsift detect
  idsift detect --kind low-and-slow --verbose
  idsift detect --json > findings.json`,
    )
    .action(
      async (opts: {
        kind?: string;
        limit?: number;
        verbose?: boolean;
        json?: boolean;
        db?: string;
        config?: string;
      }) => {
        const limits: ListLimit[] = [];
        // Seconds on a large store: the step under way on a terminal.
        const line = createStepLine('detect');
        const all = await withContext(opts, (ctx) =>
          runDetects({ ...ctx, onStep: line.step }, limits).finally(line.stop),
        );
        // Said on stderr, and in --json on each finding of a cut kind (`list`) so that it stays one
        // array; the findings' own cut lists (evidence, related) are in their `limits`.
        for (const l of limits) warn(describeLimit(l));
        let findings = opts.kind === undefined ? all : all.filter((f) => f.kind === opts.kind);
        if (opts.limit !== undefined) findings = findings.slice(0, opts.limit);
        if (opts.json) return printJson(markCappedFindings(findings, limits));
        if (findings.length === 0) {
          printLine('no findings');
          return;
        }
        if (opts.verbose) findings.forEach((f, i) => printFindingDetail(f, i + 1));
        else printFindingTable(findings);
      },
    );
}

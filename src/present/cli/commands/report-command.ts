import { Command, InvalidArgumentError } from 'commander';
import { REPORT_ANALYSES } from '../../report/collect-report-data.js';
import { writeReport, type ReportFormat } from '../../report/write-report.js';
import { formatBytes } from '../../report/report-format.js';
import { assertChromiumAvailable } from '../../report/write-pdf.js';
import { withContext } from '../cli-context.js';
import { printLine } from '../output.js';
import { createStepLine } from '../progress-bar.js';
import { storeOptions } from './store-options.js';

export const DEFAULT_REPORT_OUT = 'idsift-report.html';

export function reportCommand(): Command {
  return storeOptions(new Command('report'))
    .description(
      'Write the full analysis (summary, files, detects, statistics, method) as one self-contained HTML file',
    )
    .option('--out <file>', `HTML (or Markdown) file to write (default ${DEFAULT_REPORT_OUT}, or .md with --format md)`)
    .option('--pdf <file>', 'also print the report to PDF through headless Chromium (/usr/bin/chromium)')
    .option('--format <format>', 'html or md (Markdown for tickets)', (v: string) => {
      if (v !== 'html' && v !== 'md') throw new InvalidArgumentError('--format takes "html" or "md"');
      return v;
    })
    .addHelpText(
      'after',
      `
The HTML file is self-contained: styles, charts and link diagrams are inline and it loads nothing.
Thresholds (noisy signatures, evidence lines, profiles…) come from the config's "detect.report" section.

Examples:
  idsift report                                   writes ./idsift-report.html
  idsift report --out week16.html --pdf week16.pdf
  idsift report --format md --out ticket.md`,
    )
    .action(async (opts: { out?: string; pdf?: string; format?: ReportFormat; db?: string; config?: string }) => {
      if (opts.pdf !== undefined) assertChromiumAvailable();
      const format = opts.format ?? 'html';
      // `--pdf` alone writes just the PDF; otherwise the HTML/Markdown file (default name) too.
      const out =
        opts.out ?? (opts.pdf !== undefined ? undefined : format === 'md' ? 'idsift-report.md' : DEFAULT_REPORT_OUT);
      const line = createStepLine('report');
      const written = await withContext(opts, (ctx) =>
        writeReport(ctx, REPORT_ANALYSES, { out, pdf: opts.pdf, format, onStep: line.step }).finally(line.stop),
      );
      for (const f of written.files) {
        printLine(`wrote ${f.path} (${formatBytes(f.bytes)})`);
      }
      printLine(
        `${written.data.findings.length} detects, ${written.data.totals.events.toLocaleString('en-US')} events, ${(written.ms / 1000).toFixed(1)} s`,
      );
    });
}

/**
 * `idsift report` end to end: collect from the store, render, write HTML / Markdown / PDF.
 * Shared by the CLI command and the benchmark so both measure the same work.
 */
import { stat, writeFile } from 'node:fs/promises';
import {
  collectReportData,
  type CollectReportOptions,
  type ReportAnalyses,
  type ReportContext,
} from './collect-report-data.js';
import { renderHtmlReport } from './render-html-report.js';
import { renderMarkdownReport } from './render-markdown-report.js';
import type { ReportData } from './report-data.js';
import { writePdf } from './write-pdf.js';

export type ReportFormat = 'html' | 'md';

export interface WriteReportOptions extends CollectReportOptions {
  /** HTML (or Markdown with `format: 'md'`) output path; omitted = do not write it. */
  out?: string;
  format?: ReportFormat;
  /** PDF output path (rendered from the HTML). */
  pdf?: string;
}

export interface WrittenReport {
  data: ReportData;
  files: { path: string; bytes: number }[];
  ms: number;
}

export async function writeReport(
  ctx: ReportContext,
  analyses: ReportAnalyses,
  options: WriteReportOptions,
): Promise<WrittenReport> {
  const started = performance.now();
  const data = await collectReportData(ctx, analyses, options);
  const files: WrittenReport['files'] = [];
  const timed = async (step: string, body: () => Promise<void>): Promise<void> => {
    options.onStep?.(step);
    const t = performance.now();
    await body();
    data.meta.timings[step] = Math.round(performance.now() - t);
  };
  let html: string | null = null;
  const htmlReport = async (): Promise<string> => (html ??= await renderHtmlReport(data, ctx.book));
  if (options.out !== undefined) {
    const out = options.out;
    await timed(`render ${options.format ?? 'html'}`, async () => {
      const text = options.format === 'md' ? renderMarkdownReport(data, ctx.book) : await htmlReport();
      await writeFile(out, text);
      files.push({ path: out, bytes: Buffer.byteLength(text) });
    });
  }
  if (options.pdf !== undefined) {
    const pdf = options.pdf;
    await timed('render pdf', async () => {
      await writePdf(await htmlReport(), pdf);
      files.push({ path: pdf, bytes: (await stat(pdf)).size });
    });
  }
  return { data, files, ms: Math.round(performance.now() - started) };
}

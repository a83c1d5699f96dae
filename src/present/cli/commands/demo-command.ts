import { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topPorts, topTalkers } from '../../../analyze/top-n/top-n.js';
import { findStumblers } from '../../../analyze/stumble/stumble.js';
import { UserError } from '../../../core/errors.js';
import { ingestFiles } from '../../../ingest/ingest-files.js';
import { resolveStore, withContext } from '../cli-context.js';
import { describeStore } from '../../../store/create-store.js';
import { printLine, printTable, warn } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { summariseFiles } from './files-command.js';
import { REPORT_ANALYSES } from '../../report/collect-report-data.js';
import { writeReport } from '../../report/write-report.js';
import { printFindingTable } from '../print-findings.js';

/** The bundled demo data set: a small classic three-day log set made by `idsift gen`. */
export const DEMO_DIR = fileURLToPath(new URL('../../../../data/demo/', import.meta.url));

const DEMO_DB = './idsift-demo.duckdb';

export function demoCommand(): Command {
  return new Command('demo')
    .description('Ingest the bundled sample logs into a fresh store and show what idsift finds')
    .option('--db <path>', 'DuckDB store file to (re)create for the demo (default ./idsift-demo.duckdb)')
    .option(
      '--store <url>',
      'or a store URL (duckdb:PATH or clickhouse://…; a ClickHouse database keeps what it holds, re-ingest adds nothing)',
    )
    .option('--out <file>', 'where to write the report', './idsift-demo-report.html')
    .action(async (opts: { db?: string; store?: string; out: string }) => {
      if (!existsSync(DEMO_DIR)) throw new UserError(`bundled demo logs not found at ${DEMO_DIR}`);
      // The demo's own default, not the user's $IDSIFT_STORE/$IDSIFT_DB: it recreates the store.
      const where = resolveStore(opts.store === undefined ? { db: opts.db ?? DEMO_DB } : opts);
      if (where.backend === 'duckdb') for (const suffix of ['', '.wal']) rmSync(where.path + suffix, { force: true });
      const location = describeStore(where);
      const config = `${DEMO_DIR}idsift.config.json`;
      const context = where.backend === 'duckdb' ? { db: where.path, config } : { store: location, config };
      await withContext(
        context,
        async (ctx) => {
          const { store, book } = ctx;
          printLine(`idsift demo: the bundled classic three-day Snort log set (${DEMO_DIR})`);
          const bar = createProgressBar('ingest');
          const report = await ingestFiles(store, {
            paths: [DEMO_DIR],
            onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.rows),
          }).finally(() => bar.stop());
          const files = summariseFiles(await store.listFiles());
          printTable(
            ['file', 'format', 'rows', 'quarantined', 'recovered', 'first (UTC)', 'last (UTC)'],
            files.map((f) => [
              f.file.replace(DEMO_DIR, ''),
              f.format,
              f.rows,
              f.quarantined,
              f.recovered,
              f.first_ts ?? '',
              f.last_ts ?? '',
            ]),
            { title: `Files: ${report.rows.toLocaleString('en-US')} events in ${report.seconds.toFixed(2)} s` },
          );
          for (const f of files) for (const w of f.warnings) warn(`${f.file.replace(DEMO_DIR, '')}: ${w}`);
          printLine();
          for (const group of book.groupNames()) {
            const talkers = await topTalkers(store, { group, limit: 5 });
            const ports = await topPorts(store, { group, limit: 5 });
            printTable(
              ['#', 'talker', 'events', 'port', 'events'],
              Array.from({ length: Math.max(talkers.length, ports.length) }, (_, i) => [
                i + 1,
                talkers[i]?.key,
                talkers[i]?.events,
                ports[i]?.key,
                ports[i]?.events,
              ]),
              { title: `Top 5 talkers and targeted ports — ${group}` },
            );
          }
          const stumble = await findStumblers(store);
          printLine();
          printLine(
            `Hosts seen as a source in every log kind (${stumble.kinds.join(', ')}): ${stumble.hosts.map((h) => h.address).join(', ') || 'none'}`,
          );
          printLine();
          // The detects and the written analysis: one pass, the report carries the findings.
          const written = await writeReport(ctx, REPORT_ANALYSES, {
            out: opts.out,
            format: 'html',
            onStep: process.stderr.isTTY ? (step) => process.stderr.write(`\r\x1b[Kreport: ${step}…`) : undefined,
          }).finally(() => {
            if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          });
          const findings = written.data.findings;
          // Listed as everywhere (compareFindings): incidents first, then scans, each tier by score.
          const shown = findings.slice(0, 8);
          printLine(
            `Detects: ${findings.length} findings; ${shown.length < findings.length ? `the first ${shown.length}, ` : ''}incidents first, then scans, by score within each:`,
          );
          printFindingTable(shown);
          printLine();
          printLine(`Report: ${opts.out}   Store: ${location}`);
          const again = `${where.backend === 'duckdb' ? `--db ${location}` : `--store ${location}`} --config ${config}`;
          printLine(`Next:   idsift detect ${again}`);
          printLine(`        idsift ip <address> ${again}`);
          printLine(`        idsift serve ${again}   (the web workbench)`);
        },
        'create',
      );
    });
}

import { Command } from 'commander';
import { isoFromMicrosExact } from '../../../core/time.js';
import type { StoredFile } from '../../../ingest/ingest-sink.js';
import { storeLocation, withContext } from '../cli-context.js';
import { printJson, printLine, printTable } from '../output.js';
import { storeOptions } from './store-options.js';

/** One file as the contract shows it; the segments of a grown file are merged. */
export interface FileSummary {
  file: string;
  format: string;
  rows: number;
  quarantined: number;
  recovered: number;
  first_ts: string | null;
  last_ts: string | null;
  warnings: string[];
  size: number;
  year: number;
  name_date: string | null;
  segments: number;
}

export function summariseFiles(stored: StoredFile[]): FileSummary[] {
  const byRoot = new Map<number, StoredFile[]>();
  for (const f of stored) byRoot.set(f.rootId, [...(byRoot.get(f.rootId) ?? []), f]);
  return [...byRoot.values()].map((segments) => {
    const last = segments[segments.length - 1]!;
    const firsts = segments.map((s) => s.firstTs).filter((t): t is number => t !== null);
    const lasts = segments.map((s) => s.lastTs).filter((t): t is number => t !== null);
    return {
      file: last.path,
      format: last.format,
      rows: segments.reduce((n, s) => n + s.rows, 0),
      quarantined: segments.reduce((n, s) => n + s.quarantined, 0),
      recovered: segments.reduce((n, s) => n + s.recovered, 0),
      first_ts: firsts.length ? isoFromMicrosExact(Math.min(...firsts)) : null,
      last_ts: lasts.length ? isoFromMicrosExact(Math.max(...lasts)) : null,
      warnings: [...new Set(segments.flatMap((s) => s.warnings))],
      size: last.endOffset,
      year: last.year,
      name_date: last.nameDate,
      segments: segments.length,
    };
  });
}

export function filesCommand(): Command {
  return storeOptions(new Command('files'))
    .description('What has been ingested, with the log-integrity findings')
    .option('--json', 'print one JSON array to stdout')
    .action(async (opts: { json?: boolean; store?: string; db?: string; config?: string }) => {
      const { stored, config, location } = await withContext(opts, async ({ store, config }) => ({
        stored: await store.listFiles(),
        config: await store.readAddressConfig(),
        location: storeLocation(opts, config),
      }));
      const files = summariseFiles(stored);
      if (opts.json) {
        // The groups and aliases the store was classified with at ingest (null: a store from before they were saved).
        printJson({ store: location, config, files });
        return;
      }
      printTable(
        ['file', 'format', 'rows', 'quarantined', 'recovered', 'first (UTC)', 'last (UTC)'],
        files.map((f) => [f.file, f.format, f.rows, f.quarantined, f.recovered, f.first_ts ?? '', f.last_ts ?? '']),
      );
      for (const f of files) {
        for (const w of f.warnings) printLine(`  ${f.file}: ${w}`);
      }
    });
}

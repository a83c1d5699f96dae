/**
 * Put a list of events straight into a store as one file, through the same batch path ingest
 * uses. For tests of analyses on small hand-built event sets, and for tools that synthesise events.
 */
import type { EventRecord, SourceKind } from '../core/event.js';
import type { Problem } from '../core/problem.js';
import { EventBatchBuilder } from '../ingest/event-batch-builder.js';
import type { IngestSink, NewFile } from '../ingest/ingest-sink.js';

export interface LoadEventsOptions {
  /** File name recorded for these events (default `events`). */
  name?: string;
  format?: string;
  problems?: Problem[];
}

/** Load events as one file; line numbers are the events' positions (1-based). Returns the file id. */
export async function loadEvents(
  sink: IngestSink,
  events: readonly EventRecord[],
  options: LoadEventsOptions = {},
): Promise<number> {
  const name = options.name ?? 'events';
  const writer = await sink.beginFile(
    syntheticFile(
      name,
      options.format ?? 'synthetic',
      events[0]?.source ?? 'alert',
      `${name}:${events.length}:${Math.random()}`,
    ),
  );
  const builder = new EventBatchBuilder();
  let firstTs: number | null = null;
  let lastTs: number | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    builder.add(0, i + 1, e);
    firstTs = firstTs === null ? e.ts : Math.min(firstTs, e.ts);
    lastTs = lastTs === null ? e.ts : Math.max(lastTs, e.ts);
    if (builder.full) await writer.append(builder.take());
  }
  if (builder.size > 0) await writer.append(builder.take());
  if (options.problems) await writer.quarantine(options.problems);
  await writer.commit({
    rows: events.length,
    quarantined: options.problems?.length ?? 0,
    recovered: 0,
    firstTs,
    lastTs,
    lastLine: events.length,
    endOffset: 0,
    warnings: [],
  });
  return writer.fileId;
}

/** A file that exists only as the events handed to the store (no bytes on disk to identify). */
export function syntheticFile(name: string, format: string, source: SourceKind, headHash: string = name): NewFile {
  return {
    identity: { path: name, headHash, tailHash: '', size: 0 },
    name,
    format,
    source,
    gzip: false,
    year: 2004,
    tz: 'UTC',
    nameDate: null,
    continues: null,
    startOffset: 0,
    firstLine: 1,
  };
}

/**
 * Worker-thread entry: parses the files (or parts of files) the main thread sends it, one job at a
 * time, and posts columnar batches (transferring their buffers, not copying them) to the main
 * thread, which owns the store. A worker serves a whole ingest run (see worker-pool.ts), so its
 * compiled code stays warm from one file to the next. At most MAX_IN_FLIGHT messages of batches or
 * problems wait unacknowledged, so a slow store holds the parser back instead of filling memory.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { EventBatch } from '../core/event-columns.js';
import { parseLogStream } from './line-feeder.js';
import type { ParseJob } from './parse-file.js';
import { openLogStream } from './read-lines.js';
import { firstLineOf } from './split-file.js';

export interface WorkerInput {
  job: ParseJob;
  path: string;
  gzip: boolean;
  startOffset: number;
  /** Read up to this byte offset (the size the file had when identified). */
  endOffset: number;
  firstLine: number;
  /** Stamped on every batch: this worker's part of a file parsed in parts (default 0). */
  producer?: number;
  /** `firstLine` is the number of the line at this offset; the worker counts on to `startOffset`. */
  countedFrom?: number;
}

/** What the main thread sends: a job, or the acknowledgement of one batch. */
export type WorkerRequest = { type: 'job'; input: WorkerInput } | 'ack';

export type WorkerMessage =
  | { type: 'batch'; batch: EventBatch }
  | { type: 'problems'; problems: import('../core/problem.js').Problem[] }
  | { type: 'progress'; rawBytes: number }
  | { type: 'done'; summary: import('./parse-file.js').ParseSummary; rawBytes: number }
  | { type: 'error'; message: string };

const MAX_IN_FLIGHT = 3;

/** Batches the current job may still post before an acknowledgement comes back. */
let credits = MAX_IN_FLIGHT;
let wake: (() => void) | null = null;
/** Jobs run one after another, in the order they came. */
let jobs: Promise<void> = Promise.resolve();

function main(): void {
  const port = parentPort!;
  port.on('message', (message: WorkerRequest) => {
    if (message === 'ack') {
      credits++;
      wake?.();
      wake = null;
    } else jobs = jobs.then(() => runJob(port, message.input));
  });
}

/** Wait for a message's credit: batches and problems alike wait for the main thread to catch up. */
async function credit(): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
}

async function runJob(port: MessagePort, input: WorkerInput): Promise<void> {
  credits = MAX_IN_FLIGHT;
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  try {
    // Before the stream opens: it flows as soon as it is open, and nothing may be read unparsed.
    const firstLine = await firstLineOf(input.path, {
      start: input.startOffset,
      end: input.endOffset,
      firstLine: input.firstLine,
      ...(input.countedFrom === undefined ? {} : { countedFrom: input.countedFrom }),
    });
    const { stream, rawBytes, damage } = openLogStream(input.path, input.gzip, input.startOffset, input.endOffset);
    const summary = await parseLogStream(
      input.job,
      stream,
      { start: input.startOffset, firstLine },
      {
        batch: async (batch) => {
          await credit();
          if (input.producer) batch.producer = input.producer;
          const transfer: ArrayBuffer[] = [];
          for (const column of batch.columns) {
            if (column === null) continue;
            transfer.push(column.validity.buffer as ArrayBuffer);
            if (column.kind !== 'text') transfer.push(column.data);
            else transfer.push(column.bytes, column.offsets.buffer as ArrayBuffer);
          }
          post({ type: 'batch', batch }, transfer);
        },
        problems: async (problems) => {
          await credit();
          post({ type: 'problems', problems });
        },
        progress: () => post({ type: 'progress', rawBytes: input.startOffset + rawBytes() }),
      },
      damage,
    );
    post({ type: 'done', summary, rawBytes: input.startOffset + rawBytes() });
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
  }
}

main();

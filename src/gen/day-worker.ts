/**
 * Worker-thread entry: writes the day in `workerData` and posts progress, then the day's tally
 * (its typed arrays transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateDay, type DayJob } from './generate-day.js';

const port = parentPort!;
let last = 0;
const tally = await generateDay(workerData as DayJob, (bytes) => {
  // A message per minute of log is plenty for a progress bar.
  if (bytes - last >= 1 << 20) {
    last = bytes;
    port.postMessage({ type: 'progress', bytes });
  }
});
const { internal, firewall, external } = tally.ports;
port.postMessage({ type: 'done', tally }, [
  internal.buffer as ArrayBuffer,
  firewall.buffer as ArrayBuffer,
  external.buffer as ArrayBuffer,
]);

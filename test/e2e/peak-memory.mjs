// Preloaded (`node --import`) into an idsift child process by the memory tests: samples the JS
// heap while the command runs and, at exit, prints the peaks as one line on stderr. The kernel's
// maxRSS covers the whole process (worker threads and DuckDB's native memory included).
import { writeSync } from 'node:fs';
import { setInterval } from 'node:timers';

let heapPeak = 0;
const sample = () => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
setInterval(sample, 20).unref();
process.on('exit', () => {
  sample();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  writeSync(2, `\nidsift-peak-memory ${JSON.stringify({ maxRssBytes, heapPeakBytes: heapPeak })}\n`);
});

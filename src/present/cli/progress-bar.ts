/**
 * A progress bar on stderr when it is a terminal (bytes, rows/s, ETA); silent otherwise so logs
 * and pipes stay clean.
 */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number, rows?: number): void;
  stop(): void;
}

const SILENT: ProgressBar = { update: () => {}, stop: () => {} };

export function createProgressBar(label: string, enabled = process.stderr.isTTY === true): ProgressBar {
  if (!enabled) return SILENT;
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {doneMb}/{totalMb} MB | {rate} rows/s | ETA {etaText}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update(done, total, rows = 0) {
      const seconds = (performance.now() - started) / 1000;
      const payload = {
        doneMb: (done / 1e6).toFixed(1),
        totalMb: (total / 1e6).toFixed(1),
        rate: seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-US') : '0',
        etaText: eta(done, total, seconds),
      };
      if (!running) {
        bar.start(Math.max(total, 1), done, payload);
        running = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (running) bar.stop();
    },
  };
}

/** Time left at the rate so far: `…` until there is a rate to go by, then `1m35s` / `12s`. */
export function eta(done: number, total: number, seconds: number): string {
  if (done >= total) return '0s';
  if (seconds < 0.5 || done <= 0) return '…';
  const left = Math.ceil(((total - done) * seconds) / done);
  return left >= 60 ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s` : `${left}s`;
}

export interface StepLine {
  /** Show the step now under way (replacing the last). */
  step(name: string): void;
  /** Clear the line. */
  stop(): void;
}

/**
 * One line on stderr naming the step under way (`report: events over time…`), for work that has
 * steps rather than bytes; only on a terminal, silent otherwise.
 */
export function createStepLine(label: string, enabled = process.stderr.isTTY === true): StepLine {
  if (!enabled) return { step: () => {}, stop: () => {} };
  return {
    step: (name) => process.stderr.write(`\r\x1b[K${label}: ${name}…`),
    stop: () => process.stderr.write('\r\x1b[K'),
  };
}

/**
 * The parse workers of one ingest run: at most `size` threads, started when first needed and kept
 * until the run ends, so each pays its start-up and its JIT warm-up once rather than once per file
 * (with a worker per file, compiling the same parsers again took a seventh of ingest's CPU).
 */
import { Worker } from 'node:worker_threads';

export class ParseWorkerPool {
  /** Every worker started and not yet stopped, busy or idle. */
  private readonly live = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiting: { resolve: (worker: Worker) => void; reject: (error: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly size: number) {}

  /** A free worker, started if the pool is not full, else the next one released. */
  acquire(): Promise<Worker> {
    if (this.closed) return Promise.reject(stopped());
    const worker = this.idle.pop() ?? (this.live.size < this.size ? this.start() : null);
    if (worker) {
      worker.ref();
      return Promise.resolve(worker);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A worker whose job finished cleanly goes to the next waiting job, or idles. */
  release(worker: Worker): void {
    if (this.closed || !this.live.has(worker)) {
      this.stop(worker);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(worker);
    else {
      // An idle worker must not keep the process alive should the run end without `close`.
      worker.unref();
      this.idle.push(worker);
    }
  }

  /** A worker whose job failed is stopped, and a fresh one takes its place for the next job. */
  discard(worker: Worker): void {
    this.stop(worker);
  }

  /** Stop the idle workers now, and each busy one as its job ends; jobs still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { reject } of this.waiting.splice(0)) reject(stopped());
    await Promise.all(this.idle.splice(0).map((worker) => this.stop(worker)));
  }

  private start(): Worker {
    const worker = startParseWorker();
    this.live.add(worker);
    // Also while idle: a worker that fails between jobs leaves the pool instead of crashing the run.
    worker.on('error', () => this.forget(worker));
    worker.on('exit', () => this.forget(worker));
    return worker;
  }

  private stop(worker: Worker): Promise<number> {
    this.forget(worker);
    return worker.terminate();
  }

  /** Take a stopped worker out; a job waiting for one gets a fresh worker instead. */
  private forget(worker: Worker): void {
    if (!this.live.delete(worker)) return;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) next.resolve(this.start());
  }
}

/**
 * A parse worker's young generation, in MB (V8's default on 64-bit: 3 × 16 MB semi-spaces). A
 * worker allocates short-lived objects at the pace of its input — each new address's text, batch
 * objects, read chunks — and with the default it scavenges every few milliseconds. At 96 MB a
 * 227 MB ingest (one day's scans + alert + oos) took 9.5–10.1 CPU-s instead of 10.3–10.8, peak RSS
 * +20 MB; 192 MB saved no more (issue 15, measured alternating on a loaded machine).
 */
const YOUNG_GENERATION_MB = 96;

function stopped(): Error {
  return new Error('ingest stopped: no parse workers');
}

/**
 * Start a parse worker. From the compiled dist/ it is plain JS; from TypeScript sources (tests,
 * `tsx`) the worker thread must first register the same loader before importing the .ts entry.
 */
function startParseWorker(): Worker {
  const options = { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url), options);
  const entry = JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

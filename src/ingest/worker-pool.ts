/**
 * The parse workers of one ingest run: at most `size` threads, started when first needed and kept
 * until the run ends, so each pays its start-up and its JIT warm-up once rather than once per file
 * (with a worker per file, compiling the same parsers again took a seventh of ingest's CPU).
 */
import { Worker } from 'node:worker_threads';

export class ParseWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private started = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  /** A free worker, started if the pool is not full, else the next one released. */
  acquire(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('ingest stopped: no parse workers'));
    const worker = this.idle.pop() ?? (this.started < this.size ? this.start() : null);
    if (worker) {
      worker.ref();
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A worker whose job finished cleanly goes to the next waiting job, or idles. */
  release(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else {
      // An idle worker must not keep the process alive should the run end without `close`.
      worker.unref();
      this.idle.push(worker);
    }
  }

  /** A worker whose job failed is stopped, and a fresh one takes its place for the next job. */
  discard(worker: Worker): void {
    void worker.terminate();
    this.started--;
    const next = this.waiting.shift();
    if (next) next(this.start());
  }

  /** Stop the idle workers now, and each busy one as its job ends. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  private start(): Worker {
    this.started++;
    return startParseWorker();
  }
}

/**
 * Start a parse worker. From the compiled dist/ it is plain JS; from TypeScript sources (tests,
 * `tsx`) the worker thread must first register the same loader before importing the .ts entry.
 */
function startParseWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url));
  const entry = JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** The parse worker pool: workers are reused, bounded, replaced when they fail, and all stopped at the end. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseWorkerPool } from './worker-pool.js';

test('a released worker serves the next job; the pool never starts more than its size', async () => {
  const pool = new ParseWorkerPool(1);
  const first = await pool.acquire();
  let second: unknown = null;
  const waiting = pool.acquire().then((w) => (second = w));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(second, null, 'the second job waits while the only worker is busy');
  pool.release(first);
  await waiting;
  assert.equal(second, first, 'and then gets the same worker');
  pool.release(first);
  await pool.close();
});

test('a discarded worker is stopped and a fresh one takes the waiting job', async () => {
  const pool = new ParseWorkerPool(1);
  const failed = await pool.acquire();
  const exited = new Promise<number>((resolve) => failed.once('exit', resolve));
  const next = pool.acquire();
  pool.discard(failed);
  const fresh = await next;
  assert.notEqual(fresh, failed);
  await exited;
  pool.release(fresh);
  await pool.close();
});

test('close stops every idle worker', async () => {
  const pool = new ParseWorkerPool(2);
  const a = await pool.acquire();
  const b = await pool.acquire();
  const exits = [a, b].map((w) => new Promise((resolve) => w.once('exit', resolve)));
  pool.release(a);
  pool.release(b);
  await pool.close();
  await Promise.all(exits);
});

test('after close, a busy worker is stopped when released and no job gets a worker', async () => {
  const pool = new ParseWorkerPool(1);
  const busy = await pool.acquire();
  const exited = new Promise((resolve) => busy.once('exit', resolve));
  await pool.close();
  pool.release(busy);
  await exited;
  await assert.rejects(pool.acquire(), /ingest stopped/);
});

test('a worker that dies while idle leaves the pool, and the next job gets a fresh one', async () => {
  const pool = new ParseWorkerPool(1);
  const first = await pool.acquire();
  pool.release(first);
  const exited = new Promise((resolve) => first.once('exit', resolve));
  await first.terminate();
  await exited;
  const next = await pool.acquire();
  assert.notEqual(next, first);
  pool.release(next);
  await pool.close();
});

test('close fails the jobs still waiting for a worker', async () => {
  const pool = new ParseWorkerPool(1);
  const busy = await pool.acquire();
  const waiting = pool.acquire();
  await pool.close();
  await assert.rejects(waiting, /ingest stopped/);
  pool.release(busy);
});

/**
 * How the server uses the store without keeping `ingest --follow` out of it. DuckDB lets one
 * process write a file while nobody else has it open, and follow opens the store at every poll to
 * commit (waiting up to 5 s for the lock). So the server never holds the store for long:
 *
 * - requests share a read-only handle per lane, opened on demand and closed when idle;
 * - a handle is retired after `maxHandleAgeMs` or when the file changed; requests after that wait
 *   (up to `drainWaitMs`) for it to close and leave a `gapMs` pause, in which follow gets the lock;
 * - slow work (the detects) has its own lane, so its queries do not queue in front of page loads;
 * - each SQL console query has a handle of its own with the timeout, closed right after;
 * - writes (severity inputs) wait for every handle to close, open the store writable, and close it.
 *
 * `version()` says when the file changed (size and mtime of the store and its WAL), without
 * opening it: the cache key of everything derived, and the live channel's signal.
 */
import { statSync } from 'node:fs';
import { AddressBook } from '../../core/address-book.js';
import { chooseAddressConfig } from '../../core/choose-address-config.js';
import type { IdsiftConfig } from '../../core/config.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import type { Store } from '../../store/store.js';

/** What a request works with: the CLI context's shape (config, address book, store). */
export interface ServeContext {
  config: IdsiftConfig;
  book: AddressBook;
  store: Store;
}

export type Lane = 'page' | 'slow';

export interface StoreGateOptions {
  /** Per-statement limit for page and slow lanes (ms); the SQL console passes its own. */
  queryTimeoutMs: number;
  maxHandleAgeMs?: number;
  /** How long an idle handle stays open for the next request (a page makes several at once). */
  lingerMs?: number;
  gapMs?: number;
  drainWaitMs?: number;
  /** How long to wait for another process's lock (ms). */
  lockWaitMs?: number;
  /** One line to stderr (the address-config notice, once). */
  warn?: (line: string) => void;
}

interface Handle {
  ctx: ServeContext;
  users: number;
  openedAt: number;
  version: string;
  retired: boolean;
  closed: Promise<void> | null;
  resolveIdle: (() => void) | null;
  linger: NodeJS.Timeout | null;
}

export class StoreGate {
  private readonly lanes = new Map<Lane, Promise<Handle>>();
  private readonly open = new Set<Handle>();
  private sqlOpen = 0;
  private exclusive: Promise<unknown> | null = null;
  private noticeShown = false;
  private readonly maxHandleAgeMs: number;
  private readonly gapMs: number;
  private readonly drainWaitMs: number;
  private readonly lingerMs: number;

  constructor(
    readonly path: string,
    private readonly loaded: IdsiftConfig,
    private readonly options: StoreGateOptions,
  ) {
    this.maxHandleAgeMs = options.maxHandleAgeMs ?? 2000;
    this.gapMs = options.gapMs ?? 120;
    this.drainWaitMs = options.drainWaitMs ?? 1000;
    this.lingerMs = options.lingerMs ?? 250;
  }

  /** Size and mtime of the store file and its WAL: changes with every commit. */
  version(): string {
    const part = (p: string) => {
      const s = statSync(p, { throwIfNoEntry: false });
      return s === undefined ? '0-0' : `${Math.trunc(s.mtimeMs)}-${s.size}`;
    };
    return `${part(this.path)}.${part(`${this.path}.wal`)}`;
  }

  /** Run `body` on the lane's shared read-only handle. */
  async read<T>(body: (ctx: ServeContext) => Promise<T>, lane: Lane = 'page'): Promise<T> {
    while (this.exclusive !== null) await this.exclusive.catch(() => undefined);
    const handle = await this.acquire(lane);
    try {
      return await body(handle.ctx);
    } finally {
      this.release(handle);
    }
  }

  /** Run `body` on a read-only handle of its own, with `timeoutMs` per statement. */
  async readAlone<T>(timeoutMs: number, body: (ctx: ServeContext) => Promise<T>): Promise<T> {
    while (this.exclusive !== null) await this.exclusive.catch(() => undefined);
    this.sqlOpen++;
    try {
      const ctx = await this.openContext(true, timeoutMs);
      try {
        return await body(ctx);
      } finally {
        await ctx.store.close();
      }
    } finally {
      this.sqlOpen--;
    }
  }

  /** Run `body` on the store opened for writing, once every read handle has closed. */
  async write<T>(body: (ctx: ServeContext) => Promise<T>): Promise<T> {
    while (this.exclusive !== null) await this.exclusive.catch(() => undefined);
    const work = (async () => {
      for (const lane of [...this.lanes.keys()]) {
        const handle = await this.lanes.get(lane)?.catch(() => null);
        this.lanes.delete(lane);
        if (handle) this.retire(handle);
      }
      await Promise.all([...this.open].map((h) => h.closed));
      while (this.sqlOpen > 0) await sleep(20);
      const ctx = await this.openContext(false, this.options.queryTimeoutMs);
      try {
        return await body(ctx);
      } finally {
        await ctx.store.close();
      }
    })();
    this.exclusive = work;
    try {
      return await work;
    } finally {
      this.exclusive = null;
    }
  }

  /** Close every handle (the server is stopping). */
  async close(): Promise<void> {
    for (const lane of [...this.lanes.keys()]) {
      const handle = await this.lanes.get(lane)?.catch(() => null);
      this.lanes.delete(lane);
      if (handle) this.retire(handle);
    }
    await Promise.all([...this.open].map((h) => h.closed ?? Promise.resolve()));
  }

  private async acquire(lane: Lane): Promise<Handle> {
    const pending = this.lanes.get(lane);
    if (pending !== undefined) {
      const handle = await pending.catch(() => null);
      if (handle !== null && !handle.retired) {
        const fresh = Date.now() - handle.openedAt < this.maxHandleAgeMs && handle.version === this.version();
        if (fresh) {
          if (handle.linger !== null) clearTimeout(handle.linger);
          handle.linger = null;
          handle.users++;
          return handle;
        }
        if (this.lanes.get(lane) === pending) this.lanes.delete(lane);
        this.retire(handle);
        // Leave a writer its chance: wait for the old handle to close (or give up waiting), then a pause.
        await Promise.race([handle.closed, sleep(this.drainWaitMs)]);
        await sleep(this.gapMs);
      } else if (this.lanes.get(lane) === pending) this.lanes.delete(lane);
      return this.acquire(lane);
    }
    const opening = this.openHandle();
    this.lanes.set(lane, opening);
    opening.catch(() => {
      if (this.lanes.get(lane) === opening) this.lanes.delete(lane);
    });
    const handle = await opening;
    handle.users++;
    return handle;
  }

  private async openHandle(): Promise<Handle> {
    const version = this.version();
    const ctx = await this.openContext(true, this.options.queryTimeoutMs);
    const handle: Handle = {
      ctx,
      users: 0,
      openedAt: Date.now(),
      version,
      retired: false,
      closed: null,
      resolveIdle: null,
      linger: null,
    };
    this.open.add(handle);
    // Idle handles close after a short linger: nothing else holds the file between bursts of requests.
    handle.closed = new Promise<void>((resolve) => {
      handle.resolveIdle = resolve;
    }).then(async () => {
      this.open.delete(handle);
      await ctx.store.close();
    });
    return handle;
  }

  private release(handle: Handle): void {
    handle.users--;
    if (handle.users === 0 && !handle.retired) {
      handle.linger = setTimeout(() => this.retire(handle), this.lingerMs);
      handle.linger.unref();
    } else if (handle.users === 0) this.retire(handle);
  }

  private retire(handle: Handle): void {
    handle.retired = true;
    if (handle.linger !== null) clearTimeout(handle.linger);
    handle.linger = null;
    for (const [lane, pending] of this.lanes)
      void pending.then(
        (h) => {
          if (h === handle && this.lanes.get(lane) === pending) this.lanes.delete(lane);
        },
        () => undefined,
      );
    if (handle.users === 0) handle.resolveIdle?.();
  }

  private async openContext(readOnly: boolean, timeoutMs: number): Promise<ServeContext> {
    const store = await DuckDBStore.open(this.path, {
      readOnly,
      mustExist: true,
      queryTimeoutMs: timeoutMs,
      lockWaitMs: this.options.lockWaitMs ?? 5000,
    });
    try {
      const choice = chooseAddressConfig(await store.readAddressConfig(), this.loaded, 'query');
      if (choice.notice !== null && !this.noticeShown) {
        this.noticeShown = true;
        this.options.warn?.(choice.notice);
      }
      const book = new AddressBook(choice.address);
      await store.applyAddressBook(book, choice.hash, 'this-run');
      return { config: { ...this.loaded, address: choice.address, addressHash: choice.hash }, book, store };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

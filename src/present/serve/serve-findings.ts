/**
 * The detects as the web pages see them: `runDetects` once per store version (it scans the whole
 * store, so seconds on a large one), each finding with a stable id for its URL.
 */
import { runDetects } from '../../analyze/detect/run-detects.js';
import type { Finding, ListLimit } from '../../analyze/finding.js';
import type { AddressBook } from '../../core/address-book.js';
import { findingKey } from '../report/detect-anchor.js';
import type { StoreGate } from './store-gate.js';

export interface ListedFinding extends Finding {
  /** `kind:subject`, with `#2`, `#3`… for a subject's further findings of one kind. */
  id: string;
}

export interface FindingList {
  findings: ListedFinding[];
  limits: ListLimit[];
  /** The address book the detects ran under (groups and hosts for their graphs). */
  book: AddressBook;
}

export class FindingsCache {
  private cached: { version: string; list: Promise<FindingList> } | null = null;

  constructor(private readonly gate: StoreGate) {}

  /** The findings of the store as it is now. */
  get(): Promise<FindingList> {
    const version = this.gate.version();
    if (this.cached?.version !== version) {
      const list = this.gate.read(async (ctx) => {
        const limits: ListLimit[] = [];
        return { findings: withIds(await runDetects(ctx, limits)), limits, book: ctx.book };
      }, 'slow');
      this.cached = { version, list };
      // A failed run is not kept: the next request tries again.
      list.catch(() => {
        if (this.cached?.list === list) this.cached = null;
      });
    }
    return this.cached.list;
  }

  /** Forget the findings (the analyst changed a severity input). */
  clear(): void {
    this.cached = null;
  }
}

export function withIds(findings: readonly Finding[]): ListedFinding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = findingKey(f);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return { ...f, id: n === 1 ? key : `${key}#${n}` };
  });
}

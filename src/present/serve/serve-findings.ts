/**
 * The detects as the web pages see them: `runDetects` once per store version (it scans the whole
 * store: seconds on a large one), each finding with a stable id for its URL. One run at a time;
 * after the store changes, the pages get the last complete list, marked stale, while the next run
 * works — a page never waits for a whole run except for the very first. A severity edit re-scores
 * the list in place instead of running the detects again.
 */
import { derivedSeverityOf, rescoreFindings, runDetects } from '../../analyze/detect/run-detects.js';
import type { Finding, ListLimit, Severity } from '../../analyze/finding.js';
import type { SeverityOverride } from '../../analyze/severity/apply-overrides.js';
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
  /** The store has changed since this list was worked out; a fresh one is on its way. */
  stale: boolean;
}

interface Complete {
  version: string;
  findings: ListedFinding[];
  /** Each finding's severity before the analyst's overrides, by id. */
  derived: Map<string, Severity>;
  limits: ListLimit[];
  book: AddressBook;
}

export class FindingsCache {
  private complete: Complete | null = null;
  private running: Promise<Complete> | null = null;
  private lists = 0;

  constructor(private readonly gate: StoreGate) {}

  /** Start the first run now, so the first page that shows detects need not wait as long. */
  warm(): void {
    this.get().catch(() => {
      // Reported to the page that asks next (which starts a run again).
    });
  }

  /** How many complete lists there have been: the live channel tells the pages when a fresh one lands. */
  generation(): number {
    return this.lists;
  }

  /** The findings of the store as it is now, or the last complete list (stale) while a run works. */
  async get(): Promise<FindingList> {
    const version = this.gate.version();
    const done = this.complete;
    if (done !== null && done.version === version) return listOf(done, false);
    const run = this.start();
    if (done !== null) return listOf(done, true);
    const first = await run;
    return listOf(first, first.version !== this.gate.version());
  }

  /**
   * The last complete list without waiting (null before the first run ends), starting a run if the
   * store has changed: for pages that show detects beside other answers.
   */
  peek(): FindingList | null {
    const done = this.complete;
    const current = done !== null && done.version === this.gate.version();
    if (!current) this.start().catch(() => {});
    return done === null ? null : listOf(done, !current);
  }

  /**
   * The analyst changed severity inputs (already stored): lay `overrides` over the list. The list
   * is taken as of `version`, the store as the edit left it.
   */
  rescore(overrides: ReadonlyMap<string, SeverityOverride>, version: string): void {
    const done = this.complete;
    if (done === null) return;
    const derived = done.findings.map((f) => done.derived.get(f.id)!);
    this.complete = { ...done, version, findings: rescoreFindings(done.findings, derived, overrides) };
  }

  private start(): Promise<Complete> {
    if (this.running !== null) return this.running;
    const version = this.gate.version();
    const run = this.gate.read(async (ctx): Promise<Complete> => {
      const limits: ListLimit[] = [];
      const found = await runDetects(ctx, limits);
      const findings = withIds(found);
      const derived = new Map(findings.map((f, i) => [f.id, derivedSeverityOf(found[i]!)]));
      return { version, findings, derived, limits, book: ctx.book };
    }, 'slow');
    this.running = run;
    run.then(
      (complete) => {
        this.complete = complete;
        this.lists++;
      },
      () => {
        // A failed run is not kept: the next request tries again.
      },
    );
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }
}

function listOf(done: Complete, stale: boolean): FindingList {
  return { findings: done.findings, limits: done.limits, book: done.book, stale };
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

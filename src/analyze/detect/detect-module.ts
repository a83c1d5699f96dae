/**
 * What a detect analysis is: a registered module with a name (its config section
 * `detect.<name>`), a zod schema for its thresholds with documented defaults, and a `run` that
 * returns draft findings. The runner scores, fetches evidence, applies overrides and links.
 */
import type { z } from 'zod';
import type { AddressBook } from '../../core/address-book.js';
import type { IdsiftConfig } from '../../core/config.js';
import type { Store } from '../../store/store.js';
import type { Finding, ListLimit } from '../finding.js';
import type { SpoofingBasis } from '../severity/assess-spoofing.js';
import type { SeverityBasis } from '../severity/score-severity.js';
import type { EventClasses } from './event-classes.js';
import type { EvidenceQuery } from './fetch-evidence.js';

export interface DetectContext {
  store: Store;
  book: AddressBook;
  config: IdsiftConfig;
  /** Told as each step of a run begins (a detect module's name, then the shared finish): a progress line. */
  onStep?: (step: string) => void;
}

/** What a module gets: the context, the classified dictionary, and a per-run memo for shared work. */
export interface DetectRun extends DetectContext {
  classes: EventClasses;
  /** Temporary table of address id → host id / block id / host group, for this run. */
  hosts: string;
  /** Drafts of the modules that ran before (registry order), e.g. to keep the scans they link to. */
  drafts: readonly DraftFinding[];
  /** Compute once per run and share (sweeps feed both the scan and the scan-then-connect detects). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Where a module keeps only part of its findings, it says so here (the CLI and report print it). */
  limits: ListLimit[];
}

/** A finding before the runner adds severity, spoofing verdict, evidence events and links. */
export interface DraftFinding extends Omit<Finding, 'severity' | 'spoofing' | 'evidence' | 'linked'> {
  basis: SeverityBasis;
  replies: SpoofingBasis;
  /** Where the evidence is: the runner fetches all findings' evidence in one pass. */
  evidence: EvidenceQuery[];
  /** The host whose packets' TTLs speak for or against spoofing (usually the subject). */
  ttlHost?: string;
}

export interface DetectModule<S extends z.ZodType = z.ZodType> {
  /** Config section: `detect.<name>`. */
  name: string;
  /** Finding kinds it produces. */
  kinds: readonly string[];
  description: string;
  settings: S;
  run(ctx: DetectRun, settings: z.infer<S>): Promise<DraftFinding[]>;
}

/** Erase a module's settings type for the registry list while keeping `run` and `settings` paired. */
export function defineDetect<S extends z.ZodType>(module: DetectModule<S>): DetectModule {
  return module as unknown as DetectModule;
}

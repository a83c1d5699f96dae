/**
 * The envelope of an evidence event as analyses select it (`ts` as epoch µs, ports possibly as
 * BIGINT-folded numbers), turned into the contract's JSON shape. Timelines and detects share it.
 */
import { isoFromMicrosExact } from '../core/time.js';
import type { EvidenceEvent } from './finding.js';

/** An evidence event as a query returns it: the time still in epoch µs. */
export interface EnvelopeRow extends Omit<EvidenceEvent, 'ts' | 'detail'> {
  ts: number;
}

/**
 * The envelope in the contract's shape. `event` passes through as it came: the web API's event rows
 * (a LEFT JOIN) may have none, which an evidence event never lacks.
 */
export function toEnvelope<E extends string | null = string>(
  r: Omit<EnvelopeRow, 'event'> & { event: E },
): Omit<EvidenceEvent, 'detail' | 'event'> & { event: E } {
  return {
    ts: isoFromMicrosExact(Number(r.ts)),
    source: r.source,
    event: r.event,
    src: r.src,
    sport: r.sport === null ? null : Number(r.sport),
    dst: r.dst,
    dport: r.dport === null ? null : Number(r.dport),
    proto: r.proto,
    file: r.file,
    line: Number(r.line),
  };
}

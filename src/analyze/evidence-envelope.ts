/**
 * The envelope of an evidence event as analyses select it (`ts` as epoch µs, ports possibly as
 * BIGINT-folded numbers), turned into the contract's JSON shape. Timelines and detects share it.
 */
import { isoFromMicros } from '../core/time.js';
import type { EvidenceEvent } from './finding.js';

export interface EnvelopeRow {
  ts: number;
  source: string;
  event: string;
  src: string | null;
  sport: number | null;
  dst: string | null;
  dport: number | null;
  proto: string | null;
  file: string;
  line: number;
}

export function toEnvelope(r: EnvelopeRow): Omit<EvidenceEvent, 'detail'> {
  return {
    ts: isoFromMicros(Number(r.ts)),
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

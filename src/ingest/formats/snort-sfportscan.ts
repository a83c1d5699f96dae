/**
 * Snort 2.3+ sfPortscan log file (docs/FORMATS.md §2.5, `spp_sfportscan.c`), one entry per scan event:
 *
 *     Time: 09/08-15:07:31.603880
 *     event_id: 2
 *     192.168.169.3 -> 192.168.169.5 (portscan) TCP Filtered Portscan
 *     Priority Count: 0
 *     Connection Count: 200
 *     IP Count: 2
 *     Scanner IP Range: 192.168.169.3:192.168.169.4
 *     Port/Proto Count: 200
 *     Port/Proto Range: 20:47557
 *     (blank line)
 *
 * `Connection Count` and `IP Count` become `psConnections` / `psHosts`; every other value
 * (event id or ref, counts, ranges, `Open Port`) is kept in `raw` as JSON, keyed as written.
 */
import type { EventRecord } from '../../core/event.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { createBlockAssembler } from './block-assembler.js';
import { excerpt, problemResult } from './problem-result.js';
import { scanUnsigned } from './scan-unsigned.js';
import { newEndpoint, PortMode, readEndpoint } from './snort-endpoint.js';
import { readSnortTimestamp, TS_NONE } from './snort-timestamp.js';
import { trimmedEnd } from './text-cursor.js';
import { createEpochResolver, newWallTime } from './wall-time.js';

export const snortSfportscan: LogFormat = {
  name: 'snort-sfportscan',
  source: 'sfportscan',
  description: 'Snort 2.3+ sfPortscan log entries (Time:, event_id:, src -> dst (portscan) …)',
  sniff: sniffSfportscan,
  createAssembler: () => createBlockAssembler((line) => line.startsWith('Time: ')),
  createParser: createSfportscanParser,
};

/** The word after `(portscan) ` names the protocol for scans and sweeps (`TCP Portscan`, `IP Protocol Scan`). */
const SCAN_PROTOCOLS = new Set(['TCP', 'UDP', 'ICMP', 'IP']);

function createSfportscanParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const wall = newWallTime();
  const toEpoch = createEpochResolver(ctx);
  const src = newEndpoint(ctx.textPrefixes);
  const dst = newEndpoint(ctx.textPrefixes);

  return (record) => {
    const lines = record.text.split('\n');
    const timeLine = lines[0]!;
    if (!timeLine.startsWith('Time: ')) return problemResult('no_match', `not an sfPortscan entry: ${excerpt(timeLine)}`);
    const tsEnd = readSnortTimestamp(timeLine, 6, trimmedEnd(timeLine), wall);
    if (tsEnd < 0 || tsEnd !== trimmedEnd(timeLine)) {
      return problemResult('bad_timestamp', `bad timestamp in ${excerpt(timeLine)}`, timeLine);
    }
    if (lines.length < 3) return problemResult('truncated', 'entry ends before its address line');

    const details: Record<string, number | string> = {};
    const ref = readKeyValue(lines[1]!);
    if (ref === null || (ref.key !== 'event_id' && ref.key !== 'event_ref') || typeof ref.value !== 'number') {
      return problemResult('no_match', `expected event_id or event_ref, got ${excerpt(lines[1]!)}`, lines[1], 1);
    }
    details[ref.key] = ref.value;

    // `src -> dst msg`: addresses are printed without ports.
    const line = lines[2]!;
    const arrow = line.indexOf(' -> ');
    const dstEnd = line.indexOf(' ', arrow + 4);
    if (arrow <= 0 || dstEnd < 0) return problemResult('no_match', `expected "src -> dst message", got ${excerpt(line)}`, line, 2);
    const wrong = readEndpoint(line, 0, arrow, PortMode.No, src) ?? readEndpoint(line, arrow + 4, dstEnd, PortMode.No, dst);
    if (wrong !== null) return problemResult('bad_field', `${wrong} in ${excerpt(line)}`, line, 2);
    const msg = line.slice(dstEnd + 1, trimmedEnd(line));
    const event: EventRecord = { ts: 0, source: 'sfportscan', event: msg, src: src.addr, dst: dst.addr };
    if (msg.startsWith('(portscan) ')) {
      const word = msg.slice(11).split(' ', 1)[0]!;
      if (SCAN_PROTOCOLS.has(word)) event.proto = word;
    }

    for (let k = 3; k < lines.length; k++) {
      const entry = readKeyValue(lines[k]!);
      if (entry === null) return problemResult('no_match', `expected "Key: value", got ${excerpt(lines[k]!)}`, lines[k], k);
      if (entry.key === 'Connection Count' || entry.key === 'IP Count') {
        if (typeof entry.value !== 'number') return problemResult('bad_field', `bad ${entry.key}`, lines[k], k);
        if (entry.key === 'Connection Count') event.psConnections = entry.value;
        else event.psHosts = entry.value;
      } else details[entry.key] = entry.value;
    }
    event.raw = JSON.stringify(details);
    event.ts = toEpoch(wall);
    if (Number.isNaN(event.ts)) return problemResult('bad_timestamp', `impossible date in ${excerpt(timeLine)}`, timeLine);
    return { kind: 'parsed', event };
  };
}

/** `Key: value` with the value as a number when it is one; null when the line is not that shape. */
function readKeyValue(line: string): { key: string; value: number | string } | null {
  const colon = line.indexOf(': ');
  if (colon <= 0) return null;
  const end = trimmedEnd(line);
  const text = line.slice(colon + 2, end);
  const number = scanUnsigned(text, 0, text.length, Number.MAX_SAFE_INTEGER);
  return { key: line.slice(0, colon), value: number >= 0 && !text.startsWith('0x') ? number : text };
}

/** An sfPortscan log opens with `Time: <timestamp>` then `event_id: N` (or `event_ref: N`). */
function sniffSfportscan(head: readonly string[]): number {
  for (let i = 0; i + 1 < head.length; i++) {
    const line = head[i]!;
    if (!line.startsWith('Time: ') || !/^event_(id|ref): \d+\s*$/.test(head[i + 1]!)) continue;
    if (readSnortTimestamp(line, 6, trimmedEnd(line), newWallTime()) === TS_NONE) continue;
    return i === 0 ? 0.95 : 0.85;
  }
  return 0;
}

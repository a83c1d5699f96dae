/**
 * Groups lines into records that open with a recognisable first line and end at a blank line:
 * Snort's alert_full records (`[**] …`) and sfPortscan log entries (`Time: …`).
 */
import type { RawRecord, RecordAssembler } from '../format.js';

/** A record longer than this is cut: a lost blank line must not glue the rest of the file together. */
const MAX_RECORD_LINES = 64;

/**
 * `isStart` recognises a record's first line. A start line also ends the record before it (a
 * missing blank line must not merge two records). A non-blank line outside any record becomes a
 * record of its own, so the parser reports it instead of it being dropped.
 */
export function createBlockAssembler(isStart: (line: string) => boolean): RecordAssembler {
  let lines: string[] = [];
  let startLine = 0;

  const take = (): RawRecord => {
    const record = { text: lines.join('\n'), line: startLine };
    lines = [];
    return record;
  };

  return {
    push(line, lineNumber) {
      if (isBlankLine(line)) return lines.length > 0 ? [take()] : [];
      if (isStart(line)) {
        const done = lines.length > 0 ? [take()] : [];
        lines.push(line);
        startLine = lineNumber;
        return done;
      }
      if (lines.length === 0) return [{ text: line, line: lineNumber }];
      lines.push(line);
      return lines.length >= MAX_RECORD_LINES ? [take()] : [];
    },
    finish() {
      return lines.length > 0 ? [take()] : [];
    },
    idle: () => lines.length === 0,
    openLine: () => (lines.length === 0 ? 0 : startLine),
  };
}

function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

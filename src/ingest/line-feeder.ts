/**
 * The one way bytes reach a parser: whatever the source — a file, a part of one, a gzip stream,
 * standard input, or the bytes a followed file grew by since the last poll — its bytes are written
 * here in pieces of any size, cut anywhere, and the parser gets whole lines, numbered and with
 * their file offsets, exactly as if the input had been read in one go.
 */
import type { Readable } from 'node:stream';
import { FileParser, type ParseEmitter, type ParseJob, type ParseSummary } from './parse-file.js';
import { MAX_LINE_CHARS } from './read-lines.js';

/** Longest line kept whole, in bytes: MAX_LINE_CHARS characters of up to 4 UTF-8 bytes each. */
const MAX_LINE_BYTES = 4 * MAX_LINE_CHARS;

export interface FeedPosition {
  /** File offset of the first byte written. */
  start: number;
  /** Number of the line that starts there. */
  firstLine: number;
}

export class LineFeeder {
  /** The start of an unfinished line, in pieces (joined once its newline arrives: joining on every write would be quadratic). */
  private carry: Buffer[] = [];
  private carried = 0;
  /** After an over-long line was cut and handed on, the rest of it up to its newline is dropped. */
  private skipping = false;
  /** The first line's number goes with the first chunk only (the parser counts on from there). */
  private firstLine: number | undefined;
  /** File offset just past the last byte written. */
  private end: number;

  constructor(
    readonly parser: FileParser,
    position: FeedPosition,
  ) {
    this.end = position.start;
    this.firstLine = position.firstLine;
  }

  /** File offset just past the bytes written so far. */
  get written(): number {
    return this.end;
  }

  /** Bytes written that wait for the rest of their line. */
  get waiting(): number {
    return this.carried;
  }

  /** Hand over every line these bytes complete; an unfinished last line waits for the next write. */
  async write(data: Buffer): Promise<void> {
    let buf = data;
    this.end += buf.length;
    if (this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      buf = buf.subarray(nl + 1);
    }
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      this.carry.push(Buffer.from(buf));
      this.carried += buf.length;
      if (this.carried > MAX_LINE_BYTES) {
        const head = Buffer.concat(this.carry, this.carried).subarray(0, MAX_LINE_BYTES);
        const offset = this.end - this.carried;
        this.carry = [];
        this.carried = 0;
        this.skipping = true;
        await this.hand(head, offset, true);
      }
      return;
    }
    const offset = this.end - buf.length - this.carried;
    const whole =
      this.carried > 0 ? Buffer.concat([...this.carry, buf.subarray(0, lastNl + 1)]) : buf.subarray(0, lastNl + 1);
    const rest = buf.subarray(lastNl + 1);
    this.carry = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.carried = rest.length;
    await this.hand(whole, offset, false);
  }

  /** The input has ended (or its writer is gone): an unfinished last line is a line. */
  async endLine(): Promise<void> {
    if (this.carried === 0 || this.skipping) return;
    const last = Buffer.concat(this.carry, this.carried);
    const offset = this.end - this.carried;
    this.carry = [];
    this.carried = 0;
    await this.hand(last, offset, false);
  }

  /** End of input: the last line, then the parser's open record, and the file's figures. */
  /** End of input: the unterminated last line is parsed; `damage` (a stream that broke off) is said after it. */
  async finish(damage: string | null = null): Promise<ParseSummary> {
    await this.endLine();
    if (damage !== null) this.parser.noteDamage(damage);
    return this.parser.finish();
  }

  /**
   * Where a reader that stops now must start again to miss nothing and repeat nothing: after the
   * last whole line, or at the start of a multi-line record still open. `line` is the number of
   * the line that starts there.
   */
  resumePoint(): { offset: number; line: number } {
    const open = this.parser.resumePoint();
    if (open) return open;
    const line = this.firstLine ?? this.parser.summary.lastLine + 1;
    return { offset: this.end - this.carried, line };
  }

  private async hand(bytes: Buffer, offset: number, overlong: boolean): Promise<void> {
    const firstLine = this.firstLine;
    this.firstLine = undefined;
    await this.parser.pushBytes({
      bytes,
      ...(firstLine === undefined ? {} : { firstLine }),
      bytesRead: this.end,
      offset,
      overlong,
    });
  }
}

/**
 * Parse a byte stream (a file, a part of one, unpacked gzip, standard input) through the one
 * reading path: `LineFeeder` → `FileParser.pushBytes` (the format's fast lane where it has one).
 * `damage` says, once the stream has ended, whether it broke off (a truncated gzip) and where.
 */
export async function parseLogStream(
  job: ParseJob,
  stream: Readable | AsyncIterable<Buffer>,
  position: FeedPosition,
  emit: ParseEmitter,
  damage: () => string | null = () => null,
): Promise<ParseSummary> {
  const feeder = new LineFeeder(new FileParser(job, emit), position);
  for await (const data of stream) await feeder.write(typeof data === 'string' ? Buffer.from(data) : (data as Buffer));
  return feeder.finish(damage());
}

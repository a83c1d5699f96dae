/**
 * Appends bytes to a file through large writes. Text goes into a big reusable buffer (latin1: the
 * logs are byte text, and NUL garbage must stay one byte); the hot scans path copies pre-encoded
 * pieces straight into it, so no per-line string is ever built. Full buffers are written when the
 * caller flushes, then reused — memory stays bounded by what the flushes in flight hold.
 */
import { open, type FileHandle } from 'node:fs/promises';

const BUFFER_BYTES = 1 << 20;
/** Written buffers kept for reuse; more would only hold memory while the disk catches up. */
const SPARE_BUFFERS = 2;

export class FileWriter {
  /** Bytes appended so far (written or pending). */
  bytes = 0;
  /** The buffer `reserve` hands out space in. */
  buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private pos = 0;
  /** File offset of the next sealed buffer. */
  private written = 0;
  private pending: { buffer: Buffer; length: number }[] = [];
  private spare: Buffer[] = [];

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<FileWriter> {
    return new FileWriter(await open(path, 'w'));
  }

  append(text: string): void {
    if (text.length > BUFFER_BYTES) {
      this.seal();
      this.pending.push({ buffer: Buffer.from(text, 'latin1'), length: text.length });
    } else {
      if (this.pos + text.length > BUFFER_BYTES) this.seal();
      this.pos += this.buffer.write(text, this.pos, 'latin1');
    }
    this.bytes += text.length;
  }

  /**
   * Make room for `length` bytes and return the offset in `buffer` to write them at; the caller
   * fills exactly that many bytes and then calls `commit(length)`.
   */
  reserve(length: number): number {
    if (this.pos + length > BUFFER_BYTES) this.seal();
    return this.pos;
  }

  commit(length: number): void {
    this.pos += length;
    this.bytes += length;
  }

  /**
   * Write everything sealed so far. Each buffer goes to its own file offset, so flushes may
   * overlap: the caller can keep generating while earlier buffers are still being written.
   */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(
      pending.map(({ buffer, length }) => {
        const position = this.written;
        this.written += length;
        return this.writeAt(buffer, length, position);
      }),
    );
  }

  async close(): Promise<void> {
    this.seal();
    await this.flush();
    await this.handle.close();
  }

  private async writeAt(buffer: Buffer, length: number, position: number): Promise<void> {
    // A write may be short; go on from where it stopped.
    let offset = 0;
    while (offset < length) {
      const { bytesWritten } = await this.handle.write(buffer, offset, length - offset, position + offset);
      offset += bytesWritten;
    }
    if (buffer.length === BUFFER_BYTES && this.spare.length < SPARE_BUFFERS) this.spare.push(buffer);
  }

  private seal(): void {
    if (this.pos === 0) return;
    this.pending.push({ buffer: this.buffer, length: this.pos });
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
  }
}

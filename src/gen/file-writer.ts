/**
 * Appends bytes to a file through large writes. Text goes into a big reusable buffer (latin1: the
 * logs are byte text, and NUL garbage must stay one byte); the hot scans path copies pre-encoded
 * pieces straight into it, so no per-line string is ever built. Full buffers are written when the
 * caller awaits `flush`, then reused — memory stays bounded by what one flush interval adds.
 */
import { open, type FileHandle } from 'node:fs/promises';

const BUFFER_BYTES = 4 << 20;

export class FileWriter {
  /** Bytes appended so far (written or pending). */
  bytes = 0;
  /** The buffer `reserve` hands out space in. */
  buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private pos = 0;
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

  /** Write everything sealed so far. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    for (const { buffer, length } of pending) {
      // A write may be short; go on from where it stopped.
      let offset = 0;
      while (offset < length) {
        const { bytesWritten } = await this.handle.write(buffer, offset, length - offset);
        offset += bytesWritten;
      }
      if (buffer.length === BUFFER_BYTES) this.spare.push(buffer);
    }
  }

  async close(): Promise<void> {
    this.seal();
    await this.flush();
    await this.handle.close();
  }

  private seal(): void {
    if (this.pos === 0) return;
    this.pending.push({ buffer: this.buffer, length: this.pos });
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
  }
}

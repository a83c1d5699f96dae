/**
 * Content that can be read only once (standard input): its first bytes are held back to sniff the
 * format and tell gzip from text, then everything — those bytes included — is read through, and
 * its identity is measured on the way, as for a file.
 */
import type { Readable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ContentHasher } from './file-identity.js';
import type { FileIdentity } from './ingest-sink.js';
import { isGzip } from './read-lines.js';
import { SNIFF_BYTES } from './sniff-file.js';

export interface StreamSource {
  /** The first SNIFF_BYTES of the content (unpacked), for sniffing. */
  head: Buffer;
  gzip: boolean;
  /** All of the content from its first byte, the head included; read it once. */
  content: AsyncIterable<Buffer>;
  /** What the content was, once `content` has been read to its end. */
  identity(): FileIdentity;
}

export async function openStreamSource(stream: Readable, path: string): Promise<StreamSource> {
  // Iterated by hand, never with a `for await` that breaks: breaking would close the stream and
  // lose everything after the bytes held back (how stdin once stored 668 of 1,324 records).
  const raw = peekable(stream);
  const magic = await raw.peek(2);
  const gzip = isGzip(magic);
  const content = peekable(gzip ? ReadableStream.from(raw.all()).pipe(createGunzip()) : raw.all());
  const head = await content.peek(SNIFF_BYTES);
  const hasher = new ContentHasher();
  return {
    head,
    gzip,
    content: (async function* () {
      for await (const chunk of content.all()) {
        hasher.update(chunk);
        yield chunk;
      }
    })(),
    identity: () => hasher.identity(path),
  };
}

/** A byte stream whose first bytes can be looked at before it is read from its start. */
function peekable(stream: AsyncIterable<Buffer | string>): {
  peek(bytes: number): Promise<Buffer>;
  all(): AsyncGenerator<Buffer>;
} {
  const iterator = stream[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let heldBytes = 0;
  let done = false;
  const next = async (): Promise<Buffer | null> => {
    const r = await iterator.next();
    if (r.done) return null;
    return typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  };
  return {
    async peek(bytes) {
      while (heldBytes < bytes && !done) {
        const chunk = await next();
        if (chunk === null) done = true;
        else {
          held.push(chunk);
          heldBytes += chunk.length;
        }
      }
      return Buffer.concat(held).subarray(0, bytes);
    },
    async *all() {
      while (held.length > 0) yield held.shift()!;
      if (done) return;
      for (let chunk = await next(); chunk !== null; chunk = await next()) yield chunk;
    },
  };
}

/**
 * Recognising a file across ingests by what it holds: the same content is skipped, content that
 * continues stored content is read from where that ended, anything else is new. Content is what a
 * file holds after decompression, so `alert.gz` is the same as the `alert` it was made from, and a
 * log partly ingested and then compressed by logrotate adds only its new lines. Identity is
 * sha-256 of the first and last MiB of the content plus its size: enough to recognise an
 * append-only log, cheap at any size (a gzip file is unpacked once to identify it).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { FileIdentity, StoredFile } from './ingest-sink.js';

const MIB = 1 << 20;

export type StoredMatch = { kind: 'same'; file: StoredFile } | { kind: 'grown'; file: StoredFile } | { kind: 'new' };

/** A file as identity needs it: its path, whether it is gzip, and (plain files) the size to read to. */
export interface IdentifiedFile {
  path: string;
  size: number;
  gzip?: boolean;
}

/**
 * Same content as a stored file → skip. The stored content is an exact prefix of this one (same
 * head, same bytes before its end) → continue after it. Otherwise it is new.
 *
 * An empty stored segment is a prefix of everything, so content alone cannot tie it to a file:
 * it continues only the file at its own path. `ingest --follow` stores one when it commits a file
 * whose first multi-line record is still open (end offset 0); a follower restarted then must
 * extend that row, not add a second one beside it.
 */
export async function matchStored(
  file: IdentifiedFile,
  identity: FileIdentity,
  stored: StoredFile[],
): Promise<StoredMatch> {
  const same = findSameContent(identity, stored);
  if (same) return { kind: 'same', file: same };
  const segments = latestSegments(stored);
  for (const f of segments) {
    if (f.endOffset >= identity.size || f.endOffset === 0) continue;
    // The stored head hash covers min(1 MiB, its size): past 1 MiB it is this file's own head hash,
    // so only a small stored file needs its prefix re-read and hashed.
    const head = f.endOffset >= MIB ? identity.headHash : sha256(await readContent(file, 0, f.endOffset));
    if (head !== f.headHash) continue;
    const tailStart = Math.max(0, f.endOffset - MIB);
    const tail = await readContent(file, tailStart, f.endOffset - tailStart);
    if (sha256(tail) === f.tailHash) return { kind: 'grown', file: f };
  }
  const empty = segments.find((f) => f.endOffset === 0 && f.path === file.path && identity.size > 0);
  return empty ? { kind: 'grown', file: empty } : { kind: 'new' };
}

/** The stored file (latest segment) that holds exactly this content, if any. */
export function findSameContent(identity: FileIdentity, stored: StoredFile[]): StoredFile | null {
  for (const f of latestSegments(stored)) {
    if (f.endOffset === identity.size && f.headHash === identity.headHash && f.tailHash === identity.tailHash) return f;
  }
  return null;
}

/** Each stored file's latest segment (a grown file's segments share their root id). */
function latestSegments(stored: StoredFile[]): StoredFile[] {
  const latest = new Map<number, StoredFile>();
  for (const f of stored) latest.set(f.rootId, f);
  return [...latest.values()];
}

/** Hashes of the first and last MiB of a file's content (up to `size` for a plain file). */
export async function identify(file: IdentifiedFile): Promise<FileIdentity> {
  if (file.gzip) {
    const hasher = new ContentHasher();
    try {
      for await (const chunk of createReadStream(file.path).pipe(createGunzip())) hasher.update(chunk as Buffer);
    } catch {
      // A damaged gzip is what it decodes to up to the damage (reading it reports the rest).
    }
    return hasher.identity(file.path);
  }
  const head = await readBytes(file.path, 0, Math.min(MIB, file.size));
  const tailStart = Math.max(0, file.size - MIB);
  const tail = tailStart === 0 ? head : await readBytes(file.path, tailStart, file.size - tailStart);
  return { path: file.path, size: file.size, headHash: sha256(head), tailHash: sha256(tail) };
}

/**
 * Identity of content that arrives in pieces (a gzip stream, a followed file):
 * the first MiB is kept, and the last MiB seen so far.
 */
export class ContentHasher {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private size = 0;

  update(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.headBytes < MIB) {
      const take = chunk.subarray(0, MIB - this.headBytes);
      this.head.push(Buffer.from(take));
      this.headBytes += take.length;
    }
    this.tail.push(Buffer.from(chunk.subarray(Math.max(0, chunk.length - MIB))));
    this.tailBytes += Math.min(chunk.length, MIB);
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= MIB)
      this.tailBytes -= this.tail.shift()!.length;
  }

  identity(path: string): FileIdentity {
    const tail = Buffer.concat(this.tail);
    return {
      path,
      size: this.size,
      headHash: sha256(Buffer.concat(this.head)),
      tailHash: sha256(tail.subarray(Math.max(0, tail.length - MIB))),
    };
  }
}

/** `length` bytes of a file's content from `start` (unpacking gzip). */
export async function readContent(file: IdentifiedFile, start: number, length: number): Promise<Buffer> {
  if (!file.gzip) return readBytes(file.path, start, length);
  const parts: Buffer[] = [];
  let at = 0;
  const end = start + length;
  const stream = createReadStream(file.path).pipe(createGunzip());
  try {
    for await (const data of stream) {
      const chunk = data as Buffer;
      const from = Math.max(start, at);
      const to = Math.min(end, at + chunk.length);
      if (to > from) parts.push(chunk.subarray(from - at, to - at));
      at += chunk.length;
      if (at >= end) break;
    }
  } catch {
    // Damaged: what decoded is all there is.
  }
  stream.destroy();
  return Buffer.concat(parts);
}

export async function readBytes(path: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Recognising a file across ingests: the same content is skipped, a file that has grown is
 * continued after its stored bytes, anything else is new. Identity is sha-256 of the first and
 * last MiB plus the size: enough to recognise an append-only log, cheap at any size.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileIdentity, StoredFile } from './ingest-sink.js';

const MIB = 1 << 20;

export type StoredMatch = { kind: 'same'; file: StoredFile } | { kind: 'grown'; file: StoredFile } | { kind: 'new' };

/**
 * Same content as a stored file → skip. The stored file's bytes are an exact prefix of this one
 * (same head, same bytes before the old end) → continue after them. Otherwise it is a new file.
 */
export async function matchStored(
  file: { path: string; gzip: boolean },
  identity: FileIdentity,
  stored: StoredFile[],
): Promise<StoredMatch> {
  const latest = new Map<number, StoredFile>();
  for (const f of stored) latest.set(f.rootId, f);
  for (const f of latest.values()) {
    if (f.endOffset === identity.size && f.headHash === identity.headHash && f.tailHash === identity.tailHash) {
      return { kind: 'same', file: f };
    }
  }
  if (file.gzip) return { kind: 'new' };
  for (const f of latest.values()) {
    if (f.gzip || f.endOffset >= identity.size || f.endOffset === 0) continue;
    // The stored head hash covers min(1 MiB, its size): past 1 MiB it is this file's own head hash,
    // so only a small stored file needs its prefix re-read and hashed.
    const head = f.endOffset >= MIB ? identity.headHash : sha256(await readBytes(file.path, 0, f.endOffset));
    if (head !== f.headHash) continue;
    const tailStart = Math.max(0, f.endOffset - MIB);
    const tail = await readBytes(file.path, tailStart, f.endOffset - tailStart);
    if (sha256(tail) === f.tailHash) return { kind: 'grown', file: f };
  }
  return { kind: 'new' };
}

/** Hashes of the first and last MiB: enough to recognise an unchanged log, cheap at any size. */
export async function identify(file: { path: string; size: number }): Promise<FileIdentity> {
  const head = await readBytes(file.path, 0, Math.min(MIB, file.size));
  const tailStart = Math.max(0, file.size - MIB);
  const tail = tailStart === 0 ? head : await readBytes(file.path, tailStart, file.size - tailStart);
  return { path: file.path, size: file.size, headHash: sha256(head), tailHash: sha256(tail) };
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

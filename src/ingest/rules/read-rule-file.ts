/**
 * Streams one rule knowledge file (gzip allowed) through a RuleFileParser. The kind comes from the
 * file's name, or, when asked to sniff, from its first lines.
 */
import { open } from 'node:fs/promises';
import { isGzip, openLogStream, readLines } from '../read-lines.js';
import { ruleFileKindByContent, ruleFileKindByName } from './detect-rule-file-kind.js';
import { RuleFileParser } from './rule-file-parser.js';
import type { ParsedRuleFile, RuleFileKind } from './rule-knowledge.js';

export type RuleFileRead = { ok: true; parsed: ParsedRuleFile } | { ok: false; reason: string };

export interface ReadRuleFileOptions {
  /** Look at the content when the name does not tell the kind (files named on the command line). */
  sniff?: boolean;
  /** Force the kind. */
  kind?: RuleFileKind;
}

export async function readRuleFile(path: string, options: ReadRuleFileOptions = {}): Promise<RuleFileRead> {
  let kind: RuleFileKind | null = options.kind ?? ruleFileKindByName(path);
  if (kind === null && !options.sniff) return { ok: false, reason: 'not a rule file by its name' };
  try {
    const { stream } = openLogStream(path, await startsWithGzip(path));
    let parser: RuleFileParser | null = null;
    for await (const chunk of readLines(stream)) {
      if (parser === null) {
        kind ??= ruleFileKindByContent(chunk.lines);
        if (kind === null) {
          stream.destroy();
          return { ok: false, reason: 'content is not a rules, classification, reference or msg-map file' };
        }
        parser = new RuleFileParser(kind);
      }
      chunk.lines.forEach((text, i) => parser!.push(chunk.firstLine + i, text, chunk.flagged?.get(i)));
    }
    if (parser === null)
      return kind === null
        ? { ok: false, reason: 'empty file' }
        : { ok: true, parsed: new RuleFileParser(kind).finish() };
    return { ok: true, parsed: parser.finish() };
  } catch (cause) {
    return { ok: false, reason: `cannot read: ${(cause as Error).message}` };
  }
}

async function startsWithGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

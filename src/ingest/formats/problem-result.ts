import type { ProblemCode } from '../../core/problem.js';
import type { ParseResult } from '../format.js';

/** Longest quarantined excerpt a parser puts in a message, so hostile input cannot bloat reports. */
const MESSAGE_EXCERPT = 80;

/** A `problem` parse result; `input` defaults (in the ingest stage) to the whole record. */
export function problemResult(code: ProblemCode, message: string, input?: string, lineOffset?: number): ParseResult {
  return {
    kind: 'problem',
    problem: {
      code,
      message,
      ...(input !== undefined ? { input } : {}),
      ...(lineOffset ? { lineOffset } : {}),
    },
  };
}

/** A short, single-line excerpt of log text for a problem message. */
export function excerpt(text: string): string {
  const flat = text.length > MESSAGE_EXCERPT ? `${text.slice(0, MESSAGE_EXCERPT)}…` : text;
  return JSON.stringify(flat);
}

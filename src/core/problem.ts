/**
 * A problem is data, not an exception: a record that could not be parsed, kept with its file,
 * line and raw text so the analyst can see exactly what was quarantined and why.
 */
export const PROBLEM_CODES = [
  'no_match', // the line matches no layout of its format
  'bad_timestamp', // the timestamp is malformed or impossible
  'bad_field', // a field (address, port, number) is out of range or malformed
  'truncated', // a multi-line record ended early
  'spliced', // the tail of one record glued to the start of the next
  'too_long', // line exceeded the length cap
  'binary', // NUL or other binary garbage
  'bad_json', // a JSON record that does not parse
  'salvaged', // a record kept with a damaged field left empty (the record's event is stored)
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  code: ProblemCode;
  file: string;
  /** 1-based line number of the record's first line. */
  line: number;
  message: string;
  /** The raw text quarantined (capped for over-long input). */
  input: string;
}

/** A problem as a parser reports it: the ingest stage adds the file and line. */
export interface ProblemDraft {
  code: ProblemCode;
  message: string;
  /** The part of the record that is quarantined; defaults to the whole record. */
  input?: string;
  /** Line offset within a multi-line record, when the problem is not on its first line. */
  lineOffset?: number;
}

/**
 * Every format idsift reads, in one list. Adding a format: one parser file in this folder, one
 * line here, one sample file in the top-level `formats/` folder.
 */
import type { LogFormat } from '../format.js';
import { snortCsv } from './snort-csv.js';
import { snortFast } from './snort-fast.js';
import { snortFull } from './snort-full.js';
import { snortOos } from './snort-oos.js';
import { snortScans } from './snort-scans.js';
import { snortSfportscan } from './snort-sfportscan.js';
import { snort3Csv } from './snort3-csv.js';
import { snort3Json } from './snort3-json.js';
import { suricataEve } from './suricata-eve.js';
import { suricataFast } from './suricata-fast.js';

export const FORMATS: readonly LogFormat[] = [
  snortFast,
  snortScans,
  snortOos,
  suricataEve,
  suricataFast,
  snortFull,
  snortCsv,
  snortSfportscan,
  snort3Json,
  snort3Csv,
];

/** Sniffed formats below this confidence are not trusted: the file is reported, not guessed. */
export const SNIFF_THRESHOLD = 0.5;

export function findFormat(name: string): LogFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The format these first lines most likely are, or null when none is confident enough. */
export function sniffFormat(head: readonly string[]): LogFormat | null {
  let best: LogFormat | null = null;
  let bestScore = SNIFF_THRESHOLD;
  for (const format of FORMATS) {
    const score = format.sniff(head);
    if (score > bestScore || (score === bestScore && best === null && score >= SNIFF_THRESHOLD)) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

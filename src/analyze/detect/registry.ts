/**
 * Every detect analysis, in the order they run (modules share memoised work, e.g. the scans, and
 * later ones see earlier ones' drafts).
 * Adding a detect: one folder under src/analyze/, one line here, one row in docs/DETECTS.md.
 */
import { compromisedHostDetect } from '../compromised-host/detect-compromised-host.js';
import { craftedPacketsDetect } from '../crafted-packets/detect-crafted-packets.js';
import { lowAndSlowDetect } from '../low-and-slow/detect-low-and-slow.js';
import { scanThenConnectDetect } from '../scan-then-connect/detect-scan-then-connect.js';
import { scansDetect } from '../scans/detect-scans.js';
import { serviceActivityDetect } from '../service-activity/detect-service-activity.js';
import type { DetectModule } from './detect-module.js';

export const DETECT_MODULES: readonly DetectModule[] = [
  scanThenConnectDetect,
  compromisedHostDetect,
  lowAndSlowDetect,
  craftedPacketsDetect,
  // Late: it keeps the scans of every subject the others reported (run.drafts).
  scansDetect,
  serviceActivityDetect,
];

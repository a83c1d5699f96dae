/** Thresholds of the scan detects (`config.detect.scans`); defaults documented in docs/DETECTS.md. */
import { z } from 'zod';

export const scanSettingsSchema = z
  .object({
    /** Distinct hosts one source probes on one port within one window before it is a sweep (a burst). */
    horizontalMinHosts: z.number().int().min(2).default(10),
    /** Length of the windows a burst is counted in, in minutes (two grids, offset by half a window). */
    burstWindowMinutes: z.number().min(1).default(60),
    /**
     * A window is a burst when its distinct targets are at least this many times the source's mean
     * per window over the rest of the store's span (its own baseline on that port).
     */
    burstRateFactor: z.number().min(1).default(4),
    /** Distinct hosts over the whole store that make a source with no burst a slow sweep. */
    slowSweepMinHosts: z.number().int().min(2).default(20),
    /**
     * Scan findings reported per kind: the largest, plus every scan by a subject of another detect
     * (0: all). Busy sensors see thousands of sweepers; the rest stay countable with SQL.
     */
    maxFindings: z.number().int().min(0).default(50),
    /** Distinct ports one source probes on one host before it is a vertical scan. */
    verticalMinPorts: z.number().int().min(2).default(10),
    /**
     * A source that also sends from the swept port to at least this many hosts is same-port service
     * chatter (DNS 53→53, NetBIOS 137→137, NTP); one that receives on it from this many hosts and
     * whose targets are scattered is a server talking to its peers (mail relay, recursion).
     */
    serverPeersMin: z.number().int().min(1).default(3),
    /** Targets per /24 block at or above which a set of targets is a dense sweep, not scattered peers. */
    sweepHostsPerBlock: z.number().min(1).default(2),
    /** A sweep where more than this share of the targets answered from the port is a conversation. */
    maxAnsweredShare: z.number().min(0).max(1).default(0.5),
    /**
     * Vertical: when one source port below 1024 carries this share of the probes and the source
     * sends from that port to `serverPeersMin` hosts or more, it is a server answering, not a scan.
     */
    serverReplyShare: z.number().min(0).max(1).default(0.9),
  })
  .strict();

export type ScanSettings = z.infer<typeof scanSettingsSchema>;

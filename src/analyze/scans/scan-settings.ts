/** Thresholds of the scan detects (`config.detect.scans`); defaults documented in docs/DETECTS.md. */
import { z } from 'zod';

export const scanSettingsSchema = z
  .object({
    /** Distinct hosts one source probes on one port before it is a horizontal sweep. */
    horizontalMinHosts: z.number().int().min(2).default(10),
    /** Distinct ports one source probes on one host before it is a vertical scan. */
    verticalMinPorts: z.number().int().min(2).default(10),
    /**
     * A source that itself serves the swept port to at least this many hosts (sends from it, or
     * receives on it) is a server talking to its peers — DNS recursion, mail relay, NTP — not a sweeper.
     */
    serverPeersMin: z.number().int().min(1).default(3),
    /** A sweep where more than this share of the targets answered from the port is a conversation. */
    maxAnsweredShare: z.number().min(0).max(1).default(0.5),
    /**
     * Vertical: when one source port below 1024 carries this share of the probes and the
     * destination ports are mostly ephemeral, it is a server answering a busy client.
     */
    serverReplyShare: z.number().min(0).max(1).default(0.9),
  })
  .strict();

export type ScanSettings = z.infer<typeof scanSettingsSchema>;

/**
 * Thresholds of the role signals (`config.detect.serviceActivity`): when a source's traffic to a
 * port is a service it runs or uses, not a sweep. Defaults documented in docs/DETECTS.md.
 */
import { z } from 'zod';

export const serviceActivitySettingsSchema = z
  .object({
    /** Distinct days a source must send to the port on before its traffic can be steady. */
    steadyMinDays: z.number().int().min(1).default(2),
    /** Share of the windows between its first and last event in which the source sent to the port. */
    steadyMinActiveShare: z.number().min(0).max(1).default(0.5),
    /**
     * Events per target at or above which a steady source re-visits its peers (a resolver asks the
     * same servers again and again; a sweep touches each host once).
     */
    revisitMin: z.number().min(1).default(2),
    /** Service-activity findings reported (the busiest sources; 0: all). */
    maxFindings: z.number().int().min(0).default(50),
  })
  .strict();

export type ServiceActivitySettings = z.infer<typeof serviceActivitySettingsSchema>;

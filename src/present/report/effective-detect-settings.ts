/**
 * The thresholds every detect actually ran with — the config's `detect.<name>` sections with the
 * modules' defaults filled in — for the method appendix, so a reader can reproduce the run.
 */
import { parseDetectSettings } from '../../analyze/detect/detect-settings.js';
import { DETECT_MODULES } from '../../analyze/detect/registry.js';
import { evidenceSettingsSchema } from '../../analyze/detect/run-detects.js';
import { severitySettingsSchema } from '../../analyze/severity/severity-settings.js';
import type { IdsiftConfig } from '../../core/config.js';

export interface DetectSettingsEntry {
  section: string;
  description: string;
  /** Values in force (defaults applied). */
  settings: unknown;
  /** True when the config file sets this section. */
  configured: boolean;
}

export function effectiveDetectSettings(config: IdsiftConfig): DetectSettingsEntry[] {
  const entry = (section: string, description: string, settings: unknown): DetectSettingsEntry => ({
    section,
    description,
    settings,
    configured: config.detect[section] !== undefined,
  });
  return [
    ...DETECT_MODULES.map((m) => entry(m.name, m.description, parseDetectSettings(config, m.name, m.settings))),
    entry('severity', 'severity scoring weights', parseDetectSettings(config, 'severity', severitySettingsSchema)),
    entry('evidence', 'evidence kept per finding', parseDetectSettings(config, 'evidence', evidenceSettingsSchema)),
  ];
}

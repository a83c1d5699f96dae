import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { severitySettingsSchema } from '../severity/severity-settings.js';
import { DETECT_MODULES } from './registry.js';
import { evidenceSettingsSchema } from './run-detects.js';

const DOC = readFileSync(new URL('../../../docs/DETECTS.md', import.meta.url), 'utf8');

/** `detect.<section>.<key>` → default, nested objects flattened (the service table stays whole). */
function flatten(prefix: string, value: unknown, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out);
  } else out.set(prefix, JSON.stringify(value));
}

test('docs/DETECTS.md lists every setting with the default the schemas really have', () => {
  const defaults = new Map<string, string>();
  for (const m of DETECT_MODULES) flatten(`detect.${m.name}`, m.settings.parse({}), defaults);
  flatten('detect.severity', severitySettingsSchema.parse({}), defaults);
  flatten('detect.evidence', evidenceSettingsSchema.parse({}), defaults);
  assert.ok(defaults.size > 40);
  for (const [key, value] of defaults) {
    assert.ok(DOC.includes(`| \`${key}\` | \`${value}\` |`), `docs/DETECTS.md row for ${key} = ${value}`);
  }
  for (const m of DETECT_MODULES) for (const kind of m.kinds) assert.ok(DOC.includes(`\`${kind}\``), kind);
});

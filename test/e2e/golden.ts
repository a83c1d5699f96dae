/**
 * Golden files for CLI output: compared byte for byte; `UPDATE_GOLDEN=1 npm test` rewrites them
 * (then review the diff before committing).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function assertGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      assert.fail(`golden file ${name} did not exist: written now, review and commit it`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `output differs from test/golden/${name} (UPDATE_GOLDEN=1 to accept)`,
  );
}

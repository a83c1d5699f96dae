/**
 * `idsift gen --background-only` through the real bin: the same site with no injected attack,
 * seeded (same seed, same bytes), with its ground truth saying there is no scenario and naming the
 * site's busy hosts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroundTruth } from '../../src/gen/ground-truth.js';
import { runCli } from './run-cli.js';

test('gen --background-only: no scenario in the truth, the busy hosts named, byte-identical per seed', () => {
  const dirs = [1, 2].map((i) => mkdtempSync(join(tmpdir(), `idsift-bg-${i}-`)));
  for (const dir of dirs) {
    const r = runCli(['gen', dir, '--background-only', '--mb', '0.5', '--seed', '7']);
    assert.equal(r.code, 0, r.stderr);
  }
  const truth = JSON.parse(readFileSync(join(dirs[0]!, 'truth.json'), 'utf8')) as GroundTruth;
  assert.equal(truth.backgroundOnly, true);
  assert.deepEqual(truth.scenarios, {});
  for (const role of ['dnsServers', 'mailServers', 'webServers', 'busyClients'] as const) {
    assert.ok(truth.roles[role].length > 0, role);
    for (const h of truth.roles[role]) assert.match(h, /^MY\.NET\.\d+\.\d+$/);
  }
  const files = readdirSync(dirs[0]!).sort();
  assert.deepEqual(readdirSync(dirs[1]!).sort(), files);
  for (const f of files) assert.ok(readFileSync(join(dirs[0]!, f)).equals(readFileSync(join(dirs[1]!, f))), f);
  // The site is the scenario set's: same busy hosts, seed for seed.
  const withAttack = mkdtempSync(join(tmpdir(), 'idsift-bg-attack-'));
  assert.equal(runCli(['gen', withAttack, '--mb', '0.5', '--seed', '7']).code, 0);
  const attackTruth = JSON.parse(readFileSync(join(withAttack, 'truth.json'), 'utf8')) as GroundTruth;
  assert.deepEqual(attackTruth.roles, truth.roles);
  assert.ok(attackTruth.scenarios.compromised);
});

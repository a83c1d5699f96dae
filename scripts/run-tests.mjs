#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript through tsx),
// after building dist/ (the CLI, and the web UI in dist/web/) so that end-to-end tests drive the
// real `idsift` bin and the browser tests the real pages.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const buildWeb = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
if (buildWeb.status !== 0) process.exit(buildWeb.status ?? 1);
let files = [...find('src'), ...find('test')].sort();
if (filter.length > 0) files = files.filter((f) => filter.some((p) => f.includes(p)));
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  // Colour off, as on a plain terminal: with CI set, picocolors would style output, and the
  // tests compare output byte for byte (the sanitiser's tests demand no control byte at all).
  { stdio: 'inherit', env: { ...process.env, IDSIFT_TEST: '1', NO_COLOR: '1' } },
);
process.exit(run.status ?? 1);

/**
 * scripts/check-paths.mjs against small git repositories built here: each case is a set of tracked
 * files and the findings the check must print (none: it must pass). The last test runs it on this
 * repository, so `npm test` fails too when something points outside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../scripts/check-paths.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('..', import.meta.url));

function runCheck(root: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'idsift-check-paths-'));
  spawnSync('git', ['init', '-q', root]);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const add = spawnSync('git', ['add', '-A'], { cwd: root });
  assert.equal(add.status, 0, 'git add');
  return root;
}

const FORMATS_DOC = '# Formats\n\n## 1. Alerts\n\n### 1.1 Timestamp\n\n### 2.3 Scan types\n';

const CASES: { name: string; files: Record<string, string>; found: RegExp[] }[] = [
  {
    name: 'paths inside the repository pass',
    files: {
      'src/ingest/formats/x.test.ts': "new URL('../../../test/fixtures/samples/', import.meta.url);",
      'src/a.ts': "import { b } from './b.js';\nimport { c } from '../bench/c.js';",
    },
    found: [],
  },
  {
    name: 'a test climbing one folder too many (the samples beside the repository)',
    files: { 'src/ingest/formats/x.test.ts': "new URL('../../../../test/fixtures/samples/', import.meta.url);" },
    found: [/x\.test\.ts:1: relative path climbs above the repository root: \.\.\/\.\.\/\.\.\/\.\.\//],
  },
  {
    name: 'an npm script reading ../team-notes',
    files: { 'package.json': '{ "scripts": { "samples": "ls ../team-notes/samples" } }' },
    found: [/package\.json:1: relative path climbs/],
  },
  {
    name: 'a shell script is read from the repository root; $(dirname "$0")/.. is its own folder',
    files: { '.ci/run': '#!/usr/bin/env bash\ncd "$(dirname "$0")/.."\ncp -r ../team-notes/samples test/\n' },
    found: [/\.ci\/run:3: relative path climbs above the repository root: \.\.\//],
  },
  {
    name: 'absolute paths into a machine',
    files: {
      'src/a.ts': "const doc = '/srv/team-notes/FORMATS.md';",
      'README.md': 'Put logs in /home/alice/logs first.\n',
      'scripts/x.sh': '#!/bin/sh\nls /root/.cache\n',
      'src/b.test.ts': "const out = '/tmp/x.csv';\nconst u = 'file:///work/x';",
    },
    found: [
      /src\/a\.ts:1: absolute path outside the repository: \/srv\/team-notes\/FORMATS\.md/,
      /README\.md:1: absolute path outside the repository: \/home\/alice\/logs/,
      /scripts\/x\.sh:2: absolute path outside the repository: \/root\/\.cache/,
      /src\/b\.test\.ts:1: absolute path outside the repository: \/tmp\/x\.csv/,
      /src\/b\.test\.ts:2: file URL outside the repository: file:\/\/\/work\/x/,
    ],
  },
  {
    name: 'the allow-list, URLs, web routes, ignore files and captured data pass',
    files: {
      'bin/x.js': '#!/usr/bin/env node\n',
      'src/pdf.ts': "const chromium = '/usr/bin/chromium'; const sink = '/dev/null'; const me = '/proc/self/status';",
      'src/web.ts': "const api = '/api/ip/'; const link = 'https://example.org/home/x';",
      '.gitignore': '/tmp/\n/out/\n',
      'test/fixtures/eve.json': '{"http_user_agent":"() { :;}; /bin/sh -c /etc/shadow"}\n',
    },
    found: [],
  },
  {
    name: 'a README inside the data folders is still read',
    files: { 'test/fixtures/samples/README.md': 'Copied from /srv/team-notes/samples.\n' },
    found: [/README\.md:1: absolute path outside the repository: \/srv\/team-notes\/samples\./],
  },
  {
    name: 'documents and sections cited must exist',
    files: {
      'docs/FORMATS.md': FORMATS_DOC,
      'src/a.ts': '// docs/FORMATS.md §1.1 and §2.3\n// docs/FORMATS.md §2.2–2.4\n// docs/PRODUCT.md has the workflow',
    },
    found: [
      /src\/a\.ts:2: cites docs\/FORMATS\.md §2\.2, which it does not have/,
      /src\/a\.ts:2: cites docs\/FORMATS\.md §2\.4, which it does not have/,
      /src\/a\.ts:3: cites docs\/PRODUCT\.md, which the repository does not hold/,
    ],
  },
];

for (const { name, files, found } of CASES) {
  test(`check-paths: ${name}`, () => {
    const root = repoWith(files);
    try {
      const { status, stderr } = runCheck(root);
      const lines = stderr.split('\n').filter((l) => l.includes(': ') && !l.startsWith('check-paths:'));
      for (const pattern of found)
        assert.ok(
          lines.some((l) => pattern.test(l)),
          `expected ${pattern} in:\n${stderr}`,
        );
      assert.equal(lines.length, found.length, stderr);
      assert.equal(status, found.length === 0 ? 0 : 1, stderr);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('check-paths: this repository names nothing outside itself', () => {
  const { status, stderr } = runCheck(REPO);
  assert.equal(status, 0, stderr);
});

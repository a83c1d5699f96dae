/**
 * `node --import tsx bench/resolver-set.ts <outdir> [--lines 400000] [--sources 5000] [--seed 1]`:
 * writes a classic scans log shaped like a busy site resolver — one internal resolver (MY.NET.1.3)
 * with --lines port-53 lines to external hosts over three days, plus --sources external background
 * scanners with a few lines each — and its idsift.config.json. Ingest it and run
 * `bench/detect-bench.ts --db … --config …` (and report-bench) on it: no detect may be quadratic in
 * one source's lines or in the number of sources.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const DAY_S = 86_400;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2004-04-20T00:00:00Z in seconds. */
const START_S = Date.UTC(2004, 3, 20) / 1000;

/** mulberry32: a small seeded generator (the set must be the same for the same seed). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stamp(s: number): string {
  const d = new Date(s * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export interface ResolverSetOptions {
  lines: number;
  sources: number;
  seed: number;
}

/** The scans lines of the set, in time order. */
export function resolverScans(o: ResolverSetOptions): string[] {
  const rnd = random(o.seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  // Public-looking first octets: not 10 (private), 127 (loopback) or 130 (the site is 130.85).
  const external = (): string => {
    let a = 1 + int(222);
    while (a === 10 || a === 127 || a === 130) a = 1 + int(222);
    return `${a}.${int(256)}.${int(256)}.${1 + int(254)}`;
  };
  const rows: [number, string][] = [];
  // The resolver: steady all day, every day, to a large but recurring set of name servers.
  const servers = Array.from({ length: 20_000 }, external);
  for (let i = 0; i < o.lines; i++) {
    const t = START_S + Math.floor((i / o.lines) * 3 * DAY_S);
    rows.push([t, `130.85.1.3:53 -> ${servers[int(servers.length)]}:53 UDP  `]);
  }
  // Background scanners: a few SYNs each to random internal hosts on a common port.
  const ports = [22, 23, 80, 135, 139, 445, 1433, 3127, 6129, 27374];
  for (let s = 0; s < o.sources; s++) {
    const src = external();
    const port = ports[int(ports.length)]!;
    const t0 = START_S + int(3 * DAY_S - 60);
    for (let k = 1 + int(4); k > 0; k--) {
      rows.push([
        t0 + int(60),
        `${src}:${1024 + int(60_000)} -> 130.85.${int(256)}.${1 + int(254)}:${port} SYN ******S*`,
      ]);
    }
  }
  return rows.sort((a, b) => a[0] - b[0]).map(([t, rest]) => `${stamp(t)} ${rest}`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      lines: { type: 'string', default: '400000' },
      sources: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
    },
  });
  const out = positionals[0];
  if (out === undefined) {
    process.stderr.write('usage: bench/resolver-set.ts <outdir> [--lines n] [--sources n] [--seed n]\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  const lines = resolverScans({
    lines: Number(values.lines),
    sources: Number(values.sources),
    seed: Number(values.seed),
  });
  writeFileSync(join(out, 'scans.040420'), lines.join('\n') + '\n');
  writeFileSync(
    join(out, 'idsift.config.json'),
    JSON.stringify({ groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] }, aliases: [['MY.NET', '130.85']] }) +
      '\n',
  );
  process.stdout.write(`wrote ${lines.length} scans lines to ${join(out, 'scans.040420')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();

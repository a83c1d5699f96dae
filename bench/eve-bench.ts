/**
 * `node --import tsx bench/eve-bench.ts [--mb 60] [--runs 1]`: Suricata EVE ingest against a probe
 * measured in the same run. The machine is shared and drifts, so every figure comes with CPU-seconds
 * and with its ratio to the probe: DuckDB's own NDJSON reader (`read_ndjson_objects`, the envelope
 * fields extracted, the raw record kept) loading the same file into a fresh on-disk store.
 * Two more lines bound the choices of issue 15: DuckDB reading the file as numbered lines judged by
 * `json_valid` (what letting DuckDB parse EVE would cost with every line accounted for), and
 * JSON.parse alone over every line (the floor of parsing in JavaScript: a validating byte-level
 * scanner written in TypeScript measured no faster than it in session 6).
 *
 * Input: the real Suricata records of test/fixtures/samples/suricata-verify (stats records left out,
 * as in `npm run bench`), repeated to the size asked for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseLogStream } from '../src/ingest/line-feeder.js';
import { openLogStream } from '../src/ingest/read-lines.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '60' },
    runs: { type: 'string', default: '1' },
    dir: { type: 'string', default: 'bench/data' },
    // Skip `npm run build` when dist/ is known to be current.
    'no-build': { type: 'boolean', default: false },
  },
});
const dir = join(values.dir!, 'eve-bench');
mkdirSync(dir, { recursive: true });

interface Figures {
  ms: number;
  cpuMs: number;
  rows: number;
  peakRssMb?: number;
}

const samples = new URL('../test/fixtures/samples/suricata-verify/', import.meta.url);
if (!existsSync(samples)) throw new Error('test/fixtures/samples/suricata-verify is missing');
const lines = readdirSync(samples)
  .filter((name) => name.endsWith('__eve.json'))
  .sort()
  .flatMap((name) => readFileSync(new URL(name, samples), 'utf8').split('\n'))
  .filter((l) => l.trim().length > 0 && !l.includes('"event_type":"stats"'));
const block = `${lines.join('\n')}\n`;
const repeated = block.repeat(Math.ceil((Number(values.mb) * 1e6) / block.length));
const logDir = join(dir, 'logs');
mkdirSync(logDir, { recursive: true });
const path = join(logDir, 'eve.json');
writeFileSync(path, repeated);
const mb = Buffer.byteLength(repeated) / 1e6;

async function measure(fn: () => Promise<number>): Promise<Figures> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rows = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows };
}

/** DuckDB's NDJSON reader into a fresh on-disk table: envelope columns and the raw record. */
async function probe(): Promise<Figures> {
  const db = join(dir, 'probe.duckdb');
  for (const suffix of ['', '.wal']) rmSync(db + suffix, { force: true });
  return measure(async () => {
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE eve AS SELECT
        (json->>'timestamp')::TIMESTAMPTZ AS ts, json->>'event_type' AS event_type,
        json->>'src_ip' AS src, (json->>'src_port')::INTEGER AS sport,
        json->>'dest_ip' AS dst, (json->>'dest_port')::INTEGER AS dport, json->>'proto' AS proto,
        (json->>'flow_id')::UBIGINT AS flow_id, (json->'alert'->>'signature_id')::UBIGINT AS sid,
        json->'alert'->>'signature' AS signature, json->'alert'->>'category' AS category,
        (json->'alert'->>'severity')::INTEGER AS severity, json AS raw
      FROM read_ndjson_objects('${path.replaceAll("'", "''")}')`);
    const reader = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM eve');
    const rows = reader.getRows()[0]![0] as number;
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    return rows;
  });
}

/**
 * What option (b) of issue 15 would cost at least: DuckDB reading the file as numbered lines (as
 * exact accounting needs: quarantine by line number, raw text), judging each with `json_valid`, and
 * extracting the envelope from the valid ones — into a fresh on-disk table, raw kept.
 */
async function probeLines(): Promise<Figures> {
  const db = join(dir, 'probe-lines.duckdb');
  for (const suffix of ['', '.wal']) rmSync(db + suffix, { force: true });
  return measure(async () => {
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE eve AS
      WITH lines AS (
        SELECT row_number() OVER () AS line_no, line
        FROM read_csv('${path.replaceAll("'", "''")}', columns = {'line': 'VARCHAR'}, header = false,
          delim = '\\0', quote = '', escape = '', auto_detect = false)
      ), judged AS (SELECT line_no, line, json_valid(line) AS ok FROM lines)
      SELECT line_no, ok,
        CASE WHEN ok THEN (line->>'timestamp')::TIMESTAMPTZ END AS ts, CASE WHEN ok THEN line->>'event_type' END AS event_type,
        CASE WHEN ok THEN line->>'src_ip' END AS src, CASE WHEN ok THEN (line->>'src_port')::INTEGER END AS sport,
        CASE WHEN ok THEN line->>'dest_ip' END AS dst, CASE WHEN ok THEN (line->>'dest_port')::INTEGER END AS dport,
        CASE WHEN ok THEN line->>'proto' END AS proto, CASE WHEN ok THEN (line->>'flow_id')::UBIGINT END AS flow_id,
        CASE WHEN ok THEN (line->'alert'->>'signature_id')::UBIGINT END AS sid,
        CASE WHEN ok THEN line->'alert'->>'signature' END AS signature, line AS raw
      FROM judged`);
    const reader = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM eve WHERE ok');
    const rows = reader.getRows()[0]![0] as number;
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    return rows;
  });
}

/** The floor of parsing with JSON.parse: each line decoded and parsed, nothing kept. */
function jsonParseFloor(): Promise<Figures> {
  return measure(async () => {
    const bytes = readFileSync(path);
    let rows = 0;
    let start = 0;
    for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, end + 1)) {
      if (end > start && JSON.parse(bytes.toString('utf8', start, end)) !== null) rows++;
      start = end + 1;
    }
    return rows;
  });
}

/** idsift's parse path alone, one thread, into a sink that discards the batches. */
function parseOnly(): Promise<Figures> {
  return measure(async () => {
    let rows = 0;
    await parseLogStream(
      { file: path, format: 'suricata-eve', year: 2016, tz: 'UTC' },
      openLogStream(path, false).stream,
      { start: 0, firstLine: 1 },
      { batch: async (b) => void (rows += b.rows), problems: () => {}, progress: () => {} },
    );
    return rows;
  });
}

/** `ingest` end to end on the compiled code, in a process of its own (bench/ingest-compiled.mjs). */
function ingest(): Figures {
  const store = join(dir, 'ingest.duckdb');
  return JSON.parse(
    execFileSync(process.execPath, ['bench/ingest-compiled.mjs', logDir, store], { encoding: 'utf8' }),
  ) as Figures;
}

if (!values['no-build']) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const show = (what: string, f: Figures, base?: Figures): void => {
  const rate = mb / (f.ms / 1000);
  const ratio = base ? `  ratio ${(rate / (mb / (base.ms / 1000))).toFixed(2)}` : '';
  const rss = f.peakRssMb === undefined ? '' : `, RSS ${f.peakRssMb} MB`;
  process.stdout.write(
    `${what.padEnd(28)} ${(f.ms / 1000).toFixed(2)} s  ${rate.toFixed(0).padStart(4)} MB/s  ${(f.cpuMs / 1000).toFixed(2)} CPU-s  ${f.rows} rows${rss}${ratio}\n`,
  );
};
process.stdout.write(`EVE bench: ${mb.toFixed(1)} MB, ${lines.length} sample records repeated\n`);
for (let run = 0; run < Number(values.runs); run++) {
  const base = await probe();
  show('probe read_ndjson_objects', base);
  show('probe numbered lines', await probeLines(), base);
  show('JSON.parse floor (1 thread)', await jsonParseFloor(), base);
  show('parse (1 thread)', await parseOnly(), base);
  show('ingest end to end', ingest(), base);
}
rmSync(dir, { recursive: true, force: true });

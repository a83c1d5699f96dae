import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface QuarantinedLine {
  line: number;
  code: string;
  message: string;
  raw: string;
}

export interface FileQuarantine {
  byCode: { code: string; count: number }[];
  samples: QuarantinedLine[];
}

/**
 * Quarantined records per stored file (segment id): counts by problem code and the first
 * `samples` records in line order. Raw text is capped: one over-long line must not bloat the report.
 */
export async function queryQuarantine(store: Store, samples: number): Promise<Map<number, FileQuarantine>> {
  const out = new Map<number, FileQuarantine>();
  const entry = (id: number): FileQuarantine => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { byCode: [], samples: [] }));
    return e;
  };
  const counts = await store.query<{ file_id: number; code: string; n: number }>(
    sql`SELECT file_id, code, count(*) AS n FROM quarantine GROUP BY file_id, code ORDER BY file_id, n DESC, code`,
  );
  for (const c of counts) entry(Number(c.file_id)).byCode.push({ code: c.code, count: Number(c.n) });
  if (samples > 0) {
    // substring(…, 1, n) rather than left(): every backend spells it so.
    const rows = await store.query<{ file_id: number; line: number; code: string; message: string; raw: string }>(
      sql`SELECT q.file_id AS file_id, q.line AS line, q.code AS code, q.message AS message,
              substring(q.raw, 1, 400) AS raw
       FROM ${store.dialect.firstRowsPerGroup(sql`(SELECT file_id, line, code, message, raw FROM quarantine)`, {
         partitionBy: sql`file_id`,
         orderBy: sql`line`,
         count: samples,
       })} q
       ORDER BY file_id, line`,
    );
    for (const r of rows) {
      entry(Number(r.file_id)).samples.push({
        line: Number(r.line),
        code: r.code,
        message: r.message,
        raw: r.raw ?? '',
      });
    }
  }
  return out;
}

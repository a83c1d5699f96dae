/**
 * `/sql`: read-only SQL over the store, with a row limit and a timeout enforced by the server. The
 * query is kept in the URL, so Back returns to the previous query and its answer.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { sendJson } from '../api.js';
import type { SqlAnswer } from '../api-types.js';
import { AddressLink, PortLink } from '../components/entity-links.js';
import { fmtCount, Problem } from '../components/format.js';
import { navigate, withQuery, type Location } from '../router.js';

const EXAMPLE = `SELECT source, count(*) AS events
FROM events
GROUP BY source
ORDER BY events DESC`;

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Columns named as the events view names its addresses and ports link to their pages. */
function Cell({ column, value }: { column: string; value: unknown }): ReactNode {
  if (value !== null && value !== undefined && value !== '') {
    if (/^(src|dst|address|host)$/i.test(column) && typeof value === 'string') return <AddressLink address={value} />;
    if (/^(sport|dport|port)$/i.test(column) && (typeof value === 'number' || /^\d+$/.test(String(value))))
      return <PortLink port={String(value)} />;
  }
  return cell(value);
}

export function SqlPage({ loc }: { loc: Location }): ReactNode {
  const query = loc.query.get('q') ?? '';
  const limit = Number(loc.query.get('limit') ?? 1000) || 1000;
  const timeout = Number(loc.query.get('timeout') ?? 10) || 10;
  const [text, setText] = useState(query || EXAMPLE);
  const [rowLimit, setRowLimit] = useState(limit);
  const [seconds, setSeconds] = useState(timeout);
  const [answer, setAnswer] = useState<{ data: SqlAnswer | null; error: string | null; running: boolean }>({
    data: null,
    error: null,
    running: false,
  });
  useEffect(() => {
    if (!query) return;
    setText(query);
    const ctl = new AbortController();
    setAnswer({ data: null, error: null, running: true });
    sendJson<SqlAnswer>('POST', '/api/sql', { query, limit, timeout }, ctl.signal).then(
      (data) => setAnswer({ data, error: null, running: false }),
      (e: unknown) => {
        if (!ctl.signal.aborted)
          setAnswer({ data: null, error: e instanceof Error ? e.message : String(e), running: false });
      },
    );
    return () => ctl.abort();
  }, [query, limit, timeout]);
  const a = answer.data;
  return (
    <section data-testid="sql-page">
      <h1>SQL (read-only)</h1>
      <p className="hint">
        Views: events (ts, source, event, src, sport, dst, dport, proto, …). Writes, ATTACH, COPY and file access are
        refused; the server stops a query at its timeout and returns at most the row limit.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery(loc, { q: text, limit: rowLimit, timeout: seconds }));
        }}
      >
        <textarea
          className="sql"
          name="sql"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              navigate(withQuery(loc, { q: text, limit: rowLimit, timeout: seconds }));
            }
          }}
        />
        <div className="filters">
          <label>
            row limit
            <input
              type="number"
              name="limit"
              min={1}
              max={10000}
              value={rowLimit}
              onChange={(e) => setRowLimit(Number(e.target.value))}
            />
          </label>
          <label>
            timeout (s)
            <input
              type="number"
              name="timeout"
              min={0.1}
              max={60}
              step="any"
              value={seconds}
              onChange={(e) => setSeconds(Number(e.target.value))}
            />
          </label>
          <button type="submit" disabled={answer.running}>
            {answer.running ? 'Running…' : 'Run (Ctrl+Enter)'}
          </button>
        </div>
      </form>
      <Problem error={answer.error} />
      {a && (
        <>
          <p className="hint" data-testid="sql-status">
            {fmtCount(a.rows.length)} rows{a.truncated ? ` (cut at the row limit)` : ''}
            {a.elapsed_ms !== undefined ? ` · ${a.elapsed_ms} ms` : ''}
          </p>
          <div className="table-wrap">
            <table data-testid="sql-result">
              <thead>
                <tr>
                  {a.columns.map((c, i) => (
                    <th key={i}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {a.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j} className={typeof v === 'number' ? 'num' : 'wrap'}>
                        <Cell column={a.columns[j] ?? ''} value={v} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * A dense table of rows the server already paged: the columns say how each cell renders (links for
 * addresses, ports and signatures; plain text otherwise, never HTML).
 */
import type { ReactNode } from 'react';

export interface Column<R> {
  key: string;
  title: string;
  render?: (row: R) => ReactNode;
  className?: string;
}

interface DataTableProps<R> {
  columns: Column<R>[];
  rows: R[];
  empty?: string;
  rowClass?: (row: R) => string | undefined;
  testId?: string;
}

function plain(value: unknown): ReactNode {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function DataTable<R>({
  columns,
  rows,
  empty = 'Nothing here.',
  rowClass,
  testId,
}: DataTableProps<R>): ReactNode {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={rowClass?.(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.className}>
                  {c.render ? c.render(row) : plain((row as Record<string, unknown>)[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface PagerProps {
  page: number;
  pageSize: number;
  /** Rows on this page; when less than a page, there is no next. */
  shown: number;
  total?: number | null;
  onPage: (page: number) => void;
}

/** Previous / next over server-side pages; the total is shown when the server counted it. */
export function Pager({ page, pageSize, shown, total, onPage }: PagerProps): ReactNode {
  const first = page * pageSize + (shown > 0 ? 1 : 0);
  const last = page * pageSize + shown;
  const hasNext = total !== undefined && total !== null ? last < total : shown >= pageSize;
  return (
    <div className="pager">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span data-testid="pager-range">
        {first.toLocaleString('en-US')}–{last.toLocaleString('en-US')}
        {total !== undefined && total !== null ? ` of ${total.toLocaleString('en-US')}` : ''}
      </span>
      <button type="button" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </div>
  );
}

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
  /** Whether this is the first page (no `after` cursor). */
  first: boolean;
  /** The cursor of the next page, null on the last. */
  next: string | null;
  shown: number;
  /** Every matching row, when counted. */
  total?: number | null;
  onFirst: () => void;
  onNext: (after: string) => void;
}

/**
 * Keyset paging (the server hands out a cursor per page, so page 10 000 costs what page 1 costs):
 * next and back to the first page here, the browser's Back for the page before.
 */
export function Pager({ first, next, shown, total, onFirst, onNext }: PagerProps): ReactNode {
  return (
    <div className="pager">
      <button type="button" disabled={first} onClick={onFirst}>
        « First
      </button>
      <button
        type="button"
        disabled={next === null}
        onClick={() => next !== null && onNext(next)}
        data-testid="next-page"
      >
        Next ›
      </button>
      <span data-testid="pager-range">
        {shown.toLocaleString('en-US')} rows on this page
        {total !== undefined && total !== null ? ` · ${total.toLocaleString('en-US')} match` : ''}
      </span>
    </div>
  );
}

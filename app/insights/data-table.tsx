import { FEWER_THAN_5, type Table } from '@/lib/server/insights/tables';

// A table beside every chart: the chart for the eye, the table for screen readers, exact
// reading and copying. The same rows as the CSV download. A long one (a row a day) starts
// folded, behind a summary that says what it holds.
export function DataTable({ table, id, csv, collapsed }: { table: Table; id: string; csv: string; collapsed?: string }) {
  const scroll = (
    <>
      {/* Shown only while the table is wider than its card (globals.css): a scrollbar is not
          drawn until scrolled on phones and Macs, and a cut-off column says nothing. */}
      <p className="scroll-hint" aria-hidden="true">
        Scroll sideways to see all {table.columns.length} columns →
      </p>
      <div className="table-scroll" role="region" aria-label={`Table: ${table.title}`} tabIndex={0}>
        <table>
          <caption id={`${id}-caption`}>{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((column, i) => (
                <th key={column} scope="col" className={i === 0 ? undefined : 'number'}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) =>
              // A group too small to show says so once, across its row, not once per column (the
              // CSV keeps a cell per column for spreadsheets).
              row.length > 2 && row.slice(1).every((cell) => cell === FEWER_THAN_5) ? (
                <tr key={r}>
                  <th scope="row">{row[0]}</th>
                  <td colSpan={row.length - 1} className="hidden-group">
                    {FEWER_THAN_5}
                  </td>
                </tr>
              ) : (
                <tr key={r}>
                  {row.map((cell, c) =>
                    c === 0 ? (
                      <th key={c} scope="row">
                        {cell}
                      </th>
                    ) : (
                      // Numbers stay on one line; a sentence (a rate with why) wraps.
                      <td key={c} className={typeof cell === 'string' && cell.includes(' ') && cell.length > 16 ? 'number wrap' : 'number'}>
                        {typeof cell === 'number' ? cell.toLocaleString('en-US') : cell}
                      </td>
                    ),
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
  return (
    <div className="data-table" id={id}>
      {collapsed ? (
        <details>
          <summary>{collapsed}</summary>
          {scroll}
        </details>
      ) : (
        scroll
      )}
      <a className="download" href={csv} download>
        Download “{table.title}” as CSV
      </a>
    </div>
  );
}

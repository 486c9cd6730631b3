import type { Table } from '@/lib/server/insights/tables';

// A table beside every chart: the chart for the eye, the table for screen readers, exact
// reading and copying. The same rows as the CSV download. A long one (a row a day) starts
// folded, behind a summary that says what it holds.
export function DataTable({ table, id, csv, collapsed }: { table: Table; id: string; csv: string; collapsed?: string }) {
  const scroll = (
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
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={c} className="number">
                    {typeof cell === 'number' ? cell.toLocaleString('en-US') : cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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

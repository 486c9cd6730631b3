import type { Table } from '@/lib/server/insights/tables';

// A table beside every chart: the chart for the eye, the table for screen readers, exact
// reading and copying. The same rows as the CSV download.
export function DataTable({ table, id, csv }: { table: Table; id: string; csv: string }) {
  return (
    <div className="data-table">
      <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
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
      <a className="download" href={csv} download>
        Download “{table.title}” as CSV
      </a>
    </div>
  );
}

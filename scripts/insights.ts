// First, before any module reads a setting: the .env files, as Next.js reads them.
import '@/lib/shared/load-env.mjs';
import { lastDays } from '@/lib/server/insights/period';
import { insightsReport } from '@/lib/server/insights/report';
import { tableOf, type Table } from '@/lib/server/insights/tables';

// npm run insights: the upgrade funnel and the sign-in mix of the last 30 days, in the
// terminal, for an operator on a server with no browser. Reads DATABASE_URL like the app;
// the same numbers as the Insights page (one report, lib/server/insights).
//
//   npm run insights [-- --days 7|30|90]

function render(table: Table, rows = table.rows): string {
  const cells = [table.columns, ...rows].map((row) =>
    row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)),
  );
  const widths = table.columns.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [table.title, line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

async function main() {
  const index = process.argv.indexOf('--days');
  const days = index < 0 ? 30 : Number(process.argv[index + 1]);
  if (![7, 30, 90].includes(days)) throw new Error('--days takes 7, 30 or 90');
  const report = await insightsReport(lastDays(days));
  const signIns = tableOf(report, 'sign-ins');
  console.log(
    `Adoption insights, ${report.period.from} to ${report.period.to} (UTC)${report.synthetic ? ' — includes synthetic demo data' : ''}\n`,
  );
  console.log(render(tableOf(report, 'funnel')));
  console.log();
  // The per-day rows are the page's chart; the terminal gets the period's totals.
  console.log(render({ ...signIns, title: 'Sign-ins by method' }, signIns.rows.slice(-1)));
  console.log(
    `\nPasskey share of sign-ins: ${report.signIns.passkeyShare === null ? '–' : `${(report.signIns.passkeyShare * 100).toFixed(1)}%`}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

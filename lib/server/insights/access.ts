import 'server-only';
import { recordEvent, type ClientInfo } from '../audit/security-events';
import type { CurrentSession } from '../identity/session';
import { Failure } from '../platform/failure';
import { isOperator } from './operators';
import { parsePeriod, type Period } from './period';
import { insightsReport, type InsightsReport } from './report';
import { TABLES, tableOf, toCsv, type TableName } from './tables';

// The insights as the page, the API and the CSV files hand them out: only to an operator,
// and every look is written to the operator's security log with the period it covered.

export type PeriodQuery = { days?: string | null; from?: string | null; to?: string | null };

function assertOperator(current: CurrentSession | null): asserts current is CurrentSession {
  // The same answer for a signed-out visitor and for an account that is not an operator.
  if (!current || !isOperator(current.user)) throw new Failure('not_found', 'There is nothing here.');
}

export async function viewInsights(
  current: CurrentSession | null,
  query: PeriodQuery,
  client: ClientInfo,
  via: 'page' | 'api',
): Promise<InsightsReport> {
  assertOperator(current);
  const period = parsePeriod(query);
  const report = await insightsReport(period);
  await recordEvent('insights.viewed', current.user.id, client, { via, ...periodDetail(period) });
  return report;
}

/**
 * One table as CSV. `table` is the name asked for: an operator is told which names exist;
 * anyone else gets the same 404 for any name, so the answer does not list the tables.
 */
export async function exportInsights(
  current: CurrentSession | null,
  table: string,
  query: PeriodQuery,
  client: ClientInfo,
): Promise<{ filename: string; csv: string }> {
  assertOperator(current);
  if (!isTableName(table))
    throw new Failure('not_found', `There is no such table; use one of ${TABLES.map((t) => `${t}.csv`).join(', ')}.`);
  const period = parsePeriod(query);
  const report = await insightsReport(period);
  await recordEvent('insights.exported', current.user.id, client, { table, ...periodDetail(period) });
  return { filename: `insights-${table}-${period.from}-to-${period.to}.csv`, csv: toCsv(tableOf(report, table)) };
}

const periodDetail = (period: Period) => ({ from: period.from, to: period.to });

const isTableName = (name: string): name is TableName => (TABLES as readonly string[]).includes(name);

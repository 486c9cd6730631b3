import 'server-only';
import { FUNNEL_STEPS, SIGN_IN_METHODS, type InsightsReport, type ProviderCounts, type SplitRow } from './report';

// The report as tables: the CSV downloads, the terminal report and the tables beside the
// page's charts all come from here, so they cannot disagree.

export const TABLES = ['funnel', 'sign-ins', 'browsers', 'operating-systems', 'providers', 'accounts'] as const;
export type TableName = (typeof TABLES)[number];

export const FEWER_THAN_5 = 'fewer than 5';

export type Cell = string | number | null;
export type Table = { title: string; columns: string[]; rows: Cell[][] };

export function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function splitTable(title: string, groupColumn: string, rows: SplitRow[]): Table {
  return {
    title,
    columns: [groupColumn, ...FUNNEL_STEPS.map((step) => step.label), 'Created per offer'],
    rows: rows.map((row) =>
      row.counts
        ? [row.group, ...FUNNEL_STEPS.map((step) => row.counts![step.key]), percent(row.createdRate)]
        : [row.group, ...FUNNEL_STEPS.map(() => FEWER_THAN_5), FEWER_THAN_5],
    ),
  };
}

const PROVIDER_COLUMNS: [keyof ProviderCounts, string][] = [
  ['upgrade_created', 'Passkeys created by the upgrade'],
  ['passkey_sign_ins', 'Passkey sign-ins'],
  ['first_passkey_sign_ins', 'First passkey sign-ins after an offer'],
];

export function tableOf(report: InsightsReport, name: TableName): Table {
  switch (name) {
    case 'funnel':
      return {
        title: 'The upgrade funnel',
        columns: ['Step', 'Count', 'Share of', 'Rate'],
        rows: report.funnel.map((step) => [
          step.label,
          step.count,
          step.of ? FUNNEL_STEPS.find((s) => s.key === step.of)!.label : '',
          step.of ? percent(step.rate) : '',
        ]),
      };
    case 'sign-ins':
      return {
        title: 'Sign-ins per day (UTC)',
        columns: ['Day', ...SIGN_IN_METHODS.map((method) => method.label)],
        rows: [
          ...report.signIns.days.map((day) => [day.day, ...SIGN_IN_METHODS.map((method) => (day.counts ? day.counts[method.key] : FEWER_THAN_5))]),
          ['Total', ...SIGN_IN_METHODS.map((method) => report.signIns.totals[method.key])],
        ],
      };
    case 'browsers':
      return splitTable('The funnel by browser', 'Browser', report.byBrowser);
    case 'operating-systems':
      return splitTable('The funnel by operating system', 'Operating system', report.byOs);
    case 'providers':
      return {
        title: 'By passkey provider',
        columns: ['Provider', ...PROVIDER_COLUMNS.map(([, label]) => label)],
        rows: report.byProvider.map((row) => [row.group, ...PROVIDER_COLUMNS.map(([key]) => (row.counts ? row.counts[key] : FEWER_THAN_5))]),
      };
    case 'accounts':
      return {
        title: 'Accounts',
        columns: ['Measure', 'Value'],
        rows: [
          ['Accounts', report.accounts.total],
          ['With at least one passkey', report.accounts.withPasskey],
          ['Passwordless', report.accounts.passwordless],
          ['First passkey sign-ins after an offer (period)', report.accounts.firstPasskeySignIns],
          [
            'Median time from first offer to first passkey sign-in (period)',
            report.accounts.medianSecondsToFirstPasskeySignIn === null ? FEWER_THAN_5 : describeDuration(report.accounts.medianSecondsToFirstPasskeySignIn),
          ],
        ],
      };
  }
}

/** "4 min", "3.5 h", "2.1 days": a median is read at a glance, not to the second. */
export function describeDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (starting with = + - @ or a
 * tab) gets a leading apostrophe (OWASP's advice on CSV injection); numbers stay numbers.
 */
export function toCsv(table: Table): string {
  const cell = (value: Cell) => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

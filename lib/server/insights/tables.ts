import 'server-only';
import { FUNNEL_STEPS, SIGN_IN_METHODS, type FunnelStepKey, type InsightsReport, type ProviderCounts, type SplitRow } from './report';

// The report as tables: the CSV downloads, the terminal report and the tables beside the
// page's charts all come from here, so they cannot disagree.

export const TABLES = [
  'funnel',
  'upgrade-path',
  'upgrade-outcomes',
  'sign-ins',
  'browsers',
  'operating-systems',
  'providers',
  'accounts',
] as const;
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

/**
 * The path one person takes, in order: each step a share of the one before it. The ways an
 * offer can end are not steps of it (they are the outcome table), and neither is "cannot
 * upgrade", which is never offered.
 */
export const PATH_STEPS = [
  'password_sign_ins',
  'offered',
  'created',
  'first_passkey_sign_in',
  'password_removed',
] as const satisfies readonly FunnelStepKey[];
/** How the offers ended, each a share of the offers; the browsers that cannot upgrade apart. */
export const OUTCOME_STEPS = [
  'created',
  'declined',
  'already_exists',
  'aborted',
  'error',
  'rejected',
] as const satisfies readonly FunnelStepKey[];

/**
 * Why a step can be more than the one before it: each is counted when it happens, so a short
 * period counts people who began before it. A rate above 100 % never stands without this.
 */
export function overWhy(step: FunnelStepKey): string {
  return step === 'first_passkey_sign_in' ? 'includes passkeys created before the period' : 'includes people who began before the period';
}

/** A rate as a person reads it: over 100 %, with why. */
export function rateWithWhy(rate: number | null, step: FunnelStepKey): string {
  if (rate === null) return percent(rate);
  return rate > 1 ? `${percent(rate)}, more than the step before: it ${overWhy(step)}` : percent(rate);
}

/** An outcome as a share of the offers; more than were offered only with why. */
export function outcomeShare(count: number, offered: number, step: FunnelStepKey): string {
  if (offered === 0) return percent(null);
  const rate = count / offered;
  return rate > 1 ? `${percent(rate)} of offers, more than were offered: it ${overWhy(step)}` : `${percent(rate)} of offers`;
}

function stepOf(report: InsightsReport, key: FunnelStepKey) {
  return report.funnel.find((step) => step.step === key)!;
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
    case 'upgrade-path':
      return {
        title: 'The upgrade path',
        columns: ['Step', 'Count', 'Of the step before'],
        rows: PATH_STEPS.map((key) => {
          const step = stepOf(report, key);
          return [step.label, step.count, step.of ? rateWithWhy(step.rate, key) : ''];
        }),
      };
    case 'upgrade-outcomes': {
      const offered = stepOf(report, 'offered').count;
      const unsupported = stepOf(report, 'unsupported');
      return {
        title: 'How the offers ended',
        columns: ['Outcome', 'Count', 'Share'],
        rows: [
          ...OUTCOME_STEPS.map((key) => {
            const step = stepOf(report, key);
            return [step.label, step.count, outcomeShare(step.count, offered, key)] as Cell[];
          }),
          ['Never offered: browser cannot upgrade', unsupported.count, `${percent(unsupported.rate)} of password sign-ins`],
        ],
      };
    }
    case 'sign-ins':
      return {
        title: 'Sign-ins per day (UTC)',
        columns: ['Day', ...SIGN_IN_METHODS.map((method) => method.label)],
        rows: [
          ...report.signIns.days.map((day) => [
            day.day,
            ...SIGN_IN_METHODS.map((method) => (day.counts ? day.counts[method.key] : FEWER_THAN_5)),
          ]),
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
        rows: report.byProvider.map((row) => [
          row.group,
          ...PROVIDER_COLUMNS.map(([key]) => (row.counts ? row.counts[key] : FEWER_THAN_5)),
        ]),
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
            report.accounts.medianSecondsToFirstPasskeySignIn === null
              ? FEWER_THAN_5
              : describeDuration(report.accounts.medianSecondsToFirstPasskeySignIn),
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

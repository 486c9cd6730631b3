import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getCurrentSession } from '@/lib/server/http/session-cookie';
import { viewInsights, type PeriodQuery } from '@/lib/server/insights/access';
import { isOperator } from '@/lib/server/insights/operators';
import { lastDays } from '@/lib/server/insights/period';
import type { InsightsReport } from '@/lib/server/insights/report';
import { SIGN_IN_METHODS } from '@/lib/server/insights/report';
import { clientInfo } from '@/lib/server/http/route';
import {
  FEWER_THAN_5,
  OUTCOME_STEPS,
  PATH_STEPS,
  describeDuration,
  outcomeShare,
  overWhy,
  percent,
  tableOf,
  type TableName,
} from '@/lib/server/insights/tables';
import { Failure } from '@/lib/server/platform/failure';
import { HorizontalBars, Legend, StackedDays } from './charts';
import { DataTable } from './data-table';
import { PeriodForm } from './period-form';

export const metadata: Metadata = { title: 'Adoption insights' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

// The operator's view of the automatic upgrade: is it moving people off passwords? Drawn on
// the server; everyone who is not an operator gets the 404 page, signed in or not.
export default async function InsightsPage({ searchParams }: { searchParams: SearchParams }) {
  const current = await getCurrentSession();
  if (!current || !isOperator(current.user)) notFound();
  const params = await searchParams;
  const query: PeriodQuery = { days: first(params.days), from: first(params.from), to: first(params.to) };
  // The viewer's address and browser for the security log, read as the API reads them.
  const client = clientInfo({ headers: await headers() });
  let report: InsightsReport;
  let error: string | null = null;
  try {
    report = await viewInsights(current, query, client, 'page');
  } catch (failure) {
    if (!(failure instanceof Failure) || failure.code !== 'invalid_period') throw failure;
    error = `${failure.message} Showing the last 30 days instead.`;
    report = await viewInsights(current, {}, client, 'page');
  }
  const preset = !query.from && !query.to ? Number(query.days ?? 30) : null;
  const search = query.from && query.to && !error ? `from=${query.from}&to=${query.to}` : `days=${preset ?? 30}`;
  const csv = (table: TableName) => `/api/insights/${table}.csv?${search}`;

  return (
    <div className="insights-page">
      <h1>Adoption insights</h1>
      <p className="muted">
        How the automatic passkey upgrade is doing, {report.period.from} to {report.period.to} (UTC), {report.period.days} days. Counts
        only: a browser, system, provider or day with fewer than 5 accounts shows “{FEWER_THAN_5}”.
      </p>
      {report.synthetic ? (
        <p className="alert synthetic" role="note">
          This database holds a made-up history from <code>npm run seed:demo</code> (accounts at synthetic.invalid): the numbers are
          synthetic.
        </p>
      ) : null}
      <PeriodForm period={error ? lastDays(30) : report.period} preset={preset} error={error} />

      <KeyFigures report={report} />

      <UpgradePath report={report} csv={csv('upgrade-path')} />
      <UpgradeOutcomes report={report} csv={csv('upgrade-outcomes')} />

      <section className="card" aria-labelledby="sign-ins-heading">
        <h2 id="sign-ins-heading">How people sign in</h2>
        <p className="muted">
          Sign-ins per day by method. Passkeys were {percent(report.signIns.passkeyShare)} of sign-ins in the period (re-authentication not
          counted).
        </p>
        <StackedDays
          id="sign-ins-chart"
          title="Sign-ins per day by method"
          summary={
            SIGN_IN_METHODS.map((method) => `${report.signIns.totals[method.key]} ${method.label.toLowerCase()}`).join(', ') +
            ' in the period.'
          }
          days={report.signIns.days.map((day) => ({ day: day.day, values: day.counts ?? {}, suppressed: day.suppressed }))}
          keys={[...SIGN_IN_METHODS]}
        />
        <Legend keys={[...SIGN_IN_METHODS]} />
        <DataTable
          id="sign-ins-table"
          table={tableOf(report, 'sign-ins')}
          csv={csv('sign-ins')}
          collapsed={`The numbers for each of the ${report.period.days} days`}
        />
      </section>

      <section className="card" aria-labelledby="where-heading">
        <h2 id="where-heading">Where it works</h2>
        <p className="muted">
          Passkeys created per upgrade offered, by browser and by operating system (from the user agent), and use by passkey provider (from
          its AAGUID).
        </p>
        <h3>By browser</h3>
        <SplitChart id="browser-chart" title="Passkeys created per offer, by browser" rows={report.byBrowser} />
        <DataTable id="browser-table" table={tableOf(report, 'browsers')} csv={csv('browsers')} />
        <h3>By operating system</h3>
        <SplitChart id="os-chart" title="Passkeys created per offer, by operating system" rows={report.byOs} />
        <DataTable id="os-table" table={tableOf(report, 'operating-systems')} csv={csv('operating-systems')} />
        <h3>By passkey provider</h3>
        <HorizontalBars
          id="provider-chart"
          title="Passkey sign-ins by provider"
          summary={
            report.byProvider
              .filter((row) => row.counts)
              .map((row) => `${row.group}: ${row.counts!.passkey_sign_ins} passkey sign-ins`)
              .join('; ') || 'No provider with 5 or more accounts.'
          }
          bars={report.byProvider
            .filter((row) => row.counts)
            .map((row) => ({
              label: row.group,
              value: row.counts!.passkey_sign_ins,
              display: row.counts!.passkey_sign_ins.toLocaleString('en-US'),
            }))}
        />
        <DataTable id="provider-table" table={tableOf(report, 'providers')} csv={csv('providers')} />
      </section>

      <section className="card" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <DataTable id="accounts-table" table={tableOf(report, 'accounts')} csv={csv('accounts')} />
      </section>

      <p className="muted">
        The same numbers as JSON: <a href={`/api/insights?${search}`}>/api/insights?{search}</a>. Each view and download is written to your
        security log.
      </p>
    </div>
  );
}

/**
 * The path one person takes: offered, created, first passkey sign-in, password removed. Each
 * a share of the step before; where a step is more than the one before it, why is said under
 * the chart and in the table, never a bare rate over 100 %.
 */
function UpgradePath({ report, csv }: { report: InsightsReport; csv: string }) {
  const steps = PATH_STEPS.map((key) => report.funnel.find((step) => step.step === key)!);
  const over = steps.filter((step) => step.rate !== null && step.rate > 1);
  const ofLabel = (step: (typeof steps)[number]) => steps.find((s) => s.step === step.of)?.label ?? '';
  return (
    <section className="card" aria-labelledby="path-heading">
      <h2 id="path-heading">The upgrade path</h2>
      <p className="muted">
        From a password sign-in to a passkey: each step counted when it happened in the period, as a share of the step before.
      </p>
      <HorizontalBars
        id="path-chart"
        title="The upgrade path"
        summary={steps.map((step) => `${step.label}: ${step.count.toLocaleString('en-US')}`).join(', ') + '.'}
        bars={steps.map((step) => ({
          label: step.label,
          value: step.count,
          display:
            step.rate === null || !step.of
              ? step.count.toLocaleString('en-US')
              : `${step.count.toLocaleString('en-US')} · ${step.rate > 1 ? 'more than the step before' : percent(step.rate)}`,
          tone:
            step.rate !== null && step.rate > 1 ? 'muted' : step.step === 'password_sign_ins' || step.step === 'offered' ? 'accent' : 'ok',
        }))}
      />
      {over.map((step) => (
        <p key={step.step} className="chart-note">
          {step.label} is {percent(step.rate)} of “{ofLabel(step)}”: it {overWhy(step.step)}.
        </p>
      ))}
      <DataTable id="path-table" table={tableOf(report, 'upgrade-path')} csv={csv} />
    </section>
  );
}

/** How the offers ended, each a share of the offers; the browsers never offered apart. */
function UpgradeOutcomes({ report, csv }: { report: InsightsReport; csv: string }) {
  const offered = report.funnel.find((step) => step.step === 'offered')!.count;
  const outcomes = OUTCOME_STEPS.map((key) => report.funnel.find((step) => step.step === key)!);
  return (
    <section className="card" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">How the offers ended</h2>
      <p className="muted">
        Each of the {offered.toLocaleString('en-US')} upgrade offers ends one way: the password manager created a passkey, or it did not,
        and why. Browsers that cannot upgrade are never offered one.
      </p>
      <HorizontalBars
        id="outcomes-chart"
        title="How the offers ended"
        summary={
          outcomes.map((step) => `${step.label}: ${step.count.toLocaleString('en-US')}`).join(', ') +
          ` of ${offered.toLocaleString('en-US')} offers.`
        }
        max={offered}
        bars={outcomes.map((step) => ({
          label: step.label,
          value: step.count,
          display: `${step.count.toLocaleString('en-US')} · ${step.count > offered ? 'more than were offered' : outcomeShare(step.count, offered, step.step)}`,
          tone: step.step === 'created' ? 'ok' : 'muted',
        }))}
      />
      {outcomes
        .filter((step) => step.count > offered)
        .map((step) => (
          <p key={step.step} className="chart-note">
            {step.label}: {outcomeShare(step.count, offered, step.step)}.
          </p>
        ))}
      <DataTable id="outcomes-table" table={tableOf(report, 'upgrade-outcomes')} csv={csv} />
    </section>
  );
}

function KeyFigures({ report }: { report: InsightsReport }) {
  const offered = report.funnel.find((step) => step.step === 'offered')!;
  const created = report.funnel.find((step) => step.step === 'created')!;
  const median = report.accounts.medianSecondsToFirstPasskeySignIn;
  const figures = [
    // A non-breaking hyphen: "sign-" and "ins" on two lines reads as two words.
    { label: 'Passkey share of sign\u2011ins', value: percent(report.signIns.passkeyShare) },
    {
      label: 'Passkeys created per offer',
      value: percent(created.rate),
      detail: `${created.count.toLocaleString('en-US')} of ${offered.count.toLocaleString('en-US')}`,
    },
    {
      label: 'Accounts with a passkey',
      value: report.accounts.withPasskey.toLocaleString('en-US'),
      detail: `of ${report.accounts.total.toLocaleString('en-US')}`,
    },
    { label: 'Passwordless accounts', value: report.accounts.passwordless.toLocaleString('en-US') },
    { label: 'Median offer → first passkey sign-in', value: median === null ? FEWER_THAN_5 : describeDuration(median) },
  ];
  return (
    <dl className="key-figures">
      {figures.map((figure) => (
        <div key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>
            <span className="figure-value">{figure.value}</span>
            {figure.detail ? <span className="muted figure-detail"> {figure.detail}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function SplitChart({ id, title, rows }: { id: string; title: string; rows: InsightsReport['byBrowser'] }) {
  // A group that was never offered the upgrade because its browser cannot do it is shown too:
  // "Firefox cannot upgrade" is what this chart is for.
  const shown = rows.filter((row) => row.counts && (row.counts.offered > 0 || row.counts.unsupported > 0));
  const hidden = rows.filter((row) => !row.counts).length;
  const describe = (row: (typeof shown)[number]) =>
    row.counts!.offered > 0
      ? `${percent(row.createdRate)} of ${row.counts!.offered.toLocaleString('en-US')} offers`
      : 'cannot upgrade: never offered';
  return (
    <HorizontalBars
      id={id}
      title={title}
      summary={
        (shown.map((row) => `${row.group}: ${describe(row)}`).join('; ') || 'No group with 5 or more accounts met the upgrade.') +
        (hidden ? ` ${hidden} smaller group${hidden === 1 ? '' : 's'} not shown.` : '')
      }
      max={1}
      bars={shown.map((row) => ({
        label: row.group,
        value: row.createdRate ?? 0,
        display: describe(row),
        tone: row.counts!.offered === 0 ? 'warn' : (row.createdRate ?? 0) >= 0.5 ? 'ok' : (row.createdRate ?? 0) >= 0.2 ? 'accent' : 'warn',
      }))}
    />
  );
}

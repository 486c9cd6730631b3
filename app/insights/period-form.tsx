import type { Period } from '@/lib/server/insights/period';

// The period picker: a plain GET form, so it works before (and without) any JavaScript. No
// browser validation bubble: a date left out or wrong is said on the page, by the server.
export function PeriodForm({ period, preset, error }: { period: Period; preset: number | null; error: string | null }) {
  return (
    <form className="period-form" method="get" action="/insights" aria-describedby={error ? 'period-error' : undefined} noValidate>
      <fieldset>
        <legend>Period (UTC days)</legend>
        <div className="period-presets">
          {[7, 30, 90].map((days) => (
            <a key={days} href={`/insights?days=${days}`} className="preset" aria-current={preset === days ? 'page' : undefined}>
              Last {days} days
            </a>
          ))}
        </div>
        <div className="period-dates">
          <label>
            From <input type="date" name="from" defaultValue={period.from} required />
          </label>
          <label>
            To <input type="date" name="to" defaultValue={period.to} required />
          </label>
          <button type="submit" className="secondary">
            Show these dates
          </button>
        </div>
        {error ? (
          <p id="period-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </fieldset>
    </form>
  );
}

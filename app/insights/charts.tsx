import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { BarStack } from '@visx/shape';

// The charts, drawn on the server with visx's scales (docs/decisions/011): no chart code runs
// in the browser. The sign-ins per day are SVG; the bar lists are HTML, so their words wrap.
// Horizontal positions are percentages of the width and text is in CSS pixels, so a chart
// fills a phone or a desktop without its labels shrinking or growing.
// Colours come from CSS classes (globals.css) and follow light and dark. Each chart is an
// image with a short summary; the table beside it has every number.

type Figure = { id: string; title: string; summary: string };

function ChartFrame({ id, title, summary, height, children }: Figure & { height: number; children: React.ReactNode }) {
  return (
    <svg className="chart" width="100%" height={height} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      {children}
    </svg>
  );
}

export type HorizontalBar = { label: string; value: number; display: string; tone?: 'accent' | 'ok' | 'muted' | 'warn' };

/**
 * A label and its value on one line (wrapping on a phone rather than running off the card),
 * the bar under them. HTML rather than SVG: SVG text cannot wrap, and a long label beside its
 * value ran past a 390 px card. Still drawn on the server, with the same scale.
 */
export function HorizontalBars({ id, title, summary, bars, max }: Figure & { bars: HorizontalBar[]; max?: number }) {
  const x = scaleLinear<number>({ domain: [0, Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1)], range: [0, 100] });
  return (
    <div className="hbars" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <span id={`${id}-title`} className="visually-hidden">
        {title}
      </span>
      <span id={`${id}-desc`} className="visually-hidden">
        {summary}
      </span>
      {bars.map((bar) => (
        <div key={bar.label} className="hbar">
          <div className="hbar-text">
            <span className="hbar-label">{bar.label}</span>
            <span className="hbar-value">{bar.display}</span>
          </div>
          <div className="hbar-track">
            {bar.value > 0 ? (
              <div className={`hbar-fill bar-${bar.tone ?? 'accent'}`} style={{ width: `${Math.max(x(bar.value), 0.4)}%` }} />
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}

export type StackedDay = { day: string; values: Record<string, number>; suppressed: boolean };

/** Sign-ins per day, one stacked bar a day, one colour a method; hidden days are shaded. */
export function StackedDays({ id, title, summary, days, keys }: Figure & { days: StackedDay[]; keys: { key: string; label: string }[] }) {
  const height = 240;
  const top = 18;
  const bottom = 26;
  const plot = height - top - bottom;
  const totals = days.map((day) => keys.reduce((sum, { key }) => sum + (day.values[key] ?? 0), 0));
  // The first 8 % is the axis's: its numbers are not drawn under the first day's bar.
  const x = scaleBand<string>({ domain: days.map((day) => day.day), range: [8, 100], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, Math.max(...totals, 1)], range: [plot, 0], nice: true });
  const every = Math.ceil(days.length / 6);
  return (
    <ChartFrame id={id} title={title} summary={summary} height={height}>
      <Group top={top}>
        {y.ticks(4).map((tick) => (
          <g key={tick}>
            <line x1="0" x2="100%" y1={y(tick)} y2={y(tick)} className="gridline" />
            <text x="0" y={y(tick) - 4} className="chart-tick">
              {tick.toLocaleString('en-US')}
            </text>
          </g>
        ))}
        <BarStack
          data={days.map((day) => ({ day: day.day, ...day.values }))}
          keys={keys.map((k) => k.key)}
          x={(d) => d.day}
          xScale={x}
          yScale={y}
          color={() => ''}
        >
          {(stacks) =>
            stacks.map((stack) =>
              stack.bars.map((bar) => (
                <rect
                  key={`${stack.index}-${bar.index}`}
                  x={`${bar.x}%`}
                  y={bar.y}
                  width={`${bar.width}%`}
                  height={Math.max(0, bar.height)}
                  className={`bar series-${stack.index}`}
                />
              )),
            )
          }
        </BarStack>
        {days.map((day) =>
          day.suppressed ? (
            <rect key={`hidden-${day.day}`} x={`${x(day.day)}%`} y={0} width={`${x.bandwidth()}%`} height={plot} className="bar-hidden" />
          ) : null,
        )}
        {days
          .filter((_, i) => i % every === 0)
          .map((day) => (
            <text key={day.day} x={`${(x(day.day) ?? 0) + x.bandwidth() / 2}%`} y={plot + 18} textAnchor="middle" className="chart-tick">
              {day.day.slice(5)}
            </text>
          ))}
      </Group>
    </ChartFrame>
  );
}

/** The chart's legend, as HTML (it wraps on a phone); the table says the same in words. */
export function Legend({ keys }: { keys: { key: string; label: string }[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {keys.map((k, i) => (
        <li key={k.key}>
          <span className={`swatch series-${i}`} /> {k.label}
        </li>
      ))}
    </ul>
  );
}

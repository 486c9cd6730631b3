import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, BarStack } from '@visx/shape';

// The charts, drawn on the server as SVG with visx (docs/decisions/011): no chart code runs
// in the browser. Horizontal positions are percentages of the SVG's width and text is in CSS
// pixels, so a chart fills a phone or a desktop without its labels shrinking or growing.
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

const ROW = 46;
const BAR = 16;

/** A label, then its bar with the value at the bar's end: one row each. */
export function HorizontalBars({ id, title, summary, bars, max }: Figure & { bars: HorizontalBar[]; max?: number }) {
  // The longest bar takes 78% of the width, leaving room for its value.
  const x = scaleLinear<number>({ domain: [0, Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1)], range: [0, 78] });
  return (
    <ChartFrame id={id} title={title} summary={summary} height={Math.max(1, bars.length) * ROW}>
      {bars.map((bar, i) => {
        const top = i * ROW;
        const length = x(bar.value);
        return (
          <Group key={bar.label} top={top}>
            <text x="0" y="16" className="chart-label">
              {bar.label}
            </text>
            <Bar x="0" y={22} width={bar.value > 0 ? `${Math.max(length, 0.4)}%` : 0} height={BAR} rx={3} className={`bar bar-${bar.tone ?? 'accent'}`} />
            <text x={`${length}%`} dx={bar.value > 0 ? 8 : 0} y={22 + BAR / 2} className="chart-value" dominantBaseline="central">
              {bar.display}
            </text>
          </Group>
        );
      })}
    </ChartFrame>
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
  const x = scaleBand<string>({ domain: days.map((day) => day.day), range: [0, 100], padding: 0.2 });
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
        <BarStack data={days.map((day) => ({ day: day.day, ...day.values }))} keys={keys.map((k) => k.key)} x={(d) => d.day} xScale={x} yScale={y} color={() => ''}>
          {(stacks) =>
            stacks.map((stack) =>
              stack.bars.map((bar) => (
                <rect key={`${stack.index}-${bar.index}`} x={`${bar.x}%`} y={bar.y} width={`${bar.width}%`} height={Math.max(0, bar.height)} className={`bar series-${stack.index}`} />
              )),
            )
          }
        </BarStack>
        {days.map((day) =>
          day.suppressed ? <rect key={`hidden-${day.day}`} x={`${x(day.day)}%`} y={0} width={`${x.bandwidth()}%`} height={plot} className="bar-hidden" /> : null,
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

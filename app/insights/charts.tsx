import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, BarStack } from '@visx/shape';

// The charts, drawn on the server as SVG with visx (docs/decisions/011): no chart code runs
// in the browser. Colours come from CSS classes (globals.css), so they follow light and dark.
// Each chart is an image with a short summary; its table beside it has the numbers.

type Figure = { id: string; title: string; summary: string };

function ChartFrame({ id, title, summary, width, height, children }: Figure & { width: number; height: number; children: React.ReactNode }) {
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      {children}
    </svg>
  );
}

export type HorizontalBar = { label: string; value: number; display: string; tone?: 'accent' | 'ok' | 'muted' | 'warn' };

/** One bar a row, labelled at the left, its value at the bar's end. */
export function HorizontalBars({ id, title, summary, bars, max }: Figure & { bars: HorizontalBar[]; max?: number }) {
  const width = 640;
  const labelWidth = 250;
  const row = 30;
  const height = Math.max(row, bars.length * row) + 8;
  const x = scaleLinear<number>({ domain: [0, Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1)], range: [0, width - labelWidth - 90] });
  const y = scaleBand<string>({ domain: bars.map((bar) => bar.label), range: [4, height - 4], padding: 0.25 });
  return (
    <ChartFrame id={id} title={title} summary={summary} width={width} height={height}>
      {bars.map((bar) => {
        const top = y(bar.label) ?? 0;
        const length = x(bar.value);
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={top + y.bandwidth() / 2} className="chart-label" textAnchor="end" dominantBaseline="middle">
              {bar.label}
            </text>
            <Bar x={labelWidth} y={top} width={Math.max(length, bar.value > 0 ? 2 : 0)} height={y.bandwidth()} rx={3} className={`bar bar-${bar.tone ?? 'accent'}`} />
            <text x={labelWidth + length + 6} y={top + y.bandwidth() / 2} className="chart-value" dominantBaseline="middle">
              {bar.display}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

export type StackKey = string;
export type StackedDay = { day: string; values: Record<StackKey, number>; suppressed: boolean };

/** Sign-ins per day, one stacked bar a day, one colour a method. */
export function StackedDays({ id, title, summary, days, keys }: Figure & { days: StackedDay[]; keys: { key: StackKey; label: string }[] }) {
  const width = 720;
  const height = 260;
  const margin = { top: 10, right: 10, bottom: 40, left: 48 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const totals = days.map((day) => keys.reduce((sum, { key }) => sum + (day.values[key] ?? 0), 0));
  const x = scaleBand<string>({ domain: days.map((day) => day.day), range: [0, innerWidth], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, Math.max(...totals, 1)], range: [innerHeight, 0], nice: true });
  const color = scaleBand<string>({ domain: keys.map((k) => k.key), range: [0, keys.length] });
  const every = Math.ceil(days.length / 8);
  return (
    <ChartFrame id={id} title={title} summary={summary} width={width} height={height}>
      <Group left={margin.left} top={margin.top}>
        <BarStack
          data={days.map((day) => ({ day: day.day, ...day.values }))}
          keys={keys.map((k) => k.key)}
          x={(d) => d.day}
          xScale={x}
          yScale={y}
          color={(key) => String(color(key))}
        >
          {(stacks) =>
            stacks.map((stack) =>
              stack.bars.map((bar) => (
                <rect
                  key={`${stack.index}-${bar.index}`}
                  x={bar.x}
                  y={bar.y}
                  width={bar.width}
                  height={Math.max(0, bar.height)}
                  className={`bar series-${keys.findIndex((k) => k.key === bar.key)}`}
                />
              )),
            )
          }
        </BarStack>
        {days.map((day) =>
          day.suppressed ? (
            <rect key={`hidden-${day.day}`} x={x(day.day)} y={0} width={x.bandwidth()} height={innerHeight} className="bar-hidden" />
          ) : null,
        )}
        <AxisLeft scale={y} numTicks={4} tickFormat={(v) => Number(v).toLocaleString('en-US')} axisClassName="axis" tickLabelProps={{ className: 'chart-tick' }} />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickValues={days.filter((_, i) => i % every === 0).map((day) => day.day)}
          tickFormat={(day) => day.slice(5)}
          axisClassName="axis"
          tickLabelProps={{ className: 'chart-tick' }}
        />
      </Group>
    </ChartFrame>
  );
}

/** The chart's legend, as HTML (readable, wraps on a phone). */
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

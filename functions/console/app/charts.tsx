import type { ComponentChildren } from 'preact';

/** Hand-drawn SVG charts: no chart library, a few hundred bytes each. */

const W = 640;
const H = 220;
const PAD = { left: 40, right: 40, top: 12, bottom: 28 };

function scale(max: number, height = H - PAD.top - PAD.bottom) {
  const top = max > 0 ? max : 1;
  return (value: number) => PAD.top + height - (value / top) * height;
}

/** A tick label cut to the width its band has (about 6 px a character), the whole of it in the tooltip. */
function fitLabel(label: string, band: number): string {
  const room = Math.max(3, Math.floor(band / 6));
  return label.length <= room ? label : `${label.slice(0, room - 1)}…`;
}

export interface Series {
  name: string;
  values: number[];
  className: string;
}

/** What both charts share: the frame, the base axis, the scale's top value and the legend. */
function ChartFrame(props: { title: string; max: number; legend: Series[]; children: ComponentChildren }) {
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} class="axis" />
        <text x={PAD.left - 4} y={PAD.top + 8} class="tick end">
          {props.max}
        </text>
        {props.children}
      </svg>
      <figcaption>
        {props.legend.map((s) => (
          <span key={s.name} class={`key ${s.className}`}>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Grouped bars per label, with an optional rate line on a 0..1 axis at the right. */
export function BarChart(props: { labels: string[]; bars: Series[]; line?: Series; title: string }) {
  const max = Math.max(1, ...props.bars.flatMap((s) => s.values));
  const y = scale(max);
  const band = (W - PAD.left - PAD.right) / Math.max(1, props.labels.length);
  const barWidth = (band * 0.8) / Math.max(1, props.bars.length);
  const rateMax = Math.max(0.01, ...(props.line?.values ?? [0]));
  const yRate = scale(rateMax);
  return (
    <ChartFrame title={props.title} max={max} legend={[...props.bars, ...(props.line ? [props.line] : [])]}>
      {props.line && (
        <text x={W - PAD.right + 4} y={PAD.top + 8} class="tick">
          {(rateMax * 100).toFixed(0)}%
        </text>
      )}
      {props.labels.map((label, i) => (
        <g key={label}>
          {props.bars.map((series, j) => (
            <rect
              key={series.name}
              class={series.className}
              x={PAD.left + i * band + band * 0.1 + j * barWidth}
              width={barWidth}
              y={y(series.values[i] ?? 0)}
              height={H - PAD.bottom - y(series.values[i] ?? 0)}
            >
              <title>{`${label} ${series.name}: ${series.values[i] ?? 0}`}</title>
            </rect>
          ))}
          {(i % Math.ceil(props.labels.length / 8) === 0 || props.labels.length <= 8) && (
            <text x={PAD.left + i * band + band / 2} y={H - 8} class="tick middle">
              <title>{label}</title>
              {fitLabel(label.replace(/^\d{4}-/, ''), band)}
            </text>
          )}
        </g>
      ))}
      {props.line && (
        <polyline
          class={props.line.className}
          points={props.line.values.map((v, i) => `${PAD.left + i * band + band / 2},${yRate(v)}`).join(' ')}
        />
      )}
    </ChartFrame>
  );
}

/** Lines over the same labels. */
export function LineChart(props: { labels: string[]; series: Series[]; title: string }) {
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const y = scale(max);
  const step = (W - PAD.left - PAD.right) / Math.max(1, props.labels.length - 1);
  return (
    <ChartFrame title={props.title} max={max} legend={props.series}>
      {props.series.map((s) => (
        <polyline
          key={s.name}
          class={s.className}
          points={s.values.map((v, i) => `${PAD.left + i * step},${y(v)}`).join(' ')}
        />
      ))}
      {props.labels.map(
        (label, i) =>
          i % Math.ceil(props.labels.length / 8) === 0 && (
            <text key={label} x={PAD.left + i * step} y={H - 8} class="tick middle">
              {label.replace(/^\d{4}-/, '')}
            </text>
          ),
      )}
    </ChartFrame>
  );
}

/** The value curve: share of value against share of customers, with the tier cut-offs marked. */
export function ValueCurve(props: {
  points: { customerShare: number; valueShare: number }[];
  marks: { label: string; customerShare: number }[];
  title: string;
  xLabel: string;
  yLabel: string;
}) {
  const size = 260;
  const x = (share: number) => 30 + share * (size - 40);
  const y = (share: number) => size - 30 - share * (size - 40);
  return (
    <figure class="chart curve">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.title}>
        <line x1={x(0)} x2={x(1)} y1={y(0)} y2={y(0)} class="axis" />
        <line x1={x(0)} x2={x(0)} y1={y(0)} y2={y(1)} class="axis" />
        <line x1={x(0)} x2={x(1)} y1={y(0)} y2={y(1)} class="diagonal" />
        <polyline
          class="s-value"
          points={[{ customerShare: 0, valueShare: 0 }, ...props.points]
            .map((p) => `${x(p.customerShare)},${y(p.valueShare)}`)
            .join(' ')}
        />
        {props.marks.map((m, i) => (
          <g key={m.label}>
            <line x1={x(m.customerShare)} x2={x(m.customerShare)} y1={y(0)} y2={y(1)} class="cutoff" />
            {/* Near the base, where the curve (high above a cut-off) leaves room; one line per mark. */}
            <text x={x(m.customerShare) + 3} y={y(0) - 6 - i * 12} class="tick">
              {m.label}
            </text>
          </g>
        ))}
        <text x={x(0.5)} y={size - 6} class="tick middle">
          {props.xLabel}
        </text>
        <text x={8} y={y(0.5)} class="tick middle" transform={`rotate(-90 8 ${y(0.5)})`}>
          {props.yLabel}
        </text>
      </svg>
    </figure>
  );
}

/** A word-sized line of one series, for a table cell; the values in its tooltip. */
export function Sparkline(props: { values: number[]; title: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(1, ...props.values);
  const step = width / Math.max(1, props.values.length - 1);
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={props.title}
    >
      <title>{`${props.title}: ${props.values.join(', ')}`}</title>
      <polyline
        points={props.values
          .map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
          .join(' ')}
      />
    </svg>
  );
}

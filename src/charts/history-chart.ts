/**
 * The `history` chart: one point per day, a median line over a shaded min-max band, as PNG bytes.
 * chart.js draws on @napi-rs/canvas (prebuilt, no native build). Days without listings are gaps
 * the line spans, so the x axis stays true to time.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type Plugin, registerables } from 'chart.js';
import type { ChartRenderer, DailyPrice, HistoryChartInput } from '../deps.js';

Chart.register(...registerables);

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 450;
/** Line and band colours per condition (blue for new, orange for used). */
export const COLOURS = {
  new: { line: 'rgb(37, 99, 235)', band: 'rgba(37, 99, 235, 0.18)' },
  used: { line: 'rgb(234, 88, 12)', band: 'rgba(234, 88, 12, 0.18)' },
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every day from `end - days + 1` to `end`, as YYYY-MM-DD. */
export function dayRange(end: string, days: number): string[] {
  const last = Date.parse(`${end}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(last - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function axisLabel(date: string, days: number): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  const day = Number(date.slice(8, 10));
  return days > 120 ? `${month} ${date.slice(2, 4)}` : `${month} ${day}`;
}

const whiteBackground: Plugin<'line'> = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export function historyChartConfig(input: HistoryChartInput): ChartConfiguration<'line'> {
  const dates = dayRange(input.end, input.days);
  const f = input.figure;
  const total = input.series.reduce((n, s) => n + s.points.length, 0);
  // Per series: its min (invisible), its max filled down to the min (the band), its median line.
  const datasets = input.series.flatMap((s) => {
    const byDate = new Map<string, DailyPrice>(s.points.map((p) => [p.date, p]));
    const pick = (f: (p: DailyPrice) => number) =>
      dates.map((d) => (byDate.has(d) ? f(byDate.get(d) as DailyPrice) : null));
    const colour = COLOURS[s.condition];
    return [
      {
        label: `${s.condition} min`,
        data: pick((p) => p.min),
        borderWidth: 0,
        pointRadius: 0,
        fill: false,
        spanGaps: true,
      },
      {
        label: `${s.condition} min–max`,
        data: pick((p) => p.max),
        borderWidth: 0,
        pointRadius: 0,
        backgroundColor: colour.band,
        fill: '-1',
        spanGaps: true,
      },
      {
        label: `${s.condition} median`,
        data: pick((p) => p.median),
        borderColor: colour.line,
        backgroundColor: colour.line,
        borderWidth: 2,
        // Straight segments: a smoothed line would bulge out of its band.
        tension: 0,
        pointRadius: total <= 62 ? 2 : 0,
        spanGaps: true,
      },
    ];
  });
  return {
    type: 'line',
    data: { labels: dates.map((d) => axisLabel(d, input.days)), datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        title: {
          display: true,
          text: `${f.itemNo} · ${f.name} (last ${input.days} days)`.slice(0, 110),
          font: { size: 16 },
        },
        legend: { labels: { filter: (item) => !item.text.endsWith(' min') } },
      },
      scales: {
        x: { ticks: { maxTicksLimit: 10, maxRotation: 0 } },
        y: { ticks: { callback: (v) => `$${Number(v).toLocaleString('en-US')}` } },
      },
    },
    plugins: [whiteBackground],
  };
}

/** Renders the chart synchronously on the calling thread (tens of milliseconds) and encodes it as PNG. */
export async function renderHistoryChart(input: HistoryChartInput): Promise<Uint8Array> {
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const context = canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0];
  const chart = new Chart(context, historyChartConfig(input));
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

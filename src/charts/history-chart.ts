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
const LINE = 'rgb(37, 99, 235)';
const BAND = 'rgba(37, 99, 235, 0.18)';

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
  const byDate = new Map<string, DailyPrice>(input.points.map((p) => [p.date, p]));
  const series = (pick: (p: DailyPrice) => number) =>
    dates.map((d) => (byDate.has(d) ? pick(byDate.get(d) as DailyPrice) : null));
  const f = input.figure;
  const scope = `last ${input.days} days${input.condition ? `, ${input.condition}` : ''}`;
  return {
    type: 'line',
    data: {
      labels: dates.map((d) => axisLabel(d, input.days)),
      datasets: [
        {
          label: 'min',
          data: series((p) => p.min),
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
          spanGaps: true,
        },
        {
          label: 'min–max',
          data: series((p) => p.max),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: BAND,
          fill: '-1',
          spanGaps: true,
        },
        {
          label: 'median',
          data: series((p) => p.median),
          borderColor: LINE,
          backgroundColor: LINE,
          borderWidth: 2,
          pointRadius: input.points.length <= 31 ? 2 : 0,
          tension: 0.2,
          spanGaps: true,
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        title: {
          display: true,
          text: `${f.itemNo} · ${f.name} (${scope})`.slice(0, 110),
          font: { size: 16 },
        },
        legend: { labels: { filter: (item) => item.text !== 'min' } },
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

export const chartRenderer: ChartRenderer = { history: renderHistoryChart };

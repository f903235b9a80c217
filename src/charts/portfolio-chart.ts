/**
 * The `watch value` chart: the collection's value per day as a line, and what was paid for it as a
 * dashed flat line, in the asker's currency, as PNG bytes (the same chart.js on @napi-rs/canvas as the history chart).
 */
import type { ChartConfiguration } from 'chart.js';
import { money } from '../currency/format-money.js';
import type { PortfolioChartInput } from '../deps.js';
import { drawChart, whiteBackground } from './chart-board.js';
import { CHART_HEIGHT, CHART_WIDTH, demoWatermark } from './history-chart.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function axisLabel(date: string, days: number): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  return days > 120 ? `${month} ${date.slice(2, 4)}` : `${month} ${Number(date.slice(8, 10))}`;
}

export function portfolioChartConfig(input: PortfolioChartInput): ChartConfiguration<'line'> {
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
    {
      label: 'Value at headline prices',
      // A day with nothing priced is a gap, not a drop to zero.
      data: input.points.map((p) => (p.priced > 0 ? p.value : null)),
      borderColor: 'rgb(37, 99, 235)',
      backgroundColor: 'rgb(37, 99, 235)',
      borderWidth: 2,
      tension: 0,
      pointRadius: input.points.length <= 62 ? 2 : 0,
      spanGaps: true,
    },
  ];
  const paid = input.paid;
  if (paid !== null) {
    datasets.push({
      label: 'Paid',
      data: input.points.map(() => paid),
      borderColor: 'rgb(100, 116, 139)',
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
    });
  }
  return {
    type: 'line',
    data: { labels: input.points.map((p) => axisLabel(p.date, input.days)), datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        title: {
          display: true,
          text: `${input.title} (last ${input.days} days)`.slice(0, 110),
          font: { size: 16 },
        },
      },
      scales: {
        x: { ticks: { maxTicksLimit: 10, maxRotation: 0 } },
        y: { ticks: { callback: (v) => money(Number(v), input.currency ?? 'USD') } },
      },
    },
    plugins: input.demo ? [whiteBackground, demoWatermark] : [whiteBackground],
  };
}

/** Draws the chart (tens of milliseconds of CPU, on the calling thread) as PNG bytes. */
export async function renderPortfolioChart(input: PortfolioChartInput): Promise<Uint8Array> {
  return drawChart(portfolioChartConfig(input), CHART_WIDTH, CHART_HEIGHT);
}

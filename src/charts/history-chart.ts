/**
 * The `history` chart as PNG bytes. chart.js draws on @napi-rs/canvas (prebuilt, no native build).
 * What it shows, per condition (new and used apart):
 * - the main line: the stored headline price of each day (the figure `price` answers with), or,
 *   where none is stored, the daily median;
 * - each day's median as a dot, and its min–max range as a thin bar;
 * - days without listings as gaps: a line never runs straight across days without data.
 * The axis reads true: one slot per day, every month ticked and labelled "Apr 2026" on long
 * ranges, a price axis never narrower than ±10% of the typical price (so a 2% move looks like 2%),
 * and named with its currency. Sales per day (sold listings, not asking ones) stand as a grey strip
 * along the bottom, left out when the range has none. Demo prices carry DEMO DATA across the plot.
 */
import { Chart, type ChartConfiguration, type ChartDataset, type Plugin, registerables } from 'chart.js';
import { money } from '../currency/format-money.js';
import type { ConditionSeries, DailyPrice, HistoryChartInput } from '../deps.js';
import { drawChart, whiteBackground } from './chart-board.js';

Chart.register(...registerables);

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 450;
/** Line and band colours per condition (blue for new, orange for used). */
export const COLOURS = {
  new: { line: 'rgb(37, 99, 235)', band: 'rgba(37, 99, 235, 0.18)' },
  used: { line: 'rgb(234, 88, 12)', band: 'rgba(234, 88, 12, 0.18)' },
} as const;
/** The sales-per-day strip under the prices. */
export const VOLUME_COLOUR = 'rgba(100, 116, 139, 0.5)';
/** The price axis spans at least this far either side of the median price shown. */
export const MIN_HALF_RANGE = 0.1;
/** Past this many days the x axis is labelled by month ("Apr 2026") rather than by day. */
const MONTH_TICKS_AFTER = 120;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BASIS_TEXT: Record<string, string> = {
  'sold-30d': 'sold, 30 days',
  'asking-30d': 'asking, 30 days',
  'sold-180d': 'sold, 180 days',
  'asking-180d': 'asking, 180 days',
};

/** Every day from `end - days + 1` to `end`, as YYYY-MM-DD. */
export function dayRange(end: string, days: number): string[] {
  const last = Date.parse(`${end}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(last - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** "Nov 20" for a day. */
function dayLabel(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${Number(date.slice(8, 10))}`;
}

/** "Apr 2026" on the first day of a month, nothing on the others (their tick and grid line are hidden). */
export function monthTick(date: string): string | null {
  return date.endsWith('-01') ? `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}` : null;
}

/** DEMO DATA across the plot, under the data, so nobody mistakes the bundled prices for the market. */
export const demoWatermark: Plugin = {
  id: 'demo-watermark',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.translate((chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
    ctx.rotate(-0.2);
    ctx.font = 'bold 72px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = 'rgba(220, 38, 38, 0.16)';
    ctx.fillText('DEMO DATA', 0, 0);
    ctx.restore();
  },
};

/** The median of the values the main lines show: the centre of the minimum price range. */
function typicalPrice(values: number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

type Value = number | [number, number] | null;

function seriesDatasets(
  s: ConditionSeries,
  dates: string[],
  days: number,
): ChartDataset<'bar' | 'line', Value[]>[] {
  const byDate = new Map<string, DailyPrice>(s.points.map((p) => [p.date, p]));
  const colour = COLOURS[s.condition];
  const headline = new Map((s.headline ?? []).map((h) => [h.date, h]));
  const latestBasis = s.headline?.[s.headline.length - 1]?.basis;
  const range: ChartDataset<'bar', Value[]> = {
    type: 'bar',
    label: `${s.condition} daily min–max`,
    yAxisID: 'y',
    data: dates.map((d) => {
      const p = byDate.get(d);
      return p ? [p.min, p.max] : null;
    }),
    backgroundColor: colour.band,
    borderWidth: 0,
    // Each bar centred on its day, not side by side with the other condition's or the sales strip's.
    grouped: false,
    barPercentage: 1,
    categoryPercentage: days > MONTH_TICKS_AFTER ? 1 : 0.6,
    order: 3,
  };
  const dots: ChartDataset<'line', Value[]> = {
    type: 'line',
    label: `${s.condition} daily median`,
    yAxisID: 'y',
    data: dates.map((d) => byDate.get(d)?.median ?? null),
    showLine: headline.size === 0,
    borderColor: colour.line,
    backgroundColor: colour.line,
    borderWidth: headline.size === 0 ? 2 : 0,
    pointRadius: days > MONTH_TICKS_AFTER ? 1.5 : 2.5,
    spanGaps: false,
    tension: 0,
    order: 2,
  };
  if (headline.size === 0) return [range, dots];
  const main: ChartDataset<'line', Value[]> = {
    type: 'line',
    label: `${s.condition} headline price (${BASIS_TEXT[latestBasis ?? ''] ?? latestBasis})`,
    yAxisID: 'y',
    data: dates.map((d) => headline.get(d)?.price ?? null),
    borderColor: colour.line,
    backgroundColor: colour.line,
    borderWidth: 2.5,
    pointRadius: 0,
    spanGaps: false,
    tension: 0,
    order: 1,
  };
  return [range, dots, main];
}

export function historyChartConfig(input: HistoryChartInput): ChartConfiguration<'bar' | 'line', Value[]> {
  const dates = dayRange(input.end, input.days);
  const f = input.figure;
  const code = input.currency ?? 'USD';
  const datasets = input.series.flatMap((s) => seriesDatasets(s, dates, input.days));
  // Sales per day, both conditions, as a grey strip along the bottom (a row of its own, a fifth of the
  // height). Only sold listings count: asking prices are offers, not volume. A day whose sales are
  // not known (a snapshot from before they were counted) has no bar, like a day without listings.
  const salesPerDay = new Map<string, number>();
  for (const s of input.series)
    for (const p of s.points)
      if (p.sold !== undefined) salesPerDay.set(p.date, (salesPerDay.get(p.date) ?? 0) + p.sold);
  const busiest = Math.max(0, ...salesPerDay.values());
  if (busiest > 0) {
    datasets.push({
      type: 'bar',
      label: 'sales per day',
      data: dates.map((d) => salesPerDay.get(d) ?? null),
      yAxisID: 'volume',
      backgroundColor: VOLUME_COLOUR,
      borderWidth: 0,
      grouped: false,
      barPercentage: 1,
      categoryPercentage: input.days > MONTH_TICKS_AFTER ? 1 : 0.6,
      order: 4,
    });
  }
  const mainValues = input.series.flatMap((s) =>
    s.headline && s.headline.length > 0 ? s.headline.map((h) => h.price) : s.points.map((p) => p.median),
  );
  const typical = typicalPrice(mainValues);
  const long = input.days > MONTH_TICKS_AFTER;
  return {
    type: 'line',
    data: { labels: dates.map(dayLabel), datasets },
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
        legend: { labels: { boxHeight: 8 } },
      },
      scales: {
        x: {
          ticks: long
            ? {
                autoSkip: false,
                maxRotation: 0,
                callback: (_value, index) => monthTick(dates[index] as string),
              }
            : { maxTicksLimit: 10, maxRotation: 0 },
        },
        // A row of its own under the prices (stacked scales), so the strip never covers a price;
        // without any sale in the range there is no strip and no row.
        ...(busiest > 0
          ? {
              volume: {
                axis: 'y' as const,
                stack: 'rows',
                stackWeight: 1,
                // Bars stand on the x axis; a quarter of headroom keeps the busiest day's bar off the
                // price labels above. Two ticks, 0 and the busiest day, read as "up to N sales a day".
                min: 0,
                max: busiest * 1.25,
                afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
                  scale.ticks = [{ value: 0 }, { value: busiest }];
                },
                title: { display: true, text: 'Sales' },
                ticks: { precision: 0 },
              },
            }
          : {}),
        y: {
          title: { display: true, text: `Price (${code})` },
          stack: 'rows',
          stackWeight: 4,
          // Bars start the axis at zero by default, which flattens every move; prices are read around their level.
          beginAtZero: false,
          // Chart.js widens these to fit the data; they only stop a narrow range from filling the height.
          ...(typical === undefined
            ? {}
            : { suggestedMin: typical * (1 - MIN_HALF_RANGE), suggestedMax: typical * (1 + MIN_HALF_RANGE) }),
          ticks: { callback: (v) => money(Number(v), code) },
        },
      },
    },
    plugins: input.demo ? [whiteBackground, demoWatermark] : [whiteBackground],
  };
}

/** Draws the chart (tens of milliseconds of CPU, on the calling thread) as PNG bytes. */
export async function renderHistoryChart(input: HistoryChartInput): Promise<Uint8Array> {
  return drawChart(historyChartConfig(input) as ChartConfiguration, CHART_WIDTH, CHART_HEIGHT);
}

import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { dayRange, renderHistoryChart } from '../../src/charts/history-chart.js';
import { pngFromCanvasPixels } from '../../src/charts/png.js';
import { renderPortfolioChart } from '../../src/charts/portfolio-chart.js';
import type { HistoryChartInput } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';
import { WEEK_OF_PRICES } from './fixtures.js';

const week = WEEK_OF_PRICES;
const year: HistoryChartInput = {
  figure: FIGURES.sw0001a,
  series: (['new', 'used'] as const).map((condition, k) => ({
    condition,
    points: dayRange('2026-11-26', 365).map((date, i) => ({
      date,
      median: 10 + ((i * (k + 2)) % 30),
      min: 5,
      max: 50,
      count: 1 + (i % 3),
    })),
  })),
  days: 365,
  end: '2026-11-26',
  currency: 'JPY',
};

describe('charts drawn over on one board', () => {
  it('draws each chart exactly as a board used for nothing else would', async () => {
    const first = Buffer.from(await renderHistoryChart(week));
    const firstYear = Buffer.from(await renderHistoryChart(year));
    expect(firstYear.equals(first)).toBe(false);
    // Other data, other axes, other plugins (the demo mark) and another kind of chart in between.
    await renderHistoryChart({ ...year, demo: true });
    await renderPortfolioChart({
      title: 'Collection',
      days: 30,
      points: [{ date: '2026-11-26', value: 100, priced: 1 }],
      paid: 80,
    });
    expect(Buffer.from(await renderHistoryChart(week)).equals(first)).toBe(true);
    expect(Buffer.from(await renderHistoryChart(year)).equals(firstYear)).toBe(true);
  });
});

describe('pngFromCanvasPixels', () => {
  it('gives the pixels Skia would, translucent ones too, in a PNG that decodes', async () => {
    const canvas = createCanvas(60, 20);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'rgba(37, 99, 235, 0.18)';
    ctx.fillRect(0, 0, 30, 20);
    ctx.fillStyle = 'rgb(234, 88, 12)';
    ctx.fillRect(30, 0, 20, 20);
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.5)';
    ctx.beginPath();
    ctx.arc(30, 10, 8, 0, Math.PI * 2);
    ctx.stroke();
    const decode = async (png: Uint8Array) => {
      const out = createCanvas(60, 20).getContext('2d');
      out.drawImage(await loadImage(Buffer.from(png)), 0, 0);
      return out.getImageData(0, 0, 60, 20).data;
    };
    const ours = await decode(pngFromCanvasPixels(canvas.data(), 60, 20));
    const skia = await decode(canvas.encodeSync('png'));
    const worst = Math.max(...ours.map((v, i) => Math.abs(v - (skia[i] as number))));
    expect(worst).toBeLessThanOrEqual(1);
    expect(ours[3]).toBe(46); // alpha 0.18, kept
    expect(() => pngFromCanvasPixels(new Uint8Array(10), 60, 20)).toThrow(RangeError);
  });

  it('a canvas painted white first has nothing to straighten: the opaque shortcut gives the same bytes', () => {
    const canvas = createCanvas(60, 20);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, 60, 20);
    ctx.fillStyle = 'rgba(37, 99, 235, 0.18)';
    ctx.fillRect(0, 0, 30, 20);
    const pixels = canvas.data();
    expect(Buffer.from(pngFromCanvasPixels(pixels, 60, 20, { opaque: true }))).toEqual(
      Buffer.from(pngFromCanvasPixels(pixels, 60, 20)),
    );
  });
});

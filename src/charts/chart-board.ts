import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type Plugin } from 'chart.js';
import { pngFromCanvasPixels } from './png.js';

type ChartContext = ConstructorParameters<typeof Chart>[0];

interface Board {
  canvas: Canvas;
  chart: Chart;
}

/**
 * Charts drawn over and over on the same canvas and chart.js Chart, with new data and options each
 * time. Making a Chart builds its elements and option resolvers from nothing, about half the CPU of
 * a chart; updating one in place does not. A Chart's inline plugins are fixed when it is made, and
 * its layout follows the order in which its scales first appeared, so each size, set of plugins
 * and list of scales has its own board: a chart drawn on a used board is the same image as on a
 * new one. Drawing and encoding are synchronous (this runs on the chart threads), so no two charts
 * are ever on one board at once.
 */
const boards = new Map<string, Board>();

/**
 * Paints the whole canvas white before anything is drawn. A chart with it has no translucent
 * pixel (everything is drawn over opaque white), so its PNG skips looking for them.
 */
export const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Draws `config` at `width` x `height` and returns it as PNG bytes. */
export function drawChart(config: ChartConfiguration, width: number, height: number): Uint8Array {
  const plugins = (config.plugins ?? []).map((p) => p.id).join(',');
  const opaque = config.plugins?.includes(whiteBackground) ?? false;
  const key = `${width}x${height}:${plugins}:${Object.keys(config.options?.scales ?? {}).join(',')}`;
  const board = boards.get(key);
  if (!board) {
    const canvas = createCanvas(width, height);
    const chart = new Chart(canvas.getContext('2d') as unknown as ChartContext, config);
    boards.set(key, { canvas, chart });
    return png(canvas, width, height, opaque);
  }
  board.chart.data = config.data;
  board.chart.options = config.options ?? {};
  try {
    board.chart.update('none');
  } catch (err) {
    // A chart that failed half-way may leave the Chart in any state: the next one starts afresh.
    board.chart.destroy();
    boards.delete(key);
    throw err;
  }
  return png(board.canvas, width, height, opaque);
}

function png(canvas: Canvas, width: number, height: number, opaque: boolean): Uint8Array {
  return pngFromCanvasPixels(canvas.data(), width, height, { opaque });
}

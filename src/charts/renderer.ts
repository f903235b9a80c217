import type { ChartRenderer } from '../deps.js';
import { renderHistoryChart } from './history-chart.js';
import { renderPortfolioChart } from './portfolio-chart.js';

/** The production chart renderer: every chart the commands draw. */
export const chartRenderer: ChartRenderer = { history: renderHistoryChart, portfolio: renderPortfolioChart };

import type { ChartRenderer, PortfolioChartInput } from '../../src/deps.js';

/** A chart renderer that draws nothing and keeps every watchlist-value chart input it is given. */
export function recordingCharts(): { charts: ChartRenderer; portfolios: PortfolioChartInput[] } {
  const portfolios: PortfolioChartInput[] = [];
  return {
    portfolios,
    charts: {
      history: async () => new Uint8Array(),
      portfolio: async (input) => {
        portfolios.push(input);
        return new Uint8Array();
      },
    },
  };
}

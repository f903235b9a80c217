import type { ChartRenderer } from '../deps.js';

/**
 * A renderer that draws each distinct chart once: the same figure, range and daily figures give
 * the same PNG, and the daily figures only change when the snapshot refresh runs. Drawing a chart
 * costs tens of milliseconds of CPU on the event loop; finding it here costs a JSON key. The
 * least recently used charts go first once `capacity` are kept.
 */
export function cachedCharts(renderer: ChartRenderer, capacity = 256): ChartRenderer {
  const kept = new Map<string, Promise<Uint8Array>>();
  const draw = (key: string, render: () => Promise<Uint8Array>) => {
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const drawing = render();
    kept.set(key, drawing);
    drawing.catch(() => kept.delete(key));
    if (kept.size > capacity) kept.delete(kept.keys().next().value as string);
    return drawing;
  };
  return {
    history: (input) => draw(`history:${JSON.stringify(input)}`, () => renderer.history(input)),
    portfolio: (input) => draw(`portfolio:${JSON.stringify(input)}`, () => renderer.portfolio(input)),
  };
}

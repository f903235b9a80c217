import {
  type FigureSets,
  figuresToEnrich,
  mergeFigureMetadata,
} from '../../db/repositories/figure-enrichment.js';
import { setsForBrickset, storeSetRetail } from '../../db/repositories/set-retail.js';
import { mergeSourceMetadata } from '../../db/repositories/source-settings.js';
import type { PriceSource, SourceRequest, SourceRun, SourceSession } from '../source.js';
import { BRICKSET, BricksetClient } from './client.js';
import { enrichFigure } from './enrichment.js';
import brickset, { type BricksetSettings } from './index.js';
import { setRetail } from './set-retail.js';
import { type BricksetSet, fullSetNumber } from './wire.js';

/** Re-check a figure's sets monthly: launch and exit dates change rarely. */
const MAX_AGE_DAYS = 30;

/** One getSets call: up to 100 sets, either those the figures name or the catalogue's own. */
interface SetBatch extends SourceRequest {
  for: 'figures' | 'catalogue';
  sets: string[];
}

/**
 * Brickset (it has no minifigure prices, so it adds no listings): the sets each figure comes in,
 * their launch and exit dates, and from those whether the figure is retired; then the catalogue's
 * sets, with LEGO's US/UK/DE retail prices and the day each left the shelves (the set command's
 * retirement and price-to-retail ratio). The budget is the key's daily allowance less what
 * Brickset says the key used today; figures go first.
 */
const source: PriceSource<BricksetSettings> = {
  name: BRICKSET.name,
  description: 'Brickset: sets, launch and exit (retirement) dates for figures',
  settings: brickset.settings,
  quota: { apiType: 'API', perHour: 4, perDay: 100, perRun: 'day' },
  unconfigured: (s) => (s.apiKey ? undefined : 'BRICKSET_API_KEY is not set; skipping Brickset'),
  open: openBrickset,
};
export default source;

async function openBrickset(
  run: SourceRun<BricksetSettings>,
): Promise<SourceSession<SetBatch, { sets: BricksetSet[] }>> {
  const { em, now, signal } = run;
  const client = new BricksetClient({
    baseUrl: run.settings.baseUrl,
    apiKey: run.settings.apiKey as string,
    timeoutMs: run.config.httpTimeoutMs,
    log: run.log,
  });
  const usage = await client.keyUsage(signal);
  const reported = usage.find((u) => u.date === now.toISOString().slice(0, 10))?.count ?? 0;
  const found = new Map<string, BricksetSet>();
  let figures: FigureSets[] = [];
  let catalogueSets = 0;
  let setsPriced = 0;
  let enriched = 0;
  let budget = 0;
  const batches = (sets: string[], limit: number, kind: SetBatch['for']): SetBatch[] =>
    Array.from({ length: Math.min(limit, Math.ceil(sets.length / BRICKSET.setsPerCall)) }, (_, i) => {
      const batch = sets.slice(i * BRICKSET.setsPerCall, (i + 1) * BRICKSET.setsPerCall);
      return { for: kind, sets: batch, about: { sets: batch.length }, what: `batch of ${kind} sets` };
    });
  return {
    get calls() {
      return client.calls;
    },
    // Brickset's own count, plus the usage call just made.
    usedToday: reported + client.calls,
    async plan(b) {
      budget = b.calls;
      figures = await figuresToEnrich(em, {
        now,
        maxAgeDays: MAX_AGE_DAYS,
        limit: budget * BRICKSET.setsPerCall,
      });
      const wanted = batches(
        [...new Set(figures.flatMap((f) => f.relatedSets.map(fullSetNumber)))],
        budget,
        'figures',
      );
      const catalogue = await setsForBrickset(em, {
        now,
        maxAgeDays: MAX_AGE_DAYS,
        limit: Math.max(0, budget - wanted.length) * BRICKSET.setsPerCall,
      });
      catalogueSets = catalogue.length;
      return [...wanted, ...batches(catalogue, Number.POSITIVE_INFINITY, 'catalogue')];
    },
    fetch: async (batch, { signal: s }) => ({ sets: await client.sets(batch.sets, s) }),
    async store(batch, answer) {
      if (batch.for === 'catalogue')
        setsPriced += await storeSetRetail(em, batch.sets, answer.sets.map(setRetail), now);
      else for (const set of answer.sets) found.set(`${set.number}-${set.numberVariant}`, set);
    },
    async finish() {
      const patches = figures.flatMap((f) => {
        const patch = enrichFigure(f.relatedSets, found, now);
        return patch ? [{ id: f.id, patch: patch as unknown as Record<string, unknown> }] : [];
      });
      enriched = await mergeFigureMetadata(em, patches);
      await mergeSourceMetadata(em, BRICKSET.name, {
        key_usage: {
          checked_at: now.toISOString(),
          used_today: reported + client.calls,
          by_day: usage.slice(-7),
        },
      });
    },
    summary: () => ({
      figures: figures.length,
      sets: found.size,
      enriched,
      catalogueSets,
      setsPriced,
      budget,
    }),
  };
}

import { recordApiCalls, recordScrape } from '../db/repositories/data-sources.js';
import { figuresToEnrich, mergeFigureMetadata } from '../db/repositories/figure-enrichment.js';
import { setsForBrickset, storeSetRetail } from '../db/repositories/set-retail.js';
import { mergeSourceMetadata, sourceSettings } from '../db/repositories/source-settings.js';
import { BRICKSET, BricksetClient } from '../sources/brickset/client.js';
import { enrichFigure } from '../sources/brickset/enrichment.js';
import { type SetRetail, setRetail } from '../sources/brickset/set-retail.js';
import { type BricksetSet, fullSetNumber } from '../sources/brickset/wire.js';
import { defineJob, type JobSummary } from './job.js';

/** Re-check a figure's sets monthly: launch and exit dates change rarely. */
const MAX_AGE_DAYS = 30;

/**
 * Catalogue enrichment from Brickset (it has no minifigure prices, so it adds no listings): the
 * sets each figure comes in, their launch and exit dates, and from those whether the figure is
 * retired; then the catalogue's sets, with LEGO's US/UK/DE retail prices and the day each left the
 * shelves (the set command's retirement and price-to-retail ratio). The budget is the key's daily
 * allowance less what Brickset says the key used today; figures go first.
 */
export default defineJob({
  name: 'brickset',
  description: 'Brickset: sets, launch and exit (retirement) dates for figures',
  exclusive: true,
  async run({ em, config, log, signal, now }): Promise<JobSummary> {
    const apiKey = config.sources.brickset.apiKey;
    if (!apiKey) {
      log.info('BRICKSET_API_KEY is not set; skipping Brickset');
      return { skipped: 'no credentials' };
    }
    const settings = await sourceSettings(em, BRICKSET.name);
    const client = new BricksetClient({
      baseUrl: config.sources.brickset.baseUrl,
      apiKey,
      timeoutMs: config.httpTimeoutMs,
      log,
    });

    const usage = await client.keyUsage(signal);
    const today = now.toISOString().slice(0, 10);
    const usedToday = usage.find((u) => u.date === today)?.count ?? 0;
    const budget = Math.max(0, (settings?.rateLimitPerDay ?? 100) - usedToday - 1);

    const figures = await figuresToEnrich(em, {
      now,
      maxAgeDays: MAX_AGE_DAYS,
      limit: budget * BRICKSET.setsPerCall,
    });
    const wanted = [...new Set(figures.flatMap((f) => f.relatedSets.map(fullSetNumber)))];
    const found = new Map<string, BricksetSet>();
    let errors = 0;
    for (
      let i = 0;
      i < wanted.length && i / BRICKSET.setsPerCall < budget && !signal.aborted;
      i += BRICKSET.setsPerCall
    ) {
      try {
        for (const set of await client.sets(wanted.slice(i, i + BRICKSET.setsPerCall), signal)) {
          found.set(`${set.number}-${set.numberVariant}`, set);
        }
      } catch (err) {
        errors++;
        log.warn({ err }, 'a Brickset batch failed; the other batches go on');
      }
    }
    const patches = figures.flatMap((f) => {
      const patch = enrichFigure(f.relatedSets, found, now);
      return patch ? [{ id: f.id, patch: patch as unknown as Record<string, unknown> }] : [];
    });
    const enriched = await mergeFigureMetadata(em, patches);

    const setCalls = Math.max(0, budget - client.calls + 1);
    const catalogueSets = await setsForBrickset(em, {
      now,
      maxAgeDays: MAX_AGE_DAYS,
      limit: setCalls * BRICKSET.setsPerCall,
    });
    let setsPriced = 0;
    for (let i = 0; i < catalogueSets.length && !signal.aborted; i += BRICKSET.setsPerCall) {
      const batch = catalogueSets.slice(i, i + BRICKSET.setsPerCall);
      try {
        const retail: SetRetail[] = (await client.sets(batch, signal)).map(setRetail);
        setsPriced += await storeSetRetail(em, batch, retail, now);
      } catch (err) {
        errors++;
        log.warn({ err }, 'a Brickset batch of catalogue sets failed; the other batches go on');
      }
    }
    await mergeSourceMetadata(em, BRICKSET.name, {
      key_usage: {
        checked_at: now.toISOString(),
        used_today: usedToday + client.calls,
        by_day: usage.slice(-7),
      },
    });
    if (settings) {
      await recordApiCalls(em, settings.id, client.calls, now);
      await recordScrape(em, settings.id, { at: now, success: errors === 0 });
    }
    return {
      figures: figures.length,
      sets: found.size,
      enriched,
      catalogueSets: catalogueSets.length,
      setsPriced,
      calls: client.calls,
      budget,
      errors,
    };
  },
});

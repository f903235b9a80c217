import { recordApiCalls } from '../db/repositories/data-sources.js';
import { sourceSettings } from '../db/repositories/source-settings.js';
import { ingestListings } from '../ingest/pipeline.js';
import { LEGO, LegoClient } from '../sources/lego/client.js';
import { fetchRetailPrices } from '../sources/lego/fetch-retail.js';
import { readProductMapping } from '../sources/lego/mapping.js';
import { defineJob, type JobSummary } from './job.js';

/** Retail prices of the LEGO.com products mapped to figures in data_sources.metadata (see mapping.ts). */
export default defineJob({
  name: 'lego',
  description: 'LEGO.com retail prices of minifigure products (schema.org offers)',
  exclusive: true,
  async run({ em, config, log, signal, now }): Promise<JobSummary> {
    const settings = await sourceSettings(em, LEGO.name);
    if (!settings?.isActive) {
      log.info('the LEGO source is inactive; skipping');
      return { skipped: 'inactive' };
    }
    const mapping = readProductMapping(settings.metadata);
    for (const problem of mapping.invalid) log.warn({ problem }, 'LEGO product mapping entry ignored');
    if (mapping.products.length === 0) {
      log.info(
        'no LEGO.com products are mapped to figures (data_sources.metadata.products); nothing to fetch',
      );
      return { skipped: 'no products mapped' };
    }
    const client = new LegoClient({
      baseUrl: config.sources.lego.baseUrl,
      timeoutMs: config.httpTimeoutMs,
      pagesPerHour: settings.rateLimitPerHour ?? 60,
      log,
    });
    const fetched = await fetchRetailPrices({ client, products: mapping.products, now, log, signal });
    const summary = await ingestListings(em, LEGO.name, fetched.listings, { now, log });
    await recordApiCalls(em, settings.id, client.calls, now);
    return {
      products: mapping.products.length,
      fetched: summary.fetched,
      inserted: summary.inserted,
      duplicates: summary.duplicates,
      unmatched: summary.unmatched,
      rejected: summary.rejected,
      skipped: fetched.skipped.length,
      errors: summary.errors + fetched.errors,
      pageRequests: client.calls,
    };
  },
});

import { sourceSettings } from '../../db/repositories/source-settings.js';
import type { PriceSource, Skip, SourceRequest, SourceRun, SourceSession } from '../source.js';
import { LEGO, LegoClient } from './client.js';
import { fetchRetailPrice } from './fetch-retail.js';
import lego, { type LegoSettings } from './index.js';
import { type ProductMapping, readProductMapping } from './mapping.js';

interface ProductPage extends SourceRequest {
  product: ProductMapping;
}

/**
 * LEGO.com: the retail price of each product page mapped to a figure in data_sources.metadata (see
 * mapping.ts), politely: robots.txt first, one page at a time at the source's hourly rate.
 */
const source: PriceSource<LegoSettings> = {
  name: LEGO.name,
  description: 'LEGO.com retail prices of minifigure products (schema.org offers)',
  settings: lego.settings,
  // LEGO.com publishes no quota: the hourly rate paces the pages, and a run reads every product.
  quota: { apiType: 'SCRAPE', perHour: 60, perDay: null, perRun: 'day' },
  open: openLego,
};
export default source;

async function openLego(run: SourceRun<LegoSettings>): Promise<SourceSession<ProductPage> | Skip> {
  const { em, log, now } = run;
  const mapping = readProductMapping((await sourceSettings(em, LEGO.name))?.metadata);
  for (const problem of mapping.invalid) log.warn({ problem }, 'LEGO product mapping entry ignored');
  if (mapping.products.length === 0) {
    return {
      skipped: 'no products mapped',
      message:
        'no LEGO.com products are mapped to figures (data_sources.metadata.products); nothing to fetch',
    };
  }
  const client = new LegoClient({
    baseUrl: run.settings.baseUrl,
    timeoutMs: run.config.httpTimeoutMs,
    pagesPerHour: run.source.perHour ?? 60,
    log,
  });
  let skipped = 0;
  return {
    get calls() {
      return client.calls;
    },
    plan: async () =>
      mapping.products.map((product) => ({ product, about: { path: product.path }, what: 'product page' })),
    async fetch(page, { signal }) {
      const price = await fetchRetailPrice(client, page.product, now, signal);
      if ('listing' in price) return { listings: [price.listing] };
      skipped++;
      log.info({ path: page.product.path, reason: price.skipped }, 'LEGO product skipped');
      return {};
    },
    summary: () => ({ products: mapping.products.length, skipped, pageRequests: client.calls }),
  };
}

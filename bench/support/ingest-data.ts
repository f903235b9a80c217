/**
 * Realistic upstream payloads for the ingest benchmark, generated deterministically (seeded PRNG).
 *
 * BrickLink: one `GET /items/MINIFIG/{no}/price` answer per real price-guide summary in
 * src/reference-data/bricklink/priceguide_cache.csv (sold and stock guides, the summary's item, condition and
 * currency), with detail entries spread around the real averages: sold entries around the 6-month
 * sold average, stock entries around the stock average and never below the real stock minimum.
 * Rows whose guides were all zero (BrickLink's "no data") produce no answer, as upstream.
 *
 * eBay: Browse API `item_summary/search` pages. Titles are the labelled titles of the matcher's
 * test set plus titles written the way sellers write them around real catalogue names; most are
 * distinct, as on eBay, so the matcher's per-batch cache does not flatter the figures.
 */
import { readFileSync } from 'node:fs';

export interface GuideAnswer {
  itemNo: string;
  guideType: 'sold' | 'stock';
  newOrUsed: 'N' | 'U';
  /** The HTTP body as BrickLink sends it. */
  body: string;
}

const DAY_MS = 86_400_000;
const COUNTRIES = ['US', 'US', 'US', 'DE', 'GB', 'CA', 'NL', 'FR', 'PL', 'AU', 'CZ', 'IT', 'ES', 'SE'];

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal factor around 1 (median 1): market prices scatter multiplicatively. */
function spread(rand: () => number, sigma: number): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

const price4 = (n: number) => Math.max(0.01, n).toFixed(4);

interface CacheRow {
  itemNo: string;
  newOrUsed: 'N' | 'U';
  currency: string;
  soldAvg: number;
  stockAvg: number;
  stockMin: number;
}

export function readPriceGuideCache(file: string): CacheRow[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const c = line.split(',');
    return {
      itemNo: c[at('item_no')] as string,
      newOrUsed: c[at('condition')] === 'new' ? 'N' : 'U',
      currency: c[at('currency_code')] as string,
      soldAvg: Number(c[at('sold_6mo_qty_avg')]),
      stockAvg: Number(c[at('stock_qty_avg')]),
      stockMin: Number(c[at('stock_min')]),
    };
  });
}

/** Sold and stock price guide answers for every cache row with data, fetched at `fetchedAt`. */
export function brickLinkAnswers(rows: CacheRow[], fetchedAt: Date, seed = 42): GuideAnswer[] {
  const rand = prng(seed);
  const answers: GuideAnswer[] = [];
  for (const row of rows) {
    if (row.soldAvg > 0) {
      const n = 10 + Math.floor(rand() * 36);
      const detail = Array.from({ length: n }, () => {
        // 4% of sales are older than BrickLink's 6-month window: the sold detail does hold them.
        const ageDays = rand() < 0.04 ? 183 + rand() * 60 : rand() * 182;
        return {
          quantity: rand() < 0.8 ? 1 : 2 + Math.floor(rand() * 3),
          unit_price: price4(row.soldAvg * spread(rand, 0.25)),
          seller_country_code: COUNTRIES[Math.floor(rand() * COUNTRIES.length)],
          buyer_country_code: COUNTRIES[Math.floor(rand() * COUNTRIES.length)],
          date_ordered: new Date(fetchedAt.getTime() - ageDays * DAY_MS).toISOString(),
        };
      });
      answers.push(answer(row, 'sold', detail));
    }
    if (row.stockAvg > 0) {
      const n = 10 + Math.floor(rand() * 36);
      const detail = Array.from({ length: n }, (_, i) => {
        const quantity = 1 + Math.floor(rand() * 5);
        const unit = i === 0 ? row.stockMin : Math.max(row.stockMin, row.stockAvg * spread(rand, 0.3));
        // Stock entries carry the quantity twice, once under BrickLink's typo.
        return {
          quantity,
          qunatity: quantity,
          unit_price: price4(unit),
          shipping_available: rand() < 0.95,
          seller_country_code: COUNTRIES[Math.floor(rand() * COUNTRIES.length)],
        };
      });
      answers.push(answer(row, 'stock', detail));
    }
  }
  return answers;
}

function answer(
  row: CacheRow,
  guideType: 'sold' | 'stock',
  detail: { quantity: number; unit_price: string }[],
): GuideAnswer {
  const prices = detail.map((d) => Number(d.unit_price));
  const units = detail.reduce((s, d) => s + d.quantity, 0);
  const data = {
    item: { no: row.itemNo, type: 'MINIFIG' },
    new_or_used: row.newOrUsed,
    currency_code: row.currency,
    min_price: price4(Math.min(...prices)),
    max_price: price4(Math.max(...prices)),
    avg_price: price4(prices.reduce((s, p) => s + p, 0) / prices.length),
    qty_avg_price: price4(detail.reduce((s, d) => s + Number(d.unit_price) * d.quantity, 0) / units),
    unit_quantity: detail.length,
    total_quantity: units,
    price_detail: detail,
  };
  return {
    itemNo: row.itemNo,
    guideType,
    newOrUsed: row.newOrUsed,
    body: JSON.stringify({ meta: { description: 'OK', message: 'OK', code: 200 }, data }),
  };
}

export interface CatalogueName {
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
}

const TEMPLATES: ((f: CatalogueName, rand: () => number) => string)[] = [
  (f) => `LEGO ${f.theme ?? ''} Minifigure ${f.name} ${f.itemNo}`,
  (f) => `Lego ${f.name} minifig ${f.year ?? ''} genuine`,
  (f) => `LEGO ${f.theme ?? ''} ${firstPart(f.name)} Minifigure (${f.itemNo.toUpperCase()})`,
  (f) => `Genuine Lego ${f.theme ?? ''} figure - ${f.name} - used, good condition`,
  (f, rand) => `LEGO ${firstPart(f.name)} minifigure ${rand() < 0.5 ? 'RARE' : 'complete'} ${f.year ?? ''}`,
];

function firstPart(name: string): string {
  return name.split(/ - |, |\(/)[0]?.trim() ?? name;
}

/**
 * Browse API search pages (limit 200) for `count` item summaries, created in the 30 days before
 * `fetchedAt`. Prices are USD, GBP, EUR or CAD strings, as eBay sends them.
 */
export function ebayPages(
  count: number,
  labelledTitles: string[],
  catalogue: CatalogueName[],
  fetchedAt: Date,
  seed = 7,
): string[] {
  const rand = prng(seed);
  const currencies = ['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'GBP', 'EUR', 'EUR', 'EUR', 'CAD'];
  const items = Array.from({ length: count }, (_, i) => {
    const title =
      rand() < 0.3
        ? (labelledTitles[Math.floor(rand() * labelledTitles.length)] as string)
        : (TEMPLATES[Math.floor(rand() * TEMPLATES.length)] as (typeof TEMPLATES)[number])(
            catalogue[Math.floor(rand() * catalogue.length)] as CatalogueName,
            rand,
          )
            .replace(/\s+/g, ' ')
            .trim();
    const isNew = rand() < 0.3;
    return {
      itemId: `v1|${(186_000_000_000 + i * 7919).toString()}|0`,
      title,
      price: {
        value: (3 + spread(rand, 0.7) * 15).toFixed(2),
        currency: currencies[Math.floor(rand() * currencies.length)],
      },
      condition: isNew ? 'New' : 'Used',
      conditionId: isNew ? '1000' : '3000',
      seller: {
        username: `seller_${Math.floor(rand() * 5000)}`,
        feedbackPercentage: '99.6',
        feedbackScore: 1200,
      },
      itemCreationDate: new Date(fetchedAt.getTime() - rand() * 30 * DAY_MS).toISOString(),
      buyingOptions: ['FIXED_PRICE'],
      categories: [{ categoryId: '19001', categoryName: 'LEGO Minifigures' }],
      itemWebUrl: `https://www.ebay.com/itm/${186_000_000_000 + i * 7919}`,
    };
  });
  const pages: string[] = [];
  for (let offset = 0; offset < items.length; offset += 200) {
    pages.push(
      JSON.stringify({
        href: `https://api.ebay.com/buy/browse/v1/item_summary/search?q=lego+minifigure&category_ids=19001&limit=200&offset=${offset}`,
        total: items.length,
        limit: 200,
        offset,
        itemSummaries: items.slice(offset, offset + 200),
      }),
    );
  }
  return pages;
}

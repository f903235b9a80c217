import { readFileSync } from 'node:fs';
import { REFERENCE_DATA } from '../../../src/reference-data/index.js';
import { hash, seededRandom } from './seeded-random.js';

export type GuideType = 'sold' | 'stock';
export type NewOrUsed = 'N' | 'U';

/** The `data` of a BrickLink price guide answer, as the real API sends it. */
export interface FakeGuideData {
  item: { no: string; type: 'MINIFIG' };
  new_or_used: NewOrUsed;
  currency_code: string;
  min_price: string | number;
  max_price: string | number;
  avg_price: string | number;
  qty_avg_price: string | number;
  unit_quantity: number;
  total_quantity: number;
  price_detail: Record<string, unknown>[];
}

export interface GuideOptions {
  now: Date;
  /** Send prices as JSON numbers instead of 4-decimal strings (some answers do). */
  numericPrices?: boolean;
  /** BrickLink's "no data": an all-zero summary and no detail. */
  noData?: boolean;
}

const DAY = 86_400_000;
const COUNTRIES = ['US', 'DE', 'GB', 'CA', 'NL', 'FR', 'AU', 'PL', 'SE', 'IT'];

let cachedLevels: Map<string, number> | undefined;

/** Real price levels (USD, last 6 months' sold average) from the bundled price-guide cache. */
function priceLevels(): Map<string, number> {
  if (cachedLevels) return cachedLevels;
  const lines = readFileSync(REFERENCE_DATA.priceGuideCache, 'utf8').trim().split('\n');
  cachedLevels = new Map();
  for (const line of lines.slice(1)) {
    const [itemNo, condition, , , currency, sold] = line.split(',');
    const level = Number(sold);
    if (currency === 'USD' && itemNo && level > 0) cachedLevels.set(`${itemNo}/${condition}`, level);
  }
  return cachedLevels;
}

/**
 * A realistic price guide for one figure, deterministic per item and guide. Sold guides span
 * about eight months (BrickLink's detail reaches past its 6-month window; the summary does not)
 * and hold one genuinely repeated identical sale. Stock entries carry the typo'd `qunatity`.
 */
export function makeGuide(
  itemNo: string,
  guideType: GuideType,
  newOrUsed: NewOrUsed,
  opts: GuideOptions,
): FakeGuideData {
  const base = {
    item: { no: itemNo, type: 'MINIFIG' as const },
    new_or_used: newOrUsed,
    currency_code: 'USD',
  };
  if (opts.noData) {
    return {
      ...base,
      ...money({ min: 0, max: 0, avg: 0, qtyAvg: 0 }, opts.numericPrices),
      unit_quantity: 0,
      total_quantity: 0,
      price_detail: [],
    };
  }
  const random = seededRandom(hash(`${itemNo}/${guideType}/${newOrUsed}`));
  const level =
    priceLevels().get(`${itemNo}/${newOrUsed === 'N' ? 'new' : 'used'}`) ??
    2 + Math.floor(random() * 5000) / 100;
  const count = 3 + Math.floor(random() * 8);
  const price = () => Math.max(0.05, Math.round(level * (0.7 + random() * 0.6) * 10000) / 10000);
  const format = (p: number) => (opts.numericPrices ? p : p.toFixed(4));

  const detail: Record<string, unknown>[] = [];
  const inWindow: { price: number; quantity: number }[] = [];
  for (let i = 0; i < count; i++) {
    const p = price();
    const quantity = 1 + Math.floor(random() * 3);
    if (guideType === 'sold') {
      // The first sale is always older than 6 months; the rest spread over the window.
      const ageDays = i === 0 ? 200 + random() * 40 : random() * 175;
      detail.push({
        quantity,
        unit_price: format(p),
        seller_country_code: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
        buyer_country_code: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
        date_ordered: new Date(opts.now.getTime() - Math.round(ageDays * DAY)).toISOString(),
      });
      if (i > 0) inWindow.push({ price: p, quantity });
    } else {
      detail.push({
        quantity,
        qunatity: quantity,
        unit_price: format(p),
        shipping_available: random() < 0.8,
      });
      inWindow.push({ price: p, quantity });
    }
  }
  if (guideType === 'sold') {
    // A second, identical sale: same buyer and seller countries, price, quantity and millisecond.
    const repeated = { ...(detail[detail.length - 1] as Record<string, unknown>) };
    detail.push(repeated);
    const last = inWindow[inWindow.length - 1];
    if (last) inWindow.push({ ...last });
  }
  const prices = inWindow.map((e) => e.price);
  const totalQuantity = inWindow.reduce((s, e) => s + e.quantity, 0);
  return {
    ...base,
    ...money(
      {
        min: Math.min(...prices),
        max: Math.max(...prices),
        avg: prices.reduce((s, p) => s + p, 0) / prices.length,
        qtyAvg: inWindow.reduce((s, e) => s + e.price * e.quantity, 0) / totalQuantity,
      },
      opts.numericPrices,
    ),
    unit_quantity: inWindow.length,
    total_quantity: totalQuantity,
    price_detail: detail,
  };
}

function money(
  v: { min: number; max: number; avg: number; qtyAvg: number },
  numeric = false,
): Pick<FakeGuideData, 'min_price' | 'max_price' | 'avg_price' | 'qty_avg_price'> {
  const f = (n: number) => (numeric ? Math.round(n * 10000) / 10000 : n.toFixed(4));
  return { min_price: f(v.min), max_price: f(v.max), avg_price: f(v.avg), qty_avg_price: f(v.qtyAvg) };
}

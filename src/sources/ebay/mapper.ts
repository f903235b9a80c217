import type { Condition, RawListing } from '../../ingest/types.js';
import { startOfUtcDay } from '../dates.js';

export type MappedItem = { ok: true; listing: RawListing } | { ok: false; reason: string; raw: unknown };

const DECIMAL = /^\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * One Browse API item summary to an asking listing. The title is what the matcher reads; eBay's
 * itemId is the upstream id and itemCreationDate the timestamp, so seeing the same listing again
 * on a later search inserts nothing. Price value and currency stay strings as eBay sends them.
 */
export function mapItemSummary(item: unknown, fetchedAt: Date): MappedItem {
  if (typeof item !== 'object' || item === null)
    return { ok: false, reason: 'item is not an object', raw: item };
  const i = item as Record<string, unknown>;
  const reject = (reason: string): MappedItem => ({ ok: false, reason, raw: item });

  if (typeof i.itemId !== 'string' || i.itemId === '') return reject('no itemId');
  if (typeof i.title !== 'string' || i.title.trim() === '') return reject('no title');
  const price = i.price as { value?: unknown; currency?: unknown } | undefined;
  // Auctions without a Buy It Now price have no `price`, only a current bid: not an asking price.
  if (typeof price?.value !== 'string' || !DECIMAL.test(price.value)) {
    return reject(`price ${JSON.stringify(price?.value)} is not a decimal`);
  }
  if (typeof price.currency !== 'string' || !CURRENCY.test(price.currency)) {
    return reject(`currency ${JSON.stringify(price.currency)} is not an ISO 4217 code`);
  }
  const condition = mapCondition(i.conditionId, i.condition);
  if (!condition.ok) return reject(condition.reason);
  const created = typeof i.itemCreationDate === 'string' ? new Date(i.itemCreationDate) : undefined;
  if (created && Number.isNaN(created.getTime())) {
    return reject(`itemCreationDate ${JSON.stringify(i.itemCreationDate)} is not a date`);
  }
  const seller = i.seller as { username?: unknown } | undefined;
  return {
    ok: true,
    listing: {
      externalId: i.itemId,
      // Without a creation date, the fetch day: a rerun the same day still finds the same key.
      timestamp: created ?? startOfUtcDay(fetchedAt),
      kind: 'asking',
      condition: condition.value,
      quantity: 1,
      price: price.value,
      currency: price.currency,
      sellerName: typeof seller?.username === 'string' ? seller.username : null,
      title: i.title,
      raw: item,
    },
  };
}

/**
 * eBay condition ids: 1000 New, 1500 New other (opened), 1750 New with defects; 2000-2500
 * refurbished, 2750 Like New, 3000 Used, 4000-6000 graded used; 7000 For parts or not working.
 * BrickLink's "new" means never assembled or played with, so only the ids 1000-1999 are new. A figure
 * sold for parts is not priced like a figure, so 7000 is rejected. The text is the fallback.
 */
export function mapCondition(
  conditionId: unknown,
  text: unknown,
): { ok: true; value: Condition } | { ok: false; reason: string } {
  const id = typeof conditionId === 'string' || typeof conditionId === 'number' ? Number(conditionId) : NaN;
  if (id >= 7000 && id < 8000) return { ok: false, reason: 'condition "for parts or not working"' };
  if (id >= 1000 && id < 2000) return { ok: true, value: 'new' };
  if (id >= 2000 && id < 7000) return { ok: true, value: 'used' };
  if (typeof text === 'string') {
    if (/parts|not working/i.test(text)) return { ok: false, reason: `condition "${text}"` };
    if (/^\s*new/i.test(text)) return { ok: true, value: 'new' };
    if (/used|pre-owned|refurbished|like new|good|acceptable/i.test(text)) return { ok: true, value: 'used' };
  }
  return { ok: false, reason: `unknown condition ${JSON.stringify(text ?? conditionId ?? null)}` };
}

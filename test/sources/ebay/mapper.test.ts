import { describe, expect, it } from 'vitest';
import { mapCondition, mapItemSummary } from '../../../src/sources/ebay/mapper.js';

const FETCHED = new Date('2026-11-26T15:45:00Z');

/** An item summary as the Browse API returns it (fields trimmed to the usual ones). */
const ITEM = {
  itemId: 'v1|256123456789|0',
  title: 'LEGO Star Wars Boba Fett sw0002 Cloud City minifigure',
  leafCategoryIds: ['19001'],
  categories: [{ categoryId: '19001', categoryName: 'LEGO Minifigures' }],
  image: { imageUrl: 'https://i.ebayimg.com/images/g/abc/s-l225.jpg' },
  price: { value: '129.99', currency: 'USD' },
  itemHref: 'https://api.ebay.com/buy/browse/v1/item/v1%7C256123456789%7C0',
  seller: { username: 'bricks_and_figs', feedbackPercentage: '99.8', feedbackScore: 5321 },
  condition: 'Used',
  conditionId: '3000',
  buyingOptions: ['FIXED_PRICE', 'BEST_OFFER'],
  itemWebUrl: 'https://www.ebay.com/itm/256123456789',
  itemLocation: { postalCode: '100**', country: 'US' },
  itemCreationDate: '2026-11-20T08:12:33.000Z',
};

describe('eBay item summary mapper', () => {
  it('maps an item summary to an asking listing', () => {
    expect(mapItemSummary(ITEM, FETCHED)).toEqual({
      ok: true,
      listing: {
        externalId: 'v1|256123456789|0',
        timestamp: new Date('2026-11-20T08:12:33.000Z'),
        kind: 'asking',
        condition: 'used',
        quantity: 1,
        price: '129.99',
        currency: 'USD',
        sellerName: 'bricks_and_figs',
        title: 'LEGO Star Wars Boba Fett sw0002 Cloud City minifigure',
        raw: ITEM,
      },
    });
  });

  it('uses the fetch day when eBay gives no creation date', () => {
    const { itemCreationDate: _, ...undated } = ITEM;
    const mapped = mapItemSummary(undated, FETCHED);
    expect(mapped.ok && mapped.listing.timestamp.toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it.each([
    ['a price of "abc"', { price: { value: 'abc', currency: 'USD' } }, 'price "abc" is not a decimal'],
    ['an auction without a fixed price', { price: undefined }, 'price undefined is not a decimal'],
    ['a currency that is not ISO 4217', { price: { value: '5.00', currency: 'usd' } }, 'currency "usd"'],
    ['no itemId', { itemId: '' }, 'no itemId'],
    ['no title', { title: '  ' }, 'no title'],
    ['a figure for parts', { condition: 'For parts or not working', conditionId: '7000' }, 'for parts'],
    ['a bad creation date', { itemCreationDate: 'yesterday' }, 'itemCreationDate "yesterday"'],
  ])('rejects %s with a reason', (_name, change, reason) => {
    const mapped = mapItemSummary({ ...ITEM, ...change }, FETCHED);
    expect(mapped.ok).toBe(false);
    expect(!mapped.ok && mapped.reason).toContain(reason);
  });
});

describe('eBay conditions', () => {
  it.each([
    ['1000', 'New', 'new'],
    ['1500', 'New other (see details)', 'new'],
    ['1750', 'New with defects', 'new'],
    ['2750', 'Like New', 'used'],
    ['3000', 'Used', 'used'],
    ['4000', 'Very Good', 'used'],
    [undefined, 'New', 'new'],
    [undefined, 'Pre-owned', 'used'],
  ])('maps id %s / "%s" to %s', (id, text, expected) => {
    expect(mapCondition(id, text)).toEqual({ ok: true, value: expected });
  });

  it('rejects unknown conditions and parts', () => {
    expect(mapCondition(undefined, undefined).ok).toBe(false);
    expect(mapCondition(undefined, 'Spares or repair - parts only').ok).toBe(false);
    expect(mapCondition('7000', 'For parts or not working').ok).toBe(false);
  });
});

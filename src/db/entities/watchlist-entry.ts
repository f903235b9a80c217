import { defineEntity } from '@mikro-orm/core';
import { ChatUser } from './chat-user.js';
import { Minifigure } from './minifigure.js';
import { CONDITIONS } from './price-listing.js';

/** A figure on a user's watchlist (or in their collection), per condition: (user, figure, condition) is unique. */
export const WatchlistEntry = defineEntity({
  name: 'WatchlistEntry',
  tableName: 'watchlist_items',
  uniques: [{ name: 'watchlist_items_unique', properties: ['user', 'minifigure', 'condition'] }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    user: p.manyToOne(ChatUser).ref().deleteRule('cascade'),
    minifigure: p.manyToOne(Minifigure).ref(),
    condition: p.enum([...CONDITIONS]),
    quantity: p.integer().nullable(),
    /** Price paid per figure as it was given, in `paidCurrency`. */
    pricePaid: p.decimal('number').precision(12).scale(4).nullable(),
    paidCurrency: p.string().default('USD'),
    /** `pricePaid` in USD at the ECB rate of `paidOn` (the amount itself when it is USD). */
    pricePaidUsd: p.decimal('number').precision(12).scale(4).nullable(),
    /** The UTC day the price was given, whose rate converts it; null for prices stored before currencies (USD). */
    paidOn: p.date().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

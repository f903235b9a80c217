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
    /** Price paid per figure, in USD. */
    pricePaidUsd: p.decimal('number').precision(12).scale(4).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

import { defineEntity } from '@mikro-orm/core';

/**
 * A daily reference rate, stored against USD: `rate` is units of `currency` per 1 USD.
 * ECB publishes against EUR; the USD rate is derived as rate(currency) / rate(USD).
 */
export const ExchangeRate = defineEntity({
  name: 'ExchangeRate',
  tableName: 'exchange_rates',
  properties: (p) => ({
    date: p.date().primary(),
    currency: p.character().length(3).primary(),
    rate: p.decimal('string').precision(20).scale(10),
    source: p.string().default('ECB'),
    fetchedAt: p.datetime().defaultRaw('now()'),
  }),
});

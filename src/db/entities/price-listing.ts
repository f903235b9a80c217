import { defineEntity } from '@mikro-orm/core';
import { DataSource } from './data-source.js';
import { Minifigure } from './minifigure.js';

export const CONDITIONS = ['new', 'used'] as const;
export const LISTING_KINDS = ['sold', 'asking'] as const;

/**
 * One observed price. Rows are never deleted: a corrected or withdrawn observation gets
 * `supersededAt`. (source, externalId, timestamp) is unique, so re-ingesting the same upstream
 * data is a no-op; the timestamp is part of the key because TimescaleDB requires the
 * partitioning column in every unique index of a hypertable.
 */
export const PriceListing = defineEntity({
  name: 'PriceListing',
  tableName: 'price_listings',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    timestamp: p.datetime().primary(),
    minifigure: p.manyToOne(Minifigure).ref(),
    source: p.manyToOne(DataSource).ref(),
    externalId: p.text(),
    kind: p.enum([...LISTING_KINDS]),
    condition: p.enum([...CONDITIONS]),
    quantity: p.integer().default(1),
    priceUsd: p.decimal('string').precision(12).scale(4),
    originalPrice: p.decimal('string').precision(14).scale(4),
    originalCurrency: p.character().length(3),
    /** Units of the original currency per 1 USD on the listing's date (1 for USD). */
    exchangeRate: p.decimal('string').precision(20).scale(10),
    confidenceScore: p.decimal('string').precision(4).scale(3),
    rawData: p.json<Record<string, unknown>>().default('{}'),
    sellerName: p.text().nullable(),
    ingestedAt: p.datetime().defaultRaw('now()'),
    supersededAt: p.datetime().nullable(),
  }),
});

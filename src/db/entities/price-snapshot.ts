import { defineEntity } from '@mikro-orm/core';
import { Minifigure } from './minifigure.js';

/** One figure's prices rolled up over one day; one row per (figure, date). */
export const PriceSnapshot = defineEntity({
  name: 'PriceSnapshot',
  tableName: 'price_snapshots',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    minifigure: p.manyToOne(Minifigure).ref(),
    date: p.date(),
    minPriceUsd: p.decimal('string').precision(12).scale(4),
    maxPriceUsd: p.decimal('string').precision(12).scale(4),
    avgPriceUsd: p.decimal('string').precision(12).scale(4),
    medianPriceUsd: p.decimal('string').precision(12).scale(4),
    listingCount: p.integer(),
    sourcesCount: p.integer(),
    /** Breakdown by source, condition and listing kind. */
    metadata: p.json<Record<string, unknown>>().default('{}'),
    computedAt: p.datetime().defaultRaw('now()'),
  }),
  uniques: [{ properties: ['minifigure', 'date'], name: 'price_snapshots_minifigure_id_date_unique' }],
});

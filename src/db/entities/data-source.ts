import { defineEntity } from '@mikro-orm/core';

export const API_TYPES = ['API', 'SCRAPE', 'RSS'] as const;

/** An upstream platform we read prices or catalogue data from, with its quota and last run. */
export const DataSource = defineEntity({
  name: 'DataSource',
  tableName: 'data_sources',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    name: p.string().unique(),
    apiType: p.enum([...API_TYPES]),
    isActive: p.boolean().default(true),
    rateLimitPerHour: p.integer().nullable(),
    rateLimitPerDay: p.integer().nullable(),
    lastScrapedAt: p.datetime().nullable(),
    lastScrapeSuccess: p.boolean().nullable(),
    metadata: p.json<Record<string, unknown>>().default('{}'),
  }),
});

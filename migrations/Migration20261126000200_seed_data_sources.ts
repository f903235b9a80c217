import { Migration } from '@mikro-orm/migrations';

/**
 * The four platforms with their published quotas. The hourly figure paces calls so that the daily
 * budget lasts all day; LEGO.com publishes no quota, so we crawl politely.
 *  - BrickLink Store API: 5,000 calls/day per key.
 *  - eBay Browse API: 5,000 calls/day (default application limit).
 *  - Brickset API v3: 100 getSets calls/day per key.
 *  - LEGO.com product pages: scraped, 60 pages/hour, robots.txt honoured.
 */
const SOURCES = [
  { name: 'BrickLink', apiType: 'API', perHour: 208, perDay: 5000 },
  { name: 'eBay', apiType: 'API', perHour: 208, perDay: 5000 },
  { name: 'LEGO', apiType: 'SCRAPE', perHour: 60, perDay: null },
  { name: 'Brickset', apiType: 'API', perHour: 4, perDay: 100 },
] as const;

export class Migration20261126000200_seed_data_sources extends Migration {
  override async up(): Promise<void> {
    const rows = SOURCES.map(
      (s) => `('${s.name}', '${s.apiType}', ${s.perHour}, ${s.perDay ?? 'null'})`,
    ).join(',\n        ');
    this.addSql(`
      insert into data_sources (name, api_type, rate_limit_per_hour, rate_limit_per_day)
      values
        ${rows}
      on conflict (name) do nothing;`);
  }

  override async down(): Promise<void> {
    // Only sources that never produced a listing can go; price data is never deleted.
    const names = SOURCES.map((s) => `'${s.name}'`).join(', ');
    this.addSql(`
      delete from data_sources d
      where d.name in (${names})
        and not exists (select 1 from price_listings l where l.source_id = d.id);`);
  }
}
